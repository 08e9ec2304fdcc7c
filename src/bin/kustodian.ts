#!/usr/bin/env node
/** The `kustodian` bin. It always runs: a renamed copy or a wrapper must never exit 0 having printed nothing. */
import { startEarlyBuild } from './early-build.js';

const argv = process.argv.slice(2);
// kustomize starts before the CLI's modules load (src/bin/early-build.ts); they come in while it runs.
const early = await startEarlyBuild(argv);
const { runCli } = await import('../cli.js');
const signal = early.handOver();
runCli(argv);
// A signal that came while loading stopped the early build; the CLI now listens, so it ends the run as usual.
if (signal) process.kill(process.pid, signal);

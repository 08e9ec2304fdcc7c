#!/usr/bin/env node
/**
 * The `kustodian-fn` bin: `kustodian fn` for KRM runners that take only an executable path
 * (kustomize `exec: {path: …}`, `kpt fn eval --exec`, a Kptfile `exec:`), which cannot pass a subcommand.
 */
import { runCli } from '../cli.js';

runCli(['fn', ...process.argv.slice(2)]);

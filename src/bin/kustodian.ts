#!/usr/bin/env node
/** The `kustodian` bin. It always runs: a renamed copy or a wrapper must never exit 0 having printed nothing. */
import { runCli } from '../cli.js';

runCli(process.argv.slice(2));

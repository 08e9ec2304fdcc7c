#!/usr/bin/env node
/**
 * The `kustodian-fn` bin: `kustodian fn` for KRM runners that take only an executable path
 * (kustomize `exec: {path: …}`, `kpt fn eval --exec`, a Kptfile `exec:`), which cannot pass a subcommand.
 */
import { main, fail } from './cli.js';

main(['fn', ...process.argv.slice(2)]).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = fail(error);
  },
);

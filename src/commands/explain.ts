/** `kustodian explain [CODE]`: what a finding or failure code means and how to fix it (the tables of docs/steps.md). */
import { codeCatalog, type CodeEntry } from './code-catalog.js';
import { KustodianError, ExitCode } from '../util/errors.js';
import type { Command, Io } from './command.js';

function heading(entry: CodeEntry): string {
  if (entry.kind === 'failure') return `${entry.code}: failure, exit ${entry.exit}`;
  return entry.step ? `${entry.code}: finding of step ${entry.step}` : `${entry.code}: finding of kustodian ${entry.command}`;
}

function explain(positionals: string[], io: Io): number {
  if (positionals.length > 1) throw new KustodianError('USAGE', `explain takes one code, got ${positionals.length}`);
  const catalog = codeCatalog();
  const wanted = positionals[0];
  if (wanted === undefined) {
    io.out(
      `${catalog.map((e) => `${e.code.padEnd(28)} ${e.kind === 'finding' ? (e.step ?? `kustodian ${e.command}`) : `failure (exit ${e.exit})`}`).join('\n')}\n`,
    );
    return ExitCode.OK;
  }
  // A code two steps share (RUNTIME_OBJECT: Secrets and ConfigMaps) has a text per step; print each.
  const entries = catalog.filter((e) => e.code === wanted.toUpperCase().replace(/-/g, '_'));
  if (!entries.length) throw new KustodianError('USAGE', `unknown code ${JSON.stringify(wanted)}; kustodian explain lists every code`);
  io.out(entries.map((entry) => `${heading(entry)}\n${entry.help}\n`).join('\n'));
  return ExitCode.OK;
}

/** The `explain` command: the codes tables of docs/steps.md, one code at a time, where the finding is read. */
export const explainCommand: Command = {
  usage: `kustodian explain [CODE]
  Print what CODE (a finding such as SECRET_KEY_MISSING, or a failure such as RENDER_FAILED) means and
  how to fix it: the text of the docs' code tables. Without CODE, list every code.`,
  options: {},
  // Nothing to wait for; a promise all the same, so that a usage error is a rejection as with every command.
  run: (_values, positionals, io) => new Promise((resolve) => resolve(explain(positionals, io))),
};

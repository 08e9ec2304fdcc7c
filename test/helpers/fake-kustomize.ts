/**
 * Fake kustomize programs for the faults a real kustomize cannot produce on demand: one that never
 * finishes (and ignores SIGTERM, with a grandchild), and one that writes without end. kustodian runs them
 * through KUSTODIAN_KUSTOMIZE. The blocking one says when it is ready through a file, so a test signals
 * kustodian exactly while kustomize runs, never after a guessed delay.
 */
import { access, chmod, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The variable the blocking fake reads: where it writes "<its pid> <grandchild pid>" once both run. */
export const READY_ENV = 'FAKE_KUSTOMIZE_READY';

/**
 * Writes `dir/kustomize`, a program that starts a grandchild (`sleep`, which inherits the ignored
 * SIGTERM), writes the ready file, and waits for the grandchild: it ends only by SIGKILL. With
 * `ignoreTerm: false` it dies on SIGTERM itself, leaving the grandchild behind unless its group is killed.
 */
export async function blockingKustomize(dir: string, options: { ignoreTerm?: boolean } = {}): Promise<string> {
  const file = path.join(dir, 'kustomize');
  const trap = options.ignoreTerm === false ? '' : "trap '' TERM INT\n";
  await writeFile(
    file,
    `#!/bin/sh\n${trap}sleep 100000 &\necho "$$ $!" > "$${READY_ENV}.tmp"\nmv "$${READY_ENV}.tmp" "$${READY_ENV}"\nwait\n`,
  );
  await chmod(file, 0o755);
  return file;
}

/** Writes `dir/kustomize`, a program that prints YAML without end (and, with `ignoreTerm`, ignores SIGTERM). */
export async function floodingKustomize(dir: string, options: { ignoreTerm?: boolean } = {}): Promise<string> {
  const file = path.join(dir, 'kustomize');
  const trap = options.ignoreTerm ? "trap '' TERM INT\n" : '';
  await writeFile(file, `#!/bin/sh\n${trap}yes 'apiVersion: v1'\n`);
  await chmod(file, 0o755);
  return file;
}

/**
 * Waits until the blocking fake has written its ready file, and returns its pid and its grandchild's.
 * Polls a condition (the file exists), bounded so that a fake that never starts fails the test.
 */
export async function waitReady(readyFile: string, isAlive: () => boolean = () => true): Promise<{ pid: number; grandchild: number }> {
  for (let i = 0; i < 3000; i++) {
    try {
      await access(readyFile);
      const [pid, grandchild] = (await readFile(readyFile, 'utf8')).trim().split(' ').map(Number);
      return { pid: pid!, grandchild: grandchild! };
    } catch {
      if (!isAlive()) throw new Error('kustodian exited before the fake kustomize was ready');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  throw new Error(`${readyFile} never appeared`);
}

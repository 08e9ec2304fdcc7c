/**
 * A real Debian `redis-server` on 127.0.0.1 with a password, on a free port, no persistence: the shared resolution
 * cache's tests start one each. `startRedis()` → `{ url, password, client(), stop() }`.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, waitForPort } from './registry.js';

/** A running redis-server. */
export interface RunningRedis {
  port: number;
  /** `redis://127.0.0.1:<port>` (`rediss://` with TLS), without the password (it goes in KUSTODIAN_REDIS_PASSWORD). */
  url: string;
  password: string;
  /** A test-side client (authenticated) to read and plant keys; closed by stop(). */
  client(): Redis;
  stop(): Promise<void>;
}

/** Starts redis-server with `requirepass`; stop() kills it and removes its directory. */
export async function startRedis(options: { password?: string; tls?: { certificate: string; key: string } } = {}): Promise<RunningRedis> {
  const password = options.password ?? `test-${Math.random().toString(36).slice(2)}`;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-redis-'));
  const port = await freePort();
  const logFile = path.join(dir, 'redis.log');
  const child = spawn(
    'redis-server',
    [
      // With TLS, only the TLS port listens (--port 0 turns plain TCP off).
      ...(options.tls
        ? [
            '--port',
            '0',
            '--tls-port',
            String(port),
            '--tls-cert-file',
            options.tls.certificate,
            '--tls-key-file',
            options.tls.key,
            '--tls-auth-clients',
            'no',
          ]
        : ['--port', String(port)]),
      '--bind',
      '127.0.0.1',
      '--requirepass',
      password,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--loglevel',
      'warning',
      '--logfile',
      logFile,
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, logFile, 'redis-server');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  let client: Redis | undefined;
  return {
    port,
    url: `${options.tls ? 'rediss' : 'redis'}://127.0.0.1:${port}`,
    password,
    client() {
      // With TLS by the name the test certificate is for (localhost).
      client ??= new Redis({
        host: options.tls ? 'localhost' : '127.0.0.1',
        port,
        password,
        maxRetriesPerRequest: 1,
        ...(options.tls ? { tls: { ca: readFileSync(options.tls.certificate) } } : {}),
      });
      return client;
    },
    async stop() {
      client?.disconnect();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

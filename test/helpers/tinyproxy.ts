/**
 * A real Debian `tinyproxy` on 127.0.0.1 with a generated config, for the proxy tests: `startTinyproxy()` →
 * `{ url, requests(), stop() }`. tinyproxy allows CONNECT only to 443 and 563 unless told otherwise, so the
 * registry ports the test tunnels to are listed as ConnectPort. Every request it handles is read back from its log
 * ("Request (file descriptor N): CONNECT host:port HTTP/1.1"), which is how a test proves traffic went through it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './registry.js';

/** A running tinyproxy. */
export interface RunningTinyproxy {
  port: number;
  /** `http://127.0.0.1:<port>` (plus userinfo when BasicAuth is on). */
  url: string;
  /** Request lines it has handled so far, e.g. `CONNECT vm:5000 HTTP/1.1` or `GET http://vm:5001/v2/ HTTP/1.1`. */
  requests(): Promise<string[]>;
  stop(): Promise<void>;
}

/** Starts tinyproxy allowing CONNECT to `connectPorts`; with `basicAuth`, it answers 407 without those credentials. */
export async function startTinyproxy(options: {
  connectPorts: number[];
  basicAuth?: { user: string; password: string };
}): Promise<RunningTinyproxy> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'kustodian-tinyproxy-'));
  const port = await freePort();
  const logFile = path.join(dir, 'tinyproxy.log');
  const config = [
    `Port ${port}`,
    'Listen 127.0.0.1',
    'Timeout 30',
    `LogFile "${logFile}"`,
    'LogLevel Connect',
    'MaxClients 50',
    'Allow 127.0.0.1',
    'DisableViaHeader Yes',
    ...options.connectPorts.map((p) => `ConnectPort ${p}`),
    ...(options.basicAuth ? [`BasicAuth ${options.basicAuth.user} ${options.basicAuth.password}`] : []),
    '',
  ].join('\n');
  const configFile = path.join(dir, 'tinyproxy.conf');
  await writeFile(configFile, config);
  // -d: stay in the foreground, so the test owns the process.
  const child = spawn('tinyproxy', ['-d', '-c', configFile], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, logFile, 'tinyproxy');
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const auth = options.basicAuth ? `${encodeURIComponent(options.basicAuth.user)}:${encodeURIComponent(options.basicAuth.password)}@` : '';
  return {
    port,
    url: `http://${auth}127.0.0.1:${port}`,
    async requests() {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      return [...log.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => m[1]!.trim());
    },
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

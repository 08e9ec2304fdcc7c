/**
 * A real Debian `docker-registry` (distribution 2.8) on 127.0.0.1, in three variants: open, htpasswd (bcrypt,
 * Basic) and token auth with a small RS256 token issuer. Exported for the pin tests, the bench and
 * scripts/fill-registry: `startRegistry({ auth })` → `{ host, url, stop }`.
 */
import { execa } from 'execa';
import { createHash, createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';

/** The user every secured variant accepts. */
export const TEST_USER = { username: 'alice', password: 's3cret' } as const;
/** An identity (refresh) token the token issuer accepts in place of alice's password. */
export const TEST_IDENTITY_TOKEN = 'identity-token-for-alice';

export type RegistryAuth = 'none' | 'htpasswd' | 'token';

/** One request the token issuer saw; tests assert who sent what (the header itself, never printed). */
export interface TokenRequest {
  method: string;
  scopes: string[];
  service: string | null;
  authorization: string | undefined;
  grantType: string | undefined;
}

/** A running registry. `host` is `127.0.0.1:<port>` (or the bindHost), the form image references use. */
export interface RunningRegistry {
  auth: RegistryAuth;
  host: string;
  url: string;
  port: number;
  storageDir: string;
  /** For token auth: the issuer's base URL (realm is `${tokenUrl}/token`) and every request it got. */
  tokenUrl?: string;
  tokenRequests: TokenRequest[];
  stop(): Promise<void>;
}

/** A free loopback TCP port (bind to 0, read, close). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Waits until a child server listens on 127.0.0.1:`port`; throws with its log if it exits first (also redis, tinyproxy). */
export async function waitForPort(
  port: number,
  child: ChildProcess,
  logFile: string,
  name = 'docker-registry',
  host = '127.0.0.1',
): Promise<void> {
  const until = Date.now() + 15_000;
  while (Date.now() < until) {
    if (child.exitCode !== null) {
      throw new Error(`${name} exited (${child.exitCode}): ${(await readFile(logFile, 'utf8').catch(() => '')).slice(0, 2000)}`);
    }
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, host);
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not listen on ${port}`);
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs an RS256 JWT with the x5c header distribution 2.8 verifies against its rootcertbundle. */
function signJwt(claims: Record<string, unknown>, key: KeyObject, certDer: Buffer): string {
  const header = { alg: 'RS256', typ: 'JWT', x5c: [certDer.toString('base64')] };
  const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${base64url(sign('sha256', Buffer.from(input), key))}`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The test token issuer: anonymous pull on repositories under `public/`, everything (pull, push) for alice
 * (Basic alice:s3cret, or the refresh-token grant with TEST_IDENTITY_TOKEN). Wrong credentials get 401.
 */
async function startTokenIssuer(
  dir: string,
  service: string,
  issuer: string,
  log: TokenRequest[],
): Promise<{ url: string; port: number; server: Server }> {
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  await execa(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '2', '-subj', '/CN=test-issuer'],
    { stdio: 'ignore' },
  );
  const key = createPrivateKey(await readFile(keyFile));
  const certDer = new X509Certificate(await readFile(certFile)).raw;
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = req.method === 'POST' ? new URLSearchParams(await readBody(req)) : undefined;
      const params = body ?? url.searchParams;
      const entry: TokenRequest = {
        method: req.method ?? 'GET',
        scopes: params.getAll('scope'),
        service: params.get('service'),
        authorization: req.headers.authorization,
        grantType: params.get('grant_type') ?? undefined,
      };
      log.push(entry);
      if (url.pathname !== '/token') {
        res.writeHead(404).end();
        return;
      }
      let user: string | undefined;
      const auth = req.headers.authorization;
      if (auth?.startsWith('Basic ')) {
        const decoded = Buffer.from(auth.slice(6), 'base64').toString('utf8');
        if (decoded !== `${TEST_USER.username}:${TEST_USER.password}`) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
          return;
        }
        user = TEST_USER.username;
      } else if (entry.grantType === 'refresh_token') {
        if (params.get('refresh_token') !== TEST_IDENTITY_TOKEN) {
          res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"code":"UNAUTHORIZED"}]}');
          return;
        }
        user = TEST_USER.username;
      }
      const access = entry.scopes.flatMap((scope) => {
        const [type, name, actions] = scope.split(':');
        if (type !== 'repository' || !name) return [];
        const wanted = (actions ?? '').split(',');
        const granted = user ? wanted : name.startsWith('public/') ? wanted.filter((a) => a === 'pull') : [];
        return granted.length ? [{ type: 'repository', name, actions: granted }] : [];
      });
      const now = Math.floor(Date.now() / 1000);
      const token = signJwt(
        { iss: issuer, sub: user ?? '', aud: service, exp: now + 300, nbf: now - 10, iat: now, jti: randomUUID(), access },
        key,
        certDer,
      );
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
    })();
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}`, port, server };
}

/** Options for startRegistry. */
export interface StartOptions {
  auth?: RegistryAuth;
  /** Share another registry's storage (e.g. serve the open registry's images behind token auth). */
  storageDir?: string;
  /** A fixed loopback port (the giftify example's 127.0.0.1:5055); default a free one. */
  port?: number;
  /** Listen on this local address instead of 127.0.0.1 (the proxy tests reach it by a host name). */
  bindHost?: string;
  /** Serve HTTPS with this PEM certificate and key (files) instead of plain HTTP. */
  tls?: { certificate: string; key: string };
}

/**
 * Starts `docker-registry serve` on a free 127.0.0.1 port with its own temp dir; `stop()` kills it and removes the
 * temp dir (never a shared storageDir).
 */
export async function startRegistry(options: StartOptions = {}): Promise<RunningRegistry> {
  const auth = options.auth ?? 'none';
  const work = await mkdtemp(path.join(os.tmpdir(), `kustodian-registry-${auth}-`));
  const storageDir = options.storageDir ?? path.join(work, 'data');
  await mkdir(storageDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const bindHost = options.bindHost ?? '127.0.0.1';
  const tokenRequests: TokenRequest[] = [];
  let issuer: { url: string; server: Server } | undefined;
  let authBlock = '';
  if (auth === 'htpasswd') {
    const { stdout } = await execa('htpasswd', ['-Bbn', TEST_USER.username, TEST_USER.password]);
    await writeFile(path.join(work, 'htpasswd'), `${stdout.trim()}\n`);
    authBlock = `auth: {htpasswd: {realm: basic-realm, path: ${JSON.stringify(path.join(work, 'htpasswd'))}}}`;
  } else if (auth === 'token') {
    issuer = await startTokenIssuer(work, 'test-registry', 'test-issuer', tokenRequests);
    authBlock = `auth: {token: {realm: ${JSON.stringify(`${issuer.url}/token`)}, service: test-registry, issuer: test-issuer, rootcertbundle: ${JSON.stringify(path.join(work, 'cert.pem'))}}}`;
  }
  const config = [
    'version: 0.1',
    'log: {level: error, accesslog: {disabled: true}}',
    // blobdescriptor: inmemory is Debian's shipped default (/etc/docker/registry/config.yml); without it every
    // manifest and blob request re-reads its link files from disk.
    `storage: {filesystem: {rootdirectory: ${JSON.stringify(storageDir)}}, delete: {enabled: true}, cache: {blobdescriptor: inmemory}}`,
    `http: {addr: "${bindHost}:${port}", secret: test-secret${options.tls ? `, tls: {certificate: ${JSON.stringify(options.tls.certificate)}, key: ${JSON.stringify(options.tls.key)}}` : ''}}`,
    authBlock,
    '',
  ].join('\n');
  const configFile = path.join(work, 'config.yml');
  await writeFile(configFile, config);
  const logFile = path.join(work, 'registry.log');
  const { openSync, closeSync } = await import('node:fs');
  const fd = openSync(logFile, 'a');
  // GOGC=400: distribution 2.8 allocates a 4 MiB read buffer per blob GET and keeps a tiny live heap, so with Go's
  // default GOGC=100 it collected every few requests and spent ~1 ms of CPU per request (even on GET /v2/) on GC and
  // page zeroing: on the 2-core CI box the fixture, not the client under test, was the bottleneck. Measured per
  // request: 1.0-1.3 ms -> 0.45-0.9 ms for manifests, 3-4 ms -> 2.4 ms for blobs. Applies to every client alike.
  const child = spawn('docker-registry', ['serve', configFile], { stdio: ['ignore', fd, fd], env: { ...process.env, GOGC: '400' } });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await waitForPort(port, child, logFile, 'docker-registry', bindHost);
  } catch (error) {
    child.kill('SIGKILL');
    issuer?.server.close();
    throw error;
  }
  return {
    auth,
    host: `${bindHost}:${port}`,
    url: `${options.tls ? 'https' : 'http'}://${bindHost}:${port}`,
    port,
    storageDir,
    tokenUrl: issuer?.url,
    tokenRequests,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (issuer) {
        issuer.server.closeAllConnections();
        await new Promise((r) => issuer.server.close(() => r(undefined)));
      }
      await rm(work, { recursive: true, force: true });
    },
  };
}

/** sha256:<hex> of bytes. */
export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

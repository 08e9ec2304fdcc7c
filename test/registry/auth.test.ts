import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { RegistryClient, RegistryError } from '../../src/registry/index.js';
import { freePort, startRegistry, TEST_IDENTITY_TOKEN, TEST_USER, type RunningRegistry } from '../helpers/registry.js';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { pushImage, type PushedImage } from '../helpers/registry-push.js';
import { skopeoRaw } from '../helpers/skopeo.js';

let open: RunningRegistry;
let basic: RunningRegistry;
let token: RunningRegistry;
let work: string;
let pub: PushedImage;
let priv: PushedImage;
const proxies: FaultProxy[] = [];
const SECRET_B64 = Buffer.from(`${TEST_USER.username}:${TEST_USER.password}`).toString('base64');
const messages: string[] = [];

beforeAll(async () => {
  open = await startRegistry();
  pub = await pushImage({ url: open.url }, 'public/app', '1', {
    kind: 'oci-index',
    platforms: ['linux/amd64', 'linux/arm64'],
    attestations: true,
  });
  priv = await pushImage({ url: open.url }, 'private/app', '1', { kind: 'docker-manifest', platforms: ['linux/amd64'] });
  [basic, token] = await Promise.all([
    startRegistry({ auth: 'htpasswd', storageDir: open.storageDir }),
    startRegistry({ auth: 'token', storageDir: open.storageDir }),
  ]);
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-auth-test-'));
  // A docker credential helper: the protocol peer, a tiny node script that logs which server it was asked about.
  await mkdir(path.join(work, 'bin'));
  const helper = path.join(work, 'bin', 'docker-credential-kt');
  await writeFile(
    helper,
    `#!${process.execPath}
const fs = require('node:fs');
const server = fs.readFileSync(0, 'utf8').trim();
fs.appendFileSync(${JSON.stringify(path.join(work, 'helper.log'))}, process.argv[2] + ' ' + server + '\\n');
const known = JSON.parse(process.env.KT_CREDS || '{}');
if (process.argv[2] !== 'get' || !known[server]) { process.stdout.write('credentials not found in native keychain\\n'); process.exit(1); }
process.stdout.write(JSON.stringify({ ServerURL: server, Username: known[server][0], Secret: known[server][1] }));
`,
  );
  await chmod(helper, 0o755);
});

afterAll(async () => {
  for (const p of proxies) await p.stop();
  await Promise.all([open?.stop(), basic?.stop(), token?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
  // No error message, anywhere in this file, carried a credential.
  for (const m of messages) {
    expect(m).not.toContain(TEST_USER.password);
    expect(m).not.toContain(SECRET_B64);
    expect(m).not.toContain(TEST_IDENTITY_TOKEN);
  }
});

let configs = 0;
async function dockerEnv(config: unknown, extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const dir = path.join(work, `cfg${configs++}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
  return { DOCKER_CONFIG: dir, PATH: `${path.join(work, 'bin')}:${process.env.PATH ?? ''}`, ...extra };
}

function client(env: NodeJS.ProcessEnv): RegistryClient {
  return new RegistryClient({ cache: false, env, retries: 0 });
}

async function failure(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (error) {
    expect(error).toBeInstanceOf(RegistryError);
    messages.push(String((error as Error).message), String((error as Error).stack));
    return error as RegistryError;
  }
  throw new Error('expected a RegistryError');
}

const auth = (host: string) => ({ auths: { [host]: { auth: SECRET_B64 } } });

describe('Basic auth (htpasswd registry)', () => {
  it('fails cleanly without credentials', async () => {
    const e = await failure(client(await dockerEnv({})).resolve(`${basic.host}/private/app:1`));
    expect(e.reason).toBe('unauthorized');
    expect(e.message).toContain(basic.host);
  });

  it('uses auths.auth from config.json; the digest matches skopeo with the same creds', async () => {
    const ref = `${basic.host}/private/app:1`;
    const r = await client(await dockerEnv(auth(basic.host))).resolve(ref);
    expect(r.digest).toBe(priv.digest);
    expect(r.digest).toBe((await skopeoRaw(ref, TEST_USER)).digest);
  });

  it('matches an auths key by hostname (scheme and path stripped)', async () => {
    const r = await client(await dockerEnv({ auths: { [`http://${basic.host}/v2/`]: { auth: SECRET_B64 } } })).resolve(
      `${basic.host}/private/app:1`,
    );
    expect(r.digest).toBe(priv.digest);
  });

  it('reports a wrong password as unauthorized without echoing it', async () => {
    const bad = Buffer.from('alice:wrong-password-xyz').toString('base64');
    const e = await failure(client(await dockerEnv({ auths: { [basic.host]: { auth: bad } } })).resolve(`${basic.host}/private/app:1`));
    expect(e.reason).toBe('unauthorized');
    expect(e.message).not.toContain('wrong-password-xyz');
    expect(e.message).not.toContain(bad);
  });

  it('never sends credentials across a redirect to another host', async () => {
    const elsewhere = await startFaultProxy(basic.url, { bindHost: 'localhost' });
    const front = await startFaultProxy(basic.url);
    proxies.push(elsewhere, front);
    front.add({ path: /\/manifests\//, fault: { kind: 'redirect', to: elsewhere.url } });
    const e = await failure(client(await dockerEnv(auth(front.host))).resolve(`${front.host}/private/app:1`));
    expect(e.reason).toBe('unauthorized');
    expect(front.log.some((l) => l.authorization?.startsWith('Basic '))).toBe(true);
    expect(elsewhere.log.length).toBeGreaterThan(0);
    expect(elsewhere.log.every((l) => l.authorization === undefined)).toBe(true);
  });

  it('meets the challenge once per registry, not once per image resolved concurrently', async () => {
    const tags = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'];
    for (const tag of tags)
      await pushImage({ url: open.url }, 'private/app', tag, { kind: 'docker-manifest', platforms: ['linux/amd64'], seed: tag });
    const c = client(await dockerEnv(auth(basic.host)));
    await Promise.all(tags.map((tag) => c.resolve(`${basic.host}/private/app:${tag}`)));
    // One unauthenticated request learns the Basic challenge; then, cold, the GET by tag and the config blob per image.
    expect(c.stats.requests).toBe(1 + 2 * tags.length);
  });

  it('sends no credentials to a registry they do not belong to', async () => {
    const front = await startFaultProxy(open.url);
    proxies.push(front);
    const r = await client(await dockerEnv(auth(basic.host))).resolve(`${front.host}/private/app:1`);
    expect(r.digest).toBe(priv.digest);
    expect(front.log.every((l) => l.authorization === undefined)).toBe(true);
  });
});

describe('Bearer token auth (token registry + RS256 issuer)', () => {
  it('gets an anonymous token for a public repository', async () => {
    token.tokenRequests.length = 0;
    const ref = `${token.host}/public/app:1`;
    const r = await client(await dockerEnv({})).resolve(ref);
    expect(r).toMatchObject({ digest: pub.digest, platforms: ['linux/amd64', 'linux/arm64'] });
    expect(r.digest).toBe((await skopeoRaw(ref)).digest);
    expect(token.tokenRequests.length).toBeGreaterThan(0);
    expect(token.tokenRequests.every((t) => t.authorization === undefined && t.service === 'test-registry')).toBe(true);
    expect(token.tokenRequests[0]!.scopes).toEqual(['repository:public/app:pull']);
  });

  it('is unauthorized for a private repository without credentials', async () => {
    const e = await failure(client(await dockerEnv({})).resolve(`${token.host}/private/app:1`));
    expect(e.reason).toBe('unauthorized');
  });

  it('sends auths.auth only to the token realm; the registry sees only the Bearer token', async () => {
    const front = await startFaultProxy(token.url);
    proxies.push(front);
    token.tokenRequests.length = 0;
    const ref = `${front.host}/private/app:1`;
    const r = await client(await dockerEnv(auth(front.host))).resolve(ref);
    expect(r.digest).toBe(priv.digest);
    expect(r.digest).toBe((await skopeoRaw(`${token.host}/private/app:1`, TEST_USER)).digest);
    expect(token.tokenRequests.some((t) => t.authorization === `Basic ${SECRET_B64}`)).toBe(true);
    expect(front.log.some((l) => l.authorization?.startsWith('Bearer '))).toBe(true);
    expect(front.log.every((l) => !l.authorization?.startsWith('Basic'))).toBe(true);
  });

  it('exchanges an identitytoken with the refresh_token grant', async () => {
    token.tokenRequests.length = 0;
    const r = await client(await dockerEnv({ auths: { [token.host]: { identitytoken: TEST_IDENTITY_TOKEN } } })).resolve(
      `${token.host}/private/app:1`,
    );
    expect(r.digest).toBe(priv.digest);
    expect(token.tokenRequests.some((t) => t.method === 'POST' && t.grantType === 'refresh_token')).toBe(true);
  });

  it('uses a registrytoken directly, without asking the issuer', async () => {
    const res = await fetch(`${token.tokenUrl}/token?service=test-registry&scope=repository:private/app:pull`, {
      headers: { authorization: `Basic ${SECRET_B64}` },
    });
    const { token: jwt } = (await res.json()) as { token: string };
    token.tokenRequests.length = 0;
    const r = await client(await dockerEnv({ auths: { [token.host]: { registrytoken: jwt } } })).resolve(`${token.host}/private/app:1`);
    expect(r.digest).toBe(priv.digest);
    expect(token.tokenRequests).toHaveLength(0);
  });

  it('asks credHelpers[host] with the server URL on stdin', async () => {
    const env = await dockerEnv(
      { credHelpers: { [token.host]: 'kt' } },
      { KT_CREDS: JSON.stringify({ [token.host]: [TEST_USER.username, TEST_USER.password] }) },
    );
    const r = await client(env).resolve(`${token.host}/private/app:1`);
    expect(r.digest).toBe(priv.digest);
    expect(await readFile(path.join(work, 'helper.log'), 'utf8')).toContain(`get ${token.host}\n`);
  });

  it('asks credsStore, and treats "credentials not found" as anonymous', async () => {
    const env = await dockerEnv({ credsStore: 'kt' }, { KT_CREDS: JSON.stringify({ [token.host]: ['<token>', TEST_IDENTITY_TOKEN] }) });
    const c = client(env);
    expect((await c.resolve(`${token.host}/private/app:1`)).digest).toBe(priv.digest);
    // The helper knows nothing for the open registry: anonymous access, not an error.
    expect((await c.resolve(`${open.host}/public/app:1`)).digest).toBe(pub.digest);
  });

  it('fails with reason credentials when the credsStore helper does not exist or config.json is broken', async () => {
    const missing = await failure(client(await dockerEnv({ credsStore: 'nonexistent-xyz' })).resolve(`${token.host}/public/app:1`));
    expect(missing.reason).toBe('credentials');
    expect(missing.message).toContain(token.host);
    const env = await dockerEnv({});
    await writeFile(path.join(env.DOCKER_CONFIG!, 'config.json'), '{"auths": {');
    expect((await failure(client(env).resolve(`${token.host}/public/app:1`))).reason).toBe('credentials');
  });

  it('fails with reason credentials when a helper breaks, without its output', async () => {
    const e = await failure(
      client(await dockerEnv({ credHelpers: { [token.host]: 'kt' } }, { KT_CREDS: '{not json' })).resolve(`${token.host}/private/app:1`),
    );
    expect(e.reason).toBe('credentials');
  });
});

/** A loopback HTTP server that logs every request body and answers with `handler`. */
async function loopbackServer(
  host: string,
  handler: (path: string, res: import('node:http').ServerResponse) => void,
): Promise<{ url: string; bodies: string[]; server: Server }> {
  const port = await freePort();
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(`${req.method} ${req.url} ${Buffer.concat(chunks).toString('utf8')}`);
      handler(req.url ?? '/', res);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { url: `http://${host}:${port}`, bodies, server };
}

describe('redirects never carry a secret to another host', () => {
  it('refuses a 307 from the token realm to another host instead of re-sending the refresh token', async () => {
    // 127.0.0.2 is loopback too, so only the host change can be what stops the POST.
    const other = await loopbackServer('127.0.0.2', (_p, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"token":"t"}'),
    );
    const front = await loopbackServer('127.0.0.1', (p, res) => {
      if (p.startsWith('/token')) res.writeHead(307, { location: `${other.url}/token` }).end();
      else res.writeHead(401, { 'www-authenticate': `Bearer realm="${front.url}/token",service="s"` }).end();
    });
    try {
      const host = new URL(front.url).host;
      const e = await failure(
        client(await dockerEnv({ auths: { [host]: { identitytoken: TEST_IDENTITY_TOKEN } } })).resolve(`${host}/private/app:1`),
      );
      expect(e.reason).toBe('insecure');
      expect(front.bodies.some((b) => b.startsWith('POST /token') && b.includes(TEST_IDENTITY_TOKEN))).toBe(true);
      expect(other.bodies.join('\n')).not.toContain(TEST_IDENTITY_TOKEN);
      expect(other.bodies).toHaveLength(0);
    } finally {
      for (const s of [front.server, other.server]) {
        s.closeAllConnections();
        await new Promise((resolve) => s.close(resolve));
      }
    }
  });
});

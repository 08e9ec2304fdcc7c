/**
 * Corporate proxies end to end: the built CLI, a real docker-registry (HTTPS with a test CA, and plain HTTP) and a
 * real tinyproxy, all on this machine. Loopback addresses never go through a proxy (as with docker and skopeo), so
 * the registries are addressed by this machine's host name, which resolves to a local address. tinyproxy's log
 * proves which requests went through it.
 */
import { execa } from 'execa';
import dns from 'node:dns/promises';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kustodian } from '../helpers/cli.js';
import { deployment } from '../helpers/workloads.js';
import { freePort, startRegistry, type RunningRegistry } from '../helpers/registry.js';
import { pushStandardImages, type StandardImages } from '../helpers/registry-push.js';
import { startTinyproxy, type RunningTinyproxy } from '../helpers/tinyproxy.js';

let work: string;
let name: string;
let open: RunningRegistry;
let secure: RunningRegistry;
let plain: RunningRegistry;
let images: StandardImages;
let proxy: RunningTinyproxy;
let authProxy: RunningTinyproxy;
let caFile: string;
const proxyUser = { user: 'corp', password: 'pr0xy-secret' };

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'kustodian-proxy-test-'));
  // The host name, not 127.0.0.1: a name is proxied, a loopback address never is.
  name = os.hostname().toLowerCase();
  const { address } = await dns.lookup(name, { family: 4 });
  caFile = path.join(work, 'cert.pem');
  const keyFile = path.join(work, 'key.pem');
  await execa('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    keyFile,
    '-out',
    caFile,
    '-days',
    '2',
    '-subj',
    `/CN=${name}`,
    '-addext',
    `subjectAltName=DNS:${name}`,
  ]);
  open = await startRegistry();
  images = await pushStandardImages({ url: open.url });
  // Two more registries serving the same storage on the name's address: one over HTTPS, one over plain HTTP.
  [secure, plain] = await Promise.all([
    startRegistry({ storageDir: open.storageDir, bindHost: address, tls: { certificate: caFile, key: keyFile } }),
    startRegistry({ storageDir: open.storageDir, bindHost: address }),
  ]);
  [proxy, authProxy] = await Promise.all([
    startTinyproxy({ connectPorts: [secure.port] }),
    startTinyproxy({ connectPorts: [secure.port], basicAuth: proxyUser }),
  ]);
});

afterAll(async () => {
  await Promise.all([proxy?.stop(), authProxy?.stop(), secure?.stop(), plain?.stop()]);
  await open?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

let apps = 0;
/** An app pinning `image`, with its own empty disk cache; `images` is extra config under `images:`. */
async function app(image: string, imagesConfig = ''): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = path.join(work, `app-${++apps}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'a.yaml'), deployment('a', image));
  await writeFile(path.join(dir, 'kustomization.yaml'), 'resources:\n- a.yaml\n');
  await writeFile(
    path.join(dir, 'kustodian.yaml'),
    `apiVersion: kustodian.dev/v1alpha1\nkind: Config\nimages: {retryBaseSeconds: 0.01${imagesConfig}}\n`,
  );
  return { dir, env: { XDG_CACHE_HOME: path.join(dir, '.cache'), NODE_EXTRA_CA_CERTS: caFile } };
}

function pinned(stdout: string): string | undefined {
  return /image: "?([^"\n]+)"?/.exec(stdout)?.[1];
}

describe('registry traffic through a corporate proxy', () => {
  it('HTTPS_PROXY: requests to an HTTPS registry go through CONNECT tunnels, and the pin is right', async () => {
    const image = `${name}:${secure.port}/demo/app:multi`;
    const { dir, env } = await app(image);
    const before = (await proxy.requests()).length;
    const r = await kustodian(['render', dir], { env: { ...env, HTTPS_PROXY: proxy.url } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(pinned(r.stdout)).toBe(`${image}@${images.multiArchIndex.digest}`);
    const seen = (await proxy.requests()).slice(before);
    expect(seen.length).toBeGreaterThan(0);
    expect(new Set(seen)).toEqual(new Set([`CONNECT ${name}:${secure.port} HTTP/1.1`]));
  });

  it('the proxy is really in the path: a proxy that is down fails the lookup', async () => {
    const { dir, env } = await app(`${name}:${secure.port}/demo/app:multi`);
    const r = await kustodian(['render', dir], { env: { ...env, HTTPS_PROXY: `http://127.0.0.1:${await freePort()}` } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/IMAGE_RESOLVE_FAILED/);
  });

  it.each([
    ['the host', (n: string) => n],
    ['host:port', (n: string) => `${n}:${secure.port}`],
    ['a list with spaces', (n: string) => `example.com, ${n}`],
  ])('lower-case https_proxy with no_proxy naming %s goes direct', async (_what, entry) => {
    const { dir, env } = await app(`${name}:${secure.port}/demo/list:1.0`);
    const before = (await proxy.requests()).length;
    const r = await kustodian(['render', dir], { env: { ...env, https_proxy: proxy.url, no_proxy: entry(name) } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(pinned(r.stdout)).toBe(`${name}:${secure.port}/demo/list:1.0@${images.dockerList.digest}`);
    expect((await proxy.requests()).length).toBe(before);
  });

  it('a NO_PROXY entry for another port does not bypass the proxy', async () => {
    const { dir, env } = await app(`${name}:${secure.port}/demo/list:1.0`);
    const before = (await proxy.requests()).length;
    const r = await kustodian(['render', dir], { env: { ...env, HTTPS_PROXY: proxy.url, NO_PROXY: `${name}:1` } });
    expect(r.exitCode).toBe(0);
    expect((await proxy.requests()).length).toBeGreaterThan(before);
  });

  it('HTTP_PROXY carries a plain-HTTP insecure registry as absolute-form requests', async () => {
    const image = `${name}:${plain.port}/demo/postgres:16.4`;
    const { dir, env } = await app(image, `, insecureRegistries: ["${name}:${plain.port}"]`);
    const before = (await proxy.requests()).length;
    const r = await kustodian(['render', dir], { env: { ...env, HTTP_PROXY: proxy.url } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(pinned(r.stdout)).toBe(`${image}@${images.amd64Single.digest}`);
    const seen = (await proxy.requests()).slice(before);
    expect(seen.length).toBeGreaterThan(0);
    for (const line of seen) expect(line).toMatch(new RegExp(`^(GET|HEAD) http://${name}:${plain.port}/v2/demo/postgres/`));
  });

  it('loopback registries never use the proxy, as with docker and skopeo', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const { dir, env } = await app(`${open.host}/demo/app:multi`);
    const r = await kustodian(['render', dir], { env: { ...env, HTTPS_PROXY: dead, HTTP_PROXY: dead } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(pinned(r.stdout)).toBe(`${open.host}/demo/app:multi@${images.multiArchIndex.digest}`);
  });

  it('userinfo in the proxy URL becomes Proxy-Authorization; without it the proxy refuses (407), and no output shows it', async () => {
    const image = `${name}:${secure.port}/demo/app:multi`;
    const ok = await app(image);
    const r = await kustodian(['render', ok.dir], { env: { ...ok.env, HTTPS_PROXY: authProxy.url } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(pinned(r.stdout)).toBe(`${image}@${images.multiArchIndex.digest}`);
    expect(await authProxy.requests()).toContain(`CONNECT ${name}:${secure.port} HTTP/1.1`);

    const refused = await app(image);
    const anonymous = `http://127.0.0.1:${authProxy.port}`;
    const bad = await kustodian(['render', refused.dir], { env: { ...refused.env, HTTPS_PROXY: anonymous } });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain(`proxy 127.0.0.1:${authProxy.port} refused the tunnel (407, proxy authentication failed`);

    const wrong = await app(image);
    const w = await kustodian(['render', wrong.dir], {
      env: { ...wrong.env, HTTPS_PROXY: `http://corp:not-it@127.0.0.1:${authProxy.port}` },
    });
    expect(w.exitCode).toBe(1);
    // tinyproxy answers wrong credentials with 401 rather than 407.
    expect(w.stderr).toMatch(/refused the tunnel \((401|407), proxy authentication failed/);
    expect(w.stderr).not.toContain('not-it');
    expect(w.stderr).not.toContain(proxyUser.password);
  });
});

// The request floor of the registry bench: the fewest requests a cold `kustodian pin` needs for a list of
// tags, made raw from a fresh Node process, as the client makes them (keep-alive, 8 at a time per registry,
// the full manifest Accept header): GET each manifest by tag and, for a single manifest, GET its config blob
// (the platform lives there; an index lists its platforms itself). No digest check, no cache, no lock: what
// is left is Node start-up and the registry round trips. Usage: node bench/raw-requests.mjs FILE (one
// `host/repository:tag` a line). Prints the number of requests on stdout.
import http from 'node:http';
import { readFileSync } from 'node:fs';

const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const CONCURRENCY = 8;

const agent = new http.Agent({ keepAlive: true });
let active = 0;
const waiting = [];
let requests = 0;

async function get(url, headers) {
  if (active >= CONCURRENCY) await new Promise((resolve) => waiting.push(resolve));
  active++;
  requests++;
  try {
    return await new Promise((resolve, reject) => {
      http
        .get(url, { agent, headers }, (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`${url}: ${res.statusCode}`))));
          res.on('error', reject);
        })
        .on('error', reject);
    });
  } finally {
    active--;
    waiting.shift()?.();
  }
}

const refs = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
await Promise.all(
  refs.map(async (ref) => {
    const slash = ref.indexOf('/');
    const colon = ref.lastIndexOf(':');
    const [host, repository, tag] = [ref.slice(0, slash), ref.slice(slash + 1, colon), ref.slice(colon + 1)];
    const manifest = JSON.parse((await get(`http://${host}/v2/${repository}/manifests/${tag}`, { accept: ACCEPT })).toString('utf8'));
    if (manifest.config?.digest) await get(`http://${host}/v2/${repository}/blobs/${manifest.config.digest}`, {});
  }),
);
agent.destroy();
process.stdout.write(`${requests}\n`);

/**
 * Every size and count limit kustodian puts on what it reads (files, streams, child output, registry
 * responses), on the work an input can cause (kustomizations walked, redirects followed, diff edits) and
 * on what it writes (error excerpts, a pull-request comment), in one place. kustodian runs on every commit
 * of every repository an Argo CD instance serves and on pull requests from anyone, so no input may make it
 * grow without bound: each limit ends the run with a coded error instead of a sidecar killed for memory.
 * Not here: rules of a format that a parser or the API server enforces (a 253-character name, the yaml
 * library's 1024-character implicit key), which are mirrored where they are checked.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { KustodianError, type ErrorCode } from './errors.js';

const MiB = 1024 * 1024;

/**
 * kustodian.yaml and kustodian.lock.yaml are read up to this size. A config is a few KiB and a lock
 * about 200 bytes per image, so 16 MiB is far beyond any real file and still cheap to read and reject.
 */
export const MAX_FILE_BYTES = 16 * MiB;

/**
 * A disk-cache pack is read up to this size (src/registry/disk-cache.ts). An entry is a few hundred bytes, so this
 * holds some 200,000 of them; a larger pack (or one that is not text) is skipped, costing only speed, and the
 * next merge removes it.
 */
export const MAX_CACHE_PACK_BYTES = 64 * MiB;

/**
 * The default cap on the manifests kustodian reads: what kustomize prints, and the ResourceList `fn`
 * reads on stdin. The largest real app in the corpus renders 5.8 MB (kube-prometheus); 256 MiB leaves
 * room for fifty of those, while keeping kustodian's memory (about five times its input) within a
 * few GiB.
 */
export const DEFAULT_MAX_INPUT_BYTES = 256 * MiB;

/**
 * The most text one object (a document of kustomize's output, an item or the functionConfig of a
 * ResourceList) may take. No cluster can store an object near this size: etcd refuses requests over
 * 1.5 MiB by default, and the largest object in the corpus (Argo CD's ApplicationSet CRD) is 1.4 MB.
 * Parsing one object costs several times its text (a flow-style item composed with its list, about 45
 * times), so a 50 MB ConfigMap took 2.3 GiB; 8 MiB, over five times etcd's limit, bounds that while no
 * object a cluster could hold comes near it. Fixed, not a setting: raising it would only let an object
 * through that the API server then refuses.
 */
export const MAX_OBJECT_BYTES = 8 * MiB;

/**
 * Refuses the text of one object larger than MAX_OBJECT_BYTES (OBJECT_TOO_LARGE), before any parser
 * sees it. `what` names it in the message: `document 3 (ConfigMap huge)`.
 */
export function refuseOversizedObject(text: string, what: () => string): void {
  // A UTF-16 unit is at most 3 bytes of UTF-8: most texts are decided without counting their bytes.
  if (text.length * 3 <= MAX_OBJECT_BYTES) return;
  const bytes = text.length > MAX_OBJECT_BYTES ? text.length : Buffer.byteLength(text);
  if (bytes <= MAX_OBJECT_BYTES) return;
  throw new KustodianError(
    'OBJECT_TOO_LARGE',
    `${what()} is ${formatBytes(bytes, true)}, larger than the ${formatBytes(MAX_OBJECT_BYTES)} kustodian reads of one object; no API server stores an object that size (etcd refuses requests over 1.5 MiB by default)`,
  );
}

/**
 * The variable that raises or lowers DEFAULT_MAX_INPUT_BYTES, for the operator of the sidecar. It is an
 * environment variable only: a limit written in kustodian.yaml or in the functionConfig would be read
 * from the very input it is meant to bound, and a pull request could raise it.
 */
export const MAX_INPUT_BYTES_ENV = 'KUSTODIAN_MAX_INPUT_BYTES';

/** A kustomization is a few KiB; a larger file is not read by kustodian (kustomize reports on it when it builds). */
export const MAX_KUSTOMIZATION_BYTES = 1 * MiB;

/**
 * Finding locations: a larger manifest file is not read for a finding's file and line, and one
 * locator reads at most as much as kustomize's default output cap in all.
 */
export const MAX_LOCATED_FILE_BYTES = 16 * MiB;
export const MAX_LOCATED_TOTAL_BYTES = 256 * MiB;

/** The search for where a missing object is defined: files, bytes in all, and bytes per file. */
export const DEFINITION_SEARCH_LIMITS = { maxFiles: 5000, maxBytes: 64 * MiB, maxFileBytes: 2 * MiB } as const;

/**
 * The private copy Argo CD's kustomize options are applied to (src/sources/edited-copy.ts): what the overlay
 * can read, copied per render. Argo CD itself refuses nothing here, but a GitOps repository is a few
 * thousand files; beyond these the copy would cost more than the build.
 */
export const EDIT_COPY_LIMITS = { maxFiles: 20000, maxBytes: 256 * MiB } as const;

/** A registry response body (manifests and configs are small): a hostile registry cannot fill memory (ggcr caps at 100 MiB). */
export const MAX_REGISTRY_BODY_BYTES = 16 * MiB;

/** A child's stderr is an error message, or warnings: anything beyond this is cut, not buffered. */
export const MAX_CHILD_STDERR_CHARS = 16 * MiB;

/** A child's stdout when the caller sets no cap of its own (kustomize's is maxInputBytes). */
export const MAX_CHILD_OUTPUT_BYTES = 1024 * MiB;

/**
 * GOMEMLIMIT for kustomize when kustodian sets its GC (src/sources/go-runtime.ts): the larger heap
 * that GOGC=400 allows stops growing here (or at half the container's memory limit, if lower).
 */
export const KUSTOMIZE_GOMEMLIMIT_BYTES = 1024 * MiB;

/**
 * An alias may be expanded at most this many times per anchor when a document becomes plain JS: a
 * "billion laughs" of nested aliases in kustodian.yaml, the lock or a manifest would otherwise take
 * exponential time and memory. It is the yaml library's default, written down because it is a limit
 * kustodian relies on. Depth needs no option: the library reports nesting deeper than its stack (about
 * a thousand levels) as a YAML error, in time proportional to the text.
 */
export const MAX_ALIAS_COUNT = 100;

/** Distinct number-like plain scalars the layout reader keeps typed (src/manifests/layout-reader.ts): a render has few (ports, replicas), a hostile one could have millions. */
export const MAX_TYPED_SCALARS = 10_000;

/** kustomizations walked from one overlay: real trees have tens; each file is bounded by MAX_KUSTOMIZATION_BYTES, the walk by this. */
export const MAX_KUSTOMIZATIONS = 256;

/** An image reference longer than this is invalid: the registry's own name limit is 255 characters, so 4 KiB holds any tag and digest with room to spare. */
export const MAX_IMAGE_REFERENCE_LENGTH = 4096;

/** Registry redirects followed after the first request: a registry redirects once or twice (to its blob storage), a loop never ends. */
export const MAX_REDIRECTS = 5;

/** A child's stderr quoted in an error (RENDER_FAILED, a failed git command): an error is a few lines, a flood of warnings is cut here. */
export const MAX_STDERR_EXCERPT_CHARS = 2000;

/** The largest CRD whose schema is read (its text as kustomize printed it): real CRDs are tens of KiB, the few larger ones cost more to parse than the build. */
export const MAX_CRD_BYTES = 256 * 1024;

/**
 * Documents larger than this are not parsed for schema checks: large CRDs and Grafana dashboard
 * ConfigMaps (kube-prometheus: 4.5 MB of CRDs whose parse alone costs about as much as the kustomize
 * build). Their apiVersion and kind are still checked, and CRDs are read for their custom resources.
 */
export const MAX_SCHEMA_CHECK_BYTES = 64 * 1024;

/** The longest Git ref `diff --base` and `--changed-since` accept: refs are short names or hashes; anything longer is a mistake or an attack. */
export const MAX_GIT_REF_LENGTH = 1024;

/** What `git rev-parse` prints is a path or a hash: a little output, bounded all the same. */
export const MAX_GIT_OUTPUT = 64 * 1024;

/** A Git list of changed file names: a million paths of a hundred bytes. */
export const MAX_GIT_LISTING_BYTES = 128 * MiB;

/** A commit's tree larger than this is refused before `git archive` unpacks it into a temporary directory. */
export const MAX_GIT_ARCHIVE_BYTES = 2 * 1024 * MiB;

/**
 * Beyond this many inserted plus deleted lines in one object, Myers' diff (O(N·D)) gives up and the
 * changed block is shown as one replacement: 3,000 changed lines took jsdiff 5 s, this bound 0.2 s.
 */
export const MAX_DIFF_EDIT_LENGTH = 400;

/** GitHub refuses an issue or pull-request comment longer than this many characters; `diff --format markdown` fits in it. */
export const GITHUB_COMMENT_LIMIT = 65_536;

const UNITS: Record<string, number> = { '': 1, k: 1000, ki: 1024, m: 1000 ** 2, mi: MiB, g: 1000 ** 3, gi: 1024 * MiB };

/** The manifest size limit in bytes from KUSTODIAN_MAX_INPUT_BYTES (`268435456`, `256Mi`, `1G`), or the default. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_INPUT_BYTES_ENV];
  if (raw === undefined) return DEFAULT_MAX_INPUT_BYTES;
  const match = /^\s*(\d+)\s*([kKmMgG]i?)?\s*$/.exec(raw);
  const bytes = match ? Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? NaN) : NaN;
  if (!Number.isSafeInteger(bytes) || bytes <= 0) {
    throw new KustodianError(
      'CONFIG_INVALID',
      `${MAX_INPUT_BYTES_ENV}=${JSON.stringify(raw.slice(0, 40))} is not a size; use bytes or a unit such as 512Mi or 1Gi`,
    );
  }
  return bytes;
}

/** A byte count as people read it: `256 MiB`, `16 KiB`, `100 bytes`; `about 50.3 MiB` when `rounded`. */
export function formatBytes(bytes: number, rounded = false): string {
  if (rounded && bytes >= MiB && bytes % MiB !== 0) return `about ${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= MiB && bytes % MiB === 0) return `${bytes / MiB} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

/**
 * Reads at most `maxBytes` of `file` as UTF-8 text, however large the file is or claims to be: a
 * device such as /dev/urandom or /dev/zero has no size and never ends, so never read it whole. More
 * than `maxBytes`, or a NUL byte (a binary file, not YAML), throws `code`.
 */
export async function readTextFile(file: string, maxBytes: number, code: ErrorCode, shown = file): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      // One byte past the limit tells "exactly at the limit" from "over it".
      const buffer = Buffer.allocUnsafe(Math.min(1 * MiB, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      total += bytesRead;
      refuseChunk(chunk, total, maxBytes, code, shown);
      chunks.push(chunk);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** The checks of readTextFile and readTextFileSync on each chunk read, `total` bytes so far. */
function refuseChunk(chunk: Buffer, total: number, maxBytes: number, code: ErrorCode, shown: string): void {
  if (chunk.includes(0)) throw new KustodianError(code, `${shown} is not a YAML text file (it holds NUL bytes)`);
  if (total > maxBytes) throw new KustodianError(code, `${shown} is larger than ${formatBytes(maxBytes)}, the limit for this file`);
}

/**
 * readTextFile without the event loop, for the small files read by the hundred (kustomizations): a
 * file handle, two promises and a thread-pool round trip per read cost more than the read itself, and
 * made the kustomization walks of `--all` and `--changed-since` most of their run. Same bounds.
 */
export function readTextFileSync(file: string, maxBytes: number, code: ErrorCode, shown = file): string {
  const fd = openSync(file, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(1 * MiB, maxBytes + 1 - total));
      const bytesRead = readSync(fd, buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      total += bytesRead;
      refuseChunk(chunk, total, maxBytes, code, shown);
      chunks.push(chunk);
    }
    return (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a stream (fn's stdin) to its end as UTF-8 text, failing with INPUT_TOO_LARGE as soon as it
 * passes `maxBytes` rather than after buffering all of it.
 */
export function readTextStream(stream: Readable, maxBytes: number, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total > maxBytes) {
        stream.off('data', onData);
        // Stop reading at once: the writer gets EPIPE, and nothing more is buffered.
        stream.destroy();
        reject(
          new KustodianError(
            'INPUT_TOO_LARGE',
            `${what} is larger than ${formatBytes(maxBytes)}; set ${MAX_INPUT_BYTES_ENV} to raise the limit`,
          ),
        );
        return;
      }
      chunks.push(chunk);
    };
    stream.on('data', onData);
    stream.once('end', () => resolve(Buffer.concat(chunks, total).toString('utf8')));
    stream.once('error', reject);
  });
}

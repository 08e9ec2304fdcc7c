/**
 * What Argo CD Image Updater and Renovate write into a kustomization, byte for byte as the tools do (the
 * checked facts are in the project's reference notes on image updaters), and a copy of the giftify example
 * in a git repository of its own for them to write into.
 *
 * - Image Updater, `write-back-target: kustomization`, digest strategy: the whole `images` element whose
 *   `name` matches is replaced by `name`, `newName` (only when the `kustomize.image-name` annotation is set),
 *   `newTag` and `digest`; comments inside the element go, everything else in the file stays.
 * - Renovate, kustomize manager with `pinDigests`: the `newTag` value becomes `tag@sha256:…`, in place.
 */
import { cp, readFile, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument, isMap, isSeq, type YAMLMap } from 'yaml';
import { repoRoot } from './cli.js';
import { git } from './snapshot.js';
import { pushImage, type ImageSpec, type PushedImage } from '../helpers/registry-push.js';

/** The example's loopback registry host, which the copy rewrites to the test's registry. */
export const EXAMPLE_HOST = '127.0.0.1:5055';

/** Pushes the giftify example's images (examples/giftify/registry/images.json) to `url`; returns them by `repository:tag`. */
export async function pushGiftifyImages(url: string): Promise<Map<string, PushedImage>> {
  const { images } = JSON.parse(await readFile(path.join(repoRoot, 'examples', 'giftify', 'registry', 'images.json'), 'utf8')) as {
    images: { repository: string; tag: string; spec: ImageSpec }[];
  };
  const pushed = new Map<string, PushedImage>();
  for (const i of images) pushed.set(`${i.repository}:${i.tag}`, await pushImage({ url }, i.repository, i.tag, i.spec));
  return pushed;
}

/** Copies examples/giftify (base, migrations, overlays/prod; no lock) into `dest`, pointing at `host`, as one commit. */
export async function giftifyRepo(dest: string, host: string): Promise<{ root: string; prod: string }> {
  for (const part of ['base', 'db', 'overlays/prod']) {
    await cp(path.join(repoRoot, 'examples', 'giftify', part), path.join(dest, part), { recursive: true });
  }
  const prod = path.join(dest, 'overlays', 'prod');
  await rm(path.join(prod, 'kustodian.lock.yaml'), { force: true });
  const file = path.join(prod, 'kustomization.yaml');
  await writeFile(file, (await readFile(file, 'utf8')).replaceAll(EXAMPLE_HOST, host));
  await git(dest, ['init', '-q', '-b', 'main']);
  await git(dest, ['add', '-A']);
  await git(dest, ['commit', '-q', '-m', 'giftify']);
  return { root: dest, prod };
}

/** The example's layout (a sequence at its key's indentation, no folding), which both tools keep. */
const KEEP_LAYOUT = { indentSeq: false, lineWidth: 0 } as const;

function imagesEntry(
  doc: ReturnType<typeof parseDocument>,
  name: string,
): { seq: NonNullable<ReturnType<typeof imagesSeq>>; index: number } {
  const seq = imagesSeq(doc);
  const index = seq?.items.findIndex((item) => isMap(item) && item.get('name') === name) ?? -1;
  if (!seq || index < 0) throw new Error(`no images entry named ${name}`);
  return { seq, index };
}

function imagesSeq(doc: ReturnType<typeof parseDocument>) {
  const seq: unknown = doc.get('images', true);
  return isSeq(seq) ? seq : undefined;
}

/**
 * Image Updater's digest strategy: the element named `name` replaced whole by `{name, newName?, newTag, digest}`
 * (newName only when `newName` is given, as IU writes it only with the kustomize.image-name annotation).
 */
export async function imageUpdaterDigest(
  kustomization: string,
  entry: { name: string; newName?: string; newTag: string; digest: string },
): Promise<void> {
  const doc = parseDocument(await readFile(kustomization, 'utf8'));
  const { seq, index } = imagesEntry(doc, entry.name);
  const value: Record<string, string> = { name: entry.name };
  if (entry.newName) value.newName = entry.newName;
  value.newTag = entry.newTag;
  value.digest = entry.digest;
  seq.items[index] = doc.createNode(value);
  await writeFile(kustomization, doc.toString(KEEP_LAYOUT));
}

/** Image Updater's tag strategies (semver, newest-build, alphabetical): the element replaced by `{name, newName?, newTag}`. */
export async function imageUpdaterTag(kustomization: string, entry: { name: string; newName?: string; newTag: string }): Promise<void> {
  const doc = parseDocument(await readFile(kustomization, 'utf8'));
  const { seq, index } = imagesEntry(doc, entry.name);
  const value: Record<string, string> = { name: entry.name };
  if (entry.newName) value.newName = entry.newName;
  value.newTag = entry.newTag;
  seq.items[index] = doc.createNode(value);
  await writeFile(kustomization, doc.toString(KEEP_LAYOUT));
}

/**
 * Renovate's pinDigests: `newTag: <tag>` becomes `newTag: <tag>@<digest>` in the entry named `name` (with
 * `tag`, an update to that tag in the same edit, as Renovate writes a tag update of a pinned image).
 */
export async function renovatePinDigest(kustomization: string, name: string, digest: string, tag?: string): Promise<void> {
  const doc = parseDocument(await readFile(kustomization, 'utf8'));
  const { seq, index } = imagesEntry(doc, name);
  const item = seq.items[index] as YAMLMap;
  tag ??= String(item.get('newTag'));
  item.set('newTag', `${tag}@${digest}`);
  await writeFile(kustomization, doc.toString(KEEP_LAYOUT));
}

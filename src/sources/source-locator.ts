/**
 * Where a rendered resource is defined, found among the files the overlay's kustomizations name
 * (kustomization-tree.ts) rather than by building again with kustomize's origin annotations. That
 * build costs more than the plain one (about twice as long on Argo CD's install, whose CRDs are
 * large), and `check` would pay it on every overlay; the files named are the same ones the
 * annotations would name, which a corpus test compares resource by resource.
 *
 * A rendered name may carry a `namePrefix`, a `nameSuffix` or a generator's hash that the source
 * lacks, and an overlay may move a resource to another namespace, so each candidate is ranked: an
 * exact name over a name with additions, then a matching namespace, then a generator that creates
 * over one that merges into a base's, then the longer name, then the order kustomize loads them in.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { assertInsideRoot } from '../repo/root.js';
import type { Finding } from '../findings/finding.js';
import { definesKind, nameMatch, sourceDocuments, type SourceDocument } from '../manifests/source-documents.js';
import { walkKustomizations, type KustomizationTree } from './kustomization-tree.js';
import { MAX_LOCATED_FILE_BYTES, MAX_LOCATED_TOTAL_BYTES } from '../util/limits.js';

/** The resource a finding is about, as rendered. */
export interface RenderedRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** The file (absolute) and line that define a resource. */
export interface SourceLocation {
  path: string;
  line?: number;
}

/** Whether the locator may read a file (the caller's bound: the repository root). */
export type MayRead = (file: string) => Promise<boolean>;

interface Candidate {
  path: string;
  name: string;
  namespace?: string;
  /** 1 for a generator entry with `behavior: merge|replace`, which changes an object made elsewhere. */
  secondary: number;
  line: (fieldPath?: string) => number | undefined;
}

/** Looks up where rendered resources of one overlay are defined; the walk and each file are read once. */
export class SourceLocator {
  private tree: Promise<KustomizationTree> | undefined;
  private readonly files = new Map<string, Promise<SourceDocument[]>>();

  /** `walk` gives the walk of `appDir`'s kustomizations when the caller has made it already. */
  constructor(
    private readonly appDir: string,
    private readonly mayRead: MayRead = () => Promise.resolve(true),
    private readonly walked?: () => Promise<KustomizationTree>,
  ) {}

  private walk(): Promise<KustomizationTree> {
    this.tree ??= this.walked?.() ?? walkKustomizations(this.appDir);
    return this.tree;
  }

  /**
   * Walks the kustomizations and reads the files they name, without parsing them: `check` calls this
   * while kustomize builds, when the process would otherwise wait, so locating costs little after.
   */
  async prefetch(): Promise<void> {
    const tree = await this.walk();
    await Promise.all(tree.kustomizations.flatMap((k) => [k.file, ...k.resourceFiles]).map((file) => this.text(file)));
  }

  async locate(ref: RenderedRef, fieldPath?: string): Promise<SourceLocation | undefined> {
    const candidates = await this.candidates(ref.kind);
    let best: { candidate: Candidate; score: number[] } | undefined;
    for (const candidate of candidates) {
      const name = nameMatch(candidate.name, ref.name);
      if (!name) continue;
      const namespace = candidate.namespace === undefined ? 1 : candidate.namespace === ref.namespace ? 2 : 0;
      const score = [name, namespace, -candidate.secondary, candidate.name.length];
      if (!best || compare(score, best.score) > 0) best = { candidate, score };
    }
    if (!best) return undefined;
    const line = best.candidate.line(fieldPath);
    return line === undefined ? { path: best.candidate.path } : { path: best.candidate.path, line };
  }

  private readonly byKind = new Map<string, Promise<Candidate[]>>();

  /** Every definition of `kind` in the overlay's files and generator entries, in load order; gathered once per kind. */
  private candidates(kind: string): Promise<Candidate[]> {
    let found = this.byKind.get(kind);
    if (!found) {
      found = this.gather(kind);
      this.byKind.set(kind, found);
    }
    return found;
  }

  private async gather(kind: string): Promise<Candidate[]> {
    const tree = await this.walk();
    const out: Candidate[] = [];
    for (const k of tree.kustomizations) {
      for (const doc of await this.documents(k.file)) {
        const kustomization = doc.kind === undefined || doc.kind === 'Kustomization' || doc.kind === 'Component';
        for (const entry of kustomization ? doc.generators() : []) {
          if (entry.kind !== kind) continue;
          out.push({
            path: k.file,
            name: entry.name,
            namespace: entry.namespace,
            secondary: entry.behavior === 'create' ? 0 : 1,
            line: () => entry.line,
          });
        }
      }
      for (const file of k.resourceFiles) {
        for (const doc of await this.documents(file, kind)) {
          if (!doc.mayDefine(kind) || doc.kind !== kind || doc.name === undefined) continue;
          out.push({ path: file, name: doc.name, namespace: doc.namespace, secondary: 0, line: (fieldPath) => doc.line(fieldPath) });
        }
      }
    }
    return out;
  }

  /**
   * A file's documents, split once. With `kind`, a file whose text has no top-level `kind:` of it
   * (YAML or JSON) is not even split: a CRD of several megabytes mentions Secrets, but defines none.
   */
  private async documents(file: string, kind?: string): Promise<SourceDocument[]> {
    let documents = this.files.get(file);
    if (!documents) {
      const text = await this.text(file);
      if (text === undefined || (kind !== undefined && !definesKind(text, kind))) return [];
      documents = Promise.resolve(sourceDocuments(text));
      this.files.set(file, documents);
    }
    return documents;
  }

  private readonly texts = new Map<string, Promise<string | undefined>>();
  /** Bytes still allowed; a file that does not fit is not read (its findings name no file). */
  private budget = MAX_LOCATED_TOTAL_BYTES;

  private async readBudgeted(file: string): Promise<string | undefined> {
    try {
      const { size } = await stat(file);
      if (size > MAX_LOCATED_FILE_BYTES || size > this.budget) return undefined;
      this.budget -= size;
      return await readFile(file, 'utf8');
    } catch {
      return undefined;
    }
  }

  private text(file: string): Promise<string | undefined> {
    let text = this.texts.get(file);
    if (!text) {
      text = this.mayRead(file).then((ok) => (ok ? this.readBudgeted(file) : undefined));
      this.texts.set(file, text);
    }
    return text;
  }
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/**
 * Adds the defining file and line to findings about a resource: the file among those the overlay's
 * kustomizations name that defines it (no second build), and the line of the
 * finding's field in it. Files outside the repository root are never read.
 */
export async function locateFindings(
  app: { appDir?: string; repoRoot?: string },
  findings: Finding[],
  known?: SourceLocator,
): Promise<Finding[]> {
  const needs = findings.some((f) => (f.resourceRef && !f.file) || f.related?.some((r) => !r.file));
  if (!needs || !app.appDir) return findings;
  const base = app.repoRoot ?? app.appDir;
  const locator = known ?? rootBoundLocator(app.appDir, base);
  /** The file (repo-relative) and line that define `ref`, and within it `fieldPath` when given. */
  const locate = async (ref: Finding['resourceRef'] & object, fieldPath?: string): Promise<{ path: string; line?: number } | undefined> => {
    const found = await locator.locate(ref, fieldPath).catch(() => undefined); // a courtesy; never fail a run for it
    if (!found) return undefined;
    const file = path.relative(base, found.path).split(path.sep).join('/');
    return found.line === undefined ? { path: file } : { path: file, line: found.line };
  };
  return Promise.all(
    findings.map(async (f) => {
      let out = f;
      if (f.resourceRef && !f.file) {
        const file = await locate(f.resourceRef, f.field?.path);
        if (file) out = { ...out, file };
      }
      if (f.related?.some((r) => !r.file)) {
        out = {
          ...out,
          related: await Promise.all(
            f.related.map(async (r) => (r.file || !r.resourceRef ? r : { ...r, file: await locate(r.resourceRef) })),
          ),
        };
      }
      return out;
    }),
  );
}

/** A locator for the app's findings that reads no file outside the repository root. */
export function rootBoundLocator(appDir: string, root: string, walk?: () => Promise<KustomizationTree>): SourceLocator {
  // Containment is decided on real paths: a symlink inside the repository may lead anywhere.
  return new SourceLocator(appDir, (file) => isInside(file, root), walk);
}

/** True when the file's real path lies under the root's. */
function isInside(abs: string, root: string): Promise<boolean> {
  return assertInsideRoot(abs, root, 'manifest').then(
    () => true,
    () => false,
  );
}

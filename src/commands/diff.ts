/**
 * `kustodian diff [--base REF] [DIR… | --all ROOT]`: what a change does to the rendered manifests.
 * Each app is rendered twice with the same steps and settings, at REF (read from Git into $TMPDIR,
 * src/sources/git-snapshot.ts) and in the working tree, both at once; the report lists the objects
 * added, removed and changed (with a diff of each changed object's YAML, Secret values masked) and
 * the findings the change adds and fixes. The exit code is about what the change adds: 1 when it adds
 * an error finding, whatever the base had.
 */
import path from 'node:path';
import { realpath, stat } from 'node:fs/promises';
import { loadApp, type AppOptions } from '../pipeline/load-app.js';
import { runPipeline } from '../pipeline/run-steps.js';
import { locateFindings } from '../sources/source-locator.js';
import { selectApps } from '../sources/app-selection.js';
import { leafOverlaysUnder } from '../sources/overlays.js';
import {
  findKustomizationFile,
  KUSTOMIZATION_FILES,
  sharedKustomizationReader,
  type KustomizationReader,
} from '../sources/kustomization-file.js';
import { gitChangesSince, selectChangedApps, type ChangedSelection, type GitChanges } from '../sources/changed-apps.js';
import { exportCommit, gitTopAndCommit, validateRef, type Snapshot } from '../sources/git-snapshot.js';
import { diffObjects, type ObjectDiff } from '../manifests/object-diff.js';
import type { Resource } from '../manifests/resource.js';
import { diffFindings, findingKey } from '../findings/finding-diff.js';
import { sortFindings, type Finding } from '../findings/finding.js';
import { inside } from '../repo/root.js';
import { steps as registry, type Step } from '../steps/index.js';
import { KustodianError, ExitCode, exitCodeFor } from '../util/errors.js';
import { defaultConcurrency, mapBounded } from '../util/concurrency.js';
import { version } from '../util/version.js';
import {
  appStatus,
  formatDiffJson,
  formatDiffMarkdown,
  formatDiffText,
  type AppDiff,
  type DiffReport,
  type SideFailure,
} from '../sinks/diff-report.js';
import { buildFlags, buildOptionsFrom, changedSinceFlag, jobsFlag, type Command } from './command.js';

/** The formats `diff --format` accepts. */
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export interface DiffOptions extends Omit<AppOptions, 'mode' | 'dir'> {
  /** The ref to compare with (default HEAD). */
  base?: string;
  /** App directories in the working tree. */
  dirs: string[];
  /** Roots to search for leaf overlays, at the head and at the base (`--all`). */
  all?: string[];
  /** Apps worked on at once, each rendering both sides at once (default: half the CPU count). */
  concurrency?: number;
  steps?: readonly Step[];
  /**
   * With `all`: build only the apps whose inputs changed since this ref (src/sources/changed-apps.ts);
   * the others are reported unchanged without a build. Default: the base ref.
   */
  changedSince?: string;
}

/**
 * One side of an app, rendered and checked; or why not. Its findings are not yet located: `locate`
 * adds the file and line to those a caller shows, and rebases every file path onto the side's tree.
 */
type Side =
  | { status: 'ok'; resources: Resource[]; findings: Finding[]; locate: (findings: Finding[]) => Promise<Finding[]>; warnings: string[] }
  | { status: 'missing' }
  | { status: 'failed'; failure: SideFailure };

function posix(p: string): string {
  return p.split(path.sep).join('/') || '.';
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Renders and checks one side; `root` is the tree it lies in (the work tree or the snapshot). */
async function renderSide(
  dir: string,
  root: string,
  options: DiffOptions,
  repoRoot: string | undefined,
  steps: readonly Step[],
): Promise<Side> {
  if (!(await isDirectory(dir)) || !(await findKustomizationFile(dir))) return { status: 'missing' };
  try {
    const { ctx, warnings, locator } = await loadApp({ ...options, dir, mode: 'check', ...(repoRoot ? { repoRoot } : {}) });
    const { findings } = await runPipeline(ctx, steps);
    // Both sides report paths relative to their own tree's top, so the same file reads the same.
    const from = ctx.repoRoot ?? dir;
    const rebase = <T extends { path: string }>(file: T): T => ({
      ...file,
      path: posix(path.relative(root, path.resolve(from, file.path))),
    });
    // Locating reads and parses source files (a 1 MB List of dashboards in kube-prometheus): only the
    // findings the report may show are located, once both sides are known (see compare).
    const locate = async (some: Finding[]): Promise<Finding[]> => {
      const located = await locateFindings(ctx, some, locator);
      const rebased = located.map((f) => ({
        ...f,
        ...(f.file ? { file: rebase(f.file) } : {}),
        ...(f.related ? { related: f.related.map((r) => (r.file ? { ...r, file: rebase(r.file) } : r)) } : {}),
      }));
      return sortFindings(rebased);
    };
    return { status: 'ok', resources: ctx.resources, findings, locate, warnings };
  } catch (error) {
    if (!(error instanceof KustodianError) || error.code === 'INTERRUPTED') throw error;
    // The base's messages name its temporary tree: say the tree's top instead, as the head's would.
    const message = error.message.split(`${root}${path.sep}`).join('');
    return { status: 'failed', failure: { code: error.code, message, exitCode: exitCodeFor(error) } };
  }
}

const NO_OBJECTS: ObjectDiff = { added: [], removed: [], changed: [], unchanged: 0 };
/** Either side of an app that `--changed-since` left unbuilt: the same, with nothing to compare. */
const NOT_BUILT: Side = { status: 'ok', resources: [], findings: [], locate: (f) => Promise.resolve(f), warnings: [] };

/**
 * The findings of each side whose identity (findingKey) occurs a different number of times on the
 * other, located: only those can be added or fixed. diffFindings over them gives what it gives over
 * all the located findings, as every finding of such an identity is among them, in the same order.
 */
async function findingsToCompare(base: Side, head: Side): Promise<[Finding[], Finding[]]> {
  const balance = new Map<string, number>();
  const add = (side: Side, by: number) => {
    for (const f of side.status === 'ok' ? side.findings : []) balance.set(findingKey(f), (balance.get(findingKey(f)) ?? 0) + by);
  };
  add(base, 1);
  add(head, -1);
  const shown = (side: Side): Promise<Finding[]> =>
    side.status === 'ok' ? side.locate(side.findings.filter((f) => balance.get(findingKey(f)) !== 0)) : Promise.resolve([]);
  return Promise.all([shown(base), shown(head)]);
}

/** The report entry of one app from its two sides. */
async function compare(rel: string, kustomization: string, base: Side, head: Side): Promise<AppDiff> {
  const ok = (s: Side) => (s.status === 'ok' ? s : { resources: [] });
  const app: AppDiff = {
    dir: rel,
    kustomization,
    base: base.status,
    ...(base.status === 'failed' ? { baseFailure: base.failure } : {}),
    head: head.status,
    ...(head.status === 'failed' ? { headFailure: head.failure } : {}),
    objects: NO_OBJECTS,
    findings: { added: [], fixed: [] },
    ...(head.status === 'ok' && head.warnings.length ? { kustomizeWarnings: head.warnings } : {}),
  };
  // A head that does not render has nothing to compare; a base that does not is compared as empty.
  if (head.status === 'failed') return app;
  app.objects = diffObjects(ok(base).resources, ok(head).resources);
  const [baseFindings, headFindings] = await findingsToCompare(base, head);
  app.findings = diffFindings(baseFindings, headFindings);
  return app;
}

/** The app directories at the head, relative to the work tree's top: those named, and the leaves under each --all root. */
async function headApps(
  options: DiffOptions,
  top: string,
  env: NodeJS.ProcessEnv,
  read: KustomizationReader,
): Promise<{ rels: string[]; roots: string[] }> {
  const rels = new Set<string>();
  const relOf = async (abs: string, shown: string) => {
    const real = await realpath(abs).catch(() => path.resolve(abs));
    if (!inside(top, real)) throw new KustodianError('USAGE', `${shown} lies outside the Git work tree ${top}`);
    return path.relative(top, real);
  };
  if (options.dirs.length) {
    const { apps } = await selectApps({ dirs: options.dirs, all: [], env, read });
    for (const dir of apps) rels.add(await relOf(dir, dir));
  }
  const roots: string[] = [];
  for (const root of options.all ?? []) {
    const relRoot = await relOf(root, `--all ${root}`);
    roots.push(relRoot);
    const headRoot = path.join(top, relRoot);
    const head = (await isDirectory(headRoot)) ? await leafOverlaysUnder([headRoot], read).catch(() => []) : [];
    for (const leaf of head) rels.add(path.relative(top, leaf));
  }
  return { rels: [...rels], roots };
}

/** The leaves under each --all root at the base (relative paths): the apps a change removes are only there. */
async function baseLeaves(roots: readonly string[], snapshot: Snapshot, read: KustomizationReader): Promise<string[][]> {
  return Promise.all(
    roots.map(async (relRoot) => {
      const baseRoot = path.join(snapshot.dir, relRoot);
      const leaves = (await isDirectory(baseRoot)) ? await leafOverlaysUnder([baseRoot], read).catch(() => []) : [];
      return leaves.map((leaf) => path.relative(snapshot.dir, leaf));
    }),
  );
}

/**
 * Whether `diff --all` may unpack only the touched apps' inputs at the base: when no kustomization was
 * added, removed or edited since the base, every app loads the same kustomizations on both sides, and
 * an app's base render reads its inputs, the very files whose change makes it touched (kustomize's
 * default load restrictor keeps it inside its kustomizations' directories). The untouched apps' files,
 * most of a monorepo, are then never unpacked. A base that reads more (load-restrictor none, a file
 * outside) fails to render from the partial tree and is rendered again from the whole one.
 */
async function sparseBase(changes: Promise<GitChanges>): Promise<boolean> {
  const { paths } = await changes;
  return !paths.some((p) => (KUSTOMIZATION_FILES as readonly string[]).includes(path.basename(p)));
}

/** The touched apps' inputs relative to the top (undefined, for the whole tree, when one app's could not be told or is the top). */
function sparseInputs(since: ChangedSelection, top: string): string[] | undefined {
  const paths = new Set<string>();
  for (const app of since.changed) {
    const inputs = since.inputs.get(app);
    if (!inputs) return undefined;
    for (const p of [...inputs.dirs, ...inputs.files]) {
      // An input at the top is the whole tree; unpacking it in part would only fail and fall back.
      if (p === top) return undefined;
      if (inside(top, p)) paths.add(path.relative(top, p));
    }
  }
  return [...paths].sort();
}

/** Renders every app at the base and at the head, and compares them. */
export async function diff(options: DiffOptions): Promise<DiffReport> {
  const env = options.env ?? process.env;
  const ref = options.base ?? 'HEAD';
  validateRef(ref);
  const steps = options.steps ?? registry;
  const git = { env, ...(options.signal ? { signal: options.signal } : {}) };
  const first = options.dirs[0] ?? options.all?.[0] ?? '.';
  if (!(await isDirectory(first))) throw new KustodianError('USAGE', `${first}: no such directory`);
  const { top, commit } = await gitTopAndCommit(path.resolve(first), ref, git);
  // --all: git lists what changed since --changed-since while the base unpacks and the apps are found.
  const sinceRef = options.changedSince ?? ref;
  const changesSince = options.all?.length
    ? gitChangesSince(top, sinceRef, git, { top, ...(sinceRef === ref ? { commit } : {}) })
    : undefined;
  changesSince?.catch(() => undefined);
  // The whole base is unpacked while the head's apps are found, unless only the touched apps' inputs are needed (sparseBase).
  const sparse = changesSince && sinceRef === ref ? sparseBase(changesSince) : false;
  const whole = Promise.resolve(sparse).then((partial) => (partial ? undefined : exportCommit(top, commit, git)));
  whole.catch(() => undefined);
  let tree: Promise<Snapshot> | undefined;
  let fallback: Promise<Snapshot> | undefined;
  const stop = new AbortController();
  const sideOptions = { ...options, signal: options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal };
  try {
    const read = sharedKustomizationReader();
    const head = await headApps(options, top, env, read);
    // --all: an app none of whose inputs changed renders the same on both sides; it is not built.
    const since = options.all?.length
      ? await selectChangedApps(
          head.rels.map((rel) => path.join(top, rel)),
          options.changedSince ?? ref,
          {
            env,
            signal: options.signal,
            configFile: options.configFile,
            flags: options.flags,
            read,
            ...(changesSince ? { changes: changesSince } : {}),
          },
        )
      : undefined;
    const partial = since && (await sparse) ? sparseInputs(since, top) : undefined;
    const unpacking = (tree = whole.then((w) => w ?? exportCommit(top, commit, git, partial)));
    unpacking.catch(() => undefined);
    // Unpacked in part, the base has the head's kustomizations, so its leaves are the head's. Without
    // --all there are none to find: the apps are known, and their head renders start while the base unpacks.
    const base = partial || !head.roots.length ? head.roots.map(() => []) : await baseLeaves(head.roots, await unpacking, read);
    (options.all ?? []).forEach((root, i) => {
      if (!base[i]!.length && !head.rels.some((rel) => inside(path.join(top, head.roots[i]!), path.join(top, rel)))) {
        throw new KustodianError('USAGE', `--all ${root}: no kustomization found at the head or at the base`);
      }
    });
    const rels = [...new Set([...head.rels, ...base.flat()])].sort();
    const untouched = new Set((since?.unchanged ?? []).map((dir) => path.relative(top, dir)));
    // --repo-root names a directory of the work tree: the base is bounded by the same one of its tree.
    const headRoot = options.repoRoot;
    const realHeadRoot = headRoot ? await realpath(headRoot).catch(() => path.resolve(headRoot)) : undefined;
    const rootIn = (t: Snapshot) => (realHeadRoot ? path.join(t.dir, path.relative(top, realHeadRoot)) : t.dir);
    // A base that does not render from a partial tree may have read more than its inputs: it gets the whole tree.
    const renderBase = async (rel: string): Promise<Side> => {
      const unpacked = await unpacking;
      const first = await renderSide(path.join(unpacked.dir, rel), unpacked.dir, sideOptions, rootIn(unpacked), steps);
      if (!partial || first.status === 'ok') return first;
      fallback ??= exportCommit(top, commit, git);
      const t = await fallback;
      return renderSide(path.join(t.dir, rel), t.dir, sideOptions, rootIn(t), steps);
    };
    const concurrency = options.concurrency ?? Math.max(1, Math.floor(defaultConcurrency() / 2));
    const apps = await mapBounded(rels, concurrency, async (rel) => {
      const kustomization =
        (await findKustomizationFile(path.join(top, rel))) ??
        (await findKustomizationFile(path.join((await unpacking).dir, rel))) ??
        KUSTOMIZATION_FILES[0];
      if (untouched.has(rel))
        return { ...(await compare(posix(rel), posix(path.join(rel, kustomization)), NOT_BUILT, NOT_BUILT)), notBuilt: true };
      const headDir = path.join(top, rel);
      const headOptions = since?.trees.has(headDir) ? { ...sideOptions, kustomizationTree: since.trees.get(headDir) } : sideOptions;
      const [base, head] = await Promise.all([renderBase(rel), renderSide(headDir, top, headOptions, headRoot, steps)]);
      return compare(posix(rel), posix(path.join(rel, kustomization)), base, head);
    });
    return {
      base: { ref, commit },
      apps,
      version,
      ...(since ? { changedSince: { ref: options.changedSince ?? ref, commit: since.commit } } : {}),
    };
  } finally {
    // A render still running when another side failed (the base did not unpack) is stopped, not awaited.
    stop.abort();
    await (await (tree ?? whole).catch(() => undefined))?.dispose();
    await (await fallback?.catch(() => undefined))?.dispose();
  }
}

/** 0 when the change adds no error finding · 1 when it adds one · else the worst head failure's code. */
export function diffExitCode(report: DiffReport): number {
  const failures = report.apps.flatMap((a) => (a.headFailure ? [a.headFailure.exitCode] : []));
  if (failures.length) return Math.max(...failures);
  return report.apps.some((a) => a.findings.added.some((f) => f.severity === 'error')) ? ExitCode.FINDINGS : ExitCode.OK;
}

export const diffCommand: Command = {
  usage: `kustodian diff [DIR...] [--all ROOT] [--base REF] [--changed-since REF] [--format text|markdown|json] [--jobs N]
                [build flags as render]
  Render each DIR (default .) and every leaf overlay under ROOT twice, at REF (default HEAD, read from
  Git without touching the working tree, index or stash) and in the working tree, with the same steps
  and settings, and show the objects added, removed and changed (a unified diff of each changed
  object's YAML; Secret values masked), the findings the change adds and fixes, and a summary line per
  app and in total. markdown is one pull-request comment (a folded section per app, within GitHub's
  65,536 characters). Exit 1 when the change adds an error finding; an app whose base does not render
  (new, or broken before) is compared with nothing; one whose working tree does not render exits 3
  (2 for a config error). --jobs: apps compared at once (default: half the CPU count). With --all,
  only the apps whose inputs changed since --changed-since REF (default: the base) are built; the
  others are listed as unchanged.`,
  options: {
    ...buildFlags,
    base: { type: 'string', default: 'HEAD' },
    all: { type: 'string', multiple: true },
    format: { type: 'string', default: 'text' },
    jobs: { type: 'string' },
    'changed-since': { type: 'string' },
  },
  report: true,
  async run(values, positionals, io) {
    const format = String(values.format) as DiffFormat;
    if (!(DIFF_FORMATS as readonly string[]).includes(format)) {
      throw new KustodianError('USAGE', `--format must be one of ${DIFF_FORMATS.join(', ')}, not ${JSON.stringify(values.format)}`);
    }
    const all = (values.all as string[] | undefined) ?? [];
    const report = await diff({
      base: String(values.base),
      dirs: positionals.length || all.length ? positionals : ['.'],
      all,
      concurrency: jobsFlag(values.jobs),
      ...(values['changed-since'] !== undefined ? { changedSince: changedSinceFlag(values['changed-since'], all) } : {}),
      ...buildOptionsFrom(values, io),
    });
    const color = io.outIsTTY && !io.env.NO_COLOR;
    const render: Record<DiffFormat, () => string> = {
      text: () => formatDiffText(report, { color }),
      markdown: () => formatDiffMarkdown(report),
      json: () => formatDiffJson(report),
    };
    io.out(render[format]());
    for (const app of report.apps) for (const w of app.kustomizeWarnings ?? []) io.err(`kustomize: ${app.dir}: ${w}`);
    for (const app of report.apps) {
      if (app.headFailure) io.err(`kustodian diff: ${app.dir}: ${app.headFailure.code}: ${app.headFailure.message}`);
      else if (app.baseFailure && appStatus(app) !== 'failed')
        io.err(`kustodian diff: ${app.dir}: the base (${report.base.ref}) did not render: ${app.baseFailure.code}`);
    }
    return diffExitCode(report);
  },
};

// kustodian diff and --changed-since (issue #20 goals). diff renders an app twice, at the base (from
// git archive) and in the working tree, both at once: on the large corpus trees it should take at most
// 1.3× one kustomize build. On a repository of many apps where a change touches one, `diff --all` and
// `check --all --changed-since` should take at most 1.5× checking that one app alone: the untouched apps
// are never built. Each tree is copied into a Git repository made here, committed, and one image changed.
import { cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, corpusRoot, countResources, interleaved, kustodianEnv, kustomizeCommand, tempDir, tunedKustomizeCommand } from '../lib.mjs';

const RATIO_GOAL = 1.3;
const SELECT_GOAL = 1.5;
const MANY_APPS = 120;

const trees = [
  { name: 'kube-prometheus', copy: join(corpusRoot, 'prometheus-operator', 'kube-prometheus'), app: '.' },
  {
    name: 'argo-cd ha/cluster-install',
    copy: join(corpusRoot, 'argoproj', 'argo-cd', 'manifests'),
    app: 'ha/cluster-install',
    touch: 'ha',
  },
];

function git(cwd, args) {
  const r = spawnSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@kustodian.invalid',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@kustodian.invalid',
      GIT_CONFIG_GLOBAL: '/dev/null',
      GIT_CONFIG_NOSYSTEM: '1',
    },
  });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

function commitAll(dir) {
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'base']);
}

/** Changes the first `image:` line of the first file under `dir` that has one: the change a review shows. */
function bumpAnImage(dir) {
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory() && e.name !== '.git') {
        if (walk(p)) return true;
      } else if (e.isFile() && /\.ya?ml$/.test(e.name)) {
        const text = readFileSync(p, 'utf8');
        const m = /^(\s*image:\s*\S+?)(\s*)$/m.exec(text);
        if (m) {
          writeFileSync(p, text.replace(m[0], `${m[1]}-bench${m[2]}`));
          return true;
        }
      }
    }
    return false;
  };
  if (!walk(dir)) throw new Error(`no image: line under ${dir}`);
}

const cm = (name) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  k: v\n`;
const deployment = (name, image) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n        envFrom:\n        - configMapRef: {name: ${name}}\n`;

/** MANY_APPS overlays on one shared base, each with a Deployment and its ConfigMap. */
function manyApps(root) {
  mkdirSync(join(root, 'base'), { recursive: true });
  writeFileSync(join(root, 'base', 'kustomization.yaml'), 'resources:\n- ns.yaml\n');
  writeFileSync(join(root, 'base', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
  for (let i = 0; i < MANY_APPS; i++) {
    const dir = join(root, 'apps', `app${String(i).padStart(3, '0')}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'kustomization.yaml'), `namespace: shop\nresources:\n- ../../base\n- app.yaml\n- cm.yaml\n`);
    writeFileSync(join(dir, 'app.yaml'), deployment(`app${i}`, 'nginx:1.25'));
    writeFileSync(join(dir, 'cm.yaml'), cm(`app${i}`));
  }
}

const run = (args, ok = [0, 1]) => ({ file: process.execPath, args: [cli, ...args], env: kustodianEnv(), ok });

export default {
  title: 'diff: kustodian diff vs. one kustomize build; --changed-since vs. the one touched app, medians',
  run({ runs, log }) {
    const rows = [];
    const notes = [];
    const tmp = tempDir('kustodian-bench-diff-');
    try {
      let worst = 0;
      for (const t of trees) {
        const repo = join(tmp.dir, t.name.replace(/\W+/g, '-'));
        cpSync(t.copy, repo, { recursive: true });
        commitAll(repo);
        bumpAnImage(join(repo, t.touch ?? t.app));
        const app = join(repo, t.app);
        log(`${t.name}: ${countResources(app)} resources`);
        const m = interleaved(
          { kustomize: kustomizeCommand(app), tuned: tunedKustomizeCommand(app), diff: { ...run(['diff', app]), env: kustodianEnv() } },
          runs,
        );
        const ratio = m.diff / m.kustomize;
        worst = Math.max(worst, ratio);
        rows.push([
          `diff ${t.name}`,
          String(m.runs),
          m.kustomize.toFixed(0),
          m.diff.toFixed(0),
          ratio.toFixed(2),
          (m.diff / m.tuned).toFixed(2),
          `≤ ${RATIO_GOAL}: ${ratio <= RATIO_GOAL ? 'PASS' : 'MISS'}`,
        ]);
      }
      notes.push(
        `diff vs. one kustomize build (the base from git archive, both sides built at once): worst ratio ${worst.toFixed(2)} (goal ≤ ${RATIO_GOAL}: ${worst <= RATIO_GOAL ? 'PASS' : 'MISS'})`,
      );

      const repo = join(tmp.dir, 'many');
      mkdirSync(repo);
      manyApps(repo);
      commitAll(repo);
      const touched = join(repo, 'apps', 'app042');
      writeFileSync(join(touched, 'app.yaml'), deployment('app42', 'nginx:1.27'));
      const m = interleaved(
        {
          one: run(['check', touched, '--format', 'json']),
          since: run(['check', '--all', join(repo, 'apps'), '--changed-since', 'HEAD', '--format', 'json']),
          diff: run(['diff', '--all', join(repo, 'apps')]),
        },
        runs,
      );
      for (const [key, label] of [
        ['since', `check --all --changed-since (${MANY_APPS} apps, 1 touched)`],
        ['diff', `diff --all (${MANY_APPS} apps, 1 touched)`],
      ]) {
        const ratio = m[key] / m.one;
        rows.push([
          label,
          String(m.runs),
          m.one.toFixed(0),
          m[key].toFixed(0),
          ratio.toFixed(2),
          '',
          `≤ ${SELECT_GOAL}: ${ratio <= SELECT_GOAL ? 'PASS' : 'MISS'}`,
        ]);
      }
      notes.push(
        `the --changed-since rows compare with \`kustodian check\` of the one touched app (the "baseline ms" column); the untouched apps are walked, not built`,
      );
    } finally {
      tmp.cleanup();
    }
    notes.push(
      '"own ratio": diff against kustomize run with the GC settings kustodian gives it (GOGC=200, docs/cli.md#environment); the goal is against plain kustomize',
    );
    return { header: ['case', 'runs', 'baseline ms', 'kustodian ms', 'ratio', 'own ratio', 'goal'], rows, notes };
  },
};

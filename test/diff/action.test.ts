/**
 * The GitHub Action's diff mode outside GitHub: its `run:` script as a runner runs it (bash, inputs
 * through env) on a Git repository made here, and scripts/pr-comment.mjs against a stand-in for the
 * GitHub REST API on 127.0.0.1 (no real GitHub is reachable from a test; the stand-in keeps comments in
 * memory and answers the four calls the script makes). One comment per pull request and path, updated
 * in place on every push.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';
import { git, gitEnv } from '../helpers/snapshot.js';

interface Comment {
  id: number;
  body: string;
}

let server: Server;
let apiUrl: string;
let comments: Comment[];
let calls: string[];
let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'kustodian-action-diff-'));
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      calls.push(`${req.method} ${url.pathname}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== 'Bearer test-token') return send(401, { message: 'Bad credentials' });
      const list = /^\/repos\/acme\/gitops\/issues\/7\/comments$/.test(url.pathname);
      if (list && req.method === 'GET') {
        const per = Number(url.searchParams.get('per_page'));
        const page = Number(url.searchParams.get('page'));
        return send(200, comments.slice((page - 1) * per, page * per));
      }
      if (list && req.method === 'POST') {
        const c = { id: comments.length + 1, body: (JSON.parse(text) as { body: string }).body };
        comments.push(c);
        return send(201, c);
      }
      const one = /^\/repos\/acme\/gitops\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (one && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(one[1]));
        if (!c) return send(404, {});
        c.body = (JSON.parse(text) as { body: string }).body;
        return send(200, c);
      }
      send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  apiUrl = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(tmp, { recursive: true, force: true });
});

function reset(existing: Comment[] = []): void {
  comments = existing;
  calls = [];
}

async function postComment(markdown: string, key = 'deploy'): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const file = path.join(tmp, 'comment.md');
  await writeFile(file, markdown);
  const r = await execa(process.execPath, [path.join(repoRoot, 'scripts', 'pr-comment.mjs'), file], {
    env: {
      PATH: process.env.PATH ?? '',
      GITHUB_API_URL: apiUrl,
      GITHUB_TOKEN: 'test-token',
      GITHUB_REPOSITORY: 'acme/gitops',
      PR_NUMBER: '7',
      COMMENT_KEY: key,
    },
    extendEnv: false,
    reject: false,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

describe('scripts/pr-comment.mjs', () => {
  it('creates one comment, then updates that same comment on the next push', async () => {
    // Someone else's comments, more than a page of them, come first.
    reset(Array.from({ length: 130 }, (_, i) => ({ id: 1000 + i, body: `review ${i}` })));
    const first = await postComment('### kustodian diff\n\nfirst push\n');
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stdout).toContain('created pull request comment');
    const second = await postComment('### kustodian diff\n\nsecond push\n');
    expect(second.exitCode, second.stderr).toBe(0);
    expect(second.stdout).toContain('updated pull request comment');
    const ours = comments.filter((c) => c.body.includes('kustodian diff'));
    expect(ours).toHaveLength(1);
    expect(ours[0]!.body).toContain('second push');
    expect(ours[0]!.body).not.toContain('first push');
    expect(comments.slice(0, 130).every((c, i) => c.body === `review ${i}`)).toBe(true);
    expect(calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('another path of the same pull request keeps a comment of its own', async () => {
    reset();
    await postComment('one\n', 'apps');
    await postComment('two\n', 'infra');
    await postComment('one again\n', 'apps');
    expect(comments.map((c) => c.body.split('\n')[1])).toEqual(['one again', 'two']);
  });

  it('a failed API call fails the script with the status', async () => {
    reset();
    const file = path.join(tmp, 'c.md');
    await writeFile(file, 'x\n');
    const r = await execa(process.execPath, [path.join(repoRoot, 'scripts', 'pr-comment.mjs'), file], {
      env: {
        PATH: process.env.PATH ?? '',
        GITHUB_API_URL: apiUrl,
        GITHUB_TOKEN: 'wrong',
        GITHUB_REPOSITORY: 'acme/gitops',
        PR_NUMBER: '7',
      },
      extendEnv: false,
      reject: false,
    });
    expect(r.exitCode).toBe(1);
    expect(String(r.stderr)).toContain('HTTP 401');
    expect(comments).toEqual([]);
  });
});

describe('action.yml: the diff step, run as a runner runs it', () => {
  interface ActionStep {
    id?: string;
    run?: string;
    if?: string;
  }
  const action = parse(readFileSync(path.join(repoRoot, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { default: string }>;
    runs: { steps: ActionStep[] };
  };
  const step = action.runs.steps.find((s) => s.id === 'diff')!;

  it('runs only in diff mode; check mode keeps its step', () => {
    expect(action.inputs.mode!.default).toBe('check');
    expect(step.if).toContain("inputs.mode == 'diff'");
    expect(action.runs.steps.find((s) => s.id === 'check')!.if).toContain("inputs.mode != 'diff'");
  });

  it('diffs against the base commit, prints the markdown, posts it as the one comment, and reports the exit code', async () => {
    reset();
    const dir = path.join(tmp, 'repo');
    await mkdir(path.join(dir, 'deploy', 'app'), { recursive: true });
    const cm = (v: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop\ndata:\n  k: ${v}\n`;
    await writeFile(path.join(dir, 'deploy', 'app', 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    await writeFile(path.join(dir, 'deploy', 'app', 'cm.yaml'), cm('old'));
    await git(dir, ['init', '-q', '-b', 'main']);
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', 'base']);
    const baseSha = (await git(dir, ['rev-parse', 'HEAD'])).trim();
    await writeFile(path.join(dir, 'deploy', 'app', 'cm.yaml'), cm('new'));
    await git(dir, ['commit', '-q', '-am', 'change']);
    const output = path.join(tmp, 'output');
    const run = () =>
      execa('bash', ['-e', '-c', step.run!], {
        cwd: dir,
        reject: false,
        extendEnv: false,
        env: {
          ...gitEnv,
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          TMPDIR: tmp,
          KUSTODIAN_PIN: 'off',
          GITHUB_ACTION_PATH: repoRoot,
          GITHUB_OUTPUT: output,
          GITHUB_API_URL: apiUrl,
          GITHUB_REPOSITORY: 'acme/gitops',
          INPUT_PATH: 'deploy',
          INPUT_ARGS: '',
          BASE: baseSha,
          COMMENT: action.inputs.comment!.default,
          GITHUB_TOKEN: 'test-token',
          PR_NUMBER: '7',
          COMMENT_KEY: 'deploy',
        },
      });
    const r = await run();
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(await readFile(output, 'utf8')).toBe('exit-code=0\n');
    expect(String(r.stdout)).toContain('<details><summary><b>deploy/app</b>: changed');
    expect(String(r.stdout)).toContain('+  k: new');
    await run();
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toContain('-  k: old');
    expect(comments[0]!.body.length).toBeLessThanOrEqual(65_536);

    // Check mode on the same pull request: --changed-since its base, so the untouched overlay is not built.
    await mkdir(path.join(dir, 'deploy', 'other'), { recursive: true });
    await writeFile(path.join(dir, 'deploy', 'other', 'kustomization.yaml'), 'resources:\n- cm.yaml\n');
    await writeFile(path.join(dir, 'deploy', 'other', 'cm.yaml'), cm('x').replace('name: app', 'name: other'));
    await git(dir, ['add', '-A']);
    await git(dir, ['commit', '-q', '-m', 'other']);
    const newBase = (await git(dir, ['rev-parse', 'HEAD'])).trim();
    await writeFile(path.join(dir, 'deploy', 'app', 'cm.yaml'), cm('newer'));
    const check = action.runs.steps.find((s) => s.id === 'check')!;
    const c = await execa('bash', ['-e', '-c', check.run!], {
      cwd: dir,
      reject: false,
      extendEnv: false,
      env: {
        ...gitEnv,
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        KUSTODIAN_PIN: 'off',
        GITHUB_ACTION_PATH: repoRoot,
        GITHUB_OUTPUT: output,
        INPUT_PATH: 'deploy',
        INPUT_FORMAT: 'json',
        INPUT_ARGS: '',
        UPLOAD_SARIF: 'false',
        SARIF_FILE: path.join(tmp, 'k.sarif'),
        BASE: newBase,
      },
    });
    expect(c.exitCode, String(c.stderr)).toBe(0);
    const report = JSON.parse(String(c.stdout)) as { changedSince: { commit: string }; apps: { dir: string; status: string }[] };
    expect(report.changedSince.commit).toBe(newBase);
    expect(report.apps.map((a) => [a.dir, a.status])).toEqual([
      ['deploy/app', 'ok'],
      ['deploy/other', 'unchanged'],
    ]);
  });
});

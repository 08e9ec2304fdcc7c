#!/usr/bin/env node
// Posts a markdown file as one pull-request comment and updates that same comment on every later run
// (no comment per push): the GitHub Action's diff mode runs this after `kustodian diff --format
// markdown`. The comment is found by a hidden marker line, one per `key` (the action's `path`), so two
// uses of the action in one workflow keep a comment each. Only Node's own fetch is used: the action
// installs nothing. Testable outside GitHub: every endpoint and id comes from the environment.
//
//   GITHUB_TOKEN, GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (default https://api.github.com),
//   PR_NUMBER (else read from GITHUB_EVENT_PATH's pull_request.number), COMMENT_KEY (default "."),
//   argv[2]: the markdown file.
import { readFile } from 'node:fs/promises';

/** GitHub refuses a comment longer than this. */
const LIMIT = 65536;
/** A bound on the comments read to find ours: 30 pages of 100. */
const MAX_PAGES = 30;

export function marker(key) {
  return `<!-- kustodian-diff ${JSON.stringify(String(key)).slice(0, 80)} -->`;
}

/** The comment's body: the marker, then the markdown, cut to GitHub's limit should it still be over. */
export function commentBody(markdown, key) {
  const head = `${marker(key)}\n`;
  const body = head + markdown;
  if (body.length <= LIMIT) return body;
  const note = "\n\n> ✂️ cut at GitHub's comment limit\n";
  return body.slice(0, LIMIT - note.length) + note;
}

async function api(base, token, method, url, body) {
  const response = await fetch(new URL(url, base), {
    method,
    headers: {
      accept: 'application/vnd.github+json',
      authorization: `Bearer ${token}`,
      'x-github-api-version': '2022-11-28',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`${method} ${url}: HTTP ${response.status} ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

/** Creates the comment, or updates the one a previous run made; returns what was done and the comment id. */
export async function upsertComment({ apiUrl, token, repository, pr, key, markdown }) {
  if (!/^[\w.-]+\/[\w.-]+$/.test(repository)) throw new Error(`GITHUB_REPOSITORY ${JSON.stringify(repository)} is not owner/name`);
  if (!/^\d+$/.test(String(pr))) throw new Error(`not a pull request number: ${JSON.stringify(pr)}`);
  const base = apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/`;
  const body = commentBody(markdown, key);
  const mark = marker(key);
  for (let page = 1; page <= MAX_PAGES; page++) {
    const comments = await api(base, token, 'GET', `repos/${repository}/issues/${pr}/comments?per_page=100&page=${page}`);
    const ours = comments.find((c) => typeof c.body === 'string' && c.body.startsWith(mark));
    if (ours) {
      await api(base, token, 'PATCH', `repos/${repository}/issues/comments/${ours.id}`, { body });
      return { action: 'updated', id: ours.id };
    }
    if (comments.length < 100) break;
  }
  const created = await api(base, token, 'POST', `repos/${repository}/issues/${pr}/comments`, { body });
  return { action: 'created', id: created.id };
}

async function main() {
  const env = process.env;
  const file = process.argv[2];
  if (!file) throw new Error('usage: pr-comment.mjs MARKDOWN_FILE');
  let pr = env.PR_NUMBER;
  if (!pr && env.GITHUB_EVENT_PATH) pr = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')).pull_request?.number;
  if (!pr) {
    console.log('kustodian: not a pull request; the diff is in the log only');
    return;
  }
  if (!env.GITHUB_TOKEN) throw new Error('GITHUB_TOKEN is not set');
  const result = await upsertComment({
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    token: env.GITHUB_TOKEN,
    repository: env.GITHUB_REPOSITORY ?? '',
    pr,
    key: env.COMMENT_KEY || '.',
    markdown: await readFile(file, 'utf8'),
  });
  console.log(`kustodian: ${result.action} pull request comment ${result.id}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error) => {
    console.error(`kustodian: pr-comment: ${error.message}`);
    process.exitCode = 1;
  });
}

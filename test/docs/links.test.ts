/**
 * Every relative link in the README, docs/, CONTRIBUTING.md and the examples' READMEs leads somewhere:
 * the file or directory exists, and an anchor (`page.md#heading`, `#heading`) is a heading of that page
 * as GitHub names it. Moving a section or renaming a heading without fixing its links fails here.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

/** Markdown pages whose links are checked, relative to the repository root. */
function pages(): string[] {
  const docs = readdirSync(path.join(repoRoot, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);
  const examples = (readdirSync(path.join(repoRoot, 'examples'), { recursive: true }) as string[])
    .filter((f) => path.basename(f) === 'README.md')
    .map((f) => `examples/${f.split(path.sep).join('/')}`);
  return ['README.md', 'CONTRIBUTING.md', ...docs, ...examples].sort();
}

/** The page's lines outside fenced code blocks, where headings and links live. */
function prose(text: string): string[] {
  let fenced = false;
  return text.split('\n').filter((line) => {
    if (/^\s*```/.test(line)) {
      fenced = !fenced;
      return false;
    }
    return !fenced;
  });
}

/** GitHub's heading anchor: the heading's text without markup, lower case, punctuation dropped, spaces as hyphens. */
function slug(heading: string): string {
  const text = heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Every anchor a page defines; a repeated heading gets -1, -2, … as on GitHub. */
function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const line of prose(text)) {
    const m = /^#{1,6} +(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** `[text](target)` links of a page, outside code blocks and inline code, with their line numbers. */
function links(text: string): { line: number; target: string }[] {
  const out: { line: number; target: string }[] = [];
  let fenced = false;
  text.split('\n').forEach((raw, i) => {
    if (/^\s*```/.test(raw)) fenced = !fenced;
    if (fenced) return;
    const line = raw.replace(/`[^`]*`/g, (code) => (code.includes('](') ? '' : code));
    for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ line: i + 1, target: m[1]! });
  });
  return out;
}

describe('slug', () => {
  it.each([
    ['`kustodian render [DIR]`', 'kustodian-render-dir'],
    ['Image pinning and platforms (`pin-images`)', 'image-pinning-and-platforms-pin-images'],
    ["Sharing resolutions through Argo CD's Redis", 'sharing-resolutions-through-argo-cds-redis'],
    ['3. Point Applications at it', '3-point-applications-at-it'],
    ['`kustodian check [DIR...] [--all ROOT] [--shard I/N]`', 'kustodian-check-dir---all-root---shard-in'],
  ])('%s → %s', (heading, expected) => {
    expect(slug(heading)).toBe(expected);
  });
});

describe('relative links in the docs', () => {
  const files = pages();

  it('covers the README and the docs pages', () => {
    expect(files).toContain('README.md');
    expect(files).toContain('docs/README.md');
    expect(files.filter((f) => f.startsWith('docs/')).length).toBeGreaterThan(5);
  });

  it.each(files)('%s: every relative link names an existing file and heading', (file) => {
    const text = readFileSync(path.join(repoRoot, file), 'utf8');
    const broken: string[] = [];
    for (const { line, target } of links(text)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: — not ours to check
      const [rel, anchor] = target.split('#', 2) as [string, string | undefined];
      const dest = rel === '' ? path.join(repoRoot, file) : path.resolve(path.dirname(path.join(repoRoot, file)), decodeURI(rel));
      if (!dest.startsWith(repoRoot + path.sep) && dest !== repoRoot) {
        broken.push(`${file}:${line}: ${target} leaves the repository`);
        continue;
      }
      if (!existsSync(dest)) {
        broken.push(`${file}:${line}: ${target}: no such file`);
        continue;
      }
      if (anchor === undefined) continue;
      if (!statSync(dest).isFile() || !dest.endsWith('.md')) {
        broken.push(`${file}:${line}: ${target}: an anchor into a file that is not Markdown`);
        continue;
      }
      if (!anchors(readFileSync(dest, 'utf8')).has(anchor)) broken.push(`${file}:${line}: ${target}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });
});

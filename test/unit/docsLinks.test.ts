import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The docs are split over README.md and docs/*.md and point at each other's headings; GitHub shows
 * a broken link only when someone clicks it. This reads every markdown file of the repository and
 * checks each relative link, image and #anchor (GitHub's heading ids), offline: web addresses are
 * not followed.
 */

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage', 'test-results', 'appPackage']);

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name) ? [] : markdownFiles(full);
    }
    return entry.name.endsWith('.md') ? [full] : [];
  });
}

const withoutFencedCode = (md: string): string => md.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's heading id: lower case, punctuation dropped, each space a hyphen, repeats numbered. */
function headingAnchors(md: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const [, heading = ''] of withoutFencedCode(md).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/<[^>]+>/g, '')
      .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const repeats = seen.get(base) ?? 0;
    seen.set(base, repeats + 1);
    anchors.add(repeats === 0 ? base : `${base}-${repeats}`);
  }
  return anchors;
}

function linkTargets(md: string): string[] {
  const text = withoutFencedCode(md).replace(/`[^`\n]*`/g, '``');
  return [
    ...[...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/<img[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1] ?? ''),
    ...[...text.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] ?? ''),
  ].filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** One line per link that leads nowhere, naming the file it is in (relative to `root`). */
function brokenLinks(files: string[], root: string): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const where = path.relative(root, file);
    for (const target of linkTargets(readFileSync(file, 'utf8'))) {
      const [filePart = '', anchor] = target.split('#');
      const resolved = filePart ? path.resolve(path.dirname(file), decodeURIComponent(filePart)) : file;
      if (!existsSync(resolved)) {
        problems.push(`${where}: ${target}: no such file`);
      } else if (anchor !== undefined) {
        const anchors = resolved.endsWith('.md') ? headingAnchors(readFileSync(resolved, 'utf8')) : new Set();
        if (!anchors.has(anchor)) problems.push(`${where}: ${target}: no heading with that anchor`);
      }
    }
  }
  return problems;
}

describe('links in the docs', () => {
  it('every relative link, image and anchor in README.md, docs/ and the other markdown files resolves', () => {
    const files = markdownFiles(REPO_ROOT);
    assert.ok(files.includes(path.join(REPO_ROOT, 'README.md')));
    assert.ok(files.some((file) => path.dirname(file) === path.join(REPO_ROOT, 'docs')));
    assert.deepEqual(brokenLinks(files, REPO_ROOT), []);
  });

  it('reports a missing file, a missing image and a missing anchor, here or in another file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'docs-links-'));
    try {
      writeFileSync(
        path.join(dir, 'other.md'),
        '# Going live\n\n## Signing users in (`PARTNER_CENTER_AUTH=user`)\n\n## Notes\n\n## Notes\n',
      );
      writeFileSync(
        path.join(dir, 'README.md'),
        [
          '# Title',
          '',
          '## What a 404 means',
          '',
          '[ok](#what-a-404-means) [ok](other.md#signing-users-in-partner_center_authuser) [ok](other.md#notes-1)',
          '[ok](https://example.com/nowhere) `[not a link](nowhere.md)`',
          '[gone](missing.md) <img src="missing.png"> [gone](#what-a-405-means) [gone](other.md#notes-2)',
          '```',
          '[in code](also-missing.md)',
          '```',
        ].join('\n'),
      );
      assert.deepEqual(brokenLinks([path.join(dir, 'README.md')], dir), [
        'README.md: missing.md: no such file',
        'README.md: #what-a-405-means: no heading with that anchor',
        'README.md: other.md#notes-2: no heading with that anchor',
        'README.md: missing.png: no such file',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

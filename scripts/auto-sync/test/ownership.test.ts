import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Who may do what: git argv is built only under git/ (callers use its verbs), and child processes
// are started only under proc/ (ProcessRunner). bench/, demo/ and test/ are exempt, as are tests.

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const EXEMPT_DIRS = new Set(['bench', 'demo', 'test', 'node_modules']);

function sources(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (dir === ROOT && EXEMPT_DIRS.has(entry.name)) continue;
      if (entry.name === 'node_modules' || entry.name === 'fixtures') continue;
      files.push(...sources(join(dir, entry.name)));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !entry.name.endsWith('.d.ts')) {
      files.push(join(dir, entry.name));
    }
  }
  return files;
}

/** Code only: comments could name these patterns in prose. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

// Words that also open ordinary arrays ('merge' of a merge method, '-c' of `sh -c`) are left out.
const GIT_SUBCOMMANDS = [
  'add',
  'bundle',
  'cat-file',
  'checkout',
  'checkout-index',
  'commit',
  'commit-tree',
  'config',
  'diff',
  'diff-tree',
  'fetch',
  'for-each-ref',
  'hash-object',
  'index-pack',
  'log',
  'ls-remote',
  'ls-tree',
  'merge-base',
  'merge-tree',
  'mktree',
  'pack-objects',
  'push',
  'read-tree',
  'rev-list',
  'rev-parse',
  'show',
  'status',
  'symbolic-ref',
  'update-index',
  'update-ref',
  'worktree',
  'write-tree',
];

const GIT_ARGV: readonly RegExp[] = [
  /\bgit\.(run|read|start)\(/, // a Git instance driven directly
  /\.(run|read|start)\(\s*\[\s*['"`]/, // an argv literal handed to a runner
  new RegExp(`\\[\\s*(['"\`])(${GIT_SUBCOMMANDS.join('|')}|--work-tree=[^'"\`]*|--no-optional-locks)\\1\\s*,`), // an array that opens like git argv
  /\.run\(\s*['"`]git['"`]/, // ProcessRunner.run('git', …)
];

// exec( and fork( only as free functions: RegExp#exec is everywhere.
const SPAWN: readonly RegExp[] = [
  /\bspawn(Sync)?\(/,
  /\bexeca(Sync|Node)?\(/,
  /\bexecFile(Sync)?\b/,
  /(?<![\w.])exec(Sync)?\(/,
  /(?<![\w.])fork\(/,
  /from ['"](node:)?child_process['"]/,
];

function offences(patterns: readonly RegExp[], inside: string): string[] {
  const found: string[] = [];
  for (const file of sources(ROOT)) {
    const rel = relative(ROOT, file).split(sep).join('/');
    if (rel.startsWith(`${inside}/`)) continue;
    const lines = withoutComments(readFileSync(file, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      for (const pattern of patterns) {
        // `import type` from child_process names types only; it starts nothing.
        if (/^\s*import type\b/.test(line)) continue;
        if (pattern.test(line)) found.push(`${rel}:${i + 1}: ${line.trim()}`);
      }
    });
  }
  return found;
}

describe('ownership', () => {
  it('finds the sources it checks', () => {
    const rels = sources(ROOT).map((file) => relative(ROOT, file).split(sep).join('/'));
    expect(rels).toContain('git/git.ts');
    expect(rels).toContain('proc/run.ts');
    expect(rels.some((rel) => rel.startsWith('bench/') || rel.startsWith('demo/') || rel.startsWith('test/'))).toBe(false);
  });

  it('builds git argv only under git/', () => {
    expect(offences(GIT_ARGV, 'git')).toEqual([]);
  });

  it('starts child processes only under proc/', () => {
    expect(offences(SPAWN, 'proc')).toEqual([]);
  });

  it('recognises what it forbids', () => {
    const hits = (patterns: readonly RegExp[], line: string) => patterns.some((p) => p.test(line));
    expect(hits(GIT_ARGV, "await git.run(['rev-parse', 'HEAD'])")).toBe(true);
    expect(hits(GIT_ARGV, "await deps.git.read(['log', '-1'])")).toBe(true);
    expect(hits(GIT_ARGV, "remote(['ls-remote', '--end-of-options', url], 'ls-remote')")).toBe(true);
    expect(hits(GIT_ARGV, "runner.run('git', args, {})")).toBe(true);
    expect(hits(GIT_ARGV, 'await treeOf(git, base)')).toBe(false);
    expect(hits(GIT_ARGV, "z.enum(['merge', 'squash'])")).toBe(false);
    expect(hits(SPAWN, 'const child = spawn(file, args)')).toBe(true);
    expect(hits(SPAWN, "const { execa } = await import('execa'); execa(file)")).toBe(true);
    expect(hits(SPAWN, "import { spawn } from 'node:child_process';")).toBe(true);
    expect(hits(SPAWN, 'runner.start(file, args, opts)')).toBe(false);
    expect(hits(SPAWN, 'const match = PATTERN.exec(line);')).toBe(false);
  });
});

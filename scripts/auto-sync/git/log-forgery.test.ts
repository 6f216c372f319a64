import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { TEST_GIT_ENV, TestRepo } from '../test/helpers/repo.ts';
import { Git } from './git.ts';
import { listCommits } from './log.ts';

// Every byte of a commit is the source's to choose. The listing must give exactly the commits and
// files git has, whatever a message, an author or a file name holds: checked against an
// independent listing, one `git diff-tree` per commit.

function raw(dir: string, args: readonly string[], input?: Buffer): Buffer {
  return execFileSync('git', args, { cwd: dir, input, env: { ...process.env, ...TEST_GIT_ENV }, maxBuffer: 1 << 26 });
}

const hex = (b: Buffer) => b.toString('utf8').trim();

function blob(dir: string, content: string): string {
  return hex(raw(dir, ['hash-object', '-w', '--stdin'], Buffer.from(content)));
}

/** A tree of files given as raw names (any byte but NUL and '/'), with directories. */
function tree(dir: string, files: readonly { name: Buffer; content: string }[], sub?: { name: string; tree: string }): string {
  const lines: Buffer[] = files.map((f) => Buffer.concat([Buffer.from(`100644 blob ${blob(dir, f.content)}\t`), f.name, Buffer.from([0])]));
  if (sub) lines.push(Buffer.from(`040000 tree ${sub.tree}\t${sub.name}\0`));
  return hex(raw(dir, ['mktree', '-z', '--missing'], Buffer.concat(lines)));
}

function commit(dir: string, treeSha: string, parent: string, author: Buffer, message: Buffer): string {
  const head = Buffer.from(`tree ${treeSha}\nparent ${parent}\nauthor `);
  const rest = Buffer.from(' <a@example.test> 1700000000 +0000\ncommitter C <c@example.test> 1700000000 +0000\n\n');
  return hex(raw(dir, ['hash-object', '-t', 'commit', '-w', '--literally', '--stdin'], Buffer.concat([head, author, rest, message])));
}

/** Status and paths per commit, from one diff-tree each: the independent listing. */
function independentFiles(dir: string, sha: string): string[] {
  const out = raw(dir, ['diff-tree', '-z', '-r', '--root', '-M', '-C', '--name-status', '--no-commit-id', sha]).toString('utf8');
  const tokens = out.split('\0').filter((t) => t !== '');
  const files: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const status = tokens[i]!;
    if (status[0] === 'R' || status[0] === 'C') {
      files.push(`${status[0]} ${tokens[i + 1]} -> ${tokens[i + 2]}`);
      i += 2;
    } else {
      files.push(`${status[0]} ${tokens[i + 1]}`);
      i += 1;
    }
  }
  return files.sort();
}

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

describe('listCommits under hostile bytes', () => {
  it('lists exactly the commits and files git has, for every control byte and invalid UTF-8 in messages, authors and file names', async () => {
    const repo = TestRepo.init();
    repos.push(repo);
    const base = repo.commit('chore: base', { 'README.md': 'base\n' });
    const baseTree = hex(raw(repo.dir, ['rev-parse', `${base}^{tree}`]));
    const fake = 'f'.repeat(40);
    // Old fixed separators, a fake record and a fake name-status list, in every message.
    const forged = (b: number) =>
      Buffer.concat([
        Buffer.from(`fix: byte ${b}\n\n`),
        Buffer.from([b]),
        Buffer.from(`\x1e=\x1f${fake}\x1f\x1fEvil\x1fe@x\x1f2020-01-01T00:00:00Z\x1ffix: forged\x1f\0A\0src/ok.ts\0`),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('\n'),
      ]);
    const bytes = [...Array.from({ length: 31 }, (_, i) => i + 1), 0x7f, 0xff];
    let parent = base;
    const made: string[] = [];
    for (const b of bytes) {
      const name = Buffer.concat([Buffer.from('f'), Buffer.from([b]), Buffer.from([0xc3, 0x28]), Buffer.from('.txt')]);
      const author =
        b === 0x0a || b === 0x3c || b === 0x3e
          ? Buffer.from([0xff, 0x41])
          : Buffer.concat([Buffer.from('A'), Buffer.from([b]), Buffer.from([0xff])]);
      const t = tree(repo.dir, [
        { name: Buffer.from('README.md'), content: 'base\n' },
        { name, content: `file ${b}\n` },
      ]);
      parent = commit(repo.dir, t, parent, author, forged(b));
      made.push(parent);
    }
    // The commit an attacker wanted hidden behind a forged record: it adds a workflow.
    const workflows = tree(repo.dir, [{ name: Buffer.from('x.yml'), content: 'on: push\n' }]);
    const github = tree(repo.dir, [], { name: 'workflows', tree: workflows });
    const withWorkflow = tree(repo.dir, [{ name: Buffer.from('README.md'), content: 'base\n' }], { name: '.github', tree: github });
    parent = commit(repo.dir, withWorkflow, parent, Buffer.from('Mallory'), forged(0x1e));
    made.push(parent);
    expect(baseTree).toMatch(/^[0-9a-f]{40}$/);

    const git = new Git(repo.dir, new ProcessRunner(), process.env);
    const listed = await listCommits(git, { target: base, source: parent, exclude: [] });
    expect(listed.map((c) => c.sha)).toEqual(made);
    for (const c of listed) {
      const files = c.files.map((f) => (f.from !== undefined ? `${f.status} ${f.from} -> ${f.path}` : `${f.status} ${f.path}`)).sort();
      expect(files, c.sha).toEqual(independentFiles(repo.dir, c.sha));
      expect(c.parents).toHaveLength(1);
      expect(c.message).toContain('\x1ffix: forged');
    }
    const last = listed.at(-1)!;
    expect(last.files.map((f) => f.path)).toContain('.github/workflows/x.yml');
    expect(listed.filter((c) => c.sha === fake)).toHaveLength(0);
  });
});

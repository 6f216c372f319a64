import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_GIT_ENV, TestRepo } from '../test/helpers/repo.ts';

// Repositories for the benchmark, built fast with git fast-import.

/** Appends `count` commits to `branch` of a repo: small edits, a new file now and then, renames. */
export function appendCommits(repo: TestRepo, count: number, options: { branch?: string; prefix?: string } = {}): void {
  const branch = options.branch ?? 'main';
  const parent = repo.head(branch);
  const prefix = options.prefix ?? 'src';
  const lines: string[] = [];
  const live: string[] = Array.from({ length: 40 }, (_, i) => `${prefix}/file-${i}.ts`);
  let mark = 1;
  const types = ['feat', 'fix', 'perf', 'refactor', 'docs', 'chore', 'test'];
  for (let i = 0; i < count; i++) {
    lines.push(`commit refs/heads/${branch}`, `mark :${mark++}`);
    lines.push(
      `author Bench <bench@example.test> ${1_700_000_000 + i} +0000`,
      `committer Bench <bench@example.test> ${1_700_000_000 + i} +0000`,
    );
    const message = `${types[i % types.length]}: change number ${i}\n\nBody of change ${i}.\n`;
    lines.push(`data ${Buffer.byteLength(message)}`, message);
    if (i === 0) lines.push(`from ${parent}`);
    if (i % 50 === 49) {
      const from = live[i % live.length]!;
      const to = `${prefix}/moved-${i}.ts`;
      lines.push(`R ${from} ${to}`);
      live[i % live.length] = to;
    } else {
      const file = live[(i * 7) % live.length]!;
      const content = `export const value${i} = ${i};\n// ${'x'.repeat(i % 60)}\n`;
      lines.push(`M 100644 inline ${file}`, `data ${Buffer.byteLength(content)}`, content);
      if (i % 10 === 3) {
        const extra = `${prefix}/extra-${i}.ts`;
        lines.push(`M 100644 inline ${extra}`, `data 2`, '1\n');
      }
    }
    lines.push('');
  }
  execFileSync('git', ['fast-import', '--quiet'], {
    cwd: repo.dir,
    input: `${lines.join('\n')}\n`,
    env: { ...process.env, ...TEST_GIT_ENV },
    maxBuffer: 1 << 28,
  });
}

/** A target with 40 files, for sources to fork from. */
export function makeTarget(dir: string): TestRepo {
  const repo = TestRepo.init({ dir });
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`src/file-${i}.ts`] = `export const initial${i} = ${i};\n`;
  repo.commit('chore: initial', files);
  return repo;
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}

export { join };

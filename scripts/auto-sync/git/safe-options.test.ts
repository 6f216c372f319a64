import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessRunner } from '../proc/run.ts';
import { TestRepo } from '../test/helpers/repo.ts';
import { Git } from './git.ts';

const repos: TestRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

describe('git commands auto-sync runs', () => {
  it('never run hooks or an fsmonitor planted in the repository', async () => {
    const repo = TestRepo.init();
    repos.push(repo);
    const sha = repo.commit('feat: a', { 'a.txt': 'a\n' });
    const marker = join(repo.dir, 'ran');
    const script = join(repo.dir, '.git', 'evil.sh');
    writeFileSync(script, `#!/bin/sh\necho "$0" >> ${marker}\n`);
    chmodSync(script, 0o755);
    for (const hook of ['post-merge', 'reference-transaction', 'post-checkout', 'pre-commit']) {
      writeFileSync(join(repo.dir, '.git', 'hooks', hook), `#!/bin/sh\necho ${hook} >> ${marker}\n`);
      chmodSync(join(repo.dir, '.git', 'hooks', hook), 0o755);
    }
    repo.git(['config', 'core.fsmonitor', script]);
    const git = new Git(repo.dir, new ProcessRunner(), process.env);
    await git.run(['update-ref', 'refs/heads/other', sha]);
    await git.run(['status', '--porcelain']);
    await git.run(['merge', '--ff-only', '--quiet', 'other']);
    expect(existsSync(marker)).toBe(false);
    // The same commands without the options do run them: the test can fail.
    repo.git(['update-ref', 'refs/heads/third', sha]);
    expect(existsSync(marker)).toBe(true);
  });
});

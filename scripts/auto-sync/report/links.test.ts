import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commitUrlOf, configPathInRepo, webRepositoryOf } from './links.ts';

describe('webRepositoryOf', () => {
  it.each([
    ['https://github.com/acme/web.git', 'https://github.com/acme/web'],
    ['https://github.com/acme/web', 'https://github.com/acme/web'],
    ['https://github.com/acme/web/', 'https://github.com/acme/web'],
    ['https://GitHub.com/Acme/Web.git', 'https://github.com/Acme/Web'],
    ['https://github.com:443/acme/web.git', 'https://github.com/acme/web'],
    ['https://gitlab.com/group/sub/app.git', 'https://gitlab.com/group/sub/app'],
    ['https://codeberg.org/acme/web.git', 'https://codeberg.org/acme/web'],
    ['https://bitbucket.org/acme/web.git', 'https://bitbucket.org/acme/web'],
    ['https://github.com/acme/my.repo_1-x.git', 'https://github.com/acme/my.repo_1-x'],
    // Credentials, query and fragment never survive.
    ['https://x-access-token:ghs_secret@github.com/acme/web.git', 'https://github.com/acme/web'],
    ['https://user@github.com/acme/web', 'https://github.com/acme/web'],
    ['https://github.com/acme/web.git?access_token=ghp_secret', 'https://github.com/acme/web'],
    ['https://github.com/acme/web#token=ghp_secret', 'https://github.com/acme/web'],
  ])('%s → %s', (input, web) => {
    expect(webRepositoryOf(input)?.url).toBe(web);
    expect(webRepositoryOf(input)?.url).not.toMatch(/secret|token|@|\?|#/);
  });

  it.each([
    ['javascript:alert(1)'],
    ['javascript://github.com/acme/web'],
    ['http://github.com/acme/web.git'],
    ['file:///home/me/web'],
    ['/home/me/web'],
    ['../web'],
    ['C:\\src\\web'],
    ['git@github.com:acme/web.git'],
    ['ssh://git@github.com/acme/web.git'],
    ['git://github.com/acme/web.git'],
    ['data:text/html,<script>alert(1)</script>'],
    ['https://github.com.evil.example/acme/web'],
    ['https://evil.example/github.com/acme/web'],
    ['https://evil.example/acme/web'],
    ['https://github.com:8443/acme/web'],
    ['https://github.com/acme'],
    ['https://github.com/acme/web/tree/main'],
    ['https://github.com/acme/../evil/web'],
    ['https://github.com/x/acme/%2e%2e/web'],
    ['https://github.com/acme/./web'],
    ['https://github.com/acme/we%20b'],
    ['https://github.com/acme/we b'],
    ['https://github.com/acme/web)](javascript:alert(1)'],
    ['https://github.com/acme/<img>'],
    ['https://github.com/acme/web\n[x](javascript:1)'],
    ['https://github.com/acme/\u202eweb'],
    ['https://github.com/-acme/.web'],
    ['https://github.com/acme/web.'],
    ['https://[::1]/acme/web'],
    [''],
    ['https://'],
  ])('%j gives no link', (input) => {
    expect(webRepositoryOf(input)).toBeUndefined();
  });

  it('knows a GitHub Enterprise host only when told (GITHUB_SERVER_URL)', () => {
    expect(webRepositoryOf('https://ghe.corp.example/acme/web.git')).toBeUndefined();
    expect(webRepositoryOf('https://ghe.corp.example/acme/web.git', ['ghe.corp.example'])).toEqual({
      url: 'https://ghe.corp.example/acme/web',
      commitPath: 'commit',
    });
  });
});

describe('commitUrlOf', () => {
  const github = webRepositoryOf('https://github.com/acme/web.git');
  const gitlab = webRepositoryOf('https://gitlab.com/acme/web.git');
  it('links a hex commit id in each host’s own form', () => {
    expect(commitUrlOf(github, 'a'.repeat(40))).toBe(`https://github.com/acme/web/commit/${'a'.repeat(40)}`);
    expect(commitUrlOf(gitlab, 'abc1234')).toBe('https://gitlab.com/acme/web/-/commit/abc1234');
  });
  it.each([['../../x'], ['ABCDEF1'], ['abc'], ['a'.repeat(65)], ['abc1234?x=1'], ['']])('%j is not a commit id', (sha) => {
    expect(commitUrlOf(github, sha)).toBeUndefined();
  });
  it('gives nothing without a web repository', () => {
    expect(commitUrlOf(undefined, 'a'.repeat(40))).toBeUndefined();
  });
});

describe('configPathInRepo', () => {
  const root = join('/work', 'target');
  it.each([
    [join(root, 'auto-sync.config.json'), 'auto-sync.config.json'],
    [join(root, '.github', 'auto-sync.json'), '.github/auto-sync.json'],
    [join(root, 'scripts', 'auto-sync', 'config.json'), 'scripts/auto-sync/config.json'],
    [join('/work', 'auto-sync.config.json'), undefined],
    [join('/work', 'target-other', 'x.json'), undefined],
    [root, undefined],
  ])('%s → %s', (path, shown) => {
    expect(configPathInRepo(root, path)).toBe(shown);
  });
});

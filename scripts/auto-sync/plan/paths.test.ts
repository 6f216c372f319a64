import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { BUILTIN_DENY } from '../config/defaults.ts';
import { createMatcher, createPathPolicy } from './paths.ts';

const GLOBS = [
  ...BUILTIN_DENY,
  'src/**/*.{ts,tsx}',
  'docs/*.md',
  '!(vendor)/**/*.js',
  'lib/[a-c]*.ts',
  'a[b].txt',
  '**/.hidden/**',
  'packages/*/package.json',
  '!keep/**',
  '*.lock',
  '@(x|y)/*',
  'deep/**/leaf',
];

const PATHS = [
  '.env',
  '.env.production',
  'app/.env.local',
  'config/secrets/key.json',
  'certs/server.pem',
  'id.key',
  'infra/main.tf',
  'terraform/x.tf',
  'k8s/deploy.yaml',
  'deploy/run.sh',
  '.github/workflows/ci.yml',
  'CODEOWNERS',
  'docs/CODEOWNERS',
  '.neon/auto-sync-state.json',
  'scripts/auto-sync/main.ts',
  'scripts/other.ts',
  'src/a.ts',
  'src/deep/b.tsx',
  'src/c.js',
  'docs/readme.md',
  'docs/sub/readme.md',
  'vendor/x.js',
  'app/x.js',
  'lib/apple.ts',
  'lib/zebra.ts',
  'a[b].txt',
  'ab.txt',
  'x/.hidden/y',
  'packages/core/package.json',
  'packages/core/src/package.json',
  'keep/me',
  'other/file',
  'yarn.lock',
  'sub/yarn.lock',
  'x/file',
  'z/file',
  'deep/leaf',
  'deep/a/b/leaf',
  'deep/leafy',
  'README.md',
  '',
];

describe('createMatcher', () => {
  it.each(GLOBS)('matches exactly what picomatch matches for %s', (glob) => {
    const ours = createMatcher([glob]);
    const theirs = picomatch(glob, { dot: true });
    for (const path of PATHS) expect([path, ours(path)]).toEqual([path, theirs(path)]);
  });

  it('matches a list as picomatch does: when any glob matches', () => {
    const ours = createMatcher(GLOBS);
    const theirs = picomatch([...GLOBS], { dot: true });
    for (const path of PATHS) expect([path, ours(path)]).toEqual([path, theirs(path)]);
    expect(createMatcher([])('anything')).toBe(false);
  });
});

describe('createPathPolicy', () => {
  it('denies the built-in list whatever the config says, then keeps to the allow list', () => {
    const policy = createPathPolicy({ allow: ['src/**'], deny: ['src/generated/**'] });
    expect(policy.check(['src/a.ts', 'src/b.ts'])).toBeUndefined();
    expect(policy.check(['src/a.ts', '.env'])).toEqual({ reason: 'path-denied', file: '.env' });
    expect(policy.check(['src/generated/x.ts'])).toEqual({ reason: 'path-denied', file: 'src/generated/x.ts' });
    expect(policy.check(['src/a.ts', 'README.md'])).toEqual({ reason: 'outside-allowed-paths', file: 'README.md' });
    expect(createPathPolicy({ allow: [], deny: [] }).check(['README.md', 'anything/else'])).toBeUndefined();
  });
});

describe('the built-in deny list', () => {
  const policy = createPathPolicy({ allow: [], deny: [] });
  it.each([
    '.ENV',
    'app/.Env.local',
    'Secrets/x',
    'certs/SERVER.PEM',
    '.GitHub/workflows/x.yml',
    '.GITHUB/workflows/ci.yml',
    'Scripts/Auto-Sync/main.ts',
    '.aws/credentials',
    'home/.ssh/id_rsa',
    'keys/id_ed25519.pub',
    '.npmrc',
    'pkg/.npmrc',
    '.netrc',
    '.git-credentials',
    'cert.p12',
    'cert.PFX',
    '.pypirc',
    '.yarnrc.yml',
    'docs/CODEOWNERS',
    '.husky/pre-commit',
    '.vscode/tasks.json',
    '.gitlab-ci.yml',
    '.ci/run',
    'vendor/repo/.git/config',
    'x/.GIT/hooks/post-checkout',
    '.gitmodules',
    'lib/.gitmodules',
    'node_modules/dep/index.js',
    'a/node_modules/b/c.js',
  ])('denies %s', (file) => {
    expect(policy.check([file])).toEqual({ reason: 'path-denied', file });
  });
  it.each(['src/id_utils.ts', 'src/keyboard.ts', 'docs/secrets.md', 'src/github.ts', 'README.md', 'src/.gitignore', 'package.json'])(
    'allows %s',
    (file) => {
      expect(policy.check([file])).toBeUndefined();
    },
  );
  it('keeps configured globs case-sensitive', () => {
    const custom = createPathPolicy({ allow: [], deny: ['vendor/**'] });
    expect(custom.check(['vendor/x'])).toBeDefined();
    expect(custom.check(['Vendor/x'])).toBeUndefined();
  });
});

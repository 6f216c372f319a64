// Defaults that planning needs at run time, kept free of zod so that an idle run does not load it.

/**
 * Always denied, whatever the config says, and matched without regard to case (a checkout on
 * macOS or Windows honours `.GITHUB/workflows`): secrets and files that hold credentials,
 * production infrastructure, files that change how tools or CI run, embedded repositories and
 * submodules, vendored dependencies, and auto-sync's own control files. The config can only add.
 */
export const BUILTIN_DENY = [
  // secrets and credentials
  '**/.env*',
  '**/secrets/**',
  '**/*.pem',
  '**/*.key',
  '**/*.p12',
  '**/*.pfx',
  '**/id_rsa*',
  '**/id_dsa*',
  '**/id_ecdsa*',
  '**/id_ed25519*',
  '**/.aws/**',
  '**/.ssh/**',
  '**/.netrc',
  '**/.git-credentials',
  '**/.npmrc',
  '**/.pypirc',
  '**/.yarnrc*',
  // production infrastructure
  'infra/**',
  'terraform/**',
  'k8s/**',
  'deploy/**',
  // what changes how CI, hooks, editors and reviews run
  '.github/**',
  '**/CODEOWNERS',
  '.husky/**',
  '.vscode/tasks.json',
  '.gitlab-ci.yml',
  '.ci/**',
  // embedded repositories, submodules, vendored dependencies
  '**/.git',
  '**/.git/**',
  '**/.gitmodules',
  '**/node_modules/**',
  // auto-sync's own files
  '.neon/**',
  'scripts/auto-sync/**',
] as const;

export const DEFAULT_TYPES = ['feat', 'fix', 'perf', 'refactor'];

/** auto-sync's own titles and messages are Conventional Commits of a type (chore) no auto-sync syncs by default. */
export const DEFAULT_MESSAGE_PREFIX = 'chore(auto-sync)';

// Defaults that planning needs at run time, kept free of zod so that an idle run does not load it.

/** Always denied, whatever the config says: secrets, production infrastructure and auto-sync's own control files. */
export const BUILTIN_DENY = [
  '**/.env*',
  '**/secrets/**',
  '**/*.pem',
  '**/*.key',
  'infra/**',
  'terraform/**',
  'k8s/**',
  'deploy/**',
  '.github/**',
  'CODEOWNERS',
  '.neon/**',
  'scripts/auto-sync/**',
] as const;

export const DEFAULT_TYPES = ['feat', 'fix', 'perf', 'refactor'];

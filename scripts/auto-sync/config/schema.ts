import { z } from 'zod';

// The configuration's shape and defaults. Validation in stages lives in config.ts;
// this file is also exported as JSON Schema (config.schema.json) for editors.

export { BUILTIN_DENY, DEFAULT_TYPES } from './defaults.ts';
import { DEFAULT_MESSAGE_PREFIX, DEFAULT_TYPES } from './defaults.ts';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const SHA = /^[0-9a-f]{7,64}$/;
// A conservative subset of what `git check-ref-format --branch` allows.
const BRANCH = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*@\{|.*\.lock$|.*\.$|-)[A-Za-z0-9._/-]+$/;

const commandSchema = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .describe('A shell command line (run with sh -c) or an argv array (run directly).');

const globList = z.array(z.string().min(1));

const sourceSchema = z.strictObject({
  name: z
    .string()
    .regex(NAME, 'letters, digits, ".", "_" or "-", starting with a letter or digit')
    .describe('Short name; used in ref and branch names.'),
  url: z.string().min(1).describe('https://, ssh://, git@host:path, file:// or a local path.'),
  branch: z.string().regex(BRANCH, 'a valid branch name').default('main'),
  tokenEnv: z
    .string()
    .regex(ENV_NAME, 'an environment variable name')
    .default('SOURCE_PAT')
    .describe('Environment variable holding the token for this source (https only).'),
  since: z
    .string()
    .regex(SHA, 'a commit sha (7 to 64 hex digits, lower case)')
    .optional()
    .describe('Sync only the commits after this one (it counts as already synced).'),
});

const checkSchema = z.strictObject({
  name: z.string().regex(NAME, 'letters, digits, ".", "_" or "-"'),
  run: commandSchema.optional(),
  builtin: z.enum(['prisma-validate']).optional().describe('A check built into auto-sync instead of a command.'),
  when: globList.optional().describe('Run only when the batch touches one of these globs.'),
  timeoutMs: z.number().int().positive().max(3_600_000).default(600_000),
  parser: z
    .enum(['auto', 'tsc', 'eslint', 'vitest', 'jest', 'node-test', 'none'])
    .default('auto')
    .describe('auto: from the program the command (or the package.json script it runs) starts; none: count nothing.'),
});

const smokeSchema = z.strictObject({
  name: z.string().regex(NAME, 'letters, digits, ".", "_" or "-"'),
  start: commandSchema,
  url: z.string().min(1).describe('A path such as /health (served on 127.0.0.1:$PORT) or a full loopback URL with {port}.'),
  expectStatus: z.number().int().min(100).max(599).default(200),
  timeoutMs: z.number().int().positive().max(600_000).default(30_000),
});

export const DEFAULT_CHECKS: z.input<typeof checkSchema>[] = [
  // Fitted to the repository at verify time (checks/plan-check.ts): a missing script is skipped,
  // tsc runs only in a TypeScript project, the parser follows the tool the script runs.
  { name: 'typecheck', run: 'npx --no-install tsc --noEmit', parser: 'auto', timeoutMs: 600_000 },
  { name: 'lint', run: 'npm run --if-present lint', parser: 'auto', timeoutMs: 600_000 },
  { name: 'build', run: 'npm run --if-present build', parser: 'auto', timeoutMs: 900_000 },
  { name: 'test', run: 'npm test', parser: 'auto', timeoutMs: 900_000 },
  { name: 'prisma', builtin: 'prisma-validate', when: ['prisma/**', '**/schema.prisma'], timeoutMs: 60_000 },
];

export const DEFAULT_SMOKE: z.input<typeof smokeSchema>[] = [
  { name: 'api-health', start: 'npm start', url: '/health', timeoutMs: 30_000 },
  { name: 'web-root', start: 'npm start', url: '/', timeoutMs: 30_000 },
];

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  sources: z.array(sourceSchema).min(1, 'at least one source'),
  target: z
    .strictObject({
      branch: z.string().regex(BRANCH, 'a valid branch name').default('main'),
      integrationBranchPrefix: z
        .string()
        .regex(/^[A-Za-z0-9._/-]+\/$/, 'a branch prefix ending in "/"')
        .default('auto-sync/'),
      identity: z
        .string()
        .regex(/^[\w.-]+\/[\w.-]+$/, '"owner/name"')
        .optional()
        .describe('The target repository as owner/name; default GITHUB_REPOSITORY, else its origin remote.'),
      committer: z
        .strictObject({ name: z.string().min(1), email: z.string().min(3) })
        .prefault({ name: 'auto-sync', email: 'auto-sync@users.noreply.github.com' }),
    })
    .prefault({}),
  commits: z
    .strictObject({
      types: z
        .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a lower-case conventional type'))
        .min(1)
        .default(DEFAULT_TYPES),
      breaking: z.enum(['allow', 'hold']).default('hold').describe('hold: breaking changes stay pending until allowed or skipped.'),
      maxPerRun: z.number().int().min(1).max(10_000).default(50),
      skip: z.array(z.string().regex(SHA, 'a commit sha (7 to 64 hex digits, lower case)')).default([]),
      onConflict: z
        .enum(['skip', 'stop', 'propose'])
        .default('skip')
        .describe(
          'skip: go on with the next commit; stop: leave the rest pending; propose: as skip, and a conflict that persists (pending as a conflict in the previous run too) is delivered as a draft proposal with its markers committed (the oldest one per source and run).',
        ),
      follow: z
        .enum(['first-parent', 'all'])
        .default('first-parent')
        .describe(
          'first-parent: a merge is one unit (its first-parent diff) and its side-branch commits are not listed; all: every commit.',
        ),
      prerequisites: z
        .enum(['include', 'hold'])
        .default('include')
        .describe(
          'A wanted commit that conflicts: include the skipped commits it depends on (line level), or hold it pending, naming them.',
        ),
    })
    .prefault({}),
  paths: z
    .strictObject({
      allow: globList.default([]).describe('When not empty, every file a commit touches must match one of these.'),
      deny: globList
        .default([])
        .describe('Added to the built-in deny list (secrets, infrastructure, CI and auto-sync files), which always applies.'),
      maxFileBytes: z
        .number()
        .int()
        .min(1)
        .default(5 * 1024 * 1024)
        .describe('A commit that writes a file larger than this is held (reason file-too-large).'),
    })
    .prefault({}),
  retry: z
    .strictObject({
      attempts: z.number().int().min(1).max(10).default(3),
      backoffMs: z.number().int().min(0).max(60_000).default(1_500).describe('Wait before retry n is n × backoffMs.'),
    })
    .prefault({}),
  install: z
    .strictObject({
      run: commandSchema.default('npm ci --ignore-scripts'),
      timeoutMs: z.number().int().positive().default(900_000),
    })
    .prefault({}),
  checks: z.array(checkSchema).prefault(DEFAULT_CHECKS),
  smoke: z.array(smokeSchema).prefault(DEFAULT_SMOKE),
  verify: z
    .strictObject({
      envAllow: z
        .array(z.string().regex(ENV_NAME, 'an environment variable name'))
        .default([])
        .describe('Extra environment variables passed to checks.'),
      sandbox: z
        .enum(['auto', 'required', 'off'])
        .default('auto')
        .describe(
          'How sibling code is isolated: auto uses the strongest sandbox this machine offers, required fails (SANDBOX_UNAVAILABLE) when there is none, off runs it with a scrubbed environment only.',
        ),
    })
    .prefault({}),
  risk: z
    .strictObject({
      weights: z
        .strictObject({
          filesChanged: z.number().min(0).default(1),
          typeErrors: z.number().min(0).default(3),
          testFailures: z.number().min(0).default(5),
          prismaSchema: z.number().min(0).default(2),
          dependencies: z.number().min(0).default(2).describe('Per dependency added, removed or changed in a package.json.'),
          lockfile: z.number().min(0).default(1).describe('Once when a lockfile changes.'),
          scripts: z.number().min(0).default(5).describe('Once when package.json scripts change; such a batch is always proposed.'),
          deletions: z.number().min(0).default(0.5).describe('Per file deleted.'),
          symlinks: z.number().min(0).default(2).describe('Per symbolic link added or changed.'),
          binaries: z.number().min(0).default(1).describe('Per binary file added or changed.'),
          executables: z.number().min(0).default(1).describe('Per file whose executable bit is set.'),
          migrations: z.number().min(0).default(3).describe('Once when a database migration is added or changed.'),
          linesChanged: z.number().min(0).default(0.01).describe('Per line added or deleted.'),
          prerequisites: z.number().min(0).default(1).describe('Per commit brought in as a prerequisite of a wanted one.'),
          lockfileRegenerated: z
            .number()
            .min(0)
            .default(3)
            .describe(
              'Once when a conflict only in lockfiles was resolved by regenerating them in verify; such a batch is always proposed.',
            ),
        })
        .prefault({}),
      prismaGlobs: globList.default(['prisma/**/*.prisma', '**/schema.prisma']),
      migrationGlobs: globList.default(['**/migrations/**', '**/migrate/**', '**/*.sql']),
      levels: z.strictObject({ lowMax: z.number().min(0).default(5), mediumMax: z.number().min(0).default(15) }).prefault({}),
      autoMergeMaxRisk: z.number().min(0).default(5),
    })
    .prefault({}),
  forge: z
    .strictObject({
      type: z.enum(['local', 'github']).default('local'),
      mergeMethod: z.enum(['merge', 'squash']).default('merge'),
      messagePrefix: z
        .string()
        .regex(/^[a-z][a-z0-9-]*(\([A-Za-z0-9._/-]+\))?$/, 'a Conventional Commits type with an optional scope, e.g. chore(auto-sync)')
        .default(DEFAULT_MESSAGE_PREFIX)
        .describe(
          'Starts every title and message auto-sync writes (proposals, drafts, merge and squash messages): "<prefix>: sync 3 commits from …". Keep a type that is not in commits.types, so that a downstream auto-sync does not sync these onward.',
        ),
    })
    .prefault({}),
});

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
export type SourceConfig = Config['sources'][number];
export type CheckConfig = Config['checks'][number];
export type SmokeConfig = Config['smoke'][number];

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://auto-sync.local/config.schema.json', title: 'auto-sync configuration' };
}

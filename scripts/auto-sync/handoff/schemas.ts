import { z } from 'zod';
import { formatPath } from '../config/format-path.ts';
import { SyncError } from '../errors.ts';
import type { ErrorSummary } from '../errors.ts';
import type { TargetInfo } from '../pipeline/plan.ts';
import { SKIP_REASONS, type CommitDecision } from '../plan/types.ts';
import type {
  CheckOutcome,
  DraftHandoff,
  Integration,
  LockfileOutcome,
  PlanFile,
  PreparedSource,
  ResultsFile,
  SmokeOutcome,
  VerifiedSource,
} from './files.ts';

// The schemas of plan.json and results.json. Both are read back by a later phase; results.json is
// written by the verify phase, which runs the sources' own code, so it is hostile input: every
// field is checked (counts, statuses, shas, lengths) before anything scores or delivers it.
// handoff/ is only ever imported lazily (commands/verify, commands/publish, pipeline/steps), so an
// idle run never loads zod through here. Unknown keys are dropped, never passed on.

const VERSION = 1; // HANDOFF_VERSION; a literal here so that the two modules need no load order.

/** Shell- and path-safe names, as the config allows for sources. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

const KB = 1024;
/** Names, branches, refs, identities, parser names, error codes. */
const SHORT_MAX = 1 * KB;
/** A file path in a commit. */
const PATH_MAX = 16 * KB;
/** Commit subjects, details, error messages: one line of text, but from the sources. */
const TEXT_MAX = 256 * KB;
/** Captured output (tail, firstLines, outputTail): checks keep 64 KiB per stream. */
const OUTPUT_MAX = 512 * KB;
/** Lists in plan.json (commits listed, files changed): generous, but finite. */
const LIST_MAX = 1_000_000;
/** Lists in results.json (checks, probes, findings). */
const RESULT_LIST_MAX = 100_000;
/** A regenerated lockfile in results.json: large projects' run to a few MiB. */
const LOCKFILE_MAX = 32 * KB * KB;
/** Lockfiles regenerated per source. */
const LOCKFILES_MAX = 100;

const sha = z.string().regex(SHA, 'a 40- or 64-digit lowercase hex object id');
const sourceName = z.string().regex(NAME, 'a source name: letters, digits, ".", "_" or "-"');
const short = z.string().max(SHORT_MAX);
const text = z.string().max(TEXT_MAX);
const output = z.string().max(OUTPUT_MAX);
const path = z.string().min(1).max(PATH_MAX);
const count = z.number().int().nonnegative();
const duration = z.number().nonnegative().finite();
const list = <T extends z.ZodType>(item: T, max = LIST_MAX) => z.array(item).max(max);

// ---- plan.json ----

const errorSummarySchema = z.object({ code: short, message: text, hint: text, stack: z.string().max(16_384).optional() });

const commitDecisionSchema = z.object({
  sha,
  subject: text,
  type: short.nullable(),
  scope: short.nullable(),
  breaking: z.boolean(),
  author: text,
  files: list(path),
  decision: z.enum(['picked', 'skipped']),
  reason: z.enum(['picked', ...SKIP_REASONS]),
  detail: text.optional(),
});

const targetInfoSchema = z.object({
  branch: short,
  ref: short,
  head: sha,
  headTime: count,
  identity: short,
});

const integrationSchema = z.object({
  branch: short,
  base: sha,
  head: sha,
  /** A file name in the hand-off directory (never a path): `<source>.bundle`. */
  bundle: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\.bundle$/, 'a bundle file name, <source>.bundle'),
  applied: list(z.object({ sha, newSha: sha })),
  conflicts: list(z.object({ sha, paths: list(path) })),
  files: list(path),
  carried: list(sha),
  changes: z.object({
    dependencies: list(text),
    lockfiles: list(path),
    scripts: list(text),
    deleted: list(path),
    symlinks: list(path),
    binaries: list(path),
    executables: list(path),
    migrations: list(path),
    linesChanged: count,
  }),
  regenerate: list(z.object({ sha, paths: list(path) })).optional(),
});

const draftSchema = z.object({
  sha,
  branch: short,
  base: sha,
  head: sha,
  paths: list(path),
  // "_" cannot begin a source name, so no draft bundle can be another source's integration bundle.
  bundle: z.string().regex(/^_draft\.[A-Za-z0-9][A-Za-z0-9._-]{0,62}\.bundle$/, 'a bundle file name, _draft.<source>.bundle'),
});

const preparedSourceSchema = z.object({
  name: sourceName,
  origin: short,
  status: z.enum(['ok', 'unchanged', 'error']),
  head: sha.nullable(),
  previousHead: sha.nullable(),
  listed: list(sha),
  commits: list(commitDecisionSchema),
  error: errorSummarySchema.nullable(),
  integration: integrationSchema.nullable(),
  unchangedSince: z.object({ branch: short, head: sha }).nullable(),
  settled: list(z.object({ sha, decision: z.enum(['applied', 'declined']), proposal: z.number().int().positive() })),
  draft: draftSchema.optional(),
});

export const planFileSchema = z.object({
  version: z.literal(VERSION),
  createdAt: short,
  target: targetInfoSchema.nullable(),
  sources: list(preparedSourceSchema),
});

// ---- results.json ----

const resultStatus = z.enum(['passed', 'failed', 'timed-out', 'error', 'skipped']);

const checkOutcomeSchema = z.object({
  name: short,
  status: resultStatus,
  durationMs: duration,
  errors: count,
  failures: count,
  newErrors: count,
  newFailures: count,
  newFindings: list(text, RESULT_LIST_MAX),
  firstLines: list(output, RESULT_LIST_MAX),
  tail: output,
  message: output.optional(),
  parser: short,
});

const smokeOutcomeSchema = z.object({
  name: short,
  status: resultStatus,
  httpStatus: z.number().int().min(0).max(999).optional(),
  durationMs: duration,
  outputTail: output,
  message: output.optional(),
});

const lockfileOutcomeSchema = z.object({
  status: z.enum(['ran', 'failed']),
  reason: output,
  durationMs: duration,
  files: list(z.object({ path, content: z.string().max(LOCKFILE_MAX) }), LOCKFILES_MAX),
  tree: sha.nullable(),
});

const verifiedSourceSchema = z.object({
  name: sourceName,
  head: sha,
  install: z.object({ status: z.enum(['ran', 'skipped', 'failed']), reason: output, durationMs: duration }),
  checks: list(checkOutcomeSchema, RESULT_LIST_MAX),
  smoke: list(smokeOutcomeSchema, RESULT_LIST_MAX),
  baseline: z.object({ tree: sha, cached: z.boolean() }).nullable(),
  lockfiles: lockfileOutcomeSchema.optional(),
});

export const resultsFileSchema = z.object({
  version: z.literal(VERSION),
  createdAt: short,
  sources: list(verifiedSourceSchema, RESULT_LIST_MAX),
  sandbox: z.enum(['bwrap', 'unshare-root', 'unshare-user', 'none']).optional(),
});

// ---- the schemas and the interfaces agree (checked by tsc) ----

/** Each assignable to the other, with the same keys: a field added, dropped or retyped on one side fails. */
type Agree<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;
type Item<T> = T extends readonly (infer U)[] ? U : never;
type Infer<S extends z.ZodType> = z.infer<S>;

const agreement: {
  errorSummary: Agree<Infer<typeof errorSummarySchema>, ErrorSummary>;
  commitDecision: Agree<Infer<typeof commitDecisionSchema>, CommitDecision>;
  targetInfo: Agree<Infer<typeof targetInfoSchema>, TargetInfo>;
  integration: Agree<Infer<typeof integrationSchema>, Integration>;
  applied: Agree<Item<Infer<typeof integrationSchema>['applied']>, Item<Integration['applied']>>;
  conflicts: Agree<Item<Infer<typeof integrationSchema>['conflicts']>, Item<Integration['conflicts']>>;
  preparedSource: Agree<Infer<typeof preparedSourceSchema>, PreparedSource>;
  unchangedSince: Agree<NonNullable<Infer<typeof preparedSourceSchema>['unchangedSince']>, NonNullable<PreparedSource['unchangedSince']>>;
  settled: Agree<Item<Infer<typeof preparedSourceSchema>['settled']>, Item<PreparedSource['settled']>>;
  draft: Agree<Infer<typeof draftSchema>, DraftHandoff>;
  planFile: Agree<Infer<typeof planFileSchema>, PlanFile>;
  checkOutcome: Agree<Infer<typeof checkOutcomeSchema>, CheckOutcome>;
  smokeOutcome: Agree<Infer<typeof smokeOutcomeSchema>, SmokeOutcome>;
  verifiedSource: Agree<Infer<typeof verifiedSourceSchema>, VerifiedSource>;
  install: Agree<Infer<typeof verifiedSourceSchema>['install'], VerifiedSource['install']>;
  baseline: Agree<NonNullable<Infer<typeof verifiedSourceSchema>['baseline']>, NonNullable<VerifiedSource['baseline']>>;
  resultsFile: Agree<Infer<typeof resultsFileSchema>, ResultsFile>;
  regenerate: Agree<Item<NonNullable<Infer<typeof integrationSchema>['regenerate']>>, Item<NonNullable<Integration['regenerate']>>>;
  lockfiles: Agree<NonNullable<Infer<typeof verifiedSourceSchema>['lockfiles']>, LockfileOutcome>;
} = {
  errorSummary: true,
  commitDecision: true,
  targetInfo: true,
  integration: true,
  applied: true,
  conflicts: true,
  preparedSource: true,
  unchangedSince: true,
  settled: true,
  draft: true,
  planFile: true,
  checkOutcome: true,
  smokeOutcome: true,
  verifiedSource: true,
  install: true,
  baseline: true,
  resultsFile: true,
  regenerate: true,
  lockfiles: true,
};
void agreement;

// ---- validation ----

const MAX_LISTED = 100;

/** Validates a parsed hand-off file; `file` names it in the error. Every problem is listed with its path. */
export function parseHandoff<S extends typeof planFileSchema | typeof resultsFileSchema>(
  schema: S,
  raw: unknown,
  file: string,
): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data as z.infer<S>;
  const all = parsed.error.issues.map((i) => `${formatPath(i.path) || '(top level)'}: ${i.message}`);
  // A hostile file can hold millions of bad entries: the count is exact, the list is not endless.
  const problems = all.length > MAX_LISTED ? [...all.slice(0, MAX_LISTED), `…and ${all.length - MAX_LISTED} more`] : all;
  const version = (raw as { version?: unknown } | null)?.version;
  const noun = all.length === 1 ? 'problem' : 'problems';
  const message =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) && version !== VERSION
      ? `${file} has hand-off version ${JSON.stringify(version) ?? 'undefined'}; this auto-sync reads version ${VERSION} (was it written by this version of auto-sync?)`
      : `${file} is not a valid hand-off file: ${all.length} ${noun}`;
  throw new SyncError('HANDOFF_INVALID', message, { details: problems });
}

export function parsePlanFile(raw: unknown, file: string): PlanFile {
  return parseHandoff(planFileSchema, raw, file);
}

export function parseResultsFile(raw: unknown, file: string): ResultsFile {
  return parseHandoff(resultsFileSchema, raw, file);
}

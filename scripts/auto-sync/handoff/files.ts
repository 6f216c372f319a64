import type { ChangeFacts } from '../plan/change-facts.ts';
import type { ResultStatus } from '../plan/types.ts';
import type { SandboxMode } from '../proc/sandbox.ts';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SyncError } from '../errors.ts';
import { parsePlanFile, parseResultsFile } from './schemas.ts';
import type { SourcePlan, TargetInfo } from '../pipeline/plan.ts';

// The hand-off between phases: a directory with plan.json (prepare), one git bundle per source
// with work, checksums.json over both, and results.json (verify). publish checks the checksums
// before it delivers anything, so verify cannot slip other commits in.

export const HANDOFF_VERSION = 1;
export const PLAN_FILE = 'plan.json';
export const RESULTS_FILE = 'results.json';
export const CHECKSUMS_FILE = 'checksums.json';

export interface Integration {
  branch: string;
  /** The target head the branch was built on. */
  base: string;
  head: string;
  bundle: string;
  /** Origin shas applied, in order, with the commit each became. */
  applied: { sha: string; newSha: string }[];
  conflicts: { sha: string; paths: string[] }[];
  /** Files changed between base and head (the batch). */
  files: string[];
  /** Commits re-applied from an earlier proposal that is still open. */
  carried: string[];
  /** What the batch changes beyond file names, for the risk score and the review gate. */
  changes: ChangeFacts;
  /** Commits applied with their conflicting lockfiles kept as the target has them: verify regenerates these paths (plan/lockfiles.ts). */
  regenerate?: { sha: string; paths: string[] }[];
}

/** The oldest persisting conflict, committed with its markers (commits.onConflict "propose"): never verified, never merged. */
export interface DraftHandoff {
  /** The source commit that conflicts. */
  sha: string;
  /** The draft branch (plan/conflict-draft.ts draftBranchName). */
  branch: string;
  /** The commit the draft sits on: the batch's integration head, or the target head. */
  base: string;
  /** The draft commit (its parent is `base`). */
  head: string;
  /** The files holding conflict markers. */
  paths: string[];
  /** `_draft.<source>.bundle` in the hand-off directory. */
  bundle: string;
}

/** A planned source (as planning left it, commits revised by integration) with its integration. */
export interface PreparedSource extends Omit<SourcePlan, 'durationMs'> {
  integration: Integration | null;
  /** The batch is exactly what the last run already proposed: nothing to validate or deliver again. */
  unchangedSince: { branch: string; head: string } | null;
  /** Commits of earlier proposals that a person has since merged or closed: recorded, not carried. */
  settled: { sha: string; decision: 'applied' | 'declined'; proposal: number }[];
  draft?: DraftHandoff;
}

export interface PlanFile {
  version: typeof HANDOFF_VERSION;
  createdAt: string;
  target: TargetInfo | null;
  sources: PreparedSource[];
}

export interface CheckOutcome {
  name: string;
  status: ResultStatus;
  durationMs: number;
  errors: number;
  failures: number;
  newErrors: number;
  newFailures: number;
  newFindings: string[];
  firstLines: string[];
  tail: string;
  message?: string;
  parser: string;
}

export interface SmokeOutcome {
  name: string;
  status: ResultStatus;
  httpStatus?: number;
  durationMs: number;
  outputTail: string;
  message?: string;
}

export interface VerifiedSource {
  name: string;
  head: string;
  install: { status: 'ran' | 'skipped' | 'failed'; reason: string; durationMs: number };
  checks: CheckOutcome[];
  smoke: SmokeOutcome[];
  baseline: { tree: string; cached: boolean } | null;
  /** The lockfiles regenerated before install (Integration.regenerate); what publish commits. */
  lockfiles?: LockfileOutcome;
}

export interface LockfileOutcome {
  status: 'ran' | 'failed';
  /** The commands run, or why regenerating failed. */
  reason: string;
  durationMs: number;
  /** The regenerated files (only when it ran), as UTF-8 text. */
  files: { path: string; content: string }[];
  /** The tree the checks ran on: the integration head's with `files` written in. */
  tree: string | null;
}

export interface ResultsFile {
  version: typeof HANDOFF_VERSION;
  createdAt: string;
  sources: VerifiedSource[];
  /** How sibling code was isolated (proc/sandbox.ts); absent in files from before it was recorded. */
  sandbox?: SandboxMode;
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The bundle files of a source in the hand-off: its integration's and its draft's. */
function bundlesOf(source: PreparedSource): string[] {
  return [...(source.integration ? [source.integration.bundle] : []), ...(source.draft ? [source.draft.bundle] : [])];
}

/** Writes plan.json and checksums.json; returns the digest of checksums.json, to hand to publish out of band. */
export async function writePlanFile(dir: string, plan: PlanFile): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, PLAN_FILE), `${JSON.stringify(plan, null, 2)}\n`);
  const sums: Record<string, string> = { [PLAN_FILE]: await sha256File(join(dir, PLAN_FILE)) };
  for (const source of plan.sources) for (const bundle of bundlesOf(source)) sums[bundle] = await sha256File(join(dir, bundle));
  const text = `${JSON.stringify(sums, null, 2)}\n`;
  await writeFile(join(dir, CHECKSUMS_FILE), text);
  return sha256Text(text);
}

async function readText(dir: string, file: string): Promise<string> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch {
    throw new SyncError('HANDOFF_INVALID', `${join(dir, file)} is missing`);
  }
}

function parseJson(text: string, dir: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new SyncError('HANDOFF_INVALID', `${join(dir, file)} is not valid JSON`);
  }
}

async function readJson(dir: string, file: string): Promise<unknown> {
  return parseJson(await readText(dir, file), dir, file);
}

export async function readPlanFile(dir: string): Promise<PlanFile> {
  return parsePlanFile(await readJson(dir, PLAN_FILE), join(dir, PLAN_FILE));
}

/**
 * Checks plan.json and every bundle against checksums.json, and checksums.json itself against the
 * digest prepare printed (when given): verify runs untrusted code and could rewrite anything else.
 */
export async function verifyHandoff(dir: string, expectedDigest: string | undefined): Promise<PlanFile> {
  let sumsText: string;
  try {
    sumsText = await readFile(join(dir, CHECKSUMS_FILE), 'utf8');
  } catch {
    throw new SyncError('BUNDLE_TAMPERED', `${join(dir, CHECKSUMS_FILE)} is missing`);
  }
  if (expectedDigest && sha256Text(sumsText) !== expectedDigest) {
    throw new SyncError('BUNDLE_TAMPERED', `${CHECKSUMS_FILE} does not match the digest prepare printed`);
  }
  let sums: unknown;
  try {
    sums = JSON.parse(sumsText);
  } catch {
    throw new SyncError('BUNDLE_TAMPERED', `${CHECKSUMS_FILE} in ${dir} is not valid JSON`);
  }
  const recorded = (file: string): string | undefined => {
    const value =
      typeof sums === 'object' && sums !== null && Object.hasOwn(sums, file) ? (sums as Record<string, unknown>)[file] : undefined;
    return typeof value === 'string' ? value : undefined;
  };
  // plan.json is read once, and checked against its checksum before it is parsed: a tampered
  // plan is BUNDLE_TAMPERED, and only a plan prepare wrote is validated (handoff/schemas.ts).
  const planBytes = await readFile(join(dir, PLAN_FILE)).catch(() => {
    throw new SyncError('HANDOFF_INVALID', `${join(dir, PLAN_FILE)} is missing`);
  });
  if (recorded(PLAN_FILE) !== createHash('sha256').update(planBytes).digest('hex'))
    throw new SyncError('BUNDLE_TAMPERED', `${PLAN_FILE} in ${dir} does not match the checksum prepare recorded`);
  const plan = parsePlanFile(parseJson(planBytes.toString('utf8'), dir, PLAN_FILE), join(dir, PLAN_FILE));
  for (const file of plan.sources.flatMap(bundlesOf)) {
    const want = recorded(file);
    const got = await sha256File(join(dir, file)).catch(() => undefined);
    if (!want || want !== got) throw new SyncError('BUNDLE_TAMPERED', `${file} in ${dir} does not match the checksum prepare recorded`);
  }
  return plan;
}

export async function writeResultsFile(dir: string, results: ResultsFile): Promise<void> {
  await writeFile(join(dir, RESULTS_FILE), `${JSON.stringify(results, null, 2)}\n`);
}

export async function readResultsFile(dir: string): Promise<ResultsFile> {
  // Written by the verify phase, which ran the sources' code: every field is checked (handoff/schemas.ts).
  return parseResultsFile(await readJson(dir, RESULTS_FILE), join(dir, RESULTS_FILE));
}

#!/usr/bin/env node
// auto-sync, bundled by scripts/build.ts from scripts/auto-sync/ (do not edit: run `npm run build`).
if (Number(process.versions.node.split('.')[0]) < 24) {
  process.stderr.write(`error: RUNTIME_UNSUPPORTED: ${"auto-sync needs Node 24 or newer; this is Node "}${process.versions.node}\n  → ${"Use Node 24 or newer (in this repository `npx node` is Node 24; on a runner actions/setup-node with node-version: 24) and git 2.38 or newer (for merge-tree --write-tree)."}\n`);
  process.exit(2);
}
import { createRequire as __autoSyncCreateRequire } from 'node:module';
import { dirname as __autoSyncDirname } from 'node:path';
import { fileURLToPath as __autoSyncFileURLToPath } from 'node:url';
const require = __autoSyncCreateRequire(import.meta.url);
const __filename = __autoSyncFileURLToPath(import.meta.url);
const __dirname = __autoSyncDirname(__filename);
const __autoSyncDistDir = __dirname;
import {
  SKIP_REASONS
} from "./chunk-ZXZMSE3Y.mjs";
import {
  external_exports
} from "./chunk-KLZKRLRV.mjs";
import {
  formatPath
} from "./chunk-RDSVHA4S.mjs";
import {
  SyncError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/handoff/files.ts
init_define_AUTO_SYNC_BUILD();
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

// scripts/auto-sync/handoff/schemas.ts
init_define_AUTO_SYNC_BUILD();
var VERSION = 1;
var NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
var SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
var KB = 1024;
var SHORT_MAX = 1 * KB;
var PATH_MAX = 16 * KB;
var TEXT_MAX = 256 * KB;
var OUTPUT_MAX = 512 * KB;
var LIST_MAX = 1e6;
var RESULT_LIST_MAX = 1e5;
var LOCKFILE_MAX = 32 * KB * KB;
var LOCKFILES_MAX = 100;
var sha = external_exports.string().regex(SHA, "a 40- or 64-digit lowercase hex object id");
var sourceName = external_exports.string().regex(NAME, 'a source name: letters, digits, ".", "_" or "-"');
var short = external_exports.string().max(SHORT_MAX);
var text = external_exports.string().max(TEXT_MAX);
var output = external_exports.string().max(OUTPUT_MAX);
var path = external_exports.string().min(1).max(PATH_MAX);
var count = external_exports.number().int().nonnegative();
var duration = external_exports.number().nonnegative().finite();
var list = (item, max = LIST_MAX) => external_exports.array(item).max(max);
var errorSummarySchema = external_exports.object({ code: short, message: text, hint: text, stack: external_exports.string().max(16384).optional() });
var commitDecisionSchema = external_exports.object({
  sha,
  subject: text,
  type: short.nullable(),
  scope: short.nullable(),
  breaking: external_exports.boolean(),
  author: text,
  files: list(path),
  decision: external_exports.enum(["picked", "skipped"]),
  reason: external_exports.enum(["picked", ...SKIP_REASONS]),
  detail: text.optional()
});
var targetInfoSchema = external_exports.object({
  branch: short,
  ref: short,
  head: sha,
  headTime: count,
  identity: short
});
var integrationSchema = external_exports.object({
  branch: short,
  base: sha,
  head: sha,
  /** A file name in the hand-off directory (never a path): `<source>.bundle`. */
  bundle: external_exports.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}\.bundle$/, "a bundle file name, <source>.bundle"),
  applied: list(external_exports.object({ sha, newSha: sha })),
  conflicts: list(external_exports.object({ sha, paths: list(path) })),
  files: list(path),
  carried: list(sha),
  changes: external_exports.object({
    dependencies: list(text),
    lockfiles: list(path),
    scripts: list(text),
    deleted: list(path),
    symlinks: list(path),
    binaries: list(path),
    executables: list(path),
    migrations: list(path),
    linesChanged: count
  }),
  regenerate: list(external_exports.object({ sha, paths: list(path) })).optional()
});
var draftSchema = external_exports.object({
  sha,
  branch: short,
  base: sha,
  head: sha,
  paths: list(path),
  // "_" cannot begin a source name, so no draft bundle can be another source's integration bundle.
  bundle: external_exports.string().regex(/^_draft\.[A-Za-z0-9][A-Za-z0-9._-]{0,62}\.bundle$/, "a bundle file name, _draft.<source>.bundle")
});
var preparedSourceSchema = external_exports.object({
  name: sourceName,
  origin: short,
  status: external_exports.enum(["ok", "unchanged", "error"]),
  head: sha.nullable(),
  previousHead: sha.nullable(),
  listed: list(sha),
  commits: list(commitDecisionSchema),
  error: errorSummarySchema.nullable(),
  integration: integrationSchema.nullable(),
  unchangedSince: external_exports.object({ branch: short, head: sha }).nullable(),
  settled: list(external_exports.object({ sha, decision: external_exports.enum(["applied", "declined"]), proposal: external_exports.number().int().positive() })),
  draft: draftSchema.optional()
});
var planFileSchema = external_exports.object({
  version: external_exports.literal(VERSION),
  createdAt: short,
  target: targetInfoSchema.nullable(),
  sources: list(preparedSourceSchema)
});
var resultStatus = external_exports.enum(["passed", "failed", "timed-out", "error", "skipped"]);
var checkOutcomeSchema = external_exports.object({
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
  parser: short
});
var smokeOutcomeSchema = external_exports.object({
  name: short,
  status: resultStatus,
  httpStatus: external_exports.number().int().min(0).max(999).optional(),
  durationMs: duration,
  outputTail: output,
  message: output.optional()
});
var lockfileOutcomeSchema = external_exports.object({
  status: external_exports.enum(["ran", "failed"]),
  reason: output,
  durationMs: duration,
  files: list(external_exports.object({ path, content: external_exports.string().max(LOCKFILE_MAX) }), LOCKFILES_MAX),
  tree: sha.nullable()
});
var verifiedSourceSchema = external_exports.object({
  name: sourceName,
  head: sha,
  install: external_exports.object({ status: external_exports.enum(["ran", "skipped", "failed"]), reason: output, durationMs: duration }),
  checks: list(checkOutcomeSchema, RESULT_LIST_MAX),
  smoke: list(smokeOutcomeSchema, RESULT_LIST_MAX),
  baseline: external_exports.object({ tree: sha, cached: external_exports.boolean() }).nullable(),
  lockfiles: lockfileOutcomeSchema.optional()
});
var resultsFileSchema = external_exports.object({
  version: external_exports.literal(VERSION),
  createdAt: short,
  sources: list(verifiedSourceSchema, RESULT_LIST_MAX),
  sandbox: external_exports.enum(["bwrap", "unshare-root", "unshare-user", "none"]).optional()
});
var MAX_LISTED = 100;
function parseHandoff(schema, raw, file) {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const all = parsed.error.issues.map((i) => `${formatPath(i.path) || "(top level)"}: ${i.message}`);
  const problems = all.length > MAX_LISTED ? [...all.slice(0, MAX_LISTED), `…and ${all.length - MAX_LISTED} more`] : all;
  const version = raw?.version;
  const noun = all.length === 1 ? "problem" : "problems";
  const message = typeof raw === "object" && raw !== null && !Array.isArray(raw) && version !== VERSION ? `${file} has hand-off version ${JSON.stringify(version) ?? "undefined"}; this auto-sync reads version ${VERSION} (was it written by this version of auto-sync?)` : `${file} is not a valid hand-off file: ${all.length} ${noun}`;
  throw new SyncError("HANDOFF_INVALID", message, { details: problems });
}
function parsePlanFile(raw, file) {
  return parseHandoff(planFileSchema, raw, file);
}
function parseResultsFile(raw, file) {
  return parseHandoff(resultsFileSchema, raw, file);
}

// scripts/auto-sync/handoff/files.ts
var HANDOFF_VERSION = 1;
var PLAN_FILE = "plan.json";
var RESULTS_FILE = "results.json";
var CHECKSUMS_FILE = "checksums.json";
async function sha256File(path2) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path2)) hash.update(chunk);
  return hash.digest("hex");
}
function sha256Text(text2) {
  return createHash("sha256").update(text2).digest("hex");
}
function bundlesOf(source) {
  return [...source.integration ? [source.integration.bundle] : [], ...source.draft ? [source.draft.bundle] : []];
}
async function writePlanFile(dir, plan) {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, PLAN_FILE), `${JSON.stringify(plan, null, 2)}
`);
  const sums = { [PLAN_FILE]: await sha256File(join(dir, PLAN_FILE)) };
  for (const source of plan.sources) for (const bundle of bundlesOf(source)) sums[bundle] = await sha256File(join(dir, bundle));
  const text2 = `${JSON.stringify(sums, null, 2)}
`;
  await writeFile(join(dir, CHECKSUMS_FILE), text2);
  return sha256Text(text2);
}
async function readText(dir, file) {
  try {
    return await readFile(join(dir, file), "utf8");
  } catch {
    throw new SyncError("HANDOFF_INVALID", `${join(dir, file)} is missing`);
  }
}
function parseJson(text2, dir, file) {
  try {
    return JSON.parse(text2);
  } catch {
    throw new SyncError("HANDOFF_INVALID", `${join(dir, file)} is not valid JSON`);
  }
}
async function readJson(dir, file) {
  return parseJson(await readText(dir, file), dir, file);
}
async function readPlanFile(dir) {
  return parsePlanFile(await readJson(dir, PLAN_FILE), join(dir, PLAN_FILE));
}
async function verifyHandoff(dir, expectedDigest) {
  let sumsText;
  try {
    sumsText = await readFile(join(dir, CHECKSUMS_FILE), "utf8");
  } catch {
    throw new SyncError("BUNDLE_TAMPERED", `${join(dir, CHECKSUMS_FILE)} is missing`);
  }
  if (expectedDigest && sha256Text(sumsText) !== expectedDigest) {
    throw new SyncError("BUNDLE_TAMPERED", `${CHECKSUMS_FILE} does not match the digest prepare printed`);
  }
  let sums;
  try {
    sums = JSON.parse(sumsText);
  } catch {
    throw new SyncError("BUNDLE_TAMPERED", `${CHECKSUMS_FILE} in ${dir} is not valid JSON`);
  }
  const recorded = (file) => {
    const value = typeof sums === "object" && sums !== null && Object.hasOwn(sums, file) ? sums[file] : void 0;
    return typeof value === "string" ? value : void 0;
  };
  const planBytes = await readFile(join(dir, PLAN_FILE)).catch(() => {
    throw new SyncError("HANDOFF_INVALID", `${join(dir, PLAN_FILE)} is missing`);
  });
  if (recorded(PLAN_FILE) !== createHash("sha256").update(planBytes).digest("hex"))
    throw new SyncError("BUNDLE_TAMPERED", `${PLAN_FILE} in ${dir} does not match the checksum prepare recorded`);
  const plan = parsePlanFile(parseJson(planBytes.toString("utf8"), dir, PLAN_FILE), join(dir, PLAN_FILE));
  for (const file of plan.sources.flatMap(bundlesOf)) {
    const want = recorded(file);
    const got = await sha256File(join(dir, file)).catch(() => void 0);
    if (!want || want !== got) throw new SyncError("BUNDLE_TAMPERED", `${file} in ${dir} does not match the checksum prepare recorded`);
  }
  return plan;
}
async function writeResultsFile(dir, results) {
  await writeFile(join(dir, RESULTS_FILE), `${JSON.stringify(results, null, 2)}
`);
}
async function readResultsFile(dir) {
  return parseResultsFile(await readJson(dir, RESULTS_FILE), join(dir, RESULTS_FILE));
}

export {
  HANDOFF_VERSION,
  PLAN_FILE,
  RESULTS_FILE,
  CHECKSUMS_FILE,
  sha256File,
  sha256Text,
  writePlanFile,
  readPlanFile,
  verifyHandoff,
  writeResultsFile,
  readResultsFile
};

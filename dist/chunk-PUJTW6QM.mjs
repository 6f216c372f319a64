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
  DEFAULT_MESSAGE_PREFIX,
  DEFAULT_TYPES
} from "./chunk-BBBARBGM.mjs";
import {
  external_exports
} from "./chunk-KLZKRLRV.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/config/schema.ts
init_define_AUTO_SYNC_BUILD();
var NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
var ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
var SHA = /^[0-9a-f]{7,64}$/;
var BRANCH = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*@\{|.*\.lock$|.*\.$|-)[A-Za-z0-9._/-]+$/;
var commandSchema = external_exports.union([external_exports.string().min(1), external_exports.array(external_exports.string().min(1)).min(1)]).describe("A shell command line (run with sh -c) or an argv array (run directly).");
var globList = external_exports.array(external_exports.string().min(1));
var sourceSchema = external_exports.strictObject({
  name: external_exports.string().regex(NAME, 'letters, digits, ".", "_" or "-", starting with a letter or digit').describe("Short name; used in ref and branch names."),
  url: external_exports.string().min(1).describe("https://, ssh://, git@host:path, file:// or a local path."),
  branch: external_exports.string().regex(BRANCH, "a valid branch name").default("main"),
  tokenEnv: external_exports.string().regex(ENV_NAME, "an environment variable name").default("SOURCE_PAT").describe("Environment variable holding the token for this source (https only)."),
  since: external_exports.string().regex(SHA, "a commit sha (7 to 64 hex digits, lower case)").optional().describe("Sync only the commits after this one (it counts as already synced).")
});
var checkSchema = external_exports.strictObject({
  name: external_exports.string().regex(NAME, 'letters, digits, ".", "_" or "-"'),
  run: commandSchema.optional(),
  builtin: external_exports.enum(["prisma-validate"]).optional().describe("A check built into auto-sync instead of a command."),
  when: globList.optional().describe("Run only when the batch touches one of these globs."),
  timeoutMs: external_exports.number().int().positive().max(36e5).default(6e5),
  parser: external_exports.enum(["auto", "tsc", "eslint", "vitest", "jest", "node-test", "none"]).default("auto").describe("auto: from the program the command (or the package.json script it runs) starts; none: count nothing.")
});
var smokeSchema = external_exports.strictObject({
  name: external_exports.string().regex(NAME, 'letters, digits, ".", "_" or "-"'),
  start: commandSchema,
  url: external_exports.string().min(1).describe("A path such as /health (served on 127.0.0.1:$PORT) or a full loopback URL with {port}."),
  expectStatus: external_exports.number().int().min(100).max(599).default(200),
  timeoutMs: external_exports.number().int().positive().max(6e5).default(3e4)
});
var DEFAULT_CHECKS = [
  // Fitted to the repository at verify time (checks/plan-check.ts): a missing script is skipped,
  // tsc runs only in a TypeScript project, the parser follows the tool the script runs.
  { name: "typecheck", run: "npx --no-install tsc --noEmit", parser: "auto", timeoutMs: 6e5 },
  { name: "lint", run: "npm run --if-present lint", parser: "auto", timeoutMs: 6e5 },
  { name: "build", run: "npm run --if-present build", parser: "auto", timeoutMs: 9e5 },
  { name: "test", run: "npm test", parser: "auto", timeoutMs: 9e5 },
  { name: "prisma", builtin: "prisma-validate", when: ["prisma/**", "**/schema.prisma"], timeoutMs: 6e4 }
];
var DEFAULT_SMOKE = [
  { name: "api-health", start: "npm start", url: "/health", timeoutMs: 3e4 },
  { name: "web-root", start: "npm start", url: "/", timeoutMs: 3e4 }
];
var configSchema = external_exports.strictObject({
  $schema: external_exports.string().optional(),
  sources: external_exports.array(sourceSchema).min(1, "at least one source"),
  target: external_exports.strictObject({
    branch: external_exports.string().regex(BRANCH, "a valid branch name").default("main"),
    integrationBranchPrefix: external_exports.string().regex(/^[A-Za-z0-9._/-]+\/$/, 'a branch prefix ending in "/"').default("auto-sync/"),
    identity: external_exports.string().regex(/^[\w.-]+\/[\w.-]+$/, '"owner/name"').optional().describe("The target repository as owner/name; default GITHUB_REPOSITORY, else its origin remote."),
    committer: external_exports.strictObject({ name: external_exports.string().min(1), email: external_exports.string().min(3) }).prefault({ name: "auto-sync", email: "auto-sync@users.noreply.github.com" })
  }).prefault({}),
  commits: external_exports.strictObject({
    types: external_exports.array(external_exports.string().regex(/^[a-z][a-z0-9-]*$/, "a lower-case conventional type")).min(1).default(DEFAULT_TYPES),
    breaking: external_exports.enum(["allow", "hold"]).default("hold").describe("hold: breaking changes stay pending until allowed or skipped."),
    maxPerRun: external_exports.number().int().min(1).max(1e4).default(50),
    skip: external_exports.array(external_exports.string().regex(SHA, "a commit sha (7 to 64 hex digits, lower case)")).default([]),
    onConflict: external_exports.enum(["skip", "stop", "propose"]).default("skip").describe(
      "skip: go on with the next commit; stop: leave the rest pending; propose: as skip, and a conflict that persists (pending as a conflict in the previous run too) is delivered as a draft proposal with its markers committed (the oldest one per source and run)."
    ),
    follow: external_exports.enum(["first-parent", "all"]).default("first-parent").describe(
      "first-parent: a merge is one unit (its first-parent diff) and its side-branch commits are not listed; all: every commit."
    ),
    prerequisites: external_exports.enum(["include", "hold"]).default("include").describe(
      "A wanted commit that conflicts: include the skipped commits it depends on (line level), or hold it pending, naming them."
    )
  }).prefault({}),
  paths: external_exports.strictObject({
    allow: globList.default([]).describe("When not empty, every file a commit touches must match one of these."),
    deny: globList.default([]).describe("Added to the built-in deny list (secrets, infrastructure, CI and auto-sync files), which always applies."),
    maxFileBytes: external_exports.number().int().min(1).default(5 * 1024 * 1024).describe("A commit that writes a file larger than this is held (reason file-too-large).")
  }).prefault({}),
  retry: external_exports.strictObject({
    attempts: external_exports.number().int().min(1).max(10).default(3),
    backoffMs: external_exports.number().int().min(0).max(6e4).default(1500).describe("Wait before retry n is n × backoffMs.")
  }).prefault({}),
  install: external_exports.strictObject({
    run: commandSchema.default("npm ci --ignore-scripts"),
    timeoutMs: external_exports.number().int().positive().default(9e5)
  }).prefault({}),
  checks: external_exports.array(checkSchema).prefault(DEFAULT_CHECKS),
  smoke: external_exports.array(smokeSchema).prefault(DEFAULT_SMOKE),
  verify: external_exports.strictObject({
    envAllow: external_exports.array(external_exports.string().regex(ENV_NAME, "an environment variable name")).default([]).describe("Extra environment variables passed to checks."),
    sandbox: external_exports.enum(["auto", "required", "off"]).default("auto").describe(
      "How sibling code is isolated: auto uses the strongest sandbox this machine offers, required fails (SANDBOX_UNAVAILABLE) when there is none, off runs it with a scrubbed environment only."
    )
  }).prefault({}),
  risk: external_exports.strictObject({
    weights: external_exports.strictObject({
      filesChanged: external_exports.number().min(0).default(1),
      typeErrors: external_exports.number().min(0).default(3),
      testFailures: external_exports.number().min(0).default(5),
      prismaSchema: external_exports.number().min(0).default(2),
      dependencies: external_exports.number().min(0).default(2).describe("Per dependency added, removed or changed in a package.json."),
      lockfile: external_exports.number().min(0).default(1).describe("Once when a lockfile changes."),
      scripts: external_exports.number().min(0).default(5).describe("Once when package.json scripts change; such a batch is always proposed."),
      deletions: external_exports.number().min(0).default(0.5).describe("Per file deleted."),
      symlinks: external_exports.number().min(0).default(2).describe("Per symbolic link added or changed."),
      binaries: external_exports.number().min(0).default(1).describe("Per binary file added or changed."),
      executables: external_exports.number().min(0).default(1).describe("Per file whose executable bit is set."),
      migrations: external_exports.number().min(0).default(3).describe("Once when a database migration is added or changed."),
      linesChanged: external_exports.number().min(0).default(0.01).describe("Per line added or deleted."),
      prerequisites: external_exports.number().min(0).default(1).describe("Per commit brought in as a prerequisite of a wanted one."),
      lockfileRegenerated: external_exports.number().min(0).default(3).describe(
        "Once when a conflict only in lockfiles was resolved by regenerating them in verify; such a batch is always proposed."
      )
    }).prefault({}),
    prismaGlobs: globList.default(["prisma/**/*.prisma", "**/schema.prisma"]),
    migrationGlobs: globList.default(["**/migrations/**", "**/migrate/**", "**/*.sql"]),
    levels: external_exports.strictObject({ lowMax: external_exports.number().min(0).default(5), mediumMax: external_exports.number().min(0).default(15) }).prefault({}),
    autoMergeMaxRisk: external_exports.number().min(0).default(5)
  }).prefault({}),
  forge: external_exports.strictObject({
    type: external_exports.enum(["local", "github"]).default("local"),
    mergeMethod: external_exports.enum(["merge", "squash"]).default("merge"),
    messagePrefix: external_exports.string().regex(/^[a-z][a-z0-9-]*(\([A-Za-z0-9._/-]+\))?$/, "a Conventional Commits type with an optional scope, e.g. chore(auto-sync)").default(DEFAULT_MESSAGE_PREFIX).describe(
      'Starts every title and message auto-sync writes (proposals, drafts, merge and squash messages): "<prefix>: sync 3 commits from …". Keep a type that is not in commits.types, so that a downstream auto-sync does not sync these onward.'
    )
  }).prefault({})
});

export {
  configSchema
};

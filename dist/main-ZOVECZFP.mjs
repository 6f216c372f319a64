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
  failedSource,
  stateWriteFailed,
  withinSource
} from "./chunk-GYBGRSZQ.mjs";
import {
  steps
} from "./chunk-KIBFWFE3.mjs";
import {
  stateAccess
} from "./chunk-PI66WAKT.mjs";
import {
  exitCodeOf,
  finishReport,
  printFailure,
  publishFailure,
  readEnvironment
} from "./chunk-XUHSWI7S.mjs";
import {
  createLogger,
  openTarget,
  secretsOf,
  selectSources
} from "./chunk-44GCHEUP.mjs";
import "./chunk-Y6LXJMLO.mjs";
import {
  resolveTarget
} from "./chunk-CKRWNHAF.mjs";
import "./chunk-3MHOMYTN.mjs";
import "./chunk-7XIBXNUV.mjs";
import "./chunk-KYXXX33O.mjs";
import {
  handleSignals,
  interruptedError,
  interruption,
  stopRequested,
  stopSignal
} from "./chunk-EGVF3VTZ.mjs";
import {
  acquireLock,
  lockPathFor,
  makeTempDir,
  removeTempDir,
  sweepTempDirs
} from "./chunk-6AZSIFK2.mjs";
import "./chunk-JXGPT7T4.mjs";
import "./chunk-DUCIGC6T.mjs";
import "./chunk-FE3YQVJZ.mjs";
import {
  buildAppliedReport,
  buildReport
} from "./chunk-YLQSCQUF.mjs";
import {
  createRedactor
} from "./chunk-75ZOHKPX.mjs";
import "./chunk-ZXZMSE3Y.mjs";
import "./chunk-PJWMB5KA.mjs";
import "./chunk-BWQCXTIL.mjs";
import {
  toolVersion
} from "./chunk-N3FRCOHJ.mjs";
import "./chunk-UZQWDDPO.mjs";
import "./chunk-RDSVHA4S.mjs";
import {
  SyncError,
  summarizeError
} from "./chunk-3MHVHWDU.mjs";
import {
  init_define_AUTO_SYNC_BUILD
} from "./chunk-CUXXW3P5.mjs";

// scripts/auto-sync/main.ts
init_define_AUTO_SYNC_BUILD();

// scripts/auto-sync/cli.ts
init_define_AUTO_SYNC_BUILD();
import { parseArgs } from "node:util";
var COMMANDS = ["run", "status", "check-config", "init", "demo", "prepare", "verify", "publish", "accept", "decline"];
var TARGET = ["run", "status", "prepare", "verify", "publish"];
var PROPOSAL = ["accept", "decline"];
var ARGUMENTS = { accept: "ID|SOURCE", decline: "ID|SOURCE" };
var OPTIONS = {
  config: {
    type: "string",
    arg: "FILE",
    commands: [...TARGET, "check-config", "init", ...PROPOSAL],
    help: "configuration (default: the first of auto-sync.config.json, .github/auto-sync.json, scripts/auto-sync/config.json in the target)"
  },
  repo: {
    type: "string",
    arg: "DIR",
    commands: [...TARGET, "check-config", "init", ...PROPOSAL],
    help: "the target repository (default: the git repository of the current directory)"
  },
  source: { type: "string", multiple: true, arg: "NAME", commands: TARGET, help: "only this source; repeat for more" },
  from: {
    type: "string",
    multiple: true,
    arg: "URL",
    commands: ["init"],
    help: "a sibling repository to take commits from (URL, or NAME=URL); repeat for more"
  },
  "dry-run": {
    type: "boolean",
    commands: ["run"],
    help: "plan only; change nothing but auto-sync’s own source refs (the default outside CI)"
  },
  apply: { type: "boolean", commands: ["run"], help: "apply (the default in CI)" },
  out: {
    type: "string",
    arg: "DIR",
    commands: ["prepare", "demo"],
    help: "prepare: the hand-off directory to write; demo: where to build the sandbox"
  },
  in: { type: "string", arg: "DIR", commands: ["verify", "publish"], help: "the hand-off directory written by the previous phase" },
  "rebuild-state": {
    type: "boolean",
    commands: ["status"],
    help: "print the state rebuilt from the target’s history (Auto-Sync-Origin trailers) and the forge’s proposals"
  },
  report: {
    type: "string",
    arg: "FILE",
    commands: [...TARGET, "demo"],
    help: 'also write the JSON report to FILE; "-" writes it to stdout'
  },
  json: {
    type: "boolean",
    commands: [...TARGET, ...PROPOSAL],
    help: "print the JSON report on stdout, everything else on stderr (= --report -; accept/decline: the result)"
  },
  verbose: { type: "boolean", short: "v", commands: [...TARGET, "demo", ...PROPOSAL], help: "show git commands (redacted) and timings" },
  help: { type: "boolean", short: "h", help: "show help (also: help COMMAND)" },
  version: { type: "boolean", help: "print the version of auto-sync and exit" }
};
var OPTION_NAMES = Object.keys(OPTIONS);
function optionsOf(command) {
  return OPTION_NAMES.filter((name) => {
    const spec = OPTIONS[name];
    return spec.commands === void 0 || spec.commands.includes(command);
  });
}
function optionLines(command) {
  const flags = optionsOf(command).map((name) => {
    const spec = OPTIONS[name];
    return [`${spec.short ? `-${spec.short}, ` : ""}--${name}${spec.arg ? ` ${spec.arg}` : ""}`, spec.help];
  });
  const width = Math.max(...flags.map(([flag]) => flag.length)) + 2;
  return `Options:
${flags.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`).join("\n")}`;
}
var NAME = "auto-sync";
var usage = (command) => {
  const arg = ARGUMENTS[command];
  return `Usage: ${NAME} ${command}${arg ? ` ${arg}` : ""} [options]`;
};
var DESCRIPTIONS = {
  run: `Fetches every configured source, lists its new commits and decides, commit by commit, what would be
synced and why the others would not. When applying, syncs the picked commits (integrate, validate,
merge or propose) and records the state in .neon/auto-sync-state.json.

Mode: outside CI, run only plans unless --apply is given; in CI (CI or GITHUB_ACTIONS set)
it applies unless --dry-run is given. The output says which mode it is in and why.`,
  status: `Shows, per source, the last synced head and the commits still pending and why, from the state file
plus a fresh look at the source. Changes nothing but auto-sync's own source refs.`,
  "check-config": "Validates the configuration and lists every problem with its field path. Exit 0 when valid, 2 when not.",
  init: `Writes auto-sync.config.json (or --config FILE) for the target repository, fitted to what is in it:
package manager and lockfile (install without scripts), TypeScript or not, the lint, build and test
scripts and the tools they run (read through their machine-readable reports), a smoke probe of the
start script. Each choice is explained in a comment. Never replaces an existing file (CONFIG_EXISTS).`,
  demo: `Builds a throwaway sandbox (a small target app and three sibling repositories), runs the real
pipeline on it with the local forge, and prints the summary and where to look. Works offline.`,
  prepare: `Phase 1 (holds the source tokens, runs no sibling code): fetch, plan and integrate every source,
then write the hand-off directory (--out DIR, required): plan.json, a git bundle of the integration commits, checksums.`,
  verify: `Phase 2 (holds no token, runs the sibling code): install, checks and smoke probes on the exact
integration commits of a hand-off directory (--in DIR, required); writes results.json into it.`,
  publish: `Phase 3 (holds the target's write access, runs no sibling code): verifies the bundle checksums,
scores risk, decides, merges or proposes, and records the state (--in DIR, required).`,
  accept: `Accepts a local proposal (forge.type "local"; .neon/proposals/N-<source>.json), named by its number N
or by its source: merges its branch into the target branch as auto-sync's own merge would (a fast-forward
or a merge commit with the Auto-Sync-Origin trailers, per forge.mergeMethod), only if the branch is still
at the commit the proposal recorded; then marks the proposal merged and records its commits as applied.
On GitHub, merge the pull request instead.`,
  decline: `Declines a local proposal (forge.type "local"), named by its number or by its source: closes it
without merging and records its commits as declined, so no later run proposes them again (unless the
source changes them). On GitHub, close the pull request instead.`
};
var MAIN_HELP = `${usage("[command]")}

Keeps a repository supplied with the improvements made in its sibling repositories.
From this repository: npx tsx scripts/auto-sync …; bundled: node dist/auto-sync.mjs … (or npx auto-sync).

Commands:
  run            fetch every source, decide which new commits to sync, and (when applying) sync them [default]
  status         per source: last synced head, pending commits and why (state plus a fresh look)
  check-config   validate the configuration, list every problem, and exit
  init           write a configuration fitted to the repository (--from URL for each source)
  demo           build a throwaway sandbox and run the real pipeline on it (offline)
  prepare        phase 1 of run: fetch, plan, integrate; write a hand-off directory (--out DIR)
  verify         phase 2 of run: validate the integration commits with no token (--in DIR)
  publish        phase 3 of run: score, decide, merge or propose, record state (--in DIR)
  accept ID      merge a local proposal (by number or source name) and record its commits as applied
  decline ID     close a local proposal and record its commits as declined (never proposed again)
  help COMMAND   show a command's help (also: COMMAND --help)

Mode: outside CI, run only plans unless --apply is given; in CI (CI or GITHUB_ACTIONS set)
it applies unless --dry-run is given. The output says which mode it is in and why.

${optionLines("run").replace("Options:", "Options of run (each command's own: help COMMAND):")}

Exit codes: 0 finished (also when nothing was synced), 1 at least one source failed, 2 usage or configuration error.`;
var HELP = {
  main: MAIN_HELP,
  ...Object.fromEntries(COMMANDS.map((c) => [c, `${usage(c)}

${DESCRIPTIONS[c]}

${optionLines(c)}`]))
};
var didYouMean = (guess) => guess ? ` (did you mean ${guess}?)` : "";
var flagList = (command) => optionsOf(command).map((n) => `--${n}`).join(", ");
var suggest = async (word, candidates) => (await import("./did-you-mean-RV2FF4GJ.mjs")).suggest(word, candidates);
async function usageErrorOf(error) {
  const { code, message } = error;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'(-[^']*)'/.exec(message)?.[1] ?? "";
    const name = flag.replace(/^-+/, "").replace(/=.*$/, "");
    const guess = await suggest(name, OPTION_NAMES);
    return new SyncError("USAGE", `unknown option ${flag}${didYouMean(guess && `--${guess}`)}`);
  }
  return new SyncError("USAGE", message.split("\n")[0] ?? "invalid arguments");
}
async function parseCli(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, tokens: true, options: OPTIONS });
  } catch (error) {
    throw await usageErrorOf(error);
  }
  const { values, positionals, tokens } = parsed;
  const given = [...new Set(tokens.flatMap((t) => t.kind === "option" ? [t.name] : []))];
  let name = positionals[0] ?? "run";
  let helpTopic;
  if (name === "help") {
    if (positionals.length > 2) throw new SyncError("USAGE", `unexpected argument "${positionals[2]}"`);
    name = positionals[1] ?? "run";
    helpTopic = positionals[1] === void 0 ? "main" : name;
  } else if (positionals.length > (ARGUMENTS[name] ? 2 : 1)) {
    const extra = positionals[ARGUMENTS[name] ? 2 : 1];
    throw new SyncError("USAGE", `unexpected argument "${extra}"`, { hint: `Run '${NAME} ${name} --help' for its usage.` });
  }
  if (!COMMANDS.includes(name)) {
    throw new SyncError("USAGE", `unknown command "${name}"${didYouMean(await suggest(name, [...COMMANDS, "help"]))}`, {
      hint: `Commands: ${COMMANDS.join(", ")}; run '${NAME} --help' for what each does.`
    });
  }
  const command = name;
  const help = helpTopic !== void 0 || (values.help ?? false);
  helpTopic ??= positionals.length === 0 ? "main" : command;
  const options = {
    command,
    help,
    helpTopic,
    version: values.version ?? false,
    config: values.config,
    repo: values.repo,
    dryRun: values["dry-run"] ?? false,
    apply: values.apply ?? false,
    sources: values.source ?? [],
    report: values.json ? "-" : values.report,
    json: values.json ?? false,
    verbose: values.verbose ?? false,
    out: values.out,
    in: values.in,
    rebuildState: values["rebuild-state"] ?? false,
    from: values.from ?? [],
    proposal: positionals[0] === command && ARGUMENTS[command] ? positionals[1] : void 0
  };
  if (help || options.version) return options;
  const argument = ARGUMENTS[command];
  if (argument && options.proposal === void 0)
    throw new SyncError("USAGE", `${command} needs ${argument}: the proposal's number or its source's name`, {
      hint: `Run '${NAME} status' to see the open proposals; '${NAME} help ${command}' for its usage.`
    });
  const valid = optionsOf(command);
  const invalid = given.filter((n) => !valid.includes(n));
  if (invalid.length > 0) {
    const list = invalid.map((n) => `--${n}`).join(", ");
    const takers = invalid.flatMap((n) => {
      const spec = OPTIONS[n];
      return spec.commands ? [`--${n}: ${spec.commands.join(", ")}`] : [];
    });
    throw new SyncError("USAGE", `${invalid.length === 1 ? "option" : "options"} ${list} not valid for "${command}"`, {
      hint: `"${command}" takes ${flagList(command)}.${takers.length > 0 ? ` Taken by: ${takers.join("; ")}.` : ""}`
    });
  }
  if (options.dryRun && options.apply) throw new SyncError("USAGE", "--dry-run and --apply cannot be used together");
  if (options.json && values.report !== void 0)
    throw new SyncError("USAGE", "--json and --report cannot be used together", { hint: "--json is --report - (the report on stdout)." });
  return options;
}
function decideMode(options, ci) {
  if (options.dryRun) return { apply: false, reason: "dry run: --dry-run was given" };
  if (options.apply) return { apply: true, reason: "applying: --apply was given" };
  if (ci) return { apply: true, reason: "applying: running in CI (CI/GITHUB_ACTIONS is set); pass --dry-run to only plan" };
  return { apply: false, reason: "dry run: not in CI, so only planning; pass --apply to sync" };
}

// scripts/auto-sync/commands/run.ts
init_define_AUTO_SYNC_BUILD();
async function runCommand(cli, env, ctx) {
  const startedAt = (/* @__PURE__ */ new Date()).toISOString();
  const mode = decideMode(cli, env.ci);
  ctx.log.info(`auto-sync: ${mode.reason}`);
  const store = await stateAccess(ctx, env);
  const names = selectSources(ctx.config, cli.sources).map((s) => s.name);
  let state = await store.read();
  const forge = mode.apply ? await import("./create-HM5C3YOO.mjs").then((m) => m.createForge(ctx, env)) : void 0;
  if (forge) state = await steps.reconcile(ctx, env, forge, state, names);
  const plan = await steps.plan(ctx, env, state, names);
  let report = buildReport(plan, mode, startedAt);
  if (!forge) {
    for (const source of report.sources) {
      if (source.status === "ok" && source.counts.picked > 0) {
        ctx.log.info(
          `${source.name}: would apply ${source.counts.picked} commit(s) on ${ctx.config.target.integrationBranchPrefix}${source.name}, validate them, then merge or propose (run with --apply)`
        );
      }
    }
  } else {
    const now = /* @__PURE__ */ new Date();
    const prepared = [];
    const published = [];
    let recordFailure;
    try {
      for (const source of plan.sources) {
        if (stopRequested()) {
          published.push(failedSource(source.name, summarizeError(interruptedError(source.name))));
          continue;
        }
        const outcome = await withinSource(ctx, source.name, async () => {
          const dir = await makeTempDir("handoff");
          try {
            const target = source.status === "ok" ? await resolveTarget(ctx.git, ctx.config, env) : plan.target;
            const integrated = await steps.integrate(ctx, forge, state, { target, sources: [source] }, dir, now);
            prepared.push(...integrated.plan.sources);
            const results = await steps.verify(ctx, env, integrated.plan);
            return await steps.publish(ctx, env, forge, state, integrated.plan, results, dir, now);
          } finally {
            await removeTempDir(dir);
          }
        });
        if ("error" in outcome) published.push(failedSource(source.name, outcome.error));
        else {
          state = outcome.value.state;
          published.push(...outcome.value.sources);
        }
      }
    } finally {
      recordFailure = await steps.record(ctx, store, state).then(
        () => void 0,
        (error) => error
      );
    }
    report = buildAppliedReport(report, prepared, published);
    await steps.dashboard(ctx, env, forge, state, report);
    if (recordFailure !== void 0) {
      await finishReport(ctx, env, report, cli.report);
      throw stateWriteFailed(recordFailure);
    }
  }
  await finishReport(ctx, env, report, cli.report);
  return exitCodeOf(report);
}

// scripts/auto-sync/main.ts
var TARGET_COMMANDS = {
  run: runCommand,
  status: (cli, env, ctx) => import("./status-GX5SJA4M.mjs").then((m) => m.statusCommand(cli, env, ctx)),
  prepare: (cli, env, ctx) => import("./prepare-USQJTYBD.mjs").then((m) => m.prepareCommand(cli, env, ctx)),
  verify: (cli, env, ctx) => import("./verify-QMTCEOW3.mjs").then((m) => m.verifyCommand(cli, env, ctx)),
  publish: (cli, env, ctx) => import("./publish-Z4CTUKFD.mjs").then((m) => m.publishCommand(cli, env, ctx)),
  accept: (cli, env, ctx) => import("./accept-MWIPOVHF.mjs").then((m) => m.acceptCommand(cli, env, ctx)),
  decline: (cli, env, ctx) => import("./accept-MWIPOVHF.mjs").then((m) => m.declineCommand(cli, env, ctx))
};
async function main(argv, vars, io = {}) {
  const env = readEnvironment(vars);
  let redact = createRedactor(secretsOf(env, []));
  let log = createLogger({ redact, verbose: false, ...io });
  let command = "auto-sync";
  try {
    const cli = await parseCli(argv);
    command = cli.command;
    if (cli.help || cli.version) {
      log.out(cli.version && !cli.help ? toolVersion() : HELP[cli.helpTopic]);
      return 0;
    }
    log = createLogger({ redact: createRedactor(secretsOf(env, [])), verbose: cli.verbose, ...io });
    if (cli.command === "check-config") {
      const { checkConfigCommand } = await import("./check-config-6WZX2XZY.mjs");
      return await checkConfigCommand(cli, env, log);
    }
    if (cli.command === "init") {
      const { initCommand } = await import("./init-XBJX3FNH.mjs");
      return await initCommand(cli, env, log);
    }
    if (cli.command === "demo") {
      const { runDemo } = await import("./run-demo-ERQY7WKX.mjs");
      return await runDemo(cli, env, log, main);
    }
    const ctx = await openTarget(cli, env, io);
    log = ctx.log;
    redact = ctx.redact;
    const code = await runOnTarget(cli, env, ctx, TARGET_COMMANDS[cli.command]);
    return stoppedCode(log) ?? code;
  } catch (error) {
    const code = printFailure(log, error);
    await publishFailure(env, log, redact, command, error).catch(
      (failure) => log.warn(`the job summary could not be written: ${failure instanceof Error ? failure.message : String(failure)}`)
    );
    return stoppedCode(log) ?? code;
  }
}
function takesLock(cli, env) {
  if (cli.command === "run") return decideMode(cli, env.ci).apply;
  return ["prepare", "verify", "publish", "accept", "decline"].includes(cli.command);
}
async function runOnTarget(cli, env, ctx, command) {
  const signals = handleSignals({ warn: (line) => ctx.log.warn(line) });
  try {
    if (!takesLock(cli, env)) return await command(cli, env, ctx);
    const path = lockPathFor(ctx.root);
    const lock = await acquireLock(path, {
      command: [cli.command, ...cli.command === "run" ? ["--apply"] : [], ...cli.sources.flatMap((s) => ["--source", s])].join(" "),
      waitMs: env.lockWaitMs,
      staleMs: env.lockStaleMs,
      signal: stopSignal(),
      onWait: (holder) => ctx.log.info(
        `waiting up to ${(env.lockWaitMs / 1e3).toFixed(1)} s for the run holding ${path}${holder ? ` (pid ${holder.pid}, started ${holder.startedAt})` : ""}`
      )
    });
    try {
      if (lock.tookOver) {
        const was = lock.tookOver === "unknown" ? "an unreadable lock" : `pid ${lock.tookOver.pid} on ${lock.tookOver.host}, started ${lock.tookOver.startedAt}`;
        ctx.log.warn(`took over a stale run lock (${was}: its process is gone, or its lock untouched too long)`);
      }
      const swept = await sweepTempDirs();
      if (swept.length > 0)
        ctx.log.info(`removed ${swept.length} temporary director${swept.length === 1 ? "y" : "ies"} left by runs that were killed`);
      return await command(cli, env, ctx);
    } finally {
      await lock.release();
    }
  } finally {
    signals.dispose();
  }
}
function stoppedCode(log) {
  const stopped = interruption();
  if (!stopped) return void 0;
  log.warn(`stopped by ${stopped.signal}: exit ${stopped.exitCode}`);
  return stopped.exitCode;
}
export {
  main,
  takesLock
};

// `npm run bench`: speed and memory figures, each beside a bare-git baseline measured in the same run.
// Figures are medians of several runs; process counts are machine-independent.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { appendCommits, join, makeTarget, writeJson } from './fixtures.ts';
import { benchApply } from './apply-bench.ts';
import { benchVerifyReuse } from './verify-bench.ts';
import { benchLanding } from './landing-bench.ts';
import { TEST_GIT_ENV, TestRepo, makeTempDir } from '../test/helpers/repo.ts';
import { startGitHttpServer } from '../test/helpers/git-http-server.ts';
import { authHeaderValue } from '../git/git.ts';

const ENTRY = fileURLToPath(new URL('../index.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
/** BENCH_ONLY=noop,planning,apply,verify,landing: some sections only. */
const ONLY = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
const runs = (section: string) => !ONLY || ONLY.includes(section);
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

interface Sample {
  ms: number;
  maxRssKb: number | undefined;
  stderr: string;
  status: number | null;
}

const BENCH_TOKEN = 'bench-token-0123456789';
const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...TEST_GIT_ENV, SOURCE_PAT: BENCH_TOKEN };

/**
 * Runs a command once, measuring wall time and (with /usr/bin/time) the peak memory of its largest
 * process. Asynchronous: the loopback git server of the HTTP scenario lives in this process.
 */
function sample(cmd: string, args: string[], cwd: string): Promise<Sample> {
  const started = performance.now();
  const [file, argv] = TIME ? [TIME, ['-f', '__maxrss=%M', cmd, ...args]] : [cmd, args];
  return new Promise((resolve) => {
    const child = spawn(file, argv, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (status) => {
      const rss = /__maxrss=(\d+)/.exec(stderr)?.[1];
      resolve({ ms: performance.now() - started, maxRssKb: rss ? Number(rss) : undefined, stderr, status });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Alternates A and B so that drift in machine speed hits both alike; returns medians. */
async function pair(a: () => Promise<Sample>, b: () => Promise<Sample>) {
  await a();
  await b(); // warm-up
  const as: Sample[] = [];
  const bs: Sample[] = [];
  for (let i = 0; i < RUNS; i++) {
    as.push(await a());
    bs.push(await b());
  }
  const ms = (s: Sample[]) => median(s.map((x) => x.ms));
  const rss = (s: Sample[]) => (s[0]!.maxRssKb === undefined ? undefined : Math.max(...s.map((x) => x.maxRssKb ?? 0)));
  return { a: { ms: ms(as), rssKb: rss(as), last: as.at(-1)! }, b: { ms: ms(bs), rssKb: rss(bs) }, ratio: ms(as) / ms(bs) };
}

// The sources through tsx, beside baselines started through tsx too (the figures kept since the
// start). BENCH_ENTRY=bundle runs the bundle (dist/auto-sync.mjs, built fresh from these sources
// into the bench's temp dir) beside baselines started by the same plain node.
const VIA_TSX = process.env.BENCH_ENTRY !== 'bundle';
let bundleEntry = '';
const loader = VIA_TSX ? ['--import', TSX] : [];
const cli = (args: string[]) => [process.execPath, VIA_TSX ? ['--import', TSX, ENTRY, ...args] : [bundleEntry, ...args]] as const;

async function buildBenchBundle(root: string): Promise<void> {
  const { buildBundle, BUNDLE } = await import('../../build.ts');
  const dir = join(root, 'bundle');
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of (await buildBundle()).files) writeFileSync(join(dir, name), content);
  bundleEntry = join(dir, BUNDLE);
}
const fmt = (ms: number) => `${ms.toFixed(0)} ms`;
const mb = (kb: number | undefined) => (kb === undefined ? 'n/a (no /usr/bin/time)' : `${(kb / 1024).toFixed(0)} MB`);
const processes = (stderr: string) => Number(/(\d+) processes spawned/.exec(stderr)?.[1] ?? NaN);

async function main() {
  const root = makeTempDir('auto-sync-bench-');
  const lines: string[] = [
    `auto-sync benchmark — ${RUNS} runs each, medians; node ${process.version}; ${VIA_TSX ? 'sources through tsx' : 'the bundle (dist/auto-sync.mjs, built from the sources)'}`,
    '',
  ];
  try {
    if (!VIA_TSX) await buildBenchBundle(root);
    // 1. A no-op run: 10 sources whose heads equal the recorded heads; local paths, then smart HTTP.
    for (const transport of runs('noop') ? (['local', 'http'] as const) : []) {
      const target = makeTarget(join(root, `noop-target-${transport}`));
      const served = join(root, `served-${transport}`);
      mkdirSync(served);
      const server = transport === 'http' ? await startGitHttpServer({ root: served, token: BENCH_TOKEN }) : undefined;
      try {
        const sources = Array.from({ length: 10 }, (_, i) => {
          const repo = TestRepo.clone(target.dir, { dir: join(served, `src-${i}.git`), bare: true });
          return { name: `src-${i}`, url: server ? server.urlFor(`src-${i}`) : repo.dir, head: repo.head('main') };
        });
        mkdirSync(join(target.dir, '.neon'));
        writeJson(join(target.dir, '.neon', 'auto-sync-state.json'), {
          version: 1,
          sources: Object.fromEntries(
            sources.map((s) => [s.name, { lastHead: s.head, watermark: s.head, updatedAt: '2026-01-01T00:00:00.000Z', commits: {} }]),
          ),
        });
        const config = join(root, `noop-${transport}.json`);
        writeJson(config, { sources: sources.map((s) => ({ name: s.name, url: s.url })) });
        const baselineScript = join(root, `baseline-noop-${transport}.mjs`);
        writeJson(join(root, 'package.json'), { type: 'module' });
        // The bare baseline gets the token the same way auto-sync passes it: in git's environment.
        const headerEnv = { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: authHeaderValue(BENCH_TOKEN) };
        writeFileSync(
          baselineScript,
          `import { execFileSync } from 'node:child_process';\nconst env = { ...process.env, ...${JSON.stringify(headerEnv)} };\nfor (const url of ${JSON.stringify(sources.map((s) => s.url))}) execFileSync('git', ['ls-remote', '--heads', url], { env });\n`,
        );
        const [node, args] = cli(['run', '--verbose', '--config', config]);
        const result = await pair(
          () => sample(node, [...args], target.dir),
          () => sample(process.execPath, [...loader, baselineScript], target.dir),
        );
        if (result.a.last.status !== 0 || !/unchanged/.test(result.a.last.stderr + ''))
          throw new Error(`no-op run failed: ${result.a.last.stderr}`);
        const spawned = processes(result.a.last.stderr);
        lines.push(
          `No-op run, 10 unchanged sources (${transport === 'http' ? 'smart HTTP with a token, git http-backend on loopback' : 'local paths'})`,
        );
        lines.push(
          `  auto-sync run:                          ${fmt(result.a.ms)}  (${spawned} git processes: one ls-remote per source${spawned > 10 ? ` + ${spawned - 10} for the target` : ''})`,
        );
        lines.push(`  baseline (start-up + 10 git ls-remote): ${fmt(result.b.ms)}`);
        lines.push(`  ratio ${result.ratio.toFixed(2)}×   (goal ≤ 1.3×)`, '');
      } finally {
        await server?.close();
      }
    }

    // 2. Planning 5,000 new commits in one source: with the default config (commits.maxPerRun 50,
    // so 50 commits picked and their content inspected; all 5,000 listed and classified), and with
    // every wanted commit picked (maxPerRun 10,000: 2,858 commits' content read and scanned),
    // beside a git that reads the same content (git log -p).
    if (runs('planning')) {
      const target = makeTarget(join(root, 'big-target'));
      const source = TestRepo.clone(target.dir, { dir: join(root, 'big-src') });
      const base = target.head();
      appendCommits(source, 5_000);
      const range = `${base}..refs/auto-sync/sources/big`;
      const scenarios = [
        { name: 'default', commits: {}, log: ['-z', '--name-status', '-M'], baseline: 'one git log -z --name-status -M' },
        { name: 'all', commits: { maxPerRun: 10_000 }, log: ['-z', '-p', '-M'], baseline: 'one git log -z -p -M (reads the same blobs)' },
      ];
      for (const scenario of scenarios) {
        const config = join(root, `big-${scenario.name}.json`);
        writeJson(config, { sources: [{ name: 'big', url: source.dir }], commits: scenario.commits });
        const baselineScript = join(root, `baseline-log-${scenario.name}.mjs`);
        // The baseline lists the same range in the target, where the objects already are (after the first fetch).
        writeFileSync(
          baselineScript,
          `import { execFileSync } from 'node:child_process';\nexecFileSync('git', ${JSON.stringify(['log', ...scenario.log, range])}, { maxBuffer: 1 << 28 });\n`,
        );
        const [node, args] = cli(['run', '--verbose', '--config', config]);
        const result = await pair(
          () => sample(node, [...args], target.dir),
          () => sample(process.execPath, [...loader, baselineScript], target.dir),
        );
        if (result.a.last.status !== 0) throw new Error(`planning run failed: ${result.a.last.stderr}`);
        const listed = execFileSync('git', ['rev-list', '--count', range], { cwd: target.dir, encoding: 'utf8' }).trim();
        const spawned = processes(result.a.last.stderr);
        lines.push(
          scenario.name === 'default'
            ? `Planning ${listed} new commits in one source (file lists, renames), default config: all classified, 50 picked (commits.maxPerRun) and inspected`
            : `Planning ${listed} new commits, commits.maxPerRun 10000: every wanted commit picked, its content read and scanned`,
        );
        lines.push(
          `  auto-sync run (ls-remote, fetch, list, classify, inspect): ${fmt(result.a.ms)}  (${spawned} git processes in all, 1 listing call)  peak memory ${mb(result.a.rssKb)}`,
        );
        lines.push(`  baseline (start-up + ${scenario.baseline}): ${fmt(result.b.ms)}  peak memory ${mb(result.b.rssKb)}`);
        lines.push(`  ratio ${result.ratio.toFixed(2)}×   (goal ≤ 1.5×; memory goal ≤ 200 MB)`, '');
      }
    }

    // 3. Applying 200 commits in memory versus git cherry-pick -x in a worktree: in a small tree
    // (200 files) and in one of an application's size (2,000 files), where a work tree costs more;
    // then the worst case, where main has edited every file and each pick needs a three-way merge.
    const scenarios = [
      { files: 200, goal: '(goal ≤ 0.2×)', title: 'Applying 200 commits, 200 files in the tree' },
      { files: 2_000, goal: '(goal ≤ 0.2×)', title: 'Applying 200 commits, 2000 files in the tree' },
      {
        files: 200,
        mainEditsAll: true,
        goal: '(worst case, for reference: no goal)',
        title: 'Applying 200 commits, 200 files, main has edited every file (each pick a three-way merge)',
      },
    ];
    for (const { title, goal, ...scenario } of runs('apply') ? scenarios : []) {
      const results = [];
      for (let i = 0; i < Math.max(3, Math.min(RUNS, 5)); i++) results.push(await benchApply({ commits: 200, ...scenario }));
      const ours = median(results.map((r) => r.ours.ms));
      const theirs = median(results.map((r) => r.cherryPick.ms));
      lines.push(title);
      lines.push(
        `  auto-sync (in memory, no work tree): ${fmt(ours)}  (${results[0]!.ours.processes} git processes; ${results[0]!.ours.mergedByGit} of 200 picks needed git's merge)`,
      );
      lines.push(`  baseline (git cherry-pick -x in a worktree): ${fmt(theirs)}`);
      lines.push(
        `  ratio ${median(results.map((r) => r.ratio)).toFixed(2)}×   same trees: ${results.every((r) => r.sameTrees) ? 'yes' : 'NO'}   ${goal}`,
        '',
      );
    }

    // 4. Validation on the next hourly run, target head unchanged: install skipped, baseline cached.
    if (runs('verify')) lines.push(...(await benchVerifyReuse()));

    // 5. Landing rate on a real history (the corpus in shared/), per mode, beside git cherry-pick.
    // BENCH_LANDING_DEPTH: how far behind the target is (first-parent commits; default 1,000).
    if (runs('landing'))
      lines.push(
        ...(await benchLanding({
          corpus: process.env.BENCH_CORPUS,
          depth: Number(process.env.BENCH_LANDING_DEPTH ?? 1_000),
          modes: [
            { name: 'default (follow first-parent, prerequisites include)', commits: {} },
            { name: 'follow first-parent, prerequisites hold', commits: { prerequisites: 'hold' } },
            { name: 'follow all, prerequisites include', commits: { follow: 'all' } },
            { name: 'follow all, prerequisites hold', commits: { follow: 'all', prerequisites: 'hold' } },
          ],
        })),
      );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

await main();

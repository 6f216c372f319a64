import { readFile } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PACKAGE_ROOT } from '../build-info.ts';
import type { CliOptions } from '../cli.ts';
import type { RunEnvironment } from '../env.ts';
import type { Logger } from '../output/log.ts';
import type { Report } from '../report/model.ts';
import { createDemoSandbox } from './sandbox.ts';

// `demo`: builds the sandbox and runs the real pipeline on it (the same `run --apply` a user runs),
// then says what happened against what the sandbox's stories expect, and where to look.

/** The tool's own checkout (the demo's target app runs its checks with the tool's installed packages). */
export const TOOL_ROOT = PACKAGE_ROOT;

/** `main` is passed in (not imported) so the demo runs the real CLI without an import cycle. */
type Main = (argv: readonly string[], vars: Readonly<Record<string, string | undefined>>) => Promise<number>;

export async function runDemo(cli: CliOptions, env: RunEnvironment, log: Logger, main: Main): Promise<number> {
  const started = performance.now();
  const root = cli.out ? resolve(process.cwd(), cli.out) : await mkdtemp(join(tmpdir(), 'auto-sync-demo-'));
  log.info(`demo: building a sandbox in ${root} (a target app and three sibling forks)…`);
  const sandbox = await createDemoSandbox(root, { toolRoot: TOOL_ROOT });
  for (const source of sandbox.sources) log.info(`  ${source.name}: ${source.story}`);
  const reportPath = cli.report ? resolve(process.cwd(), cli.report) : join(root, 'report.json');
  const args = [
    'run',
    '--apply',
    '--repo',
    sandbox.targetDir,
    '--config',
    sandbox.configPath,
    '--report',
    reportPath,
    ...(cli.verbose ? ['--verbose'] : []),
  ];
  log.info(`demo: npx tsx scripts/auto-sync ${args.join(' ')}\n`);
  // The demo's run sees no token and no CI variables of this shell: it is a sandbox.
  const vars = Object.fromEntries(Object.entries(env.vars).filter(([name]) => !/TOKEN|SECRET|_PAT$|^CI$|^GITHUB_/i.test(name)));
  // Validation directories (the app's node_modules among them) stay inside the sandbox.
  vars.AUTO_SYNC_WORK_DIR = join(root, 'verify');
  const code = await main(args, vars);
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as Report;

  log.out('\ndemo summary');
  let matches = true;
  for (const source of report.sources) {
    const expected = sandbox.expected[source.name];
    const ok = expected?.outcome === source.outcome;
    matches &&= ok;
    log.out(
      `  ${source.name.padEnd(9)} ${String(source.outcome).padEnd(13)} ${ok ? '(as expected)' : `(expected ${expected?.outcome})`} — ${expected?.notes ?? ''}`,
    );
  }
  log.out('\nwhere to look:');
  log.out(`  target repository:  ${sandbox.targetDir}   (git log --oneline --graph main)`);
  log.out(`  proposals (PRs):    ${join(sandbox.targetDir, '.neon', 'proposals')}`);
  log.out(`  state:              ${join(sandbox.targetDir, '.neon', 'auto-sync-state.json')}`);
  log.out(`  JSON report:        ${reportPath}`);
  log.out(
    `  run it again:       AUTO_SYNC_WORK_DIR=${vars.AUTO_SYNC_WORK_DIR} npx tsx scripts/auto-sync run --apply --repo ${sandbox.targetDir} --config ${sandbox.configPath}   (nothing new: changes nothing)`,
  );
  log.out(
    `\ndemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s${matches ? '' : ' — some outcomes differ from the stories (see above)'}`,
  );
  return code === 0 && matches ? 0 : 1;
}

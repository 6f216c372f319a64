import { existsSync } from 'node:fs';
import { mkdir, open, readdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { CODE_DIR, PACKAGE_ROOT } from '../build-info.ts';
import type { CliOptions } from '../cli.ts';
import { readRepoFacts } from '../checks/repo-facts.ts';
import { initialConfig, parseInitSources } from '../config/init-config.ts';
import { parseConfigText } from '../config/validate.ts';
import type { RunEnvironment } from '../env.ts';
import { SyncError } from '../errors.ts';
import type { Logger } from '../output/log.ts';
import { Git } from '../git/git.ts';
import { configValue } from '../git/refs.ts';
import { ProcessRunner } from '../proc/run.ts';
import { repoRoot } from './context.ts';

// `init`: writes auto-sync.config.json (or --config FILE) for the target, from what is in it
// (config/init-config.ts decides), and never over an existing file.

const DEFAULT_FILE = 'auto-sync.config.json';

export async function initCommand(cli: CliOptions, env: RunEnvironment, log: Logger): Promise<number> {
  const runner = new ProcessRunner();
  const root = await repoRoot(cli, env, runner);
  const { sources, problems } = parseInitSources(cli.from);
  if (cli.from.length === 0)
    problems.push('no source given: pass --from URL (or --from NAME=URL) for each sibling repository to take commits from');
  if (problems.length > 0)
    throw new SyncError('USAGE', `init: ${problems.length} problem(s) with the sources`, {
      details: problems,
      hint: 'Example: auto-sync init --from https://github.com/acme/upstream.git',
    });
  const file = cli.config ? (isAbsolute(cli.config) ? cli.config : resolve(process.cwd(), cli.config)) : join(root, DEFAULT_FILE);
  const names = new Set(await readdir(root).catch(() => []));
  const facts = { ...(await readRepoFacts(root)), files: names };
  // The github forge where the target lives on GitHub (its origin, or a runner), else local.
  const origin = await configValue(new Git(root, runner, env.vars), 'remote.origin.url').catch(() => '');
  const github = env.githubActions || isGitHubUrl(origin);
  const { text, detected } = initialConfig(facts, sources, { schema: schemaRef(dirname(file)), github });
  // What init writes must load: a failure here is a bug of init, not of the repository.
  const parsed = parseConfigText(text);
  if (!parsed.ok) throw new Error(`init wrote a configuration that does not validate: ${JSON.stringify(parsed.problems)}`);
  await mkdir(dirname(file), { recursive: true });
  try {
    // 'wx': created here or not at all, so a configuration someone wrote is never replaced.
    const handle = await open(file, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new SyncError('CONFIG_EXISTS', `${file} exists already; init does not replace a configuration`, {
        hint: 'Edit it (auto-sync check-config checks it), remove it to start afresh, or pass --config FILE to write another.',
      });
    throw error;
  }
  const shown = relative(process.cwd(), file) || file;
  log.out(`wrote ${shown}: ${sources.length} source(s): ${sources.map((s) => s.name).join(', ')}`);
  for (const line of detected) log.out(`  ${line}`);
  log.out(`next: auto-sync check-config --repo ${quote(root)}, then auto-sync run --repo ${quote(root)} (a dry run outside CI)`);
  return 0;
}

/**
 * `$schema`: the schema of the auto-sync that ran, relative to the configuration when the tool is in
 * the same repository (this one), else its absolute path (editor completion on this machine; point
 * it at the schema of your auto-sync tag to share it).
 */
function schemaRef(configDir: string): string {
  const candidates = [join(CODE_DIR, 'config.schema.json'), join(PACKAGE_ROOT, 'scripts', 'auto-sync', 'config.schema.json')];
  const schema = candidates.find((path) => existsSync(path)) ?? candidates[0]!;
  const rel = relative(configDir, schema);
  return rel.startsWith('..') || isAbsolute(rel) ? schema : `./${rel}`;
}

function isGitHubUrl(url: string): boolean {
  return /^(https:\/\/([^/@]*@)?github\.com\/|git@github\.com:|ssh:\/\/git@github\.com\/)/i.test(url.trim());
}

function quote(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../build.ts';
import { cliEnv, writeConfig, type CliResult } from './helpers/cli.ts';
import { makeTempDir, TestRepo } from './helpers/repo.ts';

// The bundle (dist/auto-sync.mjs) as a team meets it: the committed file is what `npm run build`
// makes of the sources, it runs every command with plain Node 24 and no node_modules (the tool's
// own packages are inside it; the Prisma engine's .wasm beside it), it refuses Node 20 at once,
// and `npm pack` gives a tarball that installs offline and runs as `auto-sync`.

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BUNDLE = join(ROOT, 'dist', 'auto-sync.mjs');
const OLD_NODE = '/usr/bin/node'; // this machine's own Node (20); absent elsewhere, then skipped
const oldNodeMajor = existsSync(OLD_NODE) ? Number(execFileSync(OLD_NODE, ['-p', 'process.versions.node.split(".")[0]']).toString()) : 0;
// Node 24 first on PATH: the bundle's #! line and npm's bin shims run `node` from PATH.
const PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;

function runNode(node: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(node, args, { cwd, env: cliEnv({ PATH, ...env }), maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}
const bundle = (args: readonly string[], cwd: string, env?: Record<string, string>) =>
  runNode(process.execPath, [BUNDLE, ...args], cwd, env);

describe('the committed bundle', () => {
  it('is what npm run build makes of the sources (run `npm run build` when this fails)', async () => {
    const { files } = await buildBundle();
    expect([...files.keys()].sort()).toEqual(readdirSync(join(ROOT, 'dist')).sort());
    for (const [name, content] of files) expect(content.equals(readFileSync(join(ROOT, 'dist', name))), `dist/${name} is stale`).toBe(true);
  });
});

describe('running the bundle', () => {
  let work: string;
  let target: TestRepo;
  let fork: TestRepo;
  beforeAll(() => {
    work = makeTempDir('auto-sync-bundle-');
    target = TestRepo.init({ dir: join(work, 'target') });
    target.commit('chore: initial', { 'README.md': '# app\n' });
    fork = TestRepo.clone(target.dir, { dir: join(work, 'fork') });
    // A Prisma schema: the check that loads the engine's .wasm from beside the bundle.
    fork.commit('feat: a user model', {
      'prisma/schema.prisma': 'datasource db {\n  provider = "postgresql"\n}\n\nmodel User {\n  id Int @id\n}\n',
    });
    // A token in an added line: secretlint's rules, bundled, must still find it (held, never synced).
    fork.commit('feat: a client', { 'src/client.js': `export const token = 'ghp_${'a1B2c3D4e5'.repeat(3)}Z9y8x7';\n` });
    // Only the check this test is about (the defaults' fit to a repository is tested elsewhere).
    writeConfig(target.dir, {
      sources: [{ name: 'fork', url: fork.dir }],
      checks: [{ name: 'prisma', builtin: 'prisma-validate' }],
      smoke: [],
    });
    target.git(['add', 'auto-sync.config.json']);
    target.git(['commit', '-m', 'chore: auto-sync config']);
  });

  it('prints its version and every help, with plain node and no node_modules in reach', async () => {
    const version = await bundle(['--version'], work);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
    for (const command of ['run', 'prepare', 'verify', 'publish', 'status', 'check-config', 'demo']) {
      const help = await bundle([command, '--help'], work);
      expect(help.code, help.stderr).toBe(0);
      expect(help.stdout).toContain(`Usage: auto-sync ${command}`);
    }
  });

  it('checks the config it finds in the target, plans, and reports status', async () => {
    const check = await bundle(['check-config'], target.dir);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('auto-sync.config.json: valid');
    const dry = await bundle(['run', '--dry-run', '--json'], target.dir);
    expect(dry.code, dry.stderr).toBe(0);
    const planned = JSON.parse(dry.stdout).sources[0];
    expect(planned).toMatchObject({ name: 'fork' });
    expect(planned.commits.map((c: { reason: string }) => c.reason)).toEqual(['picked', 'secret-detected']);
    const status = await bundle(['status'], target.dir);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/fork/);
  });

  it('runs the three phases, then a real run --apply merges (Prisma validated through the .wasm)', async () => {
    const handoff = join(work, 'handoff');
    const prepare = await bundle(['prepare', '--out', handoff], target.dir);
    expect(prepare.code, prepare.stderr).toBe(0);
    expect(prepare.stdout).toMatch(/^handoff-digest: [0-9a-f]{64}$/m);
    const verify = await bundle(['verify', '--in', handoff], target.dir);
    expect(verify.code, verify.stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(handoff, 'results.json'), 'utf8'));
    expect(results.sources[0].checks.find((c: { name: string }) => c.name === 'prisma')).toMatchObject({ status: 'passed' });

    const run = await bundle(['run', '--apply'], target.dir);
    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.stdout).toMatch(/MERGED/i);
    expect(target.git(['log', '-1', '--format=%B', 'main'])).toContain('Auto-Sync-Origin:');
    expect(existsSync(join(target.dir, '.neon', 'auto-sync-state.json'))).toBe(true);
  });

  it.skipIf(oldNodeMajor === 0 || oldNodeMajor >= 24)('refuses an older Node at once, with the Node it needs', async () => {
    const result = await runNode(OLD_NODE, [BUNDLE, 'run'], target.dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: RUNTIME_UNSUPPORTED: auto-sync needs Node 24 or newer; this is Node 2\d\./);
    expect(result.stdout).toBe('');
  });
});

describe('npm pack', () => {
  it('packs a tarball that installs offline (no dependencies) and runs as auto-sync', async () => {
    const work = makeTempDir('auto-sync-pack-');
    const npm = (args: string[], cwd: string) =>
      execFileSync('npm', args, { cwd, env: { ...cliEnv({ PATH }), npm_config_cache: join(work, 'npm-cache') } }).toString();
    const packed = JSON.parse(npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], ROOT)) as {
      filename: string;
      files: { path: string }[];
    }[];
    const files = packed[0]!.files.map((f) => f.path).sort();
    expect(files).toEqual(expect.arrayContaining(['dist/auto-sync.mjs', 'dist/prisma_schema_build_bg.wasm', 'package.json']));
    expect(
      files.filter((f) => f.startsWith('scripts/')),
      'no sources or tests in the package',
    ).toEqual([]);
    const app = join(work, 'app');
    mkdirSync(app);
    npm(['init', '-y'], app);
    npm(['install', '--offline', '--no-audit', '--no-fund', join(work, packed[0]!.filename)], app);
    expect(
      readdirSync(join(app, 'node_modules'))
        .filter((name) => name !== '.bin')
        .sort(),
      "the tool's packages stay out of the app's node_modules",
    ).toEqual(['.package-lock.json', 'auto-sync']);
    const bin = join(app, 'node_modules', '.bin', 'auto-sync');
    const version = await runNode(bin, ['--version'], app);
    expect(version.code, version.stderr).toBe(0);
    const repo = TestRepo.init({ dir: join(work, 'repo') });
    repo.commit('chore: initial', { 'a.txt': 'a\n' });
    const sibling = TestRepo.clone(repo.dir, { dir: join(work, 'sibling') });
    sibling.commit('feat: b', { 'b.txt': 'b\n' });
    writeConfig(repo.dir, { sources: [{ name: 'sibling', url: sibling.dir }] }, '.github/auto-sync.json');
    const dry = await runNode(bin, ['run', '--repo', repo.dir], app);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stderr).toContain('dry run');
    expect(dry.stdout).toMatch(/1 picked/);
  });
});

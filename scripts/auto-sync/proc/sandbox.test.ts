import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProcessRunner } from './run.ts';
import { detectSandbox, grantToSandbox, SANDBOX_UID, type SandboxMode, type SandboxPaths } from './sandbox.ts';

// Real sandboxes, real processes. The privileged parent is a small node process holding FAKE_TOKEN
// in its environment and a secret in its cwd, as auto-sync holds its tokens; it runs a shell script
// standing for sibling code through the sandbox. The root modes run that parent as root, the others
// as PARENT_UID (setpriv), so both sides of detectSandbox are exercised on a root machine.

const HERE = dirname(fileURLToPath(import.meta.url));
const TOOL_ROOT = resolve(HERE, '../../..');
const NODE = process.execPath;
const TSX = import.meta.resolve('tsx');
const IS_ROOT = process.getuid?.() === 0;
const PARENT_UID = 4242; // not SANDBOX_UID: the non-root parent must be a uid of its own
const FAKE_TOKEN = 'ghs_FakeTokenOfTheParent_0123456789';

interface Case {
  mode: Exclude<SandboxMode, 'none'> | 'none';
  /** The parent's uid; undefined: this process's (root on CI). */
  uid: number | undefined;
}
const CASES: Case[] = IS_ROOT
  ? [
      { mode: 'bwrap', uid: undefined },
      { mode: 'unshare-root', uid: undefined },
      { mode: 'bwrap', uid: PARENT_UID },
      { mode: 'unshare-user', uid: PARENT_UID },
    ]
  : [
      { mode: 'bwrap', uid: undefined },
      { mode: 'unshare-user', uid: undefined },
    ];
const label = (c: Case) => `${c.mode}, parent ${c.uid === undefined ? (IS_ROOT ? 'root' : 'this user') : `uid ${c.uid}`}`;

// Not under the test run's TMPDIR: that is private to root, and the non-root parent (and
// unshare-root's sandbox uid, which cannot be given a way through it) must reach their directories.
// Not under /tmp either: bwrap's /tmp is private, so the target and HOME would simply not be there,
// and the read-only filesystem and the hiding would go untested.
const base = mkdtempSync('/var/tmp/auto-sync-sandbox-test-');
chmodSync(base, 0o755);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const harness = join(base, 'parent.mts');
writeFileSync(
  harness,
  `import { ProcessRunner } from ${JSON.stringify(join(HERE, 'run.ts'))};
import { detectSandbox, grantToSandbox } from ${JSON.stringify(join(HERE, 'sandbox.ts'))};
const { mode, paths, timeoutMs, command } = JSON.parse(process.argv[2]);
const runner = new ProcessRunner();
const sandbox = await detectSandbox(runner, mode === 'none' ? 'off' : 'required', { modes: [mode] });
for (const dir of paths.writable) await grantToSandbox(sandbox, dir);
const env = { PATH: process.env.PATH, HOME: paths.writable[1], PARENT_PID: String(process.pid) };
const result = await runner.run(command[0], command.slice(1), { cwd: paths.writable[0], env, sandbox: sandbox.scope(paths), group: true, maxOutputChars: 65536, timeoutMs, input: '' });
console.log(JSON.stringify({ mode: sandbox.mode, result }));
`,
);

interface Layout {
  parentCwd: string;
  paths: SandboxPaths & { writable: [scratch: string, home: string] };
  target: string;
  realHome: string;
}

/** A parent cwd with a secret, a target repository with a token in .git/config, a HOME, the scratch. */
function makeLayout(c: Case, index: number): Layout {
  const root = join(base, `case-${index}`);
  const dirs = {
    parentCwd: 'parent-cwd',
    target: 'target',
    git: 'target/.git',
    realHome: 'home',
    scratch: 'scratch',
    sandboxHome: 'sandbox-home',
  };
  for (const dir of Object.values(dirs)) mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, 'parent-cwd/secret.txt'), 'parent-secret\n');
  writeFileSync(join(root, 'target/.git/config'), '[http]\n\textraHeader = git-secret\n');
  writeFileSync(join(root, 'target/app.js'), '1\n');
  writeFileSync(join(root, 'home/.npmrc'), '//registry/:_authToken=home-secret\n');
  chmodSync(join(root, 'parent-cwd'), 0o700);
  // Everything belongs to the parent: what stops the sandbox is the sandbox, not foreign ownership.
  if (c.uid !== undefined) for (const dir of ['', ...Object.values(dirs)]) chownSync(join(root, dir), c.uid, c.uid);
  const at = (name: keyof typeof dirs) => join(root, dirs[name]);
  return {
    parentCwd: at('parentCwd'),
    target: at('target'),
    realHome: at('realHome'),
    paths: { writable: [at('scratch'), at('sandboxHome')], readOnly: [at('target'), at('realHome')], hidden: [at('git'), at('realHome')] },
  };
}

interface Ran {
  mode: SandboxMode;
  result: { exitCode?: number; timedOut: boolean; durationMs: number; stdout: string; stderr: string; startError?: string };
}

/** Runs `command` through the sandbox from a parent holding FAKE_TOKEN, as c.uid when set. */
function runInSandbox(c: Case, layout: Layout, command: string[], timeoutMs = 10_000): Promise<Ran> {
  const parent = [NODE, '--import', TSX, harness, JSON.stringify({ mode: c.mode, paths: layout.paths, timeoutMs, command })];
  const drop = c.uid === undefined ? [] : ['setpriv', `--reuid=${c.uid}`, `--regid=${c.uid}`, '--clear-groups', '--'];
  const [file, ...args] = [...drop, ...parent];
  return new Promise((resolvePromise, reject) => {
    execFile(
      file!,
      args,
      { cwd: layout.parentCwd, env: { PATH: process.env.PATH, FAKE_TOKEN }, timeout: 30_000 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        resolvePromise(JSON.parse(stdout.trim().split('\n').at(-1)!) as Ran);
      },
    );
  });
}

/** Processes on the host whose command line holds `marker` (a daemon the sandbox should have taken along). */
function hostProcessesWith(marker: string): string[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
    .flatMap((pid) => {
      try {
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
        return cmdline.includes(marker) && !/ Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8')) ? [`${pid}: ${cmdline}`] : [];
      } catch {
        return [];
      }
    });
}

async function settledProcessesWith(marker: string): Promise<string[]> {
  for (let i = 0; i < 20 && hostProcessesWith(marker).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return hostProcessesWith(marker);
}

// Sibling code looking around: key=value lines.
const SPY = `
target=$1 realhome=$2 tool=$3
try() { if sh -c "$2" >/dev/null 2>&1; then echo "$1=yes"; else echo "$1=no"; fi; }
try parent-environ "cat /proc/$PARENT_PID/environ"
try parent-cwd "ls /proc/$PARENT_PID/cwd/"
echo "token-anywhere=$(cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c FAKE_TOKEN)"
echo "secret-via-cwd=$(cat /proc/[0-9]*/cwd/secret.txt 2>/dev/null | grep -c parent-secret)"
echo "pids=$(ls /proc | grep -E '^[0-9]+$' | tr '\\n' ' ')"
echo "commands=$(for p in /proc/[0-9]*; do tr '\\0' ' ' < $p/cmdline 2>/dev/null; echo '|'; done | tr -d '\\n')"
try write-target "touch $target/planted"
try write-real-home "touch $realhome/planted"
try write-tool "touch $tool/.sandbox-test-planted"
try write-code-cache "mkdir -p $tool/node_modules/.cache/auto-sync-v8 && touch $tool/node_modules/.cache/auto-sync-v8/.sandbox-test-planted"
try write-scratch "touch ./planted"
try write-own-home "touch $HOME/planted"
try read-target-git "grep -q git-secret $target/.git/config"
try read-real-home "grep -q home-secret $realhome/.npmrc"
try read-target "cat $target/app.js"
echo "uid=$(id -u)"
`;

function parse(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .split('\n')
      .flatMap((line) => (/^[\w-]+=/.test(line) ? [[line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]] : [])),
  );
}

describe.each(CASES.map((c, i) => ({ c, i, name: label(c) })))('sandbox $name', ({ c, i }) => {
  let layout: Layout;
  let spied: Record<string, string>;
  let ran: Ran;
  beforeAll(async () => {
    layout = makeLayout(c, i);
    ran = await runInSandbox(c, layout, ['sh', '-c', SPY, 'spy', layout.target, layout.realHome, TOOL_ROOT]);
    spied = parse(ran.result.stdout);
  });
  afterAll(() => {
    rmSync(join(TOOL_ROOT, '.sandbox-test-planted'), { force: true });
    rmSync(join(TOOL_ROOT, 'node_modules', '.cache', 'auto-sync-v8', '.sandbox-test-planted'), { force: true });
  });

  it('is the mode asked for, and the script ran', () => {
    expect(ran.mode).toBe(c.mode);
    expect(ran.result.exitCode, ran.result.stderr).toBe(0);
    const expectedUid = IS_ROOT && c.uid === undefined ? SANDBOX_UID : c.mode === 'unshare-user' ? 0 : (c.uid ?? process.getuid!());
    expect(spied.uid).toBe(String(expectedUid)); // unshare-user: root of its own namespace, mapped to the parent's uid
  });

  it('cannot see the parent: not its environ, its cwd nor any of its processes', () => {
    expect(spied).toMatchObject({ 'parent-environ': 'no', 'parent-cwd': 'no', 'token-anywhere': '0', 'secret-via-cwd': '0' });
    const pids = spied.pids!.trim().split(' ').map(Number);
    expect(pids.length).toBeLessThan(10); // its own shell, the init of its namespace, the helpers of the script
    expect(Math.max(...pids)).toBeLessThan(100);
    expect(spied.commands).not.toContain('parent.mts');
    expect(spied.commands).not.toContain('vitest');
    expect(ran.result.stdout).not.toContain(FAKE_TOKEN);
  });

  it('writes its scratch directory and its HOME, and nothing of the target, the real HOME or the tool', () => {
    expect(spied).toMatchObject({ 'write-scratch': 'yes', 'write-own-home': 'yes' });
    expect(spied).toMatchObject({ 'write-target': 'no', 'write-real-home': 'no', 'write-tool': 'no' });
    // Nor V8's code cache of the tool's own modules (source-loader.ts), which the next run would execute.
    expect(spied['write-code-cache']).toBe('no');
    expect(() => statSync(join(layout.target, 'planted'))).toThrow();
    expect(() => statSync(join(layout.realHome, 'planted'))).toThrow();
    expect(() => statSync(join(TOOL_ROOT, '.sandbox-test-planted'))).toThrow();
    // Hidden: the token in the target's .git/config and the real HOME's files.
    expect(spied).toMatchObject({ 'read-target-git': 'no', 'read-real-home': 'no' });
  });

  it('takes a daemon started with setsid along when the command returns', async () => {
    const marker = `sandbox-daemon-${c.mode}-${i}-${process.pid}`;
    const daemon = `setsid sh -c 'sleep 300; : ${marker}' </dev/null >/dev/null 2>&1 & sleep 0.2; echo started`;
    const { result } = await runInSandbox(c, layout, ['sh', '-c', daemon]);
    expect(result.stdout).toContain('started');
    expect(await settledProcessesWith(marker)).toEqual([]);
  });

  it('at a timeout, SIGTERM reaches the command at once and SIGKILL takes whatever ignores it', async () => {
    const marker = `sandbox-timeout-${c.mode}-${i}-${process.pid}`;
    const gentle = await runInSandbox(c, layout, ['sh', '-c', `setsid sh -c 'sleep 300; : ${marker}' & sleep 300`], 500);
    expect(gentle.result.timedOut).toBe(true);
    expect(gentle.result.durationMs).toBeLessThan(500 + 1_000); // no wait for the 2 s SIGKILL
    const stubborn = await runInSandbox(c, layout, ['sh', '-c', `trap '' TERM; sleep 300; : ${marker}`], 500);
    expect(stubborn.result.timedOut).toBe(true);
    expect(stubborn.result.durationMs).toBeGreaterThanOrEqual(500 + 2_000 - 100);
    expect(stubborn.result.durationMs).toBeLessThan(500 + 2_000 + 1_000);
    expect(await settledProcessesWith(marker)).toEqual([]);
  });
});

describe('without a sandbox', () => {
  it('the same setsid daemon outlives its command: what the PID namespace prevents', async () => {
    const layout = makeLayout({ mode: 'none', uid: undefined }, 99);
    const marker = `sandbox-none-daemon-${process.pid}`;
    const { mode } = await runInSandbox({ mode: 'none', uid: undefined }, layout, [
      'sh',
      '-c',
      `setsid sh -c 'sleep 300; : ${marker}' </dev/null >/dev/null 2>&1 &`,
    ]);
    expect(mode).toBe('none');
    const left = await settledProcessesWith(marker);
    for (const line of left) process.kill(Number(line.split(':')[0]), 'SIGKILL');
    expect(left).toHaveLength(1);
  });
});

describe('detectSandbox', () => {
  const runner = new ProcessRunner();

  it('is "none" with the reasons when nothing works, SANDBOX_UNAVAILABLE when one is required, never tried when off', async () => {
    const auto = await detectSandbox(runner, 'auto', { path: '/nonexistent' });
    expect(auto.mode).toBe('none');
    expect(auto.summary).toMatch(/bwrap: .*not found/);
    await expect(detectSandbox(runner, 'required', { path: '/nonexistent' })).rejects.toMatchObject({ code: 'SANDBOX_UNAVAILABLE' });
    const before = runner.spawned;
    expect((await detectSandbox(runner, 'off')).mode).toBe('none');
    expect(runner.spawned).toBe(before);
  });

  it.each(CASES.filter((c) => c.uid === undefined))(
    '$mode: a missing command is a start error, and `true` costs a few ms more',
    async (c) => {
      const sandbox = await detectSandbox(runner, 'required', { modes: [c.mode as Exclude<SandboxMode, 'none'>] });
      const scope = sandbox.scope({ writable: [], readOnly: [], hidden: [] });
      const env = { PATH: process.env.PATH };
      const missing = await runner.run('no-such-command-here', [], { cwd: '/', env, sandbox: scope });
      expect(missing).toMatchObject({ ok: false, startError: 'spawn no-such-command-here ENOENT' });
      const time = async (sandboxed: boolean) => {
        const started = performance.now();
        for (let n = 0; n < 5; n++)
          expect((await runner.run('true', [], { cwd: '/', env, ...(sandboxed ? { sandbox: scope } : {}) })).ok).toBe(true);
        return (performance.now() - started) / 5;
      };
      const [plain, sandboxed] = [await time(false), await time(true)];
      console.info(`${c.mode}: true takes ${sandboxed.toFixed(1)} ms sandboxed, ${plain.toFixed(1)} ms plain`);
      expect(sandboxed).toBeLessThan(500);
    },
  );
});

describe.runIf(IS_ROOT)('grantToSandbox', () => {
  it('gives what we wrote to the sandbox uid, but never follows a link it may have planted', async () => {
    const dir = join(base, 'grant');
    const outside = join(base, 'outside.txt');
    mkdirSync(join(dir, 'src'), { recursive: true });
    writeFileSync(join(dir, 'src/a.js'), '1\n');
    writeFileSync(outside, 'ours\n');
    symlinkSync(outside, join(dir, 'link'));
    linkSync(outside, join(dir, 'hard'));
    const sandbox = await detectSandbox(new ProcessRunner(), 'required', { modes: ['unshare-root'] });
    await grantToSandbox(sandbox, dir);
    for (const path of [dir, join(dir, 'src'), join(dir, 'src/a.js')]) expect(statSync(path).uid, path).toBe(SANDBOX_UID);
    expect(statSync(outside).uid).toBe(0);
  });
});

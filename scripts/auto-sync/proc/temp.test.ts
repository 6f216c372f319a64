import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir as makeTestDir } from '../test/helpers/repo.ts';
import { isAlive, waitGone } from '../test/helpers/checks.ts';
import { processStart } from './pid.ts';
import { claimRunDir, liveTempDirs, makeTempDir, removeTempDir, removeTempDirsSync, sweepTempDirs } from './temp.ts';

// Temp directories: named with their run's pid, removed all at once on a signal, and swept at the
// next start only where their run is gone.

describe('temp directories', () => {
  it('are named with the pid, known while they live, and removed at once on the way out', async () => {
    const parent = makeTestDir();
    const a = await makeTempDir('handoff', parent);
    const b = await makeTempDir('home', parent);
    expect(basename(a)).toMatch(new RegExp(`^auto-sync-handoff-${process.pid}-[A-Za-z0-9]{6}$`));
    expect(liveTempDirs()).toEqual(expect.arrayContaining([a, b]));
    await removeTempDir(a);
    expect(existsSync(a)).toBe(false);
    expect(liveTempDirs()).not.toContain(a);
    mkdirSync(join(b, 'deep', 'er'), { recursive: true });
    expect(removeTempDirsSync()).toContain(b);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('of runs that are gone are swept; a live run’s and anything else are left', async () => {
    const parent = makeTestDir();
    const dead = spawnSync('true').pid!;
    const names = [
      `auto-sync-handoff-${dead}-abc123`,
      `auto-sync-home-${dead}-Xy9Z0q`,
      `auto-sync-objects-${dead}-000000`,
      `auto-sync-state-index-${dead}-aaaaaa`,
      `auto-sync-home-${process.ppid}-livelv`, // a live process
      `auto-sync-home-${process.pid}-mineee`, // this process
      `auto-sync-home-abcdef`, // made before names carried a pid: cannot tell, left
      `auto-sync-tests-${dead}-abcdef`, // not a kind auto-sync makes
      `auto-sync-verify-0123456789ab`, // a persistent work directory
    ];
    for (const name of names) mkdirSync(join(parent, name, 'inside'), { recursive: true });
    const swept = await sweepTempDirs([parent]);
    expect(swept.map((dir) => basename(dir)).sort()).toEqual(names.slice(0, 4).sort());
    expect(readdirSync(parent).sort()).toEqual(names.slice(4).sort());
  });

  it('a killed run’s process groups are ended by the sweep, unless their id now leads another process', async () => {
    const parent = makeTestDir();
    const dead = spawnSync('true').pid!;
    const leftover = spawn('sh', ['-c', 'sleep 30 & wait'], { detached: true, stdio: 'ignore' });
    const other = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const record = join(parent, `auto-sync-run-${dead}-abcdef`);
      mkdirSync(record);
      writeFileSync(
        join(record, 'children.json'),
        JSON.stringify([
          { pgid: leftover.pid, start: processStart(leftover.pid!) },
          { pgid: other.pid, start: 'not-its-start-time' },
        ]),
      );
      await sweepTempDirs([parent]);
      expect(await waitGone(leftover.pid!)).toBe(true);
      expect(isAlive(other.pid!)).toBe(true);
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      for (const child of [leftover, other]) {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });

  it('a run directory is the shared one when free, and one of its own when another run has it', async () => {
    const root = join(makeTestDir(), 'work');
    const first = await claimRunDir(root, 'verify');
    expect(first).toMatchObject({ dir: root, shared: false });
    const second = await claimRunDir(root, 'verify');
    expect(second.shared).toBe(true);
    expect(second.dir.startsWith(join(root, 'runs', `auto-sync-verify-${process.pid}-`))).toBe(true);
    await second.release();
    expect(existsSync(second.dir)).toBe(false);
    await first.release();
    // A killed run's own directory goes at the next claim.
    const dead = spawnSync('true').pid!;
    mkdirSync(join(root, 'runs', `auto-sync-verify-${dead}-abcdef`, 'sources'), { recursive: true });
    const third = await claimRunDir(root, 'verify');
    expect(third.dir).toBe(root);
    expect(readdirSync(join(root, 'runs'))).toEqual([]);
    await third.release();
  });

  it('are made only here: no other module of the tool calls mkdtemp (demo/ makes a sandbox for the user to keep)', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!['test', 'demo', 'bench', 'node_modules', 'fixtures'].includes(entry.name)) walk(path);
        } else if (
          entry.name.endsWith('.ts') &&
          !entry.name.endsWith('.test.ts') &&
          path !== fileURLToPath(new URL('./temp.ts', import.meta.url))
        ) {
          if (/\bmkdtemp(Sync)?\(/.test(readFileSync(path, 'utf8'))) offenders.push(relative(root, path));
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});

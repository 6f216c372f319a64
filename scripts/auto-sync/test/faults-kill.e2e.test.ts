import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildScenario, leftProcesses, leftTempDirs, runKilled, runToEnd, seeded, snapshot, type Scenario } from './helpers/faults.ts';

// Converge after anything: a run SIGKILLed at any moment, followed by one normal run, ends exactly
// where an uninterrupted run ends: same target history and tree, same proposals, same state, same
// branches; nothing duplicated, nothing lost, no process and no temporary directory left.
// AUTO_SYNC_FAULT_KILLS (default 20) random kills, seeded by AUTO_SYNC_FAULT_SEED (printed).

const KILLS = Number(process.env.AUTO_SYNC_FAULT_KILLS ?? 20);
const SEED = Number(process.env.AUTO_SYNC_FAULT_SEED ?? Date.now() % 1_000_000);

let reference: ReturnType<typeof snapshot>;
let referenceMs = 3000;

function fresh(): Scenario {
  const s = buildScenario();
  mkdirSync(s.tmp, { recursive: true });
  return s;
}

async function converge(s: Scenario, kill: { at?: RegExp; afterMs?: number }) {
  const killed = await runKilled(s, kill);
  const next = await runToEnd(s);
  expect(next.code, next.stderr).toBe(0);
  const after = snapshot(s);
  return { killed, next, after };
}

function expectConverged(s: Scenario, after: ReturnType<typeof snapshot>, what: string, killedLog = '') {
  expect(after, `${what}${killedLog ? `\n--- the killed run's last lines:\n${killedLog.split('\n').slice(-8).join('\n')}` : ''}`).toEqual(
    reference,
  );
  expect(leftProcesses(s.marker), `${what}: processes left`).toEqual([]);
  expect(leftTempDirs(s), `${what}: temp dirs left`).toEqual([]);
}

beforeAll(async () => {
  const s = fresh();
  const started = performance.now();
  const run = await runToEnd(s);
  referenceMs = performance.now() - started;
  expect(run.code, run.stderr).toBe(0);
  reference = snapshot(s);
  // The reference did every kind of delivery, and a second run changes nothing.
  expect(reference.mainLog).toMatch(/^alpha@[0-9a-f]{40}$/m);
  expect(reference.proposals).toHaveLength(1);
  expect(reference.dashboard).toBe(true);
  expect((await runToEnd(s)).code).toBe(0);
  expect(snapshot(s)).toEqual(reference);
}, 120_000);

describe('SIGKILL at each phase boundary, then a normal run', () => {
  const points: [string, RegExp][] = [
    ['after a source fetch', /git fetch [^\n]*\/alpha /],
    ['after planning', /source "beta": ok in/],
    ['after the integration ref is written', /update-ref [^\n]*refs\/auto-sync\/integration\/alpha/],
    ['when verify starts', /verify alpha:/],
    ['after a check passed', /check guard passed in/],
    ['after the integration branch is published', /branch auto-sync\/alpha (created|updated)/],
    ['after the merge, before the state write', /git merge --ff-only/],
    ['after the second branch, before its proposal is written', /branch auto-sync\/beta (created|updated)/],
    ['after the state write, before the dashboard', /state recorded in/],
    ['after the dashboard, before the report', /dashboard (created|updated)/],
  ];
  for (const [name, at] of points)
    it(`converges when killed ${name}`, async () => {
      const s = fresh();
      const { killed, after } = await converge(s, { at });
      expect(killed.signal, `the run was not killed ${name}`).toBe('SIGKILL');
      expectConverged(s, after, name, killed.stderr);
    }, 60_000);
});

describe('inside each write', () => {
  it('ignores what a write killed half-way leaves (temp files beside the state, proposal and dashboard)', async () => {
    const s = fresh();
    // write-file-atomic writes a temp file, then renames it: a kill in between leaves the temp file.
    const neon = join(s.target.dir, '.neon');
    mkdirSync(join(neon, 'proposals'), { recursive: true });
    writeFileSync(join(neon, 'auto-sync-state.json.2741829617'), '{"version": 1, "sources": {"alp');
    writeFileSync(join(neon, 'proposals', '1-beta.json.3344556677'), '{"number": 1, "tit');
    writeFileSync(join(neon, 'proposals', 'dashboard.md.99887766'), '# auto-sync das');
    const run = await runToEnd(s);
    expect(run.code, run.stderr).toBe(0);
    expectConverged(s, snapshot(s), 'torn temp files');
  }, 60_000);
});

describe(`random SIGKILLs (${KILLS}, seed ${SEED})`, () => {
  it('converges after each', async () => {
    console.log(`faults-kill: ${KILLS} random kills, AUTO_SYNC_FAULT_SEED=${SEED}`);
    const random = seeded(SEED);
    const outcomes: string[] = [];
    for (let i = 0; i < KILLS; i++) {
      const afterMs = Math.round(random() * referenceMs * 1.1);
      const s = fresh();
      const { killed, after } = await converge(s, { afterMs });
      outcomes.push(`${afterMs} ms: ${killed.signal ?? `exit ${killed.code}`}`);
      expectConverged(s, after, `kill ${i + 1} at ${afterMs} ms (seed ${SEED})`, killed.stderr);
    }
    // Most kills landed inside the run (not after it ended).
    expect(outcomes.filter((o) => o.endsWith('SIGKILL')).length).toBeGreaterThanOrEqual(Math.floor(KILLS / 2));
  }, 900_000);
});

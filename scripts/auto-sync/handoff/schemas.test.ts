/* eslint-disable @typescript-eslint/no-explicit-any -- the tests mutate parsed JSON of any shape on purpose */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncError } from '../errors.ts';
import {
  HANDOFF_VERSION,
  PLAN_FILE,
  readPlanFile,
  readResultsFile,
  RESULTS_FILE,
  verifyHandoff,
  writePlanFile,
  writeResultsFile,
  type PlanFile,
  type ResultsFile,
} from './files.ts';
import { parsePlanFile, parseResultsFile } from './schemas.ts';
import { EMPTY_CHANGE_FACTS } from '../plan/change-facts.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const C = 'c'.repeat(64);

function validPlan(): PlanFile {
  return {
    version: HANDOFF_VERSION,
    createdAt: '2026-01-01T00:00:00.000Z',
    target: { branch: 'main', ref: 'refs/heads/main', head: B, headTime: 1_700_000_000, identity: 'acme/target' },
    sources: [
      {
        name: 'web',
        origin: 'acme/web',
        status: 'ok',
        head: A,
        previousHead: null,
        listed: [A],
        commits: [
          {
            sha: A,
            subject: 'add x',
            type: 'feat',
            scope: null,
            breaking: false,
            author: 'A <a@example.com>',
            files: ['src/x.ts'],
            decision: 'picked',
            reason: 'picked',
          },
          {
            sha: B,
            subject: 'docs',
            type: 'docs',
            scope: 'readme',
            breaking: false,
            author: 'A <a@example.com>',
            files: [],
            decision: 'skipped',
            reason: 'type-not-allowed',
            detail: 'type "docs" is not in commits.types',
          },
        ],
        error: null,
        integration: {
          branch: 'auto-sync/web',
          base: B,
          head: C,
          bundle: 'web.bundle',
          applied: [{ sha: A, newSha: C }],
          conflicts: [{ sha: B, paths: ['src/y.ts'] }],
          files: ['src/x.ts'],
          carried: [],
          changes: EMPTY_CHANGE_FACTS,
        },
        unchangedSince: null,
        settled: [{ sha: B, decision: 'declined', proposal: 7 }],
      },
      {
        name: 'api',
        origin: 'acme/api',
        status: 'error',
        head: null,
        previousHead: B,
        listed: [],
        commits: [],
        error: { code: 'SOURCE_AUTH', message: 'no access', hint: 'check the token' },
        integration: null,
        unchangedSince: { branch: 'auto-sync/api', head: A },
        settled: [],
      },
    ],
  };
}

function validResults(): ResultsFile {
  return {
    version: HANDOFF_VERSION,
    createdAt: '',
    sources: [
      {
        name: 'web',
        head: C,
        install: { status: 'ran', reason: 'lockfile changed', durationMs: 1234.5 },
        checks: [
          {
            name: 'typecheck',
            status: 'failed',
            durationMs: 10,
            errors: 2,
            failures: 0,
            newErrors: 1,
            newFailures: 0,
            newFindings: ['src/x.ts: TS2322'],
            firstLines: ['src/x.ts(1,1): error TS2322'],
            tail: 'tail',
            parser: 'tsc',
          },
          {
            name: 'test',
            status: 'error',
            durationMs: 0,
            errors: 0,
            failures: 0,
            newErrors: 0,
            newFailures: 0,
            newFindings: [],
            firstLines: [],
            tail: '',
            message: 'did not start',
            parser: 'vitest',
          },
        ],
        smoke: [
          { name: 'health', status: 'passed', httpStatus: 200, durationMs: 50, outputTail: 'listening' },
          { name: 'other', status: 'skipped', durationMs: 0, outputTail: '', message: 'no start script' },
        ],
        baseline: { tree: B, cached: true },
      },
    ],
  };
}

/** Runs `fn` and returns the SyncError it throws (failing the test when it does not). */
function syncErrorOf(fn: () => unknown): SyncError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SyncError);
    return error as SyncError;
  }
  throw new Error('expected a SyncError');
}

type Mutation<T> = (file: T) => void;
const results0 = (r: any) => r.sources[0];
const check0 = (r: any) => r.sources[0].checks[0];

describe('results.json schema', () => {
  it('accepts a valid file unchanged', () => {
    expect(parseResultsFile(JSON.parse(JSON.stringify(validResults())), 'results.json')).toEqual(validResults());
  });

  it('drops keys it does not know (they are never passed on)', () => {
    const raw: any = validResults();
    raw.extra = 1;
    check0(raw).injected = '<script>';
    const parsed: any = parseResultsFile(raw, 'results.json');
    expect(parsed.extra).toBeUndefined();
    expect(parsed.sources[0].checks[0].injected).toBeUndefined();
  });

  const cases: [string, Mutation<any>, string[]][] = [
    ['a count that is a string', (r) => (check0(r).newErrors = 'x'), ['sources[0].checks[0].newErrors']],
    ['a negative count', (r) => (check0(r).newErrors = -1), ['sources[0].checks[0].newErrors']],
    ['a fractional count', (r) => (check0(r).failures = 1.5), ['sources[0].checks[0].failures']],
    ['an infinite duration', (r) => (check0(r).durationMs = Number.POSITIVE_INFINITY), ['sources[0].checks[0].durationMs']],
    ['a negative duration', (r) => (results0(r).install.durationMs = -5), ['sources[0].install.durationMs']],
    [
      'several bad counts at once',
      (r) => Object.assign(check0(r), { errors: null, newFailures: -2 }),
      ['sources[0].checks[0].errors', 'sources[0].checks[0].newFailures'],
    ],
    ['an unknown check status', (r) => (check0(r).status = 'green'), ['sources[0].checks[0].status']],
    ['an unknown smoke status', (r) => (results0(r).smoke[0].status = 'ok'), ['sources[0].smoke[0].status']],
    ['an unknown install status', (r) => (results0(r).install.status = 'done'), ['sources[0].install.status']],
    ['an http status out of range', (r) => (results0(r).smoke[0].httpStatus = 1e6), ['sources[0].smoke[0].httpStatus']],
    ['a missing check field', (r) => delete check0(r).parser, ['sources[0].checks[0].parser']],
    ['a missing source field', (r) => delete results0(r).baseline, ['sources[0].baseline']],
    ['missing sources', (r) => delete r.sources, ['sources']],
    ['a head that is not a sha', (r) => (results0(r).head = 'HEAD'), ['sources[0].head']],
    ['a sha of the wrong length', (r) => (results0(r).baseline.tree = 'a'.repeat(41)), ['sources[0].baseline.tree']],
    ['an uppercase sha', (r) => (results0(r).head = 'A'.repeat(40)), ['sources[0].head']],
    ['a source name with a slash', (r) => (results0(r).name = '../web'), ['sources[0].name']],
    ['an oversized tail', (r) => (check0(r).tail = 'x'.repeat(600 * 1024)), ['sources[0].checks[0].tail']],
    ['an oversized first line', (r) => (check0(r).firstLines = ['ok', 'x'.repeat(600 * 1024)]), ['sources[0].checks[0].firstLines[1]']],
    ['an oversized smoke output', (r) => (results0(r).smoke[0].outputTail = 'x'.repeat(600 * 1024)), ['sources[0].smoke[0].outputTail']],
    ['an oversized check name', (r) => (check0(r).name = 'x'.repeat(2000)), ['sources[0].checks[0].name']],
    [
      'too many findings',
      (r) => (check0(r).newFindings = Array.from({ length: 100_001 }, () => 'f')),
      ['sources[0].checks[0].newFindings'],
    ],
    ['a finding that is not a string', (r) => (check0(r).newFindings = [1]), ['sources[0].checks[0].newFindings[0]']],
    ['checks that are not a list', (r) => (results0(r).checks = {}), ['sources[0].checks']],
  ];

  it.each(cases)('rejects %s, naming the path', (_, mutate, paths) => {
    const raw = validResults();
    mutate(raw);
    const error = syncErrorOf(() => parseResultsFile(raw, 'dir/results.json'));
    expect(error.code).toBe('HANDOFF_INVALID');
    expect(error.message).toContain('dir/results.json');
    expect(error.message).toContain(`${paths.length} problem`);
    expect(error.details).toHaveLength(paths.length);
    paths.forEach((path, i) => expect(error.details[i]).toMatch(new RegExp(`^${path.replace(/[.[\]]/g, '\\$&')}: `)));
  });

  it.each([
    ['2', 2],
    ['"1"', '1'],
    ['undefined', undefined],
  ])('rejects version %s, saying which version it reads', (shown, version) => {
    const raw: any = validResults();
    raw.version = version;
    const error = syncErrorOf(() => parseResultsFile(raw, 'results.json'));
    expect(error.code).toBe('HANDOFF_INVALID');
    expect(error.message).toContain(`version ${shown}`);
    expect(error.message).toContain('reads version 1');
    expect(error.details[0]).toMatch(/^version: /);
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'results'],
  ])('rejects a file that is %s', (_, raw) => {
    const error = syncErrorOf(() => parseResultsFile(raw, 'results.json'));
    expect(error.code).toBe('HANDOFF_INVALID');
    expect(error.details.length).toBeGreaterThan(0);
  });

  it('lists at most 100 problems, with the exact count', () => {
    const raw: any = validResults();
    raw.sources[0].checks = Array.from({ length: 300 }, () => ({ ...check0(validResults()), newErrors: -1 }));
    const error = syncErrorOf(() => parseResultsFile(raw, 'results.json'));
    expect(error.message).toContain('300 problems');
    expect(error.details).toHaveLength(101);
    expect(error.details.at(-1)).toBe('…and 200 more');
  });
});

describe('plan.json schema', () => {
  it('accepts a valid plan unchanged', () => {
    expect(parsePlanFile(JSON.parse(JSON.stringify(validPlan())), 'plan.json')).toEqual(validPlan());
  });

  it('drops what planning adds beyond the hand-off (durationMs)', () => {
    const raw: any = validPlan();
    raw.sources[0].durationMs = 12.5;
    expect(parsePlanFile(raw, 'plan.json')).toEqual(validPlan());
  });

  const src0 = (p: any) => p.sources[0];
  const cases: [string, Mutation<any>, string[]][] = [
    ['an unknown source status', (p) => (src0(p).status = 'fine'), ['sources[0].status']],
    ['an unknown reason', (p) => (src0(p).commits[1].reason = 'because'), ['sources[0].commits[1].reason']],
    ['an unknown decision', (p) => (src0(p).commits[0].decision = 'maybe'), ['sources[0].commits[0].decision']],
    ['an unknown settled decision', (p) => (src0(p).settled[0].decision = 'merged'), ['sources[0].settled[0].decision']],
    ['a proposal that is not a positive integer', (p) => (src0(p).settled[0].proposal = 0), ['sources[0].settled[0].proposal']],
    ['a negative head time', (p) => (p.target.headTime = -1), ['target.headTime']],
    ['a bundle that is a path', (p) => (src0(p).integration.bundle = '../../etc/passwd.bundle'), ['sources[0].integration.bundle']],
    ['a bundle that is not a bundle', (p) => (src0(p).integration.bundle = 'plan.json'), ['sources[0].integration.bundle']],
    ['a listed sha that is not hex', (p) => (src0(p).listed = ['z'.repeat(40)]), ['sources[0].listed[0]']],
    [
      'an applied sha of the wrong length',
      (p) => (src0(p).integration.applied[0].newSha = 'a'.repeat(50)),
      ['sources[0].integration.applied[0].newSha'],
    ],
    ['a missing integration', (p) => delete src0(p).integration, ['sources[0].integration']],
    ['a missing target', (p) => delete p.target, ['target']],
    ['a missing error code', (p) => delete p.sources[1].error.code, ['sources[1].error.code']],
    ['an oversized subject', (p) => (src0(p).commits[0].subject = 'x'.repeat(300 * 1024)), ['sources[0].commits[0].subject']],
    ['an empty file path', (p) => (src0(p).commits[0].files = ['']), ['sources[0].commits[0].files[0]']],
  ];

  it.each(cases)('rejects %s, naming the path', (_, mutate, paths) => {
    const raw = validPlan();
    mutate(raw);
    const error = syncErrorOf(() => parsePlanFile(raw, 'plan.json'));
    expect(error.code).toBe('HANDOFF_INVALID');
    expect(error.details.map((d) => d.slice(0, d.indexOf(': ')))).toEqual(paths);
  });

  it('rejects another version', () => {
    const raw: any = validPlan();
    raw.version = 0;
    const error = syncErrorOf(() => parsePlanFile(raw, 'plan.json'));
    expect(error.message).toMatch(/plan\.json has hand-off version 0; this auto-sync reads version 1/);
  });
});

describe('reading the hand-off files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'auto-sync-handoff-schemas-'));
    writeFileSync(join(dir, 'web.bundle'), 'bundle of web');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("round-trips a plan through prepare's checksums and verify's checks", async () => {
    const digest = await writePlanFile(dir, validPlan());
    expect(await verifyHandoff(dir, digest)).toEqual(validPlan());
    expect(await readPlanFile(dir)).toEqual(validPlan());
  });

  it('round-trips results', async () => {
    await writeResultsFile(dir, validResults());
    expect(await readResultsFile(dir)).toEqual(validResults());
  });

  it('rejects results with a bad count as HANDOFF_INVALID, not later as INTERNAL', async () => {
    const raw: any = validResults();
    check0(raw).newErrors = 'x';
    writeFileSync(join(dir, RESULTS_FILE), JSON.stringify(raw));
    const error = await readResultsFile(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ code: 'HANDOFF_INVALID', details: [expect.stringMatching(/^sources\[0\]\.checks\[0\]\.newErrors: /)] });
    expect((error as SyncError).message).toContain(join(dir, RESULTS_FILE));
  });

  it.each([
    ['missing', undefined, /is missing/],
    ['not JSON', '{', /is not valid JSON/],
  ])('rejects results that are %s', async (_, content, message) => {
    if (content !== undefined) writeFileSync(join(dir, RESULTS_FILE), content);
    await expect(readResultsFile(dir)).rejects.toMatchObject({ code: 'HANDOFF_INVALID', message: expect.stringMatching(message) });
  });

  it('validates the plan verify reads, after its checksum', async () => {
    const raw: any = validPlan();
    raw.sources[0].status = 'fine';
    // Written with matching checksums: the checksum passes, the schema does not.
    await writePlanFile(dir, raw);
    await expect(verifyHandoff(dir, undefined)).rejects.toMatchObject({
      code: 'HANDOFF_INVALID',
      details: [expect.stringMatching(/^sources\[0\]\.status: /)],
    });
  });

  it('reports a plan changed after prepare as tampered, before reading it', async () => {
    await writePlanFile(dir, validPlan());
    writeFileSync(join(dir, PLAN_FILE), '{"version": 1, "sources": "garbage"}');
    await expect(verifyHandoff(dir, undefined)).rejects.toMatchObject({ code: 'BUNDLE_TAMPERED' });
  });

  it('reports a checksums file that is not JSON as tampered', async () => {
    await writePlanFile(dir, validPlan());
    writeFileSync(join(dir, 'checksums.json'), 'not json');
    await expect(verifyHandoff(dir, undefined)).rejects.toMatchObject({ code: 'BUNDLE_TAMPERED' });
  });
});

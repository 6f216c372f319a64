import { describe, expect, it } from 'vitest';
import { configError } from '../config/load.ts';
import { parseConfigText, validateConfig } from '../config/validate.ts';
import { SyncError } from '../errors.ts';
import { sampleReport } from '../test/helpers/actions-fixture.ts';
import { configOkSummary, failureAnnotations, failureSummary, prepareSummary, verifySummary, workspaceFile } from './phase-summary.ts';

const WORKSPACE = '/home/runner/work/app/app';

describe('workspaceFile', () => {
  it.each([
    [`${WORKSPACE}/auto-sync.config.json`, 'auto-sync.config.json'],
    [`${WORKSPACE}/.github/auto-sync.json`, '.github/auto-sync.json'],
    ['/tmp/elsewhere.json', undefined],
    ['.github/auto-sync.json', '.github/auto-sync.json'],
  ])('%s → %s', (file, expected) => expect(workspaceFile(file, WORKSPACE)).toBe(expected));
});

describe('failure annotations', () => {
  const text = '{\n  "sources": [{ "name": "a", "url": "/srv/a" }],\n  "verify": { "envAllow": ["GITHUB_TOKEN"] },\n  "retyr": {}\n}';
  const parsed = parseConfigText(text);
  if (parsed.ok) throw new Error('expected problems');
  const error = configError(`${WORKSPACE}/auto-sync.config.json`, parsed.problems);

  it('puts each configuration problem at its file, line and column', () => {
    expect(failureAnnotations(error, WORKSPACE, false)).toEqual([
      {
        kind: 'error',
        title: 'auto-sync: configuration',
        message: expect.stringMatching(/^verify\.envAllow\[0\]: GITHUB_TOKEN is never passed/),
        place: { file: 'auto-sync.config.json', line: 3, column: 28 },
      },
      {
        kind: 'error',
        title: 'auto-sync: configuration',
        message: '(top level): unknown key "retyr" (did you mean "retry"?)',
        place: { file: 'auto-sync.config.json', line: 4, column: 3 },
      },
    ]);
  });

  it('names no file outside the workspace, and no line for a problem without one', () => {
    const outside = configError('/tmp/c.json', parsed.problems);
    expect(failureAnnotations(outside, WORKSPACE, false).map((a) => a.place)).toEqual([{}, {}]);
    const shape = validateConfig({ sources: [] });
    if (shape.ok) throw new Error('expected problems');
    const noLine = configError(`${WORKSPACE}/c.json`, shape.problems);
    expect(failureAnnotations(noLine, WORKSPACE, false)[0]!.place).toEqual({ file: 'c.json' });
  });

  it('annotates another error once, unless the logger already did', () => {
    const other = new SyncError('LOCKED', 'another run holds the lock');
    expect(failureAnnotations(other, WORKSPACE, false)).toEqual([
      { kind: 'error', title: 'auto-sync: LOCKED', message: expect.stringMatching(/^LOCKED: another run holds the lock\n/) },
    ]);
    expect(failureAnnotations(other, WORKSPACE, true)).toEqual([]);
    // Configuration problems are annotated at their lines whatever the logger printed.
    expect(failureAnnotations(error, WORKSPACE, true)).toHaveLength(2);
  });

  it('lists every problem in the summary', () => {
    const markdown = failureSummary('check-config', error);
    expect(markdown).toMatch(/^## auto-sync check-config\n\n\*\*Failed:\*\* `CONFIG_INVALID` /);
    expect(markdown).toContain('auto-sync.config.json:3:28: verify.envAllow\\[0\\]: GITHUB\\_TOKEN is never passed');
    expect(markdown).toContain('(top level): unknown key "retyr"');
  });
});

describe('phase summaries', () => {
  it('says the configuration is valid, with its sources', () => {
    const result = validateConfig({ sources: [{ name: 'web', url: 'https://github.com/acme/web.git', branch: 'develop' }] });
    if (!result.ok) throw new Error('expected a valid config');
    const markdown = configOkSummary('auto-sync.config.json', result.config);
    expect(markdown).toContain('`auto-sync.config.json` is valid: 1 source(s), forge `local`, target branch `main`.');
    expect(markdown).toContain('| web | `https://github.com/acme/web.git` | `develop` |');
  });

  it('says what verify found, and names a source it could not verify', () => {
    const check = { durationMs: 1, errors: 0, failures: 0, newFindings: [], firstLines: [], tail: '', parser: 'none' };
    const markdown = verifySummary(
      {
        version: 1,
        createdAt: '2026-01-01T00:00:00.000Z',
        sandbox: 'bwrap',
        sources: [
          {
            name: 'alpha',
            head: 'a'.repeat(40),
            install: { status: 'ran', reason: 'lockfile changed', durationMs: 5 },
            checks: [
              { ...check, name: 'test', status: 'failed', newErrors: 0, newFailures: 2 },
              { ...check, name: 'lint', status: 'skipped', newErrors: 0, newFailures: 0 },
              { ...check, name: 'build', status: 'passed', newErrors: 0, newFailures: 0 },
            ],
            smoke: [{ name: 'home', status: 'passed', durationMs: 3, outputTail: '' }],
            baseline: { tree: 'b'.repeat(40), cached: true },
          },
        ],
      },
      ['alpha', 'beta'],
    );
    expect(markdown).toContain('1 source(s) verified, sandbox `bwrap`.');
    expect(markdown).toContain('| alpha | ran | test **failed** (2 new), build passed, smoke home passed | target head (cached) |');
    expect(markdown).toContain('**Could not be verified** (proposed, never merged; see the log): beta');
  });

  it('says what prepare prepared, per source, with conflicts and errors', () => {
    const report = sampleReport();
    const markdown = prepareSummary(report, { dir: '/tmp/handoff', digest: 'f'.repeat(64) });
    expect(markdown).toMatch(
      /^## auto-sync prepare\n\n3 source\(s\) · target `main` at `eeeeeeeeee` · hand-off `\/tmp\/handoff`, digest `f{64}`/,
    );
    expect(markdown).toContain(
      '| alpha | ok | 1 picked, 2 skipped (2 pending) | `auto-sync/alpha` at `bbbbbbbbbb`: 1 applied, 1 conflict |',
    );
    expect(markdown).toContain('| beta | **error** `SOURCE_AUTH` | – | – |');
    expect(markdown).toContain('| gamma | ok | 1 picked, 0 skipped | nothing to prepare |');
    expect(markdown).toContain('**alpha, conflicts (pending):** `2222222222` in `src/a.ts`, `src/b.ts`');
    expect(markdown).toContain('**beta:** `SOURCE_AUTH` authentication failed for o/beta');
    // Untrusted names go through the Markdown helpers.
    const hostile = prepareSummary({ ...report, sources: [{ ...report.sources[1]!, name: '<b>x</b> | y' }] }, { dir: 'd', digest: 'e' });
    expect(hostile).not.toContain('<b>');
  });
});

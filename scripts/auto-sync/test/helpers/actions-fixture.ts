import { pathToFileURL } from 'node:url';
import type { CheckOutcome } from '../../handoff/files.ts';
import type { Risk } from '../../plan/risk.ts';
import { createRedactor } from '../../output/redact.ts';
import type { Report, ReportCommit, ReportSource } from '../../report/model.ts';
import { actionsSummary, annotateReport, createActionsLogger, printUntrusted, writeSummary } from '../../output/actions.ts';

// Test fixture for actions.test.ts: a sample report, and a script the test runs in a child process so
// that what @actions/core writes to the real stdout is what gets checked.

export const UNTRUSTED = [
  'ok line from a sibling',
  '::set-output name=x::y',
  '  ::add-mask::visible',
  '::error::injected',
  '##[warning]legacy form',
  'mid-line ##[set-env name=A;]B',
  '::stop-commands::evil',
  '::evil::',
  'before a carriage return\r::error::after a carriage return',
].join('\n');

export function commit(over: Partial<ReportCommit> & { sha: string }): ReportCommit {
  return {
    subject: 'fix: something',
    type: 'fix',
    scope: null,
    breaking: false,
    author: 'A <a@example.com>',
    decision: 'picked',
    reason: 'picked',
    pending: false,
    detail: null,
    files: [],
    ...over,
  };
}

function check(name: string, status: CheckOutcome['status']): CheckOutcome {
  return {
    name,
    status,
    durationMs: 10,
    errors: 0,
    failures: 0,
    newErrors: 0,
    newFailures: 0,
    newFindings: [],
    firstLines: [],
    tail: '',
    parser: 'none',
  };
}

export const RISK: Risk = {
  score: 7,
  level: 'medium',
  factors: [
    { name: 'filesChanged', value: 2, weight: 1, contribution: 2, note: '2 files changed' },
    { name: 'typeErrors', value: 0, weight: 3, contribution: 0, note: '0 new type errors' },
    { name: 'testFailures', value: 1, weight: 5, contribution: 5, note: '1 new test failure' },
    { name: 'prismaSchema', value: 0, weight: 10, contribution: 0, note: 'no Prisma schema touched' },
  ],
};

export function sampleReport(): Report {
  const alpha: ReportSource = {
    name: 'alpha',
    origin: 'o/alpha',
    status: 'ok',
    head: 'a'.repeat(40),
    previousHead: null,
    commits: [
      commit({ sha: '1'.repeat(40), subject: 'feat: <img src=x onerror=alert(1)> thanks @someone | pipe' }),
      commit({
        sha: '2'.repeat(40),
        subject: 'fix: clash',
        decision: 'skipped',
        reason: 'conflict',
        pending: true,
        detail: 'conflicts in src/a.ts, src/b.ts',
      }),
      commit({
        sha: '3'.repeat(40),
        subject: 'feat!: drop v1',
        breaking: true,
        decision: 'skipped',
        reason: 'breaking-change',
        pending: true,
      }),
    ],
    counts: { listed: 3, picked: 1, skipped: 2, pending: 2 },
    error: null,
    durationMs: 5,
    outcome: 'pull-request',
    outcomeReason: 'proposed: 1 new test failure',
    risk: RISK,
    decision: null,
    checks: [check('build', 'passed'), check('test', 'failed'), check('lint', 'skipped')],
    smoke: [{ name: 'home', status: 'passed', durationMs: 3, outputTail: '' }],
    proposal: { id: 12, url: 'https://github.com/o/target/pull/12', action: 'created' },
    merge: null,
    integration: {
      branch: 'auto-sync/alpha',
      head: 'b'.repeat(40),
      applied: 1,
      conflicts: [{ sha: '2'.repeat(40), paths: ['src/a.ts', 'src/b.ts'] }],
    },
  };
  const beta: ReportSource = {
    name: 'beta',
    origin: 'o/beta',
    status: 'error',
    head: null,
    previousHead: null,
    commits: [],
    counts: { listed: 0, picked: 0, skipped: 0, pending: 0 },
    error: { code: 'SOURCE_AUTH', message: 'authentication failed for o/beta', hint: 'Check that the token variable is set.' },
    durationMs: 1,
    outcome: 'error',
    outcomeReason: 'authentication failed for o/beta',
    risk: null,
    decision: null,
    checks: [],
    smoke: [],
    proposal: null,
    merge: null,
    integration: null,
  };
  const gamma: ReportSource = {
    ...beta,
    name: 'gamma',
    origin: 'o/gamma',
    status: 'ok',
    head: 'c'.repeat(40),
    commits: [commit({ sha: '4'.repeat(40) })],
    counts: { listed: 1, picked: 1, skipped: 0, pending: 0 },
    error: null,
    outcome: 'merged',
    outcomeReason: 'all gates passed',
    risk: {
      ...RISK,
      score: 1,
      level: 'low',
      factors: RISK.factors.map((f) =>
        f.name === 'filesChanged' ? { ...f, value: 1, contribution: 1 } : { ...f, value: 0, contribution: 0 },
      ),
    },
    merge: { sha: 'd'.repeat(40), fastForward: true },
  };
  return {
    version: 1,
    dryRun: false,
    mode: { apply: true, reason: 'CI' },
    startedAt: '2025-01-01T00:00:00.000Z',
    target: { branch: 'main', head: 'e'.repeat(40), identity: 'bot' },
    sources: [alpha, beta, gamma],
    error: null,
  };
}

async function main(scenario: string | undefined): Promise<void> {
  const secret = process.env.FIXTURE_SECRET ?? '';
  const log = createActionsLogger({ redact: createRedactor([secret]), verbose: scenario === 'verbose', secrets: [secret] });
  if (scenario === 'logger' || scenario === 'verbose') {
    log.info(`using token ${secret}`);
    log.info(`encoded ${Buffer.from(secret).toString('base64')} and ${encodeURIComponent(secret)}`);
    log.warn(`50% done\nsecond line ${secret}`);
    log.error('bad: 100%\r\nnext');
    log.debug('a debug line');
    const value = await log.group('fetch alpha', async () => {
      log.info('inside the group');
      return 42;
    });
    log.info(`group returned ${value}`);
    log.annotate('notice', 'hello', { title: 'T: x, y' });
    log.out('multi\nline\n');
    log.info(`picked 1234: ${'subject\n::set-output name=z::w'}`);
    printUntrusted(log, UNTRUSTED);
    log.info('after untrusted');
  } else if (scenario === 'summary') {
    const markdown = actionsSummary(sampleReport(), { runUrl: 'https://github.com/o/target/actions/runs/1' });
    await writeSummary(process.env.GITHUB_STEP_SUMMARY, markdown);
    annotateReport(log, sampleReport());
  } else {
    throw new Error(`unknown scenario ${scenario}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main(process.argv[2]);

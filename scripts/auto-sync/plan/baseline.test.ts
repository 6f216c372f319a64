import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../checks/diagnose.ts';
import { judgeAgainstBaseline } from './baseline.ts';
import type { ResultStatus as CheckStatus } from './types.ts';

const diagnosis = (errors: number, failures = 0): Diagnosis => ({ errors, failures, findings: [], firstLines: [], tail: '' });

describe('judgeAgainstBaseline', () => {
  const cases: {
    name: string;
    current: { status: CheckStatus; errors: number; failures: number };
    before: { status: CheckStatus; diagnosis: Diagnosis };
    delta: { newErrors: number; newFailures: number };
    status: 'passed' | undefined;
    message: RegExp | undefined;
  }[] = [
    {
      name: 'same failures as the target head: known, passes',
      current: { status: 'failed', errors: 2, failures: 0 },
      before: { status: 'failed', diagnosis: diagnosis(2) },
      delta: { newErrors: 0, newFailures: 0 },
      status: 'passed',
      message: /known problem\(s\)\); nothing new/,
    },
    {
      name: 'a new error on top of known ones: still failed',
      current: { status: 'failed', errors: 3, failures: 0 },
      before: { status: 'failed', diagnosis: diagnosis(2) },
      delta: { newErrors: 1, newFailures: 0 },
      status: undefined,
      message: undefined,
    },
    {
      name: 'a new test failure: still failed',
      current: { status: 'failed', errors: 0, failures: 2 },
      before: { status: 'failed', diagnosis: diagnosis(0, 1) },
      delta: { newErrors: 0, newFailures: 1 },
      status: undefined,
      message: undefined,
    },
    {
      name: 'output that counted nothing: cannot be told apart, blocks',
      current: { status: 'failed', errors: 0, failures: 0 },
      before: { status: 'failed', diagnosis: diagnosis(0) },
      delta: { newErrors: 0, newFailures: 0 },
      status: undefined,
      message: /cannot be told apart/,
    },
    {
      name: 'passes on the target head: the failure is new',
      current: { status: 'failed', errors: 1, failures: 0 },
      before: { status: 'passed', diagnosis: diagnosis(0) },
      delta: { newErrors: 1, newFailures: 0 },
      status: undefined,
      message: undefined,
    },
    {
      name: 'timed out here, failed there: not the same kind',
      current: { status: 'timed-out', errors: 0, failures: 0 },
      before: { status: 'failed', diagnosis: diagnosis(1) },
      delta: { newErrors: 0, newFailures: 0 },
      status: undefined,
      message: undefined,
    },
    {
      name: 'failed here, timed out there: not the same kind',
      current: { status: 'failed', errors: 1, failures: 0 },
      before: { status: 'timed-out', diagnosis: diagnosis(0) },
      delta: { newErrors: 0, newFailures: 0 },
      status: undefined,
      message: undefined,
    },
    {
      name: 'an error that did not start: never known',
      current: { status: 'error', errors: 0, failures: 0 },
      before: { status: 'error', diagnosis: diagnosis(0) },
      delta: { newErrors: 0, newFailures: 0 },
      status: undefined,
      message: undefined,
    },
  ];
  it.each(cases)('$name', ({ current, before, delta, status, message }) => {
    const verdict = judgeAgainstBaseline(current, before, { ...delta, newFindings: [] });
    expect(verdict.status).toBe(status);
    if (message) expect(verdict.message).toMatch(message);
    else expect(verdict.message).toBeUndefined();
    expect(verdict.newErrors).toBe(delta.newErrors);
    expect(verdict.newFailures).toBe(delta.newFailures);
  });
});

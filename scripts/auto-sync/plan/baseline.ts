import type { BaselineDelta, Diagnosis } from '../checks/diagnose.ts';
import type { ResultStatus } from './types.ts';

// Whether a failing check holds a batch back, once the same check has run on the target head.
// Pure: verify runs the checks and the baseline; this decides what the comparison means.

type CheckStatus = ResultStatus;

export interface JudgedCheck {
  status: CheckStatus;
  errors: number;
  failures: number;
}

export interface BaselineVerdict {
  newErrors: number;
  newFailures: number;
  newFindings: string[];
  /** Set when the comparison changes the check's status. */
  status?: 'passed';
  message?: string;
}

/**
 * A check that fails on the target head too, the same way and with nothing new, does not hold a
 * clean batch back. "The same way" needs a parser that counted what failed: a failure whose output
 * says nothing (parser "none", or output the parser did not recognise) could be new.
 */
export function judgeAgainstBaseline(
  current: JudgedCheck,
  before: { status: CheckStatus; diagnosis: Diagnosis },
  delta: BaselineDelta,
): BaselineVerdict {
  const counted = current.errors + current.failures > 0;
  const sameKind = before.status === 'failed' && current.status === 'failed';
  const verdict: BaselineVerdict = { newErrors: delta.newErrors, newFailures: delta.newFailures, newFindings: delta.newFindings };
  if (sameKind && counted && delta.newErrors === 0 && delta.newFailures === 0) {
    return {
      ...verdict,
      status: 'passed',
      message: `fails on the target head too (${before.diagnosis.errors + before.diagnosis.failures} known problem(s)); nothing new`,
    };
  }
  if (sameKind && !counted) {
    return {
      ...verdict,
      message: 'fails on the target head too, but its output does not say what failed, so a new failure cannot be told apart: set a parser',
    };
  }
  return verdict;
}

import { explainRisk, formatNumber, type Risk } from './risk.ts';

// Merge on our own, or propose a PR for a person to review? Pure: no I/O.
//
// Auto-merge needs every gate to pass. All gates are evaluated, whatever the first one says, so the PR
// body can show each. `decidedBy` names the first failing gate in GATE_ORDER, which goes from "something
// is broken" to "policy" to "timing": a new type error or test failure is the most specific thing to
// fix, a failing check or probe comes next, then the risk policy (which often fails only because of the
// errors before it), and last a target that moved (nothing is wrong with the batch; validate again).
//
// New lint errors are not a gate, as in the design. A failing lint check already fails the `checks`
// gate; a lint check that passes while its parser counts new errors has been made advisory on purpose
// (e.g. `eslint . || true`), and a gate here would overrule that choice. They are named in the summary.
//
// Conflicting commits are not a gate either: they stay pending and the rest of the batch can merge.

export type { ResultStatus } from './types.ts';
import type { ResultStatus } from './types.ts';

export interface DecisionInput {
  risk: Risk;
  autoMergeMaxRisk: number;
  newTypeErrors: number;
  newLintErrors: number;
  newTestFailures: number;
  checks: { name: string; status: ResultStatus }[];
  smoke: { name: string; status: ResultStatus }[];
  /** The target branch moved since validation. */
  targetMoved: boolean;
  /** Commits that conflicted: they stay pending and do not block merging the rest. */
  conflicts: number;
  /** Changes no score may wave through (package.json scripts): each one forces a proposal. */
  reviewRequired?: readonly string[];
}

export type GateName = 'type-errors' | 'test-failures' | 'checks' | 'smoke' | 'review-required' | 'risk' | 'target-unchanged';

export const GATE_ORDER: readonly GateName[] = [
  'type-errors',
  'test-failures',
  'checks',
  'smoke',
  'review-required',
  'risk',
  'target-unchanged',
];

export interface Gate {
  name: string;
  passed: boolean;
  detail: string;
}

export interface MergeDecision {
  action: 'merge' | 'propose';
  /** The first failing gate in GATE_ORDER, or 'all-gates-passed'. */
  decidedBy: GateName | 'all-gates-passed';
  /** Every gate, in GATE_ORDER. */
  gates: Gate[];
  /** One line for people: "proposed: 1 new test failure; also failing: checks, risk". */
  summary: string;
}

// 'skipped' means the check did not apply (its `when` globs matched nothing): not a reason to hold back.
const PASSING: ReadonlySet<ResultStatus> = new Set<ResultStatus>(['passed', 'skipped']);

export function decideDelivery(input: DecisionInput): MergeDecision {
  const { risk, autoMergeMaxRisk: max } = input;
  const badChecks = input.checks.filter((c) => !PASSING.has(c.status));
  const badSmoke = input.smoke.filter((s) => !PASSING.has(s.status));
  const riskText = `risk ${formatNumber(risk.score)}`;
  const review = input.reviewRequired ?? [];

  const byName: Record<GateName, Gate> = {
    'type-errors': {
      name: 'type-errors',
      passed: input.newTypeErrors === 0,
      detail: input.newTypeErrors === 0 ? 'no new type errors' : count(input.newTypeErrors, 'new type error'),
    },
    'test-failures': {
      name: 'test-failures',
      passed: input.newTestFailures === 0,
      detail: input.newTestFailures === 0 ? 'no new test failures' : count(input.newTestFailures, 'new test failure'),
    },
    checks: {
      name: 'checks',
      passed: badChecks.length === 0,
      detail: badChecks.length > 0 ? `${describeFailures(badChecks, 'check')}` : allPassed(input.checks, 'check'),
    },
    smoke: {
      name: 'smoke',
      passed: badSmoke.length === 0,
      detail: badSmoke.length > 0 ? `${describeFailures(badSmoke, 'smoke probe')}` : allPassed(input.smoke, 'smoke probe'),
    },
    'review-required': {
      name: 'review-required',
      passed: review.length === 0,
      detail:
        review.length === 0
          ? 'nothing that needs a person'
          : `a person must review: ${review.slice(0, 3).join(', ')}${review.length > 3 ? ` and ${review.length - 3} more` : ''}`,
    },
    risk: {
      name: 'risk',
      // `<=` is false for NaN: an unknown score never merges on its own.
      passed: risk.score <= max,
      detail: `${riskText} ${risk.score <= max ? '≤' : '>'} ${formatNumber(max)} (${explainRisk(risk)})`,
    },
    'target-unchanged': {
      name: 'target-unchanged',
      passed: !input.targetMoved,
      detail: input.targetMoved
        ? 'the target branch moved after validation; the batch must be validated again'
        : 'the target branch has not moved since validation',
    },
  };

  const gates = GATE_ORDER.map((name) => byName[name]);
  const failing = GATE_ORDER.filter((name) => !byName[name].passed);
  const first = failing[0];
  const notes = extraNotes(input);

  if (first === undefined) {
    const checked = input.checks.length + input.smoke.length > 0 ? 'all checks and smoke probes passed' : 'no checks or smoke probes ran';
    return {
      action: 'merge',
      decidedBy: 'all-gates-passed',
      gates,
      summary: `merged: ${riskText} ≤ ${formatNumber(max)}, ${checked}${notes}`,
    };
  }
  const also = failing.length > 1 ? `; also failing: ${failing.slice(1).join(', ')}` : '';
  return { action: 'propose', decidedBy: first, gates, summary: `proposed: ${byName[first].detail}${also}${notes}` };
}

function extraNotes(input: DecisionInput): string {
  const notes: string[] = [];
  if (input.newLintErrors > 0) notes.push(`${count(input.newLintErrors, 'new lint error')} (not a gate)`);
  if (input.conflicts > 0) notes.push(`${count(input.conflicts, 'conflicting commit')} left pending`);
  return notes.length > 0 ? `; ${notes.join('; ')}` : '';
}

function describeFailures(items: { name: string; status: ResultStatus }[], noun: string): string {
  const shown = items.slice(0, 5).map((i) => `${i.name} ${i.status}`);
  const more = items.length > 5 ? ` and ${items.length - 5} more` : '';
  return `${items.length === 1 ? noun : `${items.length} ${noun}s`} did not pass: ${shown.join(', ')}${more}`;
}

function allPassed(items: { status: ResultStatus }[], noun: string): string {
  if (items.length === 0) return `no ${noun}s ran`;
  const skipped = items.filter((i) => i.status === 'skipped').length;
  return `${count(items.length - skipped, `${noun} passed`, `${noun}s passed`)}${skipped > 0 ? `, ${skipped} skipped` : ''}`;
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Validated on a target that has moved since (another source merged first, a person pushed): when
 * that is the only gate in the way, the batch waits for the next run, which builds and validates it
 * again on the new head. Once: a batch that waited before is proposed.
 */
export function shouldWaitForRevalidation(decision: Pick<MergeDecision, 'decidedBy' | 'gates'>, deferredBefore: boolean): boolean {
  const onlyMoved = decision.decidedBy === 'target-unchanged' && decision.gates.every((g) => g.passed || g.name === 'target-unchanged');
  return onlyMoved && !deferredBefore;
}

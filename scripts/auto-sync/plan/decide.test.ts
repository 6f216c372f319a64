import { describe, expect, it } from 'vitest';
import { configSchema } from '../config/schema.ts';
import { decideDelivery, GATE_ORDER, type DecisionInput } from './decide.ts';
import { scoreRisk } from './risk.ts';

const defaults = configSchema.shape.risk.parse(undefined);

function input(overrides: Partial<DecisionInput> = {}): DecisionInput {
  return {
    risk: scoreRisk({ filesChanged: ['src/a.ts', 'src/b.ts'], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 0 }, defaults),
    autoMergeMaxRisk: 5,
    newTypeErrors: 0,
    newLintErrors: 0,
    newTestFailures: 0,
    checks: [
      { name: 'typecheck', status: 'passed' },
      { name: 'lint', status: 'passed' },
      { name: 'prisma', status: 'skipped' },
    ],
    smoke: [{ name: 'api-health', status: 'passed' }],
    targetMoved: false,
    conflicts: 0,
    ...overrides,
  };
}

describe('decideDelivery', () => {
  it('merges when every gate passes, skipped checks included', () => {
    const d = decideDelivery(input());
    expect(d).toMatchObject({ action: 'merge', decidedBy: 'all-gates-passed' });
    expect(d.gates.map((g) => g.name)).toEqual(GATE_ORDER);
    expect(d.gates.every((g) => g.passed)).toBe(true);
    expect(d.summary).toBe('merged: risk 2 ≤ 5, all checks and smoke probes passed');
  });

  const risky = scoreRisk(
    { filesChanged: ['a', 'b', 'c', 'd', 'e', 'f'], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 0 },
    defaults,
  );
  const flips: [string, Partial<DecisionInput>][] = [
    ['type-errors', { newTypeErrors: 1 }],
    ['test-failures', { newTestFailures: 2 }],
    ['checks', { checks: [{ name: 'lint', status: 'failed' }] }],
    ['checks', { checks: [{ name: 'build', status: 'timed-out' }] }],
    ['checks', { checks: [{ name: 'test', status: 'error' }] }],
    ['smoke', { smoke: [{ name: 'web-root', status: 'failed' }] }],
    ['smoke', { smoke: [{ name: 'web-root', status: 'timed-out' }] }],
    ['risk', { risk: risky }],
    ['target-unchanged', { targetMoved: true }],
  ];
  it.each(flips)('a failing %s gate alone turns merge into a proposal', (gate, overrides) => {
    const d = decideDelivery(input(overrides));
    expect(d.action).toBe('propose');
    expect(d.decidedBy).toBe(gate);
    expect(d.gates.filter((g) => !g.passed).map((g) => g.name)).toEqual([gate]);
    expect(d.summary).toMatch(/^proposed: /);
    expect(d.summary).not.toContain('also failing');
  });

  it('merges at exactly autoMergeMaxRisk and proposes just above it', () => {
    const five = scoreRisk({ filesChanged: ['a', 'b', 'c', 'd', 'e'], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 0 }, defaults);
    expect(decideDelivery(input({ risk: five })).action).toBe('merge');
    const d = decideDelivery(input({ risk: risky }));
    expect(d.summary).toBe('proposed: risk 6 > 5 (6 files × 1)');
  });

  it('evaluates every gate and names the first failing one in the documented order', () => {
    const risk = scoreRisk({ filesChanged: ['a', 'b'], newTypeErrors: 0, newLintErrors: 0, newTestFailures: 1 }, defaults);
    const d = decideDelivery(input({ risk, newTestFailures: 1, checks: [{ name: 'test', status: 'failed' }], targetMoved: true }));
    expect(d.decidedBy).toBe('test-failures');
    expect(d.gates.map((g) => [g.name, g.passed])).toEqual([
      ['type-errors', true],
      ['test-failures', false],
      ['checks', false],
      ['smoke', true],
      ['review-required', true],
      ['risk', false],
      ['target-unchanged', false],
    ]);
    expect(d.summary).toBe('proposed: 1 new test failure; also failing: checks, risk, target-unchanged');
    expect(d.gates.find((g) => g.name === 'risk')?.detail).toBe('risk 7 > 5 (2 files × 1 + 1 new test failure × 5)');
    expect(d.gates.find((g) => g.name === 'checks')?.detail).toBe('check did not pass: test failed');
  });

  it('proposes a batch that changes package.json scripts, whatever its score', () => {
    const d = decideDelivery(input({ reviewRequired: ['package.json scripts.test'] }));
    expect(d).toMatchObject({ action: 'propose', decidedBy: 'review-required' });
    expect(d.summary).toBe('proposed: a person must review: package.json scripts.test');
  });

  it('never merges an unknown risk score', () => {
    const risk = { ...input().risk, score: Number.NaN };
    expect(decideDelivery(input({ risk })).decidedBy).toBe('risk');
  });

  it('does not gate on new lint errors from a passing (advisory) lint check, but says so', () => {
    const d = decideDelivery(input({ newLintErrors: 3 }));
    expect(d.action).toBe('merge');
    expect(d.summary).toContain('3 new lint errors (not a gate)');
  });

  it('does not hold the batch back for conflicting commits, which stay pending', () => {
    const d = decideDelivery(input({ conflicts: 2 }));
    expect(d.action).toBe('merge');
    expect(d.summary).toContain('2 conflicting commits left pending');
  });

  it('merges with no checks or probes configured, and says nothing ran', () => {
    const d = decideDelivery(input({ checks: [], smoke: [] }));
    expect(d.action).toBe('merge');
    expect(d.summary).toContain('no checks or smoke probes ran');
    expect(d.gates.find((g) => g.name === 'checks')?.detail).toBe('no checks ran');
  });
});

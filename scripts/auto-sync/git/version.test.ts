import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from '../runtime-check.ts';
import { gitVersionProblem } from './version.ts';

// What auto-sync needs to run: Node 24 (runtime-check.ts) and git 2.38 (merge-tree --write-tree).

describe('gitVersionProblem', () => {
  it.each([
    ['git version 2.39.5', undefined],
    ['git version 2.38.0', undefined],
    ['git version 3.0.1', undefined],
    ['git version 2.45.1.windows.1', undefined],
    ['git version 2.39.3 (Apple Git-146)', undefined],
    ['git version 2.37.7', /needs git 2\.38 or newer \(merge-tree --write-tree\); this is git 2\.37/],
    ['git version 1.9.0', /this is git 1\.9/],
    ['hub version 2.14', /cannot tell the git version/],
  ])('%s', (output, expected) => {
    const problem = gitVersionProblem(output);
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});

describe('nodeVersionProblem', () => {
  it.each([
    ['24.21.0', undefined],
    ['v25.0.0', undefined],
    ['20.20.2', 'auto-sync needs Node 24 or newer; this is Node 20.20.2'],
    ['v22.1.0', 'auto-sync needs Node 24 or newer; this is Node 22.1.0'],
    ['garbage', 'auto-sync needs Node 24 or newer; this is Node garbage'],
  ])('%s', (version, expected) => {
    expect(nodeVersionProblem(version, 24)).toBe(expected);
  });
});

import { describe, expect, it } from 'vitest';
import { SyncError } from '../errors.ts';
import { BRANCH, TOKEN, calls, expectNoToken, mergeInput, proposal, setup } from '../test/helpers/github-forge.ts';

// Every GitHub fault auto-sync is expected to survive, injected into the test server: rate limits
// in each shape GitHub documents, 5xx, lost answers (the request performed, then a 5xx, a reset or
// nothing), and the answers that must never be retried. Each ends converged: one pull request, one
// dashboard, no repeated comment, a merge GitHub did reported as merged, retries bounded.

const ALREADY_EXISTS = [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for acme:${BRANCH}.` }];
const fast = { retry: { retries: 2, minDelayMs: 1 }, rateLimit: { secondMs: 10 } };

async function published(options: Parameters<typeof setup>[0] = {}) {
  const w = await setup(options);
  await w.makeForge().publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
  return w;
}

const statuses = (w: Awaited<ReturnType<typeof setup>>, method: string, path: RegExp) =>
  calls(w.github, method, path).map((r) => (r.fault && r.fault.kind !== 'status' ? r.fault.kind : r.status));

describe('rate limits: waited for as GitHub says, up to a cap', () => {
  it('a plain 429 with retry-after is retried after that many seconds', async () => {
    const w = await published();
    w.github.inject({ status: 429, retryAfter: 2, count: 1, method: 'POST', path: /\/pulls$/ });
    await expect(w.makeForge({ ...fast, rateLimit: { secondMs: 40 } }).upsertProposal(proposal(w.head))).resolves.toMatchObject({
      action: 'created',
    });
    const [limited, retried] = calls(w.github, 'POST', /\/pulls$/);
    expect([limited?.status, retried?.status]).toEqual([429, 201]);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(2 * 40 - 5);
    expect(
      w.logs.some((line) => /^GitHub POST \/repos\/acme\/target\/pulls: 429 .*rate limit; retrying after 2 s \(1\/2\)/.test(line)),
    ).toBe(true);
    expect(w.github.state.pulls).toHaveLength(1);
  });

  it.each([403, 429] as const)('the primary limit (%i, x-ratelimit-remaining 0) waits until x-ratelimit-reset', async (status) => {
    const w = await published();
    w.github.inject({ status, resetInSeconds: 1, count: 1, method: 'GET', path: /\/labels$/ });
    await expect(w.makeForge(fast).upsertProposal(proposal(w.head))).resolves.toMatchObject({ action: 'created' });
    expect(statuses(w, 'GET', /target\/labels$/)).toEqual([status, 200]);
    expect(w.logs.some((line) => /primary rate limit; retrying after [123] s/.test(line))).toBe(true);
  });

  it('a secondary limit without retry-after waits at least a minute (shrunk), longer each time', async () => {
    const w = await published();
    w.github.inject({ status: 429, secondaryRateLimit: true, count: 2, method: 'POST', path: /\/pulls$/ });
    await expect(w.makeForge({ ...fast, rateLimit: { secondMs: 1 } }).upsertProposal(proposal(w.head))).resolves.toMatchObject({
      action: 'created',
    });
    const [first, second, third] = calls(w.github, 'POST', /\/pulls$/);
    expect([first?.status, second?.status, third?.status]).toEqual([429, 429, 201]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(60 - 5);
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(120 - 5);
    expect(w.logs.filter((line) => /secondary rate limit; retrying after (60|120) s/.test(line))).toHaveLength(2);
  });

  it.each([
    { name: '429 retry-after an hour', fault: { status: 429 as const, retryAfter: 3600 } },
    { name: 'primary limit resetting in two hours', fault: { status: 403 as const, resetInSeconds: 7200 } },
  ])('$name: fails at once with FORGE_FAILED saying when to try again', async ({ fault }) => {
    const w = await published();
    w.github.inject({ ...fault, count: 1, method: 'POST', path: /\/pulls$/ });
    const started = performance.now();
    const error = await w
      .makeForge({ ...fast, rateLimit: { secondMs: 1000, maxWaitSeconds: 60 } })
      .upsertProposal(proposal(w.head))
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ code: 'FORGE_FAILED' });
    expect((error as Error).message).toMatch(
      /rate limit.*longer than the 60 s auto-sync waits: try again after (\d{4}-\d\d-\d\d )?\d\d:\d\d UTC/,
    );
    expect(calls(w.github, 'POST', /\/pulls$/)).toHaveLength(1);
    expect(w.github.state.pulls).toHaveLength(0);
  });

  it('rate-limit retries are bounded: the limit still there after them fails the call', async () => {
    const w = await published();
    w.github.inject({ status: 429, retryAfter: 1, count: 10, method: 'GET', path: /\/labels$/ });
    const error = await w
      .makeForge({ ...fast, rateLimit: { secondMs: 1, retries: 2 } })
      .upsertProposal(proposal(w.head))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORGE_FAILED' });
    expect((error as Error).message).toMatch(/rate limit, still after 2 retries: try again after/);
    expect(calls(w.github, 'GET', /target\/labels$/)).toHaveLength(3);
  });
});

describe('transient failures: 5xx and lost connections, bounded', () => {
  it('a reset connection and a request that never answers are retried (reads)', async () => {
    const w = await published();
    w.github.inject({ drop: true, count: 1, method: 'GET', path: /\/labels$/ });
    w.github.inject({ hang: true, count: 1, method: 'GET', path: /\/pulls$/ });
    await expect(w.makeForge({ ...fast, requestTimeoutMs: 300 }).upsertProposal(proposal(w.head))).resolves.toMatchObject({
      action: 'created',
    });
    expect(statuses(w, 'GET', /target\/labels$/)).toEqual(['drop', 200]);
    expect(statuses(w, 'GET', /\/pulls$/).slice(0, 2)).toEqual(['hang', 200]);
    expect(w.logs.filter((line) => /connection failed; retrying in \d+ ms/.test(line))).toHaveLength(2);
  });

  it('a 5xx that lasts fails after the configured retries, each attempt logged', async () => {
    const w = await published();
    w.github.inject({ status: 504, count: 10, method: 'GET', path: /\/labels$/ });
    const error = await w
      .makeForge({ retry: { retries: 3, minDelayMs: 1 } })
      .upsertProposal(proposal(w.head))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORGE_FAILED' });
    expect((error as Error).message).toMatch(/504, after 4 attempts/);
    expect(calls(w.github, 'GET', /target\/labels$/)).toHaveLength(4);
    expect(w.logs.filter((line) => line.startsWith('GitHub GET /repos/acme/target/labels: 504'))).toHaveLength(4);
    expectNoToken(TOKEN, error, w.logs);
  });

  it.each([
    { status: 401 as const, method: 'GET', path: /\/labels$/, code: 'FORGE_AUTH' },
    { status: 403 as const, method: 'POST', path: /\/pulls$/, code: 'FORGE_AUTH' },
    { status: 422 as const, method: 'POST', path: /\/pulls$/, code: 'FORGE_FAILED' },
  ])('a $status is an answer: never retried', async ({ status, method, path, code }) => {
    const w = await published();
    w.github.inject({ status, count: 5, method, path });
    await expect(w.makeForge(fast).upsertProposal(proposal(w.head))).rejects.toMatchObject({ code });
    expect(calls(w.github, method, path)).toHaveLength(1);
  });

  it('a 404 is an answer: never retried', async () => {
    const w = await published();
    await expect(w.makeForge(fast).noteOnProposal(99, 'hello')).rejects.toMatchObject({ code: 'FORGE_FAILED' });
    expect(calls(w.github, 'GET', /\/issues\/99\/comments$/)).toHaveLength(1);
  });

  it('a 409 on the merge is an answer: not retried, refused target-moved', async () => {
    const w = await published();
    w.github.inject({ status: 409, count: 5, method: 'PUT', path: /\/merge$/ });
    await expect(w.makeForge(fast).merge(mergeInput(w.head, w.base))).resolves.toMatchObject({ status: 'refused', code: 'target-moved' });
    expect(calls(w.github, 'PUT', /\/merge$/)).toHaveLength(1);
  });
});

describe('lost answers: what GitHub did is observed, never done twice', () => {
  it.each([
    { name: 'performed, then the connection reset', fault: { perform: true, drop: true } },
    { name: 'performed, then 502', fault: { perform: true, status: 502 as const } },
    {
      name: 'performed, then 422 "already exists" (a retry of it)',
      fault: { perform: true, status: 422 as const, errors: ALREADY_EXISTS },
    },
  ])('creating a pull request, $name: exactly one, with its labels', async ({ fault }) => {
    const w = await published();
    const result = await w.makeForge(fast).upsertProposal(proposal(w.head));
    expect(result).toMatchObject({ id: 1, labels: ['auto-sync', 'risk:low'] });
    expect(['created', 'updated']).toContain(result.action);
    expect(w.github.state.pulls).toHaveLength(1);
    // The same again with the fault on a fresh head branch.
    const v = await published();
    v.github.inject({ ...fault, count: 1, method: 'POST', path: /\/pulls$/ });
    const faulted = await v.makeForge(fast).upsertProposal(proposal(v.head));
    expect(faulted).toMatchObject({ id: 1, state: 'open', labels: ['auto-sync', 'risk:low'] });
    expect(v.github.state.pulls).toHaveLength(1);
    expect(calls(v.github, 'POST', /\/pulls$/)).toHaveLength(1);
    expect([...v.github.state.pulls[0]!.labels].sort()).toEqual(['auto-sync', 'risk:low']);
    // A next run finds it and leaves it as it is.
    await expect(v.makeForge(fast).upsertProposal(proposal(v.head))).resolves.toMatchObject({ id: 1, action: 'unchanged' });
    expect(v.github.state.pulls).toHaveLength(1);
  });

  it('creating a pull request, a 502 before GitHub did anything: looked up, then created once', async () => {
    const w = await published();
    w.github.inject({ status: 502, count: 1, method: 'POST', path: /\/pulls$/ });
    await expect(w.makeForge(fast).upsertProposal(proposal(w.head))).resolves.toMatchObject({ id: 1, action: 'created' });
    expect(statuses(w, 'POST', /\/pulls$/)).toEqual([502, 201]);
    expect(w.github.state.pulls).toHaveLength(1);
    expect(w.logs.some((line) => /GitHub had not done it; trying again \(1\/2\)/.test(line))).toBe(true);
  });

  it.each([
    { name: 'reset', fault: { perform: true, drop: true } },
    { name: '502', fault: { perform: true, status: 502 as const } },
    { name: 'no answer', fault: { perform: true, hang: true } },
  ])('the dashboard issue, performed then $name: one issue, this run and the next', async ({ fault }) => {
    const w = await published();
    w.github.inject({ ...fault, count: 1, method: 'POST', path: /\/issues$/ });
    const first = await w.makeForge({ ...fast, requestTimeoutMs: 300 }).upsertDashboard({ title: 'auto-sync dashboard', body: 'one\n' });
    expect(first).toMatchObject({ id: 1, action: 'created' });
    expect(calls(w.github, 'POST', /\/issues$/)).toHaveLength(1);
    await expect(w.makeForge(fast).upsertDashboard({ title: 'auto-sync dashboard', body: 'one\n' })).resolves.toMatchObject({
      id: 1,
      action: 'unchanged',
    });
    await expect(w.makeForge(fast).upsertDashboard({ title: 'auto-sync dashboard', body: 'two\n' })).resolves.toMatchObject({
      id: 1,
      action: 'updated',
    });
    expect(w.github.state.issues).toHaveLength(1);
  });

  it('the dashboard is found by its marker when a person took the label off, by its title when they edited the marker away; a second one left by an older run is closed', async () => {
    const w = await published();
    const forge = w.makeForge(fast);
    await forge.upsertDashboard({ title: 'auto-sync dashboard', body: 'one\n' });
    await w.asPerson('PUT', '/issues/1/labels', { labels: [] });
    await expect(w.makeForge(fast).upsertDashboard({ title: 'auto-sync dashboard', body: 'two\n' })).resolves.toMatchObject({
      id: 1,
      action: 'updated',
    });
    expect(w.github.state.issues).toHaveLength(1);
    await w.asPerson('PUT', '/issues/1/labels', { labels: ['auto-sync'] });
    await w.asPerson('POST', '/issues', {
      title: 'auto-sync dashboard',
      body: 'dup\n\n<!-- auto-sync dashboard -->\n',
      labels: ['auto-sync'],
    });
    await w.makeForge(fast).upsertDashboard({ title: 'auto-sync dashboard', body: 'three\n' });
    expect(w.github.state.issues.map((i) => [i.number, i.state])).toEqual([
      [1, 'open'],
      [2, 'closed'],
    ]);
    expect(w.github.state.issues[0]!.body).toMatch(/^three\n/);
    // Its marker edited away by a person: still found, by its title among auto-sync's issues.
    await w.asPerson('PATCH', '/issues/1', { body: 'edited by hand' });
    await expect(w.makeForge(fast).upsertDashboard({ title: 'auto-sync dashboard', body: 'four\n' })).resolves.toMatchObject({
      id: 1,
      action: 'updated',
    });
    expect(w.github.state.issues.filter((i) => i.state === 'open')).toHaveLength(1);
  });

  it('a note whose POST answer was lost is not posted again, this run or the next; the same note twice is one comment', async () => {
    const w = await published();
    const { id } = await w.makeForge(fast).upsertProposal(proposal(w.head));
    w.github.inject({ perform: true, drop: true, count: 1, method: 'POST', path: /\/comments$/ });
    await w.makeForge(fast).noteOnProposal(id, 'the branch was left alone');
    await w.makeForge(fast).noteOnProposal(id, 'the branch was left alone');
    expect(w.github.state.comments).toHaveLength(1);
    expect(w.github.state.comments[0]!.body).toMatch(
      /^the branch was left alone\n\n<!-- auto-sync:merge-refused -->\n<!-- auto-sync:note [0-9a-f]{16} -->\n$/,
    );
    expect(calls(w.github, 'POST', /\/comments$/)).toHaveLength(1);
    expect(calls(w.github, 'PATCH', /\/comments\/\d+$/)).toHaveLength(0);
    // A different note edits that one comment.
    await w.makeForge(fast).noteOnProposal(id, 'another reason');
    expect(w.github.state.comments).toHaveLength(1);
    expect(w.github.state.comments[0]!.body).toMatch(/^another reason\n/);
  });

  it('a refusal comment whose answer was lost (502 after posting) is one comment', async () => {
    const w = await published();
    w.github.state.protectedBranches.set('main', 'classic');
    w.github.inject({ perform: true, status: 502, count: 1, method: 'POST', path: /\/comments$/ });
    await expect(w.makeForge(fast).merge(mergeInput(w.head, w.base))).resolves.toMatchObject({ status: 'refused', code: 'protected' });
    await w.makeForge(fast).merge(mergeInput(w.head, w.base));
    expect(w.github.state.comments).toHaveLength(1);
    expect(calls(w.github, 'POST', /\/comments$/)).toHaveLength(1);
  });

  it.each([
    { name: 'reset', fault: { perform: true, drop: true } },
    { name: '502', fault: { perform: true, status: 502 as const } },
    {
      name: '405 "not mergeable" (a repeat of it)',
      fault: { perform: true, status: 405 as const, message: 'Pull Request is not mergeable' },
    },
  ])('a merge GitHub did whose answer was lost ($name) is merged: no comment, no second pull request', async ({ fault }) => {
    const w = await published({ realMerges: true });
    w.github.inject({ ...fault, count: 1, method: 'PUT', path: /\/merge$/ });
    const result = await w.makeForge(fast).merge(mergeInput(w.head, w.base));
    expect(w.github.state.merges).toHaveLength(1);
    expect(result).toEqual({ status: 'merged', sha: w.github.state.merges[0]!.sha, fastForward: false });
    expect(w.remoteSha('main')).toBe(w.github.state.merges[0]!.sha);
    expect(calls(w.github, 'PUT', /\/merge$/)).toHaveLength(1);
    expect(w.github.state.comments).toHaveLength(0);
    expect(w.github.state.pulls).toHaveLength(1);
  });

  it('a merge answered 502 before GitHub did it is tried again, once merged', async () => {
    const w = await published({ realMerges: true });
    w.github.inject({ status: 502, count: 1, method: 'PUT', path: /\/merge$/ });
    await expect(w.makeForge(fast).merge(mergeInput(w.head, w.base))).resolves.toMatchObject({ status: 'merged' });
    expect(statuses(w, 'PUT', /\/merge$/)).toEqual([502, 200]);
    expect(w.github.state.merges).toHaveLength(1);
  });

  it('a merge whose answer and lookup were both lost is recognised by the next run: merged, nothing repeated', async () => {
    const w = await published({ realMerges: true });
    await w.makeForge(fast).upsertProposal(proposal(w.head));
    w.github.inject({ perform: true, drop: true, count: 1, method: 'PUT', path: /\/merge$/ });
    // The two reads while GitHub computes mergeability pass; the lookup after the lost answer fails.
    w.github.inject({ status: 503, skip: 2, count: 10, method: 'GET', path: /\/pulls\/1$/ });
    const error = await w
      .makeForge({ ...fast, retry: { retries: 1, minDelayMs: 1 } })
      .merge(mergeInput(w.head, w.base))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORGE_FAILED' });
    w.github.clearFaults();
    expect(w.github.state.merges).toHaveLength(1);
    // The next run, with the same validated input: main has moved (by that merge).
    const next = await w.makeForge(fast).merge(mergeInput(w.head, w.base));
    expect(next).toEqual({ status: 'merged', sha: w.github.state.merges[0]!.sha, fastForward: false });
    expect(calls(w.github, 'PUT', /\/merge$/)).toHaveLength(1);
    expect(w.github.state.comments).toHaveLength(0);
    expect(w.github.state.pulls).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { SyncError } from '../errors.ts';
import { inspect } from 'node:util';
import {
  AUTO_SYNC_LABELS,
  BRANCH,
  OWNER,
  REPO,
  TOKEN,
  calls,
  expectNoToken,
  mergeInput,
  proposal,
  setup,
} from '../test/helpers/github-forge.ts';

describe('labels', () => {
  it('creates the missing labels once per instance, with no duplicates across instances', async () => {
    const w = await setup();
    await w.asPerson('POST', '/labels', { name: 'Risk:High', color: '000000' });
    const a = w.makeForge();
    await a.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    await a.upsertProposal(proposal(w.head));
    await a.upsertProposal(proposal(w.head));
    expect(calls(w.github, 'GET', /target\/labels$/)).toHaveLength(1);
    await w.makeForge().upsertProposal(proposal(w.head));
    expect(calls(w.github, 'GET', /target\/labels$/)).toHaveLength(2);
    // The person's label, then three by the first instance only: Risk:High existed (names are case-insensitive).
    expect(calls(w.github, 'POST', /target\/labels$/).map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(w.logs.filter((line) => line.startsWith('created label'))).toEqual([
      'created label auto-sync in acme/target',
      'created label risk:low in acme/target',
      'created label risk:medium in acme/target',
    ]);
    const names = w.github.state.labels.map((l) => l.name.toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    for (const spec of AUTO_SYNC_LABELS.filter((l) => l.name !== 'risk:high')) {
      expect(w.github.state.labels.find((l) => l.name === spec.name)).toMatchObject({ color: spec.color, description: spec.description });
    }
    expect(w.github.state.labels.find((l) => l.name === 'Risk:High')?.color).toBe('000000');
  });

  it('tolerates 422 already_exists (another run created it) but not other validation errors', async () => {
    const w = await setup();
    await w.makeForge().publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.github.inject({
      status: 422,
      count: 1,
      method: 'POST',
      path: /\/labels$/,
      errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
    });
    await expect(w.makeForge().upsertProposal(proposal(w.head))).resolves.toMatchObject({ action: 'created' });
    expect(calls(w.github, 'POST', /target\/labels$/).map((r) => r.status)).toEqual([422, 201, 201, 201]);

    const fresh = await setup();
    fresh.github.inject({
      status: 422,
      count: 1,
      method: 'POST',
      path: /\/labels$/,
      errors: [{ resource: 'Label', code: 'invalid', field: 'color' }],
    });
    await expect(fresh.makeForge().upsertProposal(proposal(fresh.head))).rejects.toMatchObject({ code: 'FORGE_FAILED' });
  });
});

describe('proposals', () => {
  it('creates a pull request, updates the same one, then leaves it unchanged', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    const created = await forge.upsertProposal(proposal(w.head));
    expect(created).toMatchObject({
      action: 'created',
      id: 1,
      source: 'web',
      state: 'open',
      headBranch: BRANCH,
      headSha: w.head,
      labels: ['auto-sync', 'risk:low'],
    });
    expect(created.url).toBe(`${w.github.baseUrl}/${OWNER}/${REPO}/pull/1`);
    await w.asPerson('POST', '/issues/1/labels', { labels: ['needs-review'] });

    const changed = proposal(w.head, {
      title: 'auto-sync: 1 commit from web (risk: high)',
      body: 'Now risky.\n',
      labels: ['auto-sync', 'risk:high'],
    });
    const updated = await forge.upsertProposal(changed);
    expect(updated).toMatchObject({ action: 'updated', id: 1 });
    expect(w.github.state.pulls).toHaveLength(1);
    const pr = w.github.state.pulls[0]!;
    expect(pr.title).toBe(changed.title);
    expect(pr.body).toMatch(/^Now risky\.\n/);
    // The risk label is replaced; a person's label stays.
    expect([...pr.labels].sort()).toEqual(['auto-sync', 'needs-review', 'risk:high']);

    const mark = w.github.requests.length;
    const again = await forge.upsertProposal(changed);
    expect(again).toMatchObject({ action: 'unchanged', id: 1 });
    expect(w.github.requests.slice(mark).map((r) => r.method)).toEqual(['GET']);

    // Which source and commits it holds is read back from the pull request itself.
    await expect(w.makeForge().findOpenProposal('web', BRANCH)).resolves.toMatchObject({
      id: 1,
      source: 'web',
      commits: ['a'.repeat(40)],
      headSha: w.head,
    });
    await expect(forge.findOpenProposal('web', 'auto-sync/other')).resolves.toBeUndefined();
  });

  it('a conflict draft is opened as a draft beside the proposal, found again, and closed with a note', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    await forge.upsertProposal(proposal(w.head));
    const draftBranch = 'auto-sync/web-conflict-bbbbbbbbbbbb';
    await forge.publishBranch({ branch: draftBranch, sha: w.head, expectedSha: null });
    const input = proposal(w.head, {
      title: 'chore(auto-sync): resolve a conflict',
      labels: ['auto-sync', 'conflict'],
      headBranch: draftBranch,
      commits: ['b'.repeat(40)],
      draft: true,
    });
    const created = await forge.upsertProposal(input);
    expect(created).toMatchObject({ action: 'created', id: 2, draft: true, headBranch: draftBranch, commits: ['b'.repeat(40)] });
    expect(w.github.state.pulls.map((p) => [p.number, p.draft === true, p.state])).toEqual([
      [1, false, 'open'],
      [2, true, 'open'],
    ]);
    expect(w.github.state.pulls[1]!.labels).toEqual(['auto-sync', 'conflict']);
    await expect(forge.upsertProposal(input)).resolves.toMatchObject({ action: 'unchanged', id: 2 });
    // Only the draft is listed as one, read back from its body; the proposal is still the source's one.
    await expect(w.makeForge().listDrafts('web')).resolves.toMatchObject([
      { id: 2, draft: true, commits: ['b'.repeat(40)], state: 'open' },
    ]);
    await expect(w.makeForge().listDrafts('other')).resolves.toEqual([]);
    await expect(forge.findOpenProposal('web', BRANCH)).resolves.toMatchObject({ id: 1 });

    await forge.closeProposal(2, 'auto-sync closed this draft: the commit no longer conflicts.');
    expect(w.github.state.pulls[1]!.state).toBe('closed');
    expect(w.github.state.pulls[0]!.state).toBe('open');
    expect(calls(w.github, 'POST', /\/issues\/2\/comments$/)).toHaveLength(1);
    await expect(forge.listDrafts('web')).resolves.toMatchObject([{ id: 2, state: 'closed' }]);
  });

  it('updates the existing pull request when GitHub answers 422 "already exists" (its list lagged)', async () => {
    const w = await setup();
    await w.makeForge().publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    await w.makeForge().upsertProposal(proposal(w.head));
    w.github.state.staleLists = 1;
    const result = await w.makeForge().upsertProposal(proposal(w.head, { title: 'retitled' }));
    expect(result).toMatchObject({ action: 'updated', id: 1 });
    expect(calls(w.github, 'POST', /\/pulls$/).map((r) => r.status)).toEqual([201, 422]);
    expect(w.github.state.pulls.filter((p) => p.state === 'open')).toHaveLength(1);
    expect(w.github.state.pulls[0]!.title).toBe('retitled');
  });

  it('a 403 on creating a pull request names the token, the permission and the Actions setting', async () => {
    const w = await setup();
    await w.makeForge().publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.github.inject({ status: 403, count: 1, method: 'POST', path: /\/pulls$/ });
    const error = await w
      .makeForge()
      .upsertProposal(proposal(w.head))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ code: 'FORGE_AUTH' });
    expect((error as SyncError).message).toMatch(/AUTO_SYNC_TOKEN lacks pull-requests: write .*403 Resource not accessible by integration/);
    expect((error as SyncError).hint).toContain('Allow GitHub Actions to create and approve pull requests');
  });
});

describe('merge', () => {
  it('merges through a pull request with the validated sha pinned, after polling while mergeable is null', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    const result = await forge.merge(mergeInput(w.head, w.base));
    expect(w.github.state.merges).toHaveLength(1);
    const merged = w.github.state.merges[0]!;
    expect(result).toEqual({ status: 'merged', sha: merged.sha, fastForward: false });
    expect(merged).toMatchObject({
      number: 1,
      headSha: w.head,
      pinnedSha: w.head,
      method: 'merge',
      commitTitle: 'auto-sync: web',
      commitMessage: 'Auto-Sync-Source: web',
    });
    expect(w.github.state.pulls[0]).toMatchObject({ merged: true, labels: ['auto-sync'] });
    // GitHub answered mergeable: null first; the forge asked again before merging.
    const reads = w.github.requests.filter((r) => /\/pulls\/1(\/merge)?$/.test(r.path)).map((r) => r.method);
    expect(reads).toEqual(['GET', 'GET', 'PUT']);
    expect(w.logs.some((line) => line.includes('still computing mergeability'))).toBe(true);
  });

  it('refuses target-moved without merging when the base moved since validation', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.personPushes('main', 'other.txt');
    const result = await forge.merge(mergeInput(w.head, w.base));
    expect(result).toMatchObject({ status: 'refused', code: 'target-moved' });
    expect(calls(w.github, 'PUT', /\/merge$/)).toHaveLength(0);
  });

  it('refuses target-moved on 409 when a person pushed to the head branch, and says why on the PR', async () => {
    const w = await setup({ settings: { allowAutoMerge: true } });
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.personPushes(BRANCH, 'extra.txt');
    const result = await forge.merge(mergeInput(w.head, w.base));
    expect(result).toMatchObject({ status: 'refused', code: 'target-moved' });
    expect(result.status === 'refused' && result.reason).toContain('Head branch was modified');
    expect(calls(w.github, 'PUT', /\/merge$/).map((r) => r.status)).toEqual([409]);
    expect(w.github.state.merges).toHaveLength(0);
    // Never auto-merge commits nobody validated: not even asked for.
    expect(calls(w.github, 'POST', /^\/graphql$/)).toHaveLength(0);
    expect(w.github.state.autoMerge).toHaveLength(0);
    expect(w.github.state.comments).toHaveLength(1);
  });

  it('on a protected branch (405), enables auto-merge when the repository allows it, once', async () => {
    const w = await setup({ settings: { allowAutoMerge: true } });
    w.github.state.protectedBranches.set('main', 'ruleset');
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    const result = await forge.merge(mergeInput(w.head, w.base, { method: 'squash' }));
    expect(result).toMatchObject({ status: 'refused', code: 'protected' });
    expect(result.status === 'refused' && result.reason).toMatch(/Repository rule violations found.*auto-merge is enabled/);
    expect(w.github.state.autoMerge).toEqual([{ number: 1, mergeMethod: 'squash', expectedHeadOid: w.head }]);
    expect(w.github.state.comments).toHaveLength(0);
    const again = await forge.merge(mergeInput(w.head, w.base, { method: 'squash' }));
    expect(again.status === 'refused' && again.reason).toContain('auto-merge was already enabled');
    expect(calls(w.github, 'POST', /^\/graphql$/)).toHaveLength(1);
  });

  it('on a protected branch without auto-merge, comments why, and edits rather than repeats that comment', async () => {
    const w = await setup();
    w.github.state.protectedBranches.set('main', 'classic');
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    const result = await forge.merge(mergeInput(w.head, w.base));
    expect(result).toMatchObject({ status: 'refused', code: 'protected' });
    expect(result.status === 'refused' && result.reason).toMatch(/Protected branch update failed.*comment/);
    expect(w.github.state.autoMerge).toHaveLength(0);
    expect(calls(w.github, 'POST', /^\/graphql$/)).toHaveLength(0);
    expect(w.github.state.comments).toHaveLength(1);
    expect(w.github.state.comments[0]!.body).toContain('Protected branch update failed for refs/heads/main');
    await forge.merge(mergeInput(w.head, w.base));
    expect(w.github.state.comments).toHaveLength(1);
    expect(calls(w.github, 'POST', /\/comments$/)).toHaveLength(1);
  });

  it('refuses conflict without trying to merge when GitHub says the PR cannot merge', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    await forge.upsertProposal(proposal(w.head));
    w.github.state.pulls[0]!.conflicting = true;
    const result = await forge.merge(mergeInput(w.head, w.base));
    expect(result).toMatchObject({ status: 'refused', code: 'conflict' });
    expect(calls(w.github, 'PUT', /\/merge$/)).toHaveLength(0);
    // The merge left the proposal's title and body alone.
    expect(w.github.state.pulls[0]!.title).toBe(proposal(w.head).title);
  });

  it('closeMerged deletes the head branch through the API and tolerates it being gone', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    const result = await forge.merge(mergeInput(w.head, w.base));
    if (result.status !== 'merged') throw new Error(`not merged: ${result.reason}`);
    await forge.closeMerged('web', BRANCH, result.sha);
    expect(w.github.state.deletedRefs).toEqual([BRANCH]);
    expect(w.remoteSha(BRANCH)).toBeUndefined();
    await forge.closeMerged('web', BRANCH, result.sha);
    expect(calls(w.github, 'DELETE', /\/git\/refs\//).map((r) => r.status)).toEqual([204, 422]);
  });
});

describe('retries and rate limits', () => {
  it('retries a 5xx and then succeeds', async () => {
    const w = await setup();
    await w.makeForge().publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.github.inject({ status: 502, count: 2, method: 'GET', path: /\/pulls$/ });
    await expect(w.makeForge().upsertProposal(proposal(w.head))).resolves.toMatchObject({ action: 'created' });
    expect(
      calls(w.github, 'GET', /\/pulls$/)
        .map((r) => r.status)
        .slice(0, 3),
    ).toEqual([502, 502, 200]);
    expect(
      w.logs.filter((line) => /^GitHub GET \/repos\/acme\/target\/pulls: 502 Server Error; server error; retrying in \d+ ms/.test(line)),
    ).toHaveLength(2);
  });

  it('gives up after the configured retries with FORGE_FAILED', async () => {
    const w = await setup();
    w.github.inject({ status: 503, count: 5, method: 'GET', path: /\/labels$/ });
    const error = await w
      .makeForge({ retry: { retries: 1, minDelayMs: 1 } })
      .upsertProposal(proposal(w.head))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'FORGE_FAILED' });
    expect((error as Error).message).toContain('503');
    expect(calls(w.github, 'GET', /target\/labels$/)).toHaveLength(2);
  });

  it('waits as long as retry-after says on a secondary rate limit, then succeeds', async () => {
    const w = await setup();
    await w.makeForge().publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.github.inject({ status: 403, secondaryRateLimit: true, retryAfter: 3, count: 1, method: 'POST', path: /\/pulls$/ });
    await expect(w.makeForge({ rateLimit: { secondMs: 40 } }).upsertProposal(proposal(w.head))).resolves.toMatchObject({
      action: 'created',
    });
    const [limited, retried] = calls(w.github, 'POST', /\/pulls$/);
    expect([limited?.status, retried?.status]).toEqual([403, 201]);
    expect(retried!.at - limited!.at).toBeGreaterThanOrEqual(3 * 40 - 5);
    expect(w.logs.some((line) => /secondary rate limit; retrying after 3 s \(1\/2\)/.test(line))).toBe(true);
  });

  it('does not wait longer than the cap: fails at once with FORGE_FAILED', async () => {
    const w = await setup();
    await w.makeForge().publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.github.inject({ status: 403, secondaryRateLimit: true, retryAfter: 3600, count: 1, method: 'POST', path: /\/pulls$/ });
    const started = performance.now();
    const error = await w
      .makeForge({ rateLimit: { secondMs: 1000, maxWaitSeconds: 60 } })
      .upsertProposal(proposal(w.head))
      .catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toMatchObject({ code: 'FORGE_FAILED' });
    expect((error as Error).message).toContain('rate limit');
    expect(calls(w.github, 'POST', /\/pulls$/)).toHaveLength(1);
  });
});

describe('authentication', () => {
  it('a rejected token (401) is a FORGE_AUTH error naming the token and what it needs, never its value', async () => {
    const w = await setup();
    const wrong = 'ghs_WrongTokenValue5566778899';
    const forge = w.makeForge({ token: wrong });
    const error = await forge.upsertProposal(proposal(w.head)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ code: 'FORGE_AUTH' });
    expect((error as SyncError).message).toMatch(/GitHub rejected AUTO_SYNC_TOKEN .*\(401 Bad credentials\)/);
    expect((error as SyncError).hint).toMatch(/AUTO_SYNC_TOKEN .*contents: write and pull-requests: write on acme\/target/);
    const pushError = await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null }).catch((e: unknown) => e);
    expect(pushError).toMatchObject({ code: 'FORGE_AUTH' });
    expect((pushError as SyncError).message).toContain('AUTO_SYNC_TOKEN');
    expect((pushError as SyncError).hint).toContain('contents: write');
    expectNoToken(wrong, error, pushError, w.logs, w.commands, w.github.requests, w.gitServer.requests);
  });

  it('the token reaches both servers, yet is in no request log, git argv, log line or refusal', async () => {
    const w = await setup();
    w.github.state.protectedBranches.set('main', 'classic');
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    await forge.upsertProposal(proposal(w.head));
    const refused = await forge.merge(mergeInput(w.head, w.base));
    w.github.state.protectedBranches.clear();
    const merged = await forge.merge(mergeInput(w.head, w.base));
    await forge.closeMerged('web', BRANCH, merged.status === 'merged' ? merged.sha : '');
    expect(merged.status).toBe('merged');
    expect(w.commands.some((c) => c.startsWith('git push'))).toBe(true);
    expect(w.commands.some((c) => c.startsWith('git ls-remote'))).toBe(true);
    expect(w.gitServer.requests.length).toBeGreaterThan(0);
    expect(w.gitServer.requests.every((r) => r.authorized)).toBe(true);
    expect(w.github.requests.every((r) => r.authorized)).toBe(true);
    expectNoToken(TOKEN, refused, w.logs, w.commands, w.github.requests, w.gitServer.requests, w.github.state);
  });
});

describe('publishBranch', () => {
  it('creates, leaves alone, and updates the branch with a lease', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await expect(forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null })).resolves.toEqual({
      status: 'created',
      sha: w.head,
    });
    expect(w.remoteSha(BRANCH)).toBe(w.head);
    const pushes = () => w.commands.filter((c) => c.startsWith('git push'));
    expect(pushes()).toHaveLength(1);
    expect(pushes()[0]).toContain(`--force-with-lease=refs/heads/${BRANCH}: --end-of-options ${w.gitServer.urlFor(REPO)}`);

    await expect(forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: w.head })).resolves.toEqual({
      status: 'not-updated',
      sha: w.head,
    });
    expect(pushes()).toHaveLength(1);

    // Rebuilt on main (not a descendant of what is there): allowed, because it is what we wrote.
    w.local.checkout('rebuilt', { create: true, from: 'main' });
    const rebuilt = w.local.commit('feat: picked again', { 'web.txt': 'web 2\n' });
    await expect(forge.publishBranch({ branch: BRANCH, sha: rebuilt, expectedSha: w.head })).resolves.toEqual({
      status: 'updated',
      sha: rebuilt,
    });
    expect(w.remoteSha(BRANCH)).toBe(rebuilt);
    expect(pushes()[1]).toContain(`--force-with-lease=refs/heads/${BRANCH}:${w.head} `);
  });

  it('reports diverged and leaves the branch alone when a person pushed to it', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    const theirs = w.personPushes(BRANCH, 'fix.txt');
    w.local.checkout('rebuilt', { create: true, from: 'main' });
    const rebuilt = w.local.commit('feat: picked again', { 'web.txt': 'web 2\n' });
    const result = await forge.publishBranch({ branch: BRANCH, sha: rebuilt, expectedSha: w.head });
    expect(result).toMatchObject({ status: 'diverged', sha: theirs });
    expect(w.remoteSha(BRANCH)).toBe(theirs);
  });

  it('the lease stops the push when a person pushes between ls-remote and push', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.local.checkout('rebuilt', { create: true, from: 'main' });
    const rebuilt = w.local.commit('feat: picked again', { 'web.txt': 'web 2\n' });
    let theirs = '';
    w.runner.before = (args) => {
      if (args[0] !== 'push') return;
      w.runner.before = undefined;
      theirs = w.personPushes(BRANCH, 'race.txt');
    };
    const result = await forge.publishBranch({ branch: BRANCH, sha: rebuilt, expectedSha: w.head });
    expect(theirs).not.toBe('');
    expect(result).toMatchObject({ status: 'diverged', sha: theirs });
    expect(w.remoteSha(BRANCH)).toBe(theirs);
  });

  it('recreates a branch a person deleted', async () => {
    const w = await setup();
    const forge = w.makeForge();
    await forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: null });
    w.bare.git(['update-ref', '-d', `refs/heads/${BRANCH}`]);
    await expect(forge.publishBranch({ branch: BRANCH, sha: w.head, expectedSha: w.head })).resolves.toEqual({
      status: 'created',
      sha: w.head,
    });
    expect(w.remoteSha(BRANCH)).toBe(w.head);
  });

  it('refuses a remote URL that carries credentials, without repeating them', async () => {
    const w = await setup();
    const error = (() => {
      try {
        w.makeForge({ remoteUrl: 'https://x-access-token:s3cretInUrl@example.test/acme/target.git' });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({ code: 'FORGE_FAILED' });
    expect(inspect(error)).not.toContain('s3cretInUrl');
  });
});

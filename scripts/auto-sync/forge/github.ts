import { firstLine, type Git } from '../git/git.ts';
import { MAX_BODY_CHARS } from '../report/pr-body.ts';
import { checkRemoteUrl, publishRemoteBranch, remoteBranchSha, type RemoteOptions } from './github-branch.ts';
import { createHash } from 'node:crypto';
import {
  apiMessage,
  createGitHubClient,
  forgeError,
  ONCE,
  policyOf,
  statusOf,
  validationCodes,
  type Action,
  type ClientOptions,
} from './github-client.ts';
import { retryRecordOf } from './github-retry.ts';
import type { Forge, MergeInput, MergeResult, Proposal, ProposalInput, ProposalResult } from './types.ts';

// The GitHub forge: branches are pushed with git (leased, token in the environment only), pull
// requests, labels, merges and comments go through the REST API, auto-merge through GraphQL.
// A merge always goes through a pull request, so the repository's history shows what was merged.

export interface GitHubForgeOptions {
  git: Git;
  owner: string;
  repo: string;
  token: string;
  /** How errors name the token, e.g. the variable it came from; never its value. */
  tokenName?: string;
  apiUrl: string;
  /** HTTPS URL of the target for pushes, without credentials. */
  remoteUrl: string;
  log?: (line: string) => void;
  /** 5xx and network failures, for the API and for git. */
  retry?: { retries: number; minDelayMs?: number };
  rateLimit?: ClientOptions['rateLimit'];
  paceWrites?: boolean;
  requestTimeoutMs?: number;
  /** Waits between reads of a pull request while GitHub computes whether it can merge. */
  mergeablePollMs?: readonly number[];
}

interface LabelSpec {
  name: string;
  color: string;
  description: string;
}

export const AUTO_SYNC_LABELS: readonly LabelSpec[] = [
  { name: 'auto-sync', color: '1d76db', description: 'Commits synced by auto-sync from a sibling repository' },
  { name: 'risk:low', color: '0e8a16', description: 'auto-sync: low risk' },
  { name: 'risk:medium', color: 'fbca04', description: 'auto-sync: medium risk; review before merging' },
  { name: 'risk:high', color: 'b60205', description: 'auto-sync: high risk; review carefully' },
];

/** The fields of a pull request the forge reads; both the list and the full form have them. */
interface PullFields {
  number: number;
  node_id: string;
  html_url: string;
  state: string;
  merged_at: string | null;
  merge_commit_sha: string | null;
  title: string;
  body: string | null;
  head: { ref: string; sha: string };
  base: { ref: string };
  labels: { name?: string }[];
  auto_merge: unknown;
  draft?: boolean;
}

// Which source and commits a pull request holds, kept in its body so nothing else needs to remember.
const META = /\n*<!-- auto-sync (\{.*\}) -->\n*$/s;
interface ProposalMeta {
  source: string;
  commits: string[];
  /** A conflict draft (ProposalInput.draft): never the source's proposal, whatever GitHub's draft flag says now. */
  draft?: true;
}

export function withMeta(body: string, meta: ProposalMeta): string {
  const encode = (value: ProposalMeta) => `<!-- auto-sync ${JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e')} -->`;
  const text = body.replace(META, '').replace(/\n*$/, '\n');
  const full = `${text}\n${encode(meta)}\n`;
  // GitHub refuses a longer body; the commit list is what can go.
  return full.length <= MAX_BODY_CHARS ? full : `${text}\n${encode({ ...meta, commits: [] })}\n`;
}

export function readMeta(body: string | null): ProposalMeta | undefined {
  const match = META.exec(body ?? '');
  if (!match) return undefined;
  try {
    const value: unknown = JSON.parse(match[1]!);
    if (typeof value !== 'object' || value === null) return undefined;
    const { source, commits, draft } = value as Record<string, unknown>;
    if (typeof source !== 'string') return undefined;
    return {
      source,
      commits: Array.isArray(commits) ? commits.filter((c): c is string => typeof c === 'string') : [],
      ...(draft === true ? { draft: true as const } : {}),
    };
  } catch {
    return undefined;
  }
}

const REFUSAL_NOTE = '<!-- auto-sync:merge-refused -->';
/** The digest of a note, kept in the comment: the same note is never posted (or edited in) twice. */
export const noteMarker = (text: string): string =>
  `<!-- auto-sync:note ${createHash('sha256').update(text.replace(/\r\n/g, '\n').trim()).digest('hex').slice(0, 16)} -->`;
// The dashboard issue's marker; the first spelling is what earlier versions wrote.
const DASHBOARD_MARKS = ['<!-- auto-sync dashboard -->', '<!-- auto-sync:dashboard -->'];
const isDashboard = (body: string | null | undefined) => DASHBOARD_MARKS.some((mark) => (body ?? '').includes(mark));
type Refusal = Extract<MergeResult, { status: 'refused' }>;
const refuse = (code: Refusal['code'], reason: string): Refusal => ({ status: 'refused', code, reason });
// A rejected token fails the run; anything else in a follow-up only loses the follow-up.
const isAuthFailure = (error: unknown) => statusOf(error) === 401 || (error instanceof Error && statusOf(error.cause) === 401);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const labelNames = (pr: PullFields) => pr.labels.flatMap((l) => (l.name ? [l.name] : []));
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.some((y) => y.toLowerCase() === x.toLowerCase()));

const PULLS: Action = {
  what: 'create or update a pull request',
  permission: 'pull-requests: write',
  forbidden:
    'For the GITHUB_TOKEN of a workflow, also turn on "Allow GitHub Actions to create and approve pull requests" (Settings → Actions → General) and set `permissions: pull-requests: write`.',
};
const LABELS: Action = { what: 'list or create labels', permission: 'pull-requests: write (or issues: write)' };
const READ: Action = { what: 'read pull requests', permission: 'pull-requests: read' };
const MERGE: Action = { what: 'merge a pull request', permission: 'contents: write and pull-requests: write' };
const COMMENT: Action = { what: 'comment on a pull request', permission: 'pull-requests: write' };
const DELETE_REF: Action = { what: 'delete a branch', permission: 'contents: write' };
const READ_ISSUES: Action = { what: 'list issues', permission: 'issues: read' };
const ISSUE: Action = { what: 'create or update the dashboard issue', permission: 'issues: write' };
const REPO: Action = { what: 'read the repository settings', permission: 'metadata: read' };

export function createGitHubForge(options: GitHubForgeOptions): Forge {
  checkRemoteUrl(options.remoteUrl);
  const { owner, repo } = options;
  const log = options.log ?? (() => {});
  const full = `${owner}/${repo}`;
  const context = { tokenName: options.tokenName ?? 'GITHUB_TOKEN', repo: full };
  const api = createGitHubClient({
    apiUrl: options.apiUrl,
    token: options.token,
    id: full,
    log,
    retry: options.retry,
    rateLimit: options.rateLimit,
    paceWrites: options.paceWrites,
    requestTimeoutMs: options.requestTimeoutMs,
  });
  const remote: RemoteOptions = {
    git: options.git,
    url: options.remoteUrl,
    token: options.token,
    tokenName: context.tokenName,
    repo: full,
    retries: options.retry?.retries ?? 3,
    retryDelayMs: options.retry?.minDelayMs ?? 1000,
    log,
  };
  const pollMs = options.mergeablePollMs ?? [1000, 2000, 3000, 5000];

  /** Runs one API call; any failure leaves as a SyncError. */
  const call = async <T>(action: Action, request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (error) {
      throw forgeError(error, context, action);
    }
  };

  const policy = policyOf(options);
  /**
   * A write that creates something, done once: when GitHub's answer is a 5xx or is lost (it may have
   * done it), `observe` looks at what GitHub holds; what it finds is the result, else the write is
   * tried again (bounded). Any other failure is thrown as it came, for the caller to read.
   */
  const once = async <T>(what: string, attempt: () => Promise<T>, observe: () => Promise<T | undefined>): Promise<T> => {
    for (let tries = 1; ; tries++) {
      try {
        return await attempt();
      } catch (error) {
        if (!retryRecordOf(error)?.ambiguous) throw error;
        // Looked at after the backoff, so that what GitHub did has time to show in its lists.
        await sleep(policy.backoffMs * 2 ** (tries - 1));
        const seen = await observe();
        if (seen !== undefined) {
          log(`${what}: GitHub's answer was lost, but it had done it; continuing from there`);
          return seen;
        }
        if (tries > policy.retries) throw error;
        log(`${what}: GitHub had not done it; trying again (${tries}/${policy.retries})`);
      }
    }
  };

  let labelsReady: Promise<void> | undefined;
  const ensureLabels = (): Promise<void> => {
    labelsReady ??= (async () => {
      const existing = await call(LABELS, () => api.paginate(api.rest.issues.listLabelsForRepo, { owner, repo, per_page: 100 }));
      const have = new Set(existing.map((label) => label.name.toLowerCase()));
      for (const label of AUTO_SYNC_LABELS.filter((l) => !have.has(l.name.toLowerCase()))) {
        try {
          await api.rest.issues.createLabel({ owner, repo, ...label });
          log(`created label ${label.name} in ${full}`);
        } catch (error) {
          // Another run created it since we listed: that is what we wanted.
          if (statusOf(error) === 422 && validationCodes(error).includes('already_exists')) continue;
          throw forgeError(error, context, LABELS);
        }
      }
    })().catch((error: unknown) => {
      labelsReady = undefined;
      throw error;
    });
    return labelsReady;
  };

  let settings: Promise<{ allowAutoMerge: boolean }> | undefined;
  const repoSettings = () => {
    settings ??= call(REPO, () => api.rest.repos.get({ owner, repo })).then(({ data }) => ({
      allowAutoMerge: data.allow_auto_merge === true,
    }));
    return settings;
  };

  const findOpenPull = async (branch: string): Promise<PullFields | undefined> => {
    const { data } = await call(READ, () => api.rest.pulls.list({ owner, repo, state: 'open', head: `${owner}:${branch}`, per_page: 100 }));
    return data[0];
  };

  const toProposal = (pr: PullFields, fallback: ProposalMeta): Proposal => {
    const meta = readMeta(pr.body) ?? fallback;
    return {
      id: pr.number,
      url: pr.html_url,
      source: meta.source,
      state: pr.merged_at ? 'merged' : pr.state === 'open' ? 'open' : 'closed',
      headBranch: pr.head.ref,
      headSha: pr.head.sha,
      commits: meta.commits,
      labels: labelNames(pr),
      ...(meta.draft ? { draft: true } : {}),
    };
  };

  /** A person's labels stay; auto-sync's risk label is replaced. */
  const wantedLabels = (current: readonly string[], requested: readonly string[]) => {
    const kept = current.filter((name) => !/^risk:/i.test(name) && !requested.some((r) => r.toLowerCase() === name.toLowerCase()));
    return [...requested, ...kept];
  };

  const updatePull = async (
    pr: PullFields,
    input: { title: string; body: string; base: string; labels: readonly string[] },
  ): Promise<{ pr: PullFields; labels: string[]; changed: boolean }> => {
    const current = labelNames(pr);
    const labels = wantedLabels(current, input.labels);
    const textSame = pr.title === input.title && (pr.body ?? '') === input.body && pr.base.ref === input.base;
    const labelsSame = sameSet(current, labels);
    let updated = pr;
    if (!textSame) {
      updated = (
        await call(PULLS, () =>
          api.rest.pulls.update({
            owner,
            repo,
            pull_number: pr.number,
            title: input.title,
            body: input.body,
            ...(pr.base.ref === input.base ? {} : { base: input.base }),
          }),
        )
      ).data;
    }
    if (!labelsSame) await call(PULLS, () => api.rest.issues.setLabels({ owner, repo, issue_number: pr.number, labels }));
    return { pr: updated, labels: labelsSame ? current : labels, changed: !textSame || !labelsSame };
  };

  /**
   * The open pull request for the head branch, created when there is none: never two open at once.
   * `update` brings an existing one to the input's title, body and labels (a merge leaves it as it is).
   */
  const openPull = async (
    input: { head: string; base: string; title: string; body: string; labels: readonly string[]; draft?: boolean },
    update: boolean,
  ) => {
    const adopt = async (pr: PullFields) =>
      update ? { ...(await updatePull(pr, input)), created: false } : { pr, labels: labelNames(pr), changed: false, created: false };
    const open = await findOpenPull(input.head);
    if (open) return adopt(open);
    try {
      const data: PullFields = await once(
        `create a pull request for ${input.head}`,
        async () =>
          (
            await api.rest.pulls.create({
              owner,
              repo,
              head: input.head,
              base: input.base,
              title: input.title,
              body: input.body,
              maintainer_can_modify: false,
              ...(input.draft ? { draft: true } : {}),
              ...ONCE,
            })
          ).data,
        () => findOpenPull(input.head),
      );
      if (input.labels.length > 0)
        await call(PULLS, () => api.rest.issues.addLabels({ owner, repo, issue_number: data.number, labels: [...input.labels] }));
      log(`opened pull request #${data.number} for ${input.head}`);
      return { pr: data, labels: [...input.labels], changed: true, created: true };
    } catch (error) {
      // Another run opened it after we looked (or GitHub's list lagged behind): adopt that one.
      if (statusOf(error) === 422 && /already exists/i.test(validationCodes(error).join(' '))) {
        log(`a pull request for ${input.head} already exists; using it`);
        const found = await findOpenPull(input.head);
        if (found) return adopt(found);
      }
      throw forgeError(error, context, PULLS);
    }
  };

  const upsertProposal = async (input: ProposalInput): Promise<ProposalResult> => {
    await ensureLabels();
    const meta: ProposalMeta = { source: input.source, commits: [...input.commits], ...(input.draft ? { draft: true as const } : {}) };
    const result = await openPull(
      {
        head: input.headBranch,
        base: input.baseBranch,
        title: input.title,
        body: withMeta(input.body, meta),
        labels: input.labels,
        ...(input.draft ? { draft: true } : {}),
      },
      true,
    );
    const action = result.created ? 'created' : result.changed ? 'updated' : 'unchanged';
    return { ...toProposal(result.pr, meta), labels: result.labels, action };
  };

  /** Reads the pull request until GitHub has computed whether it can merge (bounded). */
  const pollMergeable = async (number: number) => {
    for (let attempt = 0; ; attempt++) {
      const { data } = await call(READ, () => api.rest.pulls.get({ owner, repo, pull_number: number }));
      if (data.mergeable !== null || attempt >= pollMs.length) return data;
      log(`#${number}: GitHub is still computing mergeability; asking again in ${pollMs[attempt]} ms`);
      await sleep(pollMs[attempt]!);
    }
  };

  /** One comment per pull request says why auto-sync did not merge it, edited rather than repeated. */
  const noteRefusal = async (number: number, text: string): Promise<void> => {
    const marker = noteMarker(text);
    const body = `${text}\n\n${REFUSAL_NOTE}\n${marker}\n`;
    const comments = () =>
      call(COMMENT, () => api.paginate(api.rest.issues.listComments, { owner, repo, issue_number: number, per_page: 100 }));
    const before = await comments();
    // Already said (by this run before its answer was lost, or by an earlier one): not again.
    if (before.some((c) => c.body?.includes(marker))) return;
    const mine = before.find((c) => c.body?.includes(REFUSAL_NOTE));
    if (mine) return void (await call(COMMENT, () => api.rest.issues.updateComment({ owner, repo, comment_id: mine.id, body })));
    await call(COMMENT, () =>
      once(
        `comment on #${number}`,
        () => api.rest.issues.createComment({ owner, repo, issue_number: number, body, ...ONCE }).then(() => true),
        async () => ((await comments()).some((c) => c.body?.includes(marker)) ? true : undefined),
      ),
    );
  };

  const enableAutoMerge = async (pr: PullFields, input: MergeInput): Promise<string> => {
    const [title = '', ...rest] = input.message.split('\n');
    await call(MERGE, () =>
      api.graphql(
        `mutation($pullRequestId: ID!, $mergeMethod: PullRequestMergeMethod!, $expectedHeadOid: GitObjectID!, $commitHeadline: String, $commitBody: String) {
          enablePullRequestAutoMerge(input: {pullRequestId: $pullRequestId, mergeMethod: $mergeMethod, expectedHeadOid: $expectedHeadOid, commitHeadline: $commitHeadline, commitBody: $commitBody}) { pullRequest { number } }
        }`,
        // Not `method`, `url` or `headers`: @octokit/graphql reserves those names for itself.
        {
          pullRequestId: pr.node_id,
          mergeMethod: input.method.toUpperCase(),
          expectedHeadOid: input.headSha,
          commitHeadline: title,
          commitBody: rest.join('\n').trim(),
        },
      ),
    );
    return 'auto-merge is enabled: GitHub merges it once the branch rules are met';
  };

  /** After a refusal: let GitHub merge it later where it can, else say why on the pull request. */
  const followUp = async (pr: PullFields, input: MergeInput, refusal: Refusal): Promise<Refusal> => {
    let note: string | undefined;
    if (refusal.code === 'protected' && pr.auto_merge) note = 'auto-merge was already enabled';
    else if (refusal.code === 'protected') {
      try {
        if ((await repoSettings()).allowAutoMerge) note = await enableAutoMerge(pr, input);
      } catch (error) {
        if (isAuthFailure(error)) throw error;
        log(`#${pr.number}: auto-merge could not be enabled: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (note === undefined) {
      const next = {
        protected:
          'The target branch has rules auto-sync cannot satisfy (reviews, checks). A maintainer can merge this; enabling "Allow auto-merge" in the repository settings lets auto-sync queue it instead.',
        conflict: `It conflicts with ${input.baseBranch}; the next run rebuilds the branch on the new ${input.baseBranch}.`,
        'target-moved': 'What was validated is no longer what would be merged; the next run validates again.',
        'target-dirty': '',
        other: '',
      }[refusal.code];
      try {
        await noteRefusal(pr.number, `auto-sync did not merge this pull request: ${refusal.reason}.${next ? `\n\n${next}` : ''}`);
        note = 'a comment on the pull request says why';
      } catch (error) {
        // The refusal is the result; a comment that cannot be written must not hide it.
        if (isAuthFailure(error)) throw error;
        log(`#${pr.number}: could not comment: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return note ? { ...refusal, reason: `${refusal.reason}; ${note}` } : refusal;
  };

  /** The pull request that merged exactly `headSha` from `branch`, if GitHub holds one. */
  const findMergedPull = async (branch: string, headSha: string): Promise<PullFields | undefined> => {
    const { data } = await call(READ, () =>
      api.rest.pulls.list({ owner, repo, state: 'closed', head: `${owner}:${branch}`, sort: 'updated', direction: 'desc', per_page: 100 }),
    );
    return data.find((pr) => pr.merged_at !== null && pr.head.sha === headSha && pr.merge_commit_sha !== null);
  };

  /** Whether pull request `number` is merged with `headSha` as its head: what a lost merge answer leaves. */
  const mergedAs = async (number: number, headSha: string): Promise<MergeResult | undefined> => {
    const { data } = await call(READ, () => api.rest.pulls.get({ owner, repo, pull_number: number }));
    if (!data.merged || data.head.sha !== headSha || !data.merge_commit_sha) return undefined;
    return { status: 'merged', sha: data.merge_commit_sha, fastForward: false };
  };

  const merge = async (input: MergeInput): Promise<MergeResult> => {
    const base = await remoteBranchSha(remote, input.baseBranch);
    if (base !== input.expectedBaseSha) {
      // The base moved: by our own merge, when an earlier attempt's answer was lost?
      const done = await findMergedPull(input.headBranch, input.headSha);
      if (done) {
        log(`#${done.number} was already merged into ${input.baseBranch} as ${done.merge_commit_sha}`);
        return { status: 'merged', sha: done.merge_commit_sha!, fastForward: false };
      }
      return refuse(
        'target-moved',
        `${input.baseBranch} is at ${base ?? '(missing)'}, not at ${input.expectedBaseSha} which was validated`,
      );
    }
    await ensureLabels();
    const [title = '', ...rest] = input.message.split('\n');
    const body = withMeta(rest.join('\n').trim() || title, { source: input.source, commits: [] });
    const opened = await openPull({ head: input.headBranch, base: input.baseBranch, title, body, labels: ['auto-sync'] }, false);
    const pr = await pollMergeable(opened.pr.number);
    if (pr.mergeable === false)
      return followUp(pr, input, refuse('conflict', `#${pr.number} cannot be merged into ${input.baseBranch}: it conflicts`));
    try {
      const result = await once(
        `merge #${pr.number}`,
        async (): Promise<MergeResult> => {
          const { data } = await api.rest.pulls.merge({
            owner,
            repo,
            pull_number: pr.number,
            sha: input.headSha,
            merge_method: input.method,
            commit_title: title,
            commit_message: rest.join('\n').trim(),
            ...ONCE,
          });
          return { status: 'merged', sha: data.sha, fastForward: false };
        },
        () => mergedAs(pr.number, input.headSha),
      );
      if (result.status === 'merged') log(`merged #${pr.number} into ${input.baseBranch} as ${result.sha}`);
      return result;
    } catch (error) {
      const status = statusOf(error);
      const message = apiMessage(error);
      // A refusal may be GitHub answering a repeat of a merge it did (405 "not mergeable": it is closed).
      if (status === 405 || status === 409 || retryRecordOf(error)?.ambiguous) {
        const done = await mergedAs(pr.number, input.headSha);
        if (done) {
          log(`#${pr.number} is merged (as ${done.status === 'merged' ? done.sha : ''}) although GitHub answered ${status}`);
          return done;
        }
      }
      let refusal: Refusal;
      if (status === 409) refusal = refuse('target-moved', `#${pr.number} no longer has ${input.headSha} as its head (${message})`);
      else if (status === 405 && /not mergeable/i.test(message))
        refusal = refuse('conflict', `#${pr.number} cannot be merged (${message})`);
      else if (status === 405 && /base branch was modified/i.test(message))
        refusal = refuse('target-moved', `${input.baseBranch} moved while #${pr.number} was being merged (${message})`);
      else if (status === 405 && /not allowed on this repository/i.test(message))
        refusal = refuse('other', `${message} Set forge.mergeMethod to a method ${full} allows.`);
      else if (status === 405) refusal = refuse('protected', `${input.baseBranch} is protected: ${message}`);
      else if (status === 422) refusal = refuse('other', `GitHub refused the merge of #${pr.number}: ${message}`);
      else throw forgeError(error, context, MERGE);
      return followUp(pr, input, refusal);
    }
  };

  interface IssueFields {
    number: number;
    html_url: string;
    node_id: string;
    title: string;
    body?: string | null;
    pull_request?: unknown;
  }
  /**
   * The open dashboard issues, oldest first: among auto-sync's labelled issues, by the marker in
   * their body or by their title (a person may have edited the marker away); else, by the marker,
   * among the newest open ones (a person may have taken the label off).
   */
  const findDashboards = async (title: string): Promise<IssueFields[]> => {
    const list = async (labels: string | undefined) =>
      (
        await call(READ_ISSUES, () =>
          api.rest.issues.listForRepo({ owner, repo, state: 'open', ...(labels ? { labels } : {}), sort: 'created', per_page: 100 }),
        )
      ).data.filter((issue) => !issue.pull_request && (isDashboard(issue.body) || (labels !== undefined && issue.title === title)));
    const labelled = await list('auto-sync');
    const found = labelled.length > 0 ? labelled : await list(undefined);
    return found.sort((a, b) => a.number - b.number);
  };
  const upsertDashboard = async (input: { title: string; body: string }) => {
    await ensureLabels();
    const body = `${input.body.replace(/\n*$/, '\n')}\n${DASHBOARD_MARKS[0]}\n`.slice(0, MAX_BODY_CHARS);
    const [existing, ...extra] = await findDashboards(input.title);
    // Two dashboards (left by an older version): the oldest stays, the others are closed.
    for (const duplicate of extra) {
      await call(ISSUE, () => api.rest.issues.update({ owner, repo, issue_number: duplicate.number, state: 'closed' }));
      log(`closed #${duplicate.number}, a second auto-sync dashboard (#${existing!.number} is the one)`);
    }
    if (existing) {
      if (existing.body === body && existing.title === input.title)
        return { id: existing.number, url: existing.html_url, action: 'unchanged' as const };
      await call(ISSUE, () => api.rest.issues.update({ owner, repo, issue_number: existing.number, title: input.title, body }));
      return { id: existing.number, url: existing.html_url, action: 'updated' as const };
    }
    const created: IssueFields = await call(ISSUE, () =>
      once(
        'create the dashboard issue',
        async () => (await api.rest.issues.create({ owner, repo, title: input.title, body, labels: ['auto-sync'], ...ONCE })).data,
        async () => (await findDashboards(input.title))[0],
      ),
    );
    // Pinning is a convenience: a token that may not pin still gets a dashboard.
    try {
      await api.graphql('mutation($id: ID!) { pinIssue(input: { issueId: $id }) { issue { number } } }', { id: created.node_id });
    } catch (error) {
      log(`could not pin the dashboard issue #${created.number}: ${firstLine(apiMessage(error))}`);
    }
    return { id: created.number, url: created.html_url, action: 'created' as const };
  };

  return {
    noteOnProposal: (id, text) => noteRefusal(id, text),
    listProposals: async () => {
      const pulls = await call(READ, () =>
        api.paginate(api.rest.pulls.list, { owner, repo, state: 'all', sort: 'created', direction: 'desc', per_page: 100 }),
      );
      return pulls.flatMap((pr) => {
        const meta = readMeta(pr.body);
        return meta ? [toProposal(pr, meta)] : [];
      });
    },
    getProposal: async (id) => {
      try {
        const { data } = await api.rest.pulls.get({ owner, repo, pull_number: id });
        return toProposal(data, { source: '', commits: [] });
      } catch (error) {
        if (statusOf(error) === 404) return undefined;
        throw forgeError(error, context, READ);
      }
    },
    upsertDashboard,
    publishBranch: (input) => publishRemoteBranch(remote, input),
    findOpenProposal: async (source, headBranch) => {
      const pr = await findOpenPull(headBranch);
      return pr && toProposal(pr, { source, commits: [] });
    },
    upsertProposal,
    // One page, the most recently updated pull requests: a draft auto-sync looks at is recent.
    listDrafts: async (source) => {
      const { data } = await call(READ, () =>
        api.rest.pulls.list({ owner, repo, state: 'all', sort: 'updated', direction: 'desc', per_page: 100 }),
      );
      return data.flatMap((pr) => {
        const meta = readMeta(pr.body);
        return meta?.draft && meta.source === source ? [toProposal(pr, meta)] : [];
      });
    },
    closeProposal: async (id, note) => {
      await noteRefusal(id, note);
      await call(PULLS, () => api.rest.pulls.update({ owner, repo, pull_number: id, state: 'closed' }));
      log(`closed #${id}: ${firstLine(note)}`);
    },
    merge,
    // GitHub marked the pull request merged itself; what is left is the head branch.
    closeMerged: async (_source, headBranch) => {
      try {
        await api.rest.git.deleteRef({ owner, repo, ref: `heads/${headBranch}` });
        log(`deleted ${headBranch} from ${full}`);
      } catch (error) {
        // Already gone: deleted on merge by the repository setting, or by a person.
        if (statusOf(error) === 422 || statusOf(error) === 404)
          return log(`${headBranch} was already deleted (${firstLine(apiMessage(error))})`);
        throw forgeError(error, context, DELETE_REF);
      }
    },
  };
}

import { z } from 'zod';
import {
  commentObject,
  errorBody,
  fakeSha,
  fullRepositoryObject,
  issueObject,
  labelObject,
  nodeId,
  pullObject,
  pullSimpleObject,
  validationError,
  type CommentRecord,
  type IssueRecord,
  type Label,
  type MergeResult,
  type ObjectContext,
  type PullRecord,
  type RepoSettings,
} from './github-objects.ts';

// The endpoints of the test GitHub server, on its in-memory state. Each answers as GitHub does for the
// cases auto-sync meets: the same status codes, messages and validation errors.

/** The target's branches as the server sees them; tests back this with the bare repository. */
export interface BranchRefs {
  sha(branch: string): string | undefined;
  delete(branch: string): void;
  /** Performs the merge in the real repository and returns the new base sha (when the test wires one). */
  merge?(input: { base: string; headSha: string; method: 'merge' | 'squash' | 'rebase'; title: string; message: string }): string;
}

export interface MergeRecord {
  number: number;
  sha: string;
  headSha: string;
  /** The `sha` the client pinned the merge to, if any. */
  pinnedSha: string | undefined;
  base: string;
  method: 'merge' | 'squash' | 'rebase';
  commitTitle: string | undefined;
  commitMessage: string | undefined;
}

export interface AutoMergeRecord {
  number: number;
  mergeMethod: 'merge' | 'squash' | 'rebase';
  expectedHeadOid: string | undefined;
}

export interface GitHubState {
  settings: RepoSettings;
  labels: Label[];
  pulls: PullRecord[];
  issues: IssueRecord[];
  comments: CommentRecord[];
  merges: MergeRecord[];
  deletedRefs: string[];
  autoMerge: AutoMergeRecord[];
  /** Base branches whose merges are refused: by a ruleset, or by classic branch protection. */
  protectedBranches: Map<string, 'ruleset' | 'classic'>;
  /** How many upcoming GET /pulls lists leave out every pull request, as GitHub's lagging lists can. */
  staleLists: number;
}

export interface ApiRequest {
  params: string[];
  query: URLSearchParams;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Route {
  method: string;
  pattern: RegExp;
  handle(request: ApiRequest): ApiResponse;
}

const MERGE_METHOD = z.enum(['merge', 'squash', 'rebase']);
const bodies = {
  label: z.object({
    name: z.string().min(1),
    color: z
      .string()
      .regex(/^[0-9a-fA-F]{6}$/)
      .optional(),
    description: z.string().max(100).nullish(),
  }),
  issueLabels: z.object({ labels: z.array(z.string().min(1)) }),
  createPull: z.object({
    title: z.string().min(1),
    head: z.string().min(1),
    base: z.string().min(1),
    body: z.string().nullish(),
    draft: z.boolean().optional(),
    maintainer_can_modify: z.boolean().optional(),
  }),
  updatePull: z.object({
    title: z.string().min(1).optional(),
    body: z.string().nullish(),
    state: z.enum(['open', 'closed']).optional(),
    base: z.string().min(1).optional(),
  }),
  merge: z.object({
    sha: z.string().optional(),
    merge_method: MERGE_METHOD.optional(),
    commit_title: z.string().optional(),
    commit_message: z.string().optional(),
  }),
  createIssue: z.object({ title: z.string().min(1), body: z.string().nullish(), labels: z.array(z.string()).optional() }),
  updateIssue: z.object({
    title: z.string().min(1).optional(),
    body: z.string().nullish(),
    state: z.enum(['open', 'closed']).optional(),
    labels: z.array(z.string()).optional(),
  }),
  comment: z.object({ body: z.string().min(1) }),
  graphql: z.object({ query: z.string(), variables: z.record(z.string(), z.unknown()).optional() }),
};

const ok = (body: unknown, status = 200): ApiResponse => ({ status, body });
const fail = (status: number, message: string): ApiResponse => ({ status, body: errorBody(status, message) });
const invalid = (resource: string, error: { code: string; field?: string; message?: string }): ApiResponse => ({
  status: 422,
  body: validationError(resource, error),
});
const now = (): string => new Date().toISOString();

/** Parses a body, or the 422 GitHub answers for one it cannot use. */
function parse<T>(schema: z.ZodType<T>, body: unknown): T | ApiResponse {
  const result = schema.safeParse(body ?? {});
  return result.success
    ? result.data
    : {
        status: 422,
        body: {
          message: 'Invalid request.',
          documentation_url: 'https://docs.github.com/rest',
          errors: result.error.issues.map((issue) => ({ code: 'invalid', field: issue.path.join('.'), message: issue.message })),
        },
      };
}
const isResponse = (value: unknown): value is ApiResponse =>
  typeof value === 'object' && value !== null && 'status' in value && typeof (value as ApiResponse).status === 'number';

/** `per_page`/`page` and a Link header, as GitHub paginates lists. */
function paginate<T>(items: readonly T[], query: URLSearchParams, url: string): ApiResponse {
  const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
  const page = Math.max(1, Number(query.get('page') ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (p: number, rel: string) => {
    const next = new URLSearchParams(query);
    next.set('page', String(p));
    next.set('per_page', String(perPage));
    return `<${url}?${next}>; rel="${rel}"`;
  };
  const links = page < last ? [link(page + 1, 'next'), link(last, 'last')] : [];
  return {
    status: 200,
    body: items.slice((page - 1) * perPage, page * perPage),
    headers: links.length > 0 ? { link: links.join(', ') } : {},
  };
}

export function createRoutes(ctx: ObjectContext, state: GitHubState, refs: BranchRefs | undefined): Route[] {
  let nextNumber = 1;
  let nextId = 5000;
  const repoPath = `/repos/${ctx.owner}/${ctx.repo}`;
  const at = (suffix: string) => new RegExp(`^${repoPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${suffix}$`);
  const listUrl = (path: string) => `${ctx.baseUrl}${repoPath}${path}`;

  const findLabel = (name: string) => state.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
  /** Adding a label an issue does not have yet creates it, as GitHub does. */
  const ensureLabel = (name: string): string => {
    const existing = findLabel(name);
    if (existing) return existing.name;
    state.labels.push(labelObject(ctx, nextId++, name, 'ededed', null));
    return name;
  };
  const pull = (n: number) => state.pulls.find((p) => p.number === n);
  const issueOrPull = (n: number) => state.issues.find((i) => i.number === n) ?? pull(n);

  /** The PR's head as the branch has it now; a moved head makes GitHub compute mergeability again. */
  const refresh = (pr: PullRecord): void => {
    if (pr.merged || !refs) return;
    const sha = refs.sha(pr.head);
    if (sha && sha !== pr.headSha) Object.assign(pr, { headSha: sha, mergeablePending: true, updatedAt: now() });
  };
  const baseSha = (branch: string) => refs?.sha(branch) ?? fakeSha(`base:${branch}`);
  const view = (pr: PullRecord, mergeable: boolean | null = null) => {
    refresh(pr);
    return pullObject(ctx, pr, { headSha: pr.headSha, baseSha: baseSha(pr.base), mergeable });
  };
  const labelsOf = (item: { labels: string[] }) => item.labels.map((name) => ctx.label(name));
  const branchOf = (head: string): string | undefined => {
    const colon = head.indexOf(':');
    if (colon < 0) return head;
    return head.slice(0, colon) === ctx.owner ? head.slice(colon + 1) : undefined;
  };

  const pullsList = (query: URLSearchParams): ApiResponse => {
    if (state.staleLists > 0) {
      state.staleLists -= 1;
      return paginate([], query, listUrl('/pulls'));
    }
    const wanted = query.get('state') ?? 'open';
    const head = query.get('head');
    const base = query.get('base');
    const branch = head === null ? undefined : branchOf(head);
    const found = state.pulls
      .filter((p) => wanted === 'all' || p.state === wanted)
      .filter((p) => head === null || (branch !== undefined && p.head === branch))
      .filter((p) => base === null || p.base === base)
      .sort((a, b) => b.number - a.number);
    return paginate(
      found.map((p) => pullSimpleObject(view(p))),
      query,
      listUrl('/pulls'),
    );
  };

  const createPull = (body: unknown): ApiResponse => {
    const input = parse(bodies.createPull, body);
    if (isResponse(input)) return input;
    const head = branchOf(input.head);
    if (head === undefined || (refs && !refs.sha(head))) return invalid('PullRequest', { code: 'invalid', field: 'head' });
    if (refs && !refs.sha(input.base)) return invalid('PullRequest', { code: 'invalid', field: 'base' });
    if (state.pulls.some((p) => p.state === 'open' && p.head === head && p.base === input.base)) {
      return invalid('PullRequest', { code: 'custom', message: `A pull request already exists for ${ctx.owner}:${head}.` });
    }
    const headSha = refs?.sha(head) ?? fakeSha(`head:${head}:${nextId}`);
    if (refs && headSha === refs.sha(input.base))
      return invalid('PullRequest', { code: 'custom', message: `No commits between ${input.base} and ${head}` });
    const id = nextId++;
    const pr: PullRecord = {
      number: nextNumber++,
      id,
      nodeId: nodeId('PR', id),
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      merged: false,
      head,
      headSha,
      base: input.base,
      labels: [],
      createdAt: now(),
      updatedAt: now(),
      closedAt: null,
      mergedAt: null,
      mergeCommitSha: null,
      mergeablePending: true,
      conflicting: false,
      autoMerge: null,
      ...(input.draft ? { draft: true } : {}),
    };
    state.pulls.push(pr);
    return ok(view(pr), 201);
  };

  const updatePull = (n: number, body: unknown): ApiResponse => {
    const pr = pull(n);
    if (!pr) return fail(404, 'Not Found');
    const input = parse(bodies.updatePull, body);
    if (isResponse(input)) return input;
    if (input.state === 'open' && pr.state === 'closed') {
      if (pr.merged)
        return invalid('PullRequest', { code: 'custom', message: 'state cannot be changed. The pull request has been merged.' });
      if (state.pulls.some((p) => p !== pr && p.state === 'open' && p.head === pr.head && p.base === pr.base)) {
        return invalid('PullRequest', { code: 'custom', message: `A pull request already exists for ${ctx.owner}:${pr.head}.` });
      }
    }
    if (input.title !== undefined) pr.title = input.title;
    if (input.body !== undefined) pr.body = input.body;
    if (input.base !== undefined && input.base !== pr.base) Object.assign(pr, { base: input.base, mergeablePending: true });
    if (input.state !== undefined && input.state !== pr.state) {
      Object.assign(pr, { state: input.state, closedAt: input.state === 'closed' ? now() : null, mergeablePending: true });
    }
    pr.updatedAt = now();
    return ok(view(pr));
  };

  const getPull = (n: number): ApiResponse => {
    const pr = pull(n);
    if (!pr) return fail(404, 'Not Found');
    refresh(pr);
    const open = pr.state === 'open';
    const mergeable = !open || pr.mergeablePending ? null : !pr.conflicting;
    // The first GET after a change starts the computation and answers null, as GitHub does.
    if (open) pr.mergeablePending = false;
    return ok(view(pr, mergeable));
  };

  const mergePull = (n: number, body: unknown): ApiResponse => {
    const pr = pull(n);
    if (!pr) return fail(404, 'Not Found');
    const input = parse(bodies.merge, body);
    if (isResponse(input)) return input;
    if (pr.state !== 'open') return fail(405, 'Pull Request is not mergeable');
    refresh(pr);
    if (input.sha !== undefined && input.sha !== pr.headSha) return fail(409, 'Head branch was modified. Review and try the merge again.');
    const method = input.merge_method ?? 'merge';
    const allowed = {
      merge: state.settings.allowMergeCommit,
      squash: state.settings.allowSquashMerge,
      rebase: state.settings.allowRebaseMerge,
    }[method];
    if (!allowed)
      return fail(
        405,
        `${{ merge: 'Merge commits', squash: 'Squash merges', rebase: 'Rebase merges' }[method]} are not allowed on this repository.`,
      );
    const protection = state.protectedBranches.get(pr.base);
    if (protection === 'ruleset')
      return fail(405, 'Repository rule violations found\n\nAt least 1 approving review is required by reviewers with write access.\n\n');
    if (protection === 'classic') return fail(405, `Protected branch update failed for refs/heads/${pr.base}.`);
    if (pr.conflicting) return fail(405, 'Pull Request is not mergeable');
    const sha = refs?.merge
      ? refs.merge({
          base: pr.base,
          headSha: pr.headSha,
          method,
          title: input.commit_title ?? `Merge pull request #${n}`,
          message: input.commit_message ?? '',
        })
      : fakeSha(`merge:${n}:${pr.headSha}:${state.merges.length}`);
    Object.assign(pr, {
      state: 'closed',
      merged: true,
      mergedAt: now(),
      closedAt: now(),
      updatedAt: now(),
      mergeCommitSha: sha,
      autoMerge: null,
    });
    state.merges.push({
      number: n,
      sha,
      headSha: pr.headSha,
      pinnedSha: input.sha,
      base: pr.base,
      method,
      commitTitle: input.commit_title,
      commitMessage: input.commit_message,
    });
    if (state.settings.deleteBranchOnMerge) deleteBranch(pr.head);
    const result: MergeResult = { sha, merged: true, message: 'Pull Request successfully merged' };
    return ok(result);
  };

  const setIssueLabels = (n: number, body: unknown, replace: boolean): ApiResponse => {
    const item = issueOrPull(n);
    if (!item) return fail(404, 'Not Found');
    const input = parse(bodies.issueLabels, body);
    if (isResponse(input)) return input;
    const names = input.labels.map(ensureLabel);
    const kept = replace ? [] : item.labels;
    item.labels = [...kept, ...names.filter((name) => !kept.some((k) => k.toLowerCase() === name.toLowerCase()))];
    item.updatedAt = now();
    return ok(labelsOf(item));
  };

  const deleteBranch = (branch: string): boolean => {
    if (refs ? !refs.sha(branch) : state.deletedRefs.includes(branch)) return false;
    state.deletedRefs.push(branch);
    refs?.delete(branch);
    return true;
  };

  const createLabel = (body: unknown): ApiResponse => {
    const input = parse(bodies.label, body);
    if (isResponse(input)) return input;
    if (findLabel(input.name)) return invalid('Label', { code: 'already_exists', field: 'name' });
    const label = labelObject(ctx, nextId++, input.name, (input.color ?? 'ededed').toLowerCase(), input.description ?? null);
    state.labels.push(label);
    return ok(label, 201);
  };

  const issueView = (n: number): ApiResponse => {
    const item = issueOrPull(n);
    return item ? ok(issueObject(ctx, item, pull(n) !== undefined)) : fail(404, 'Not Found');
  };

  const listIssues = (query: URLSearchParams): ApiResponse => {
    const wanted = query.get('state') ?? 'open';
    const labels = (query.get('labels') ?? '')
      .split(',')
      .filter((l) => l !== '')
      .map((l) => l.toLowerCase());
    const items = [...state.issues, ...state.pulls]
      .filter((i) => wanted === 'all' || i.state === wanted)
      .filter((i) => labels.every((l) => i.labels.some((have) => have.toLowerCase() === l)))
      .sort((a, b) => b.number - a.number);
    return paginate(
      items.map((i) => issueObject(ctx, i, pull(i.number) !== undefined)),
      query,
      listUrl('/issues'),
    );
  };

  const createIssue = (body: unknown): ApiResponse => {
    const input = parse(bodies.createIssue, body);
    if (isResponse(input)) return input;
    const id = nextId++;
    const issue: IssueRecord = {
      number: nextNumber++,
      id,
      nodeId: nodeId('I', id),
      title: input.title,
      body: input.body ?? null,
      state: 'open',
      labels: (input.labels ?? []).map(ensureLabel),
      createdAt: now(),
      updatedAt: now(),
      closedAt: null,
    };
    state.issues.push(issue);
    return { ...issueView(issue.number), status: 201 };
  };

  const updateIssue = (n: number, body: unknown): ApiResponse => {
    const item = issueOrPull(n);
    if (!item) return fail(404, 'Not Found');
    const input = parse(bodies.updateIssue, body);
    if (isResponse(input)) return input;
    if (input.title !== undefined) item.title = input.title;
    if (input.body !== undefined) item.body = input.body;
    if (input.labels !== undefined) item.labels = input.labels.map(ensureLabel);
    if (input.state !== undefined && input.state !== item.state)
      Object.assign(item, { state: input.state, closedAt: input.state === 'closed' ? now() : null });
    item.updatedAt = now();
    return issueView(n);
  };

  const addComment = (n: number, body: unknown): ApiResponse => {
    if (!issueOrPull(n)) return fail(404, 'Not Found');
    const input = parse(bodies.comment, body);
    if (isResponse(input)) return input;
    const id = nextId++;
    const comment: CommentRecord = { id, nodeId: nodeId('IC', id), issueNumber: n, body: input.body, createdAt: now(), updatedAt: now() };
    state.comments.push(comment);
    return ok(commentObject(ctx, comment), 201);
  };

  const updateComment = (id: number, body: unknown): ApiResponse => {
    const comment = state.comments.find((c) => c.id === id);
    if (!comment) return fail(404, 'Not Found');
    const input = parse(bodies.comment, body);
    if (isResponse(input)) return input;
    Object.assign(comment, { body: input.body, updatedAt: now() });
    return ok(commentObject(ctx, comment));
  };

  const graphql = (body: unknown): ApiResponse => {
    const input = parse(bodies.graphql, body);
    if (isResponse(input)) return input;
    const error = (type: string, message: string) =>
      ok({
        data: { enablePullRequestAutoMerge: null },
        errors: [{ type, path: ['enablePullRequestAutoMerge'], locations: [{ line: 2, column: 3 }], message }],
      });
    if (!/\benablePullRequestAutoMerge\b/.test(input.query))
      return ok({ errors: [{ message: 'github-server: only enablePullRequestAutoMerge is implemented' }] });
    const vars = input.variables ?? {};
    const id = String(vars.pullRequestId ?? '');
    const pr = state.pulls.find((p) => p.nodeId === id);
    if (!pr) return error('NOT_FOUND', `Could not resolve to a node with the global id of '${id}'`);
    const method = MERGE_METHOD.safeParse(String(vars.mergeMethod ?? 'MERGE').toLowerCase());
    if (!method.success) return error('INVALID', `mergeMethod: ${String(vars.mergeMethod)}`);
    if (!state.settings.allowAutoMerge) return error('UNPROCESSABLE', 'Auto merge is not allowed for this repository');
    if (pr.state !== 'open') return error('UNPROCESSABLE', 'Pull request is closed');
    refresh(pr);
    const expected = typeof vars.expectedHeadOid === 'string' ? vars.expectedHeadOid : undefined;
    if (expected !== undefined && expected !== pr.headSha) return error('UNPROCESSABLE', 'Head sha does not match the expected head sha');
    pr.autoMerge = { mergeMethod: method.data };
    state.autoMerge.push({ number: pr.number, mergeMethod: method.data, expectedHeadOid: expected });
    return ok({
      data: {
        enablePullRequestAutoMerge: {
          pullRequest: { number: pr.number, autoMergeRequest: { enabledAt: now(), mergeMethod: method.data.toUpperCase() } },
        },
      },
    });
  };

  const num = (request: ApiRequest) => Number(request.params[0]);
  return [
    { method: 'GET', pattern: at(''), handle: () => ok(fullRepositoryObject(ctx)) },
    { method: 'GET', pattern: at('/labels'), handle: (r) => paginate(state.labels, r.query, listUrl('/labels')) },
    { method: 'POST', pattern: at('/labels'), handle: (r) => createLabel(r.body) },
    { method: 'GET', pattern: at('/pulls'), handle: (r) => pullsList(r.query) },
    { method: 'POST', pattern: at('/pulls'), handle: (r) => createPull(r.body) },
    { method: 'GET', pattern: at('/pulls/(\\d+)'), handle: (r) => getPull(num(r)) },
    { method: 'PATCH', pattern: at('/pulls/(\\d+)'), handle: (r) => updatePull(num(r), r.body) },
    { method: 'PUT', pattern: at('/pulls/(\\d+)/merge'), handle: (r) => mergePull(num(r), r.body) },
    { method: 'GET', pattern: at('/issues'), handle: (r) => listIssues(r.query) },
    { method: 'POST', pattern: at('/issues'), handle: (r) => createIssue(r.body) },
    { method: 'GET', pattern: at('/issues/(\\d+)'), handle: (r) => issueView(num(r)) },
    { method: 'PATCH', pattern: at('/issues/(\\d+)'), handle: (r) => updateIssue(num(r), r.body) },
    { method: 'POST', pattern: at('/issues/(\\d+)/labels'), handle: (r) => setIssueLabels(num(r), r.body, false) },
    { method: 'PUT', pattern: at('/issues/(\\d+)/labels'), handle: (r) => setIssueLabels(num(r), r.body, true) },
    {
      method: 'GET',
      pattern: at('/issues/(\\d+)/comments'),
      handle: (r) =>
        issueOrPull(num(r))
          ? paginate(
              state.comments.filter((c) => c.issueNumber === num(r)).map((c) => commentObject(ctx, c)),
              r.query,
              listUrl(`/issues/${num(r)}/comments`),
            )
          : fail(404, 'Not Found'),
    },
    { method: 'POST', pattern: at('/issues/(\\d+)/comments'), handle: (r) => addComment(num(r), r.body) },
    { method: 'PATCH', pattern: at('/issues/comments/(\\d+)'), handle: (r) => updateComment(num(r), r.body) },
    {
      method: 'DELETE',
      pattern: at('/git/refs/(.+)'),
      handle: (r) => {
        const ref = r.params[0] ?? '';
        if (!ref.startsWith('heads/')) return fail(422, 'Reference does not exist');
        return deleteBranch(ref.slice('heads/'.length)) ? { status: 204 } : fail(422, 'Reference does not exist');
      },
    },
    { method: 'POST', pattern: /^\/graphql$/, handle: (r) => graphql(r.body) },
  ];
}

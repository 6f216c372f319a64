import { createHash } from 'node:crypto';
import type { components } from '@octokit/openapi-types';

// Response bodies of the test GitHub server, typed with GitHub's own OpenAPI description so tsc checks
// that every object the forge reads has the shape (and the required fields) GitHub sends.

type Schemas = components['schemas'];
export type Label = Schemas['label'];
export type PullRequest = Schemas['pull-request'];
export type PullRequestSimple = Schemas['pull-request-simple'];
export type Issue = Schemas['issue'];
export type IssueComment = Schemas['issue-comment'];
export type FullRepository = Schemas['full-repository'];
export type MergeResult = Schemas['pull-request-merge-result'];
export type BasicError = Schemas['basic-error'];
export type ValidationError = Schemas['validation-error'];
type Repository = Schemas['repository'];
type SimpleUser = Schemas['simple-user'];

export interface RepoSettings {
  defaultBranch: string;
  allowAutoMerge: boolean;
  allowMergeCommit: boolean;
  allowSquashMerge: boolean;
  allowRebaseMerge: boolean;
  deleteBranchOnMerge: boolean;
}

export interface PullRecord {
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  merged: boolean;
  head: string;
  /** Used when the server has no `refs` to read the branch from, and frozen once merged. */
  headSha: string;
  base: string;
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  /** GitHub computes mergeability in the background: `mergeable` is null on the first GET after a change. */
  mergeablePending: boolean;
  /** What mergeability resolves to; a test sets it to simulate a conflict. */
  conflicting: boolean;
  autoMerge: { mergeMethod: 'merge' | 'squash' | 'rebase' } | null;
  /** Opened as a draft pull request. */
  draft?: boolean;
}

export interface IssueRecord {
  number: number;
  id: number;
  nodeId: string;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  labels: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface CommentRecord {
  id: number;
  nodeId: string;
  issueNumber: number;
  body: string;
  createdAt: string;
  updatedAt: string;
}

export interface ObjectContext {
  baseUrl: string;
  owner: string;
  repo: string;
  repoId: number;
  settings: RepoSettings;
  /** The label objects, for labels referenced by name on pulls and issues. */
  label(name: string): Label;
}

export const BOT_LOGIN = 'auto-sync-bot';

export function fakeSha(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function nodeId(prefix: string, id: number): string {
  return `${prefix}_${Buffer.from(`0:${id}`).toString('base64url')}`;
}

export function userObject(ctx: ObjectContext, login: string, id: number): SimpleUser {
  const url = `${ctx.baseUrl}/users/${login}`;
  return {
    login,
    id,
    node_id: nodeId('U', id),
    avatar_url: `${ctx.baseUrl}/avatars/${login}`,
    gravatar_id: '',
    url,
    html_url: `${ctx.baseUrl}/${login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: login === BOT_LOGIN ? 'Bot' : 'User',
    site_admin: false,
  };
}

const owner = (ctx: ObjectContext): SimpleUser => userObject(ctx, ctx.owner, 1);
const bot = (ctx: ObjectContext): SimpleUser => userObject(ctx, BOT_LOGIN, 2);
const repoApi = (ctx: ObjectContext): string => `${ctx.baseUrl}/repos/${ctx.owner}/${ctx.repo}`;
const repoWeb = (ctx: ObjectContext): string => `${ctx.baseUrl}/${ctx.owner}/${ctx.repo}`;

/** The fields `repository` and `full-repository` share. */
function repositoryCore(ctx: ObjectContext) {
  const api = repoApi(ctx);
  const html = repoWeb(ctx);
  return {
    id: ctx.repoId,
    node_id: nodeId('R', ctx.repoId),
    name: ctx.repo,
    full_name: `${ctx.owner}/${ctx.repo}`,
    owner: owner(ctx),
    private: true,
    html_url: html,
    description: null,
    fork: false,
    url: api,
    archive_url: `${api}/{archive_format}{/ref}`,
    assignees_url: `${api}/assignees{/user}`,
    blobs_url: `${api}/git/blobs{/sha}`,
    branches_url: `${api}/branches{/branch}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    comments_url: `${api}/comments{/number}`,
    commits_url: `${api}/commits{/sha}`,
    compare_url: `${api}/compare/{base}...{head}`,
    contents_url: `${api}/contents/{+path}`,
    contributors_url: `${api}/contributors`,
    deployments_url: `${api}/deployments`,
    downloads_url: `${api}/downloads`,
    events_url: `${api}/events`,
    forks_url: `${api}/forks`,
    git_commits_url: `${api}/git/commits{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_url: `git://127.0.0.1/${ctx.owner}/${ctx.repo}.git`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    issue_events_url: `${api}/issues/events{/number}`,
    issues_url: `${api}/issues{/number}`,
    keys_url: `${api}/keys{/key_id}`,
    labels_url: `${api}/labels{/name}`,
    languages_url: `${api}/languages`,
    merges_url: `${api}/merges`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    pulls_url: `${api}/pulls{/number}`,
    releases_url: `${api}/releases{/id}`,
    ssh_url: `git@127.0.0.1:${ctx.owner}/${ctx.repo}.git`,
    stargazers_url: `${api}/stargazers`,
    statuses_url: `${api}/statuses/{sha}`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    tags_url: `${api}/tags`,
    teams_url: `${api}/teams`,
    trees_url: `${api}/git/trees{/sha}`,
    clone_url: `${html}.git`,
    mirror_url: null,
    hooks_url: `${api}/hooks`,
    svn_url: html,
    homepage: null,
    language: 'TypeScript',
    forks_count: 0,
    stargazers_count: 0,
    watchers_count: 0,
    size: 1,
    default_branch: ctx.settings.defaultBranch,
    open_issues_count: 0,
    has_issues: true,
    has_projects: false,
    has_wiki: false,
    has_pages: false,
    has_downloads: false,
    archived: false,
    disabled: false,
    license: null,
    forks: 0,
    open_issues: 0,
    watchers: 0,
    allow_auto_merge: ctx.settings.allowAutoMerge,
    allow_merge_commit: ctx.settings.allowMergeCommit,
    allow_squash_merge: ctx.settings.allowSquashMerge,
    allow_rebase_merge: ctx.settings.allowRebaseMerge,
    delete_branch_on_merge: ctx.settings.deleteBranchOnMerge,
  } as const;
}

const CREATED = '2024-01-01T00:00:00Z';

function repositoryObject(ctx: ObjectContext): Repository {
  return { ...repositoryCore(ctx), pushed_at: CREATED, created_at: CREATED, updated_at: CREATED };
}

export function fullRepositoryObject(ctx: ObjectContext): FullRepository {
  return {
    ...repositoryCore(ctx),
    has_discussions: false,
    pushed_at: CREATED,
    created_at: CREATED,
    updated_at: CREATED,
    // What a token with contents: write (and no admin) sees.
    permissions: { admin: false, maintain: false, push: true, triage: true, pull: true },
    subscribers_count: 0,
    network_count: 0,
  };
}

export function labelObject(ctx: ObjectContext, id: number, name: string, color: string, description: string | null): Label {
  return {
    id,
    node_id: nodeId('LA', id),
    url: `${repoApi(ctx)}/labels/${encodeURIComponent(name)}`,
    name,
    description,
    color,
    default: false,
  };
}

function branchEnd(ctx: ObjectContext, branch: string, sha: string) {
  return { label: `${ctx.owner}:${branch}`, ref: branch, repo: repositoryObject(ctx), sha, user: owner(ctx) };
}

function pullLinks(ctx: ObjectContext, n: number, headSha: string) {
  const api = repoApi(ctx);
  return {
    self: { href: `${api}/pulls/${n}` },
    html: { href: `${repoWeb(ctx)}/pull/${n}` },
    issue: { href: `${api}/issues/${n}` },
    comments: { href: `${api}/issues/${n}/comments` },
    review_comments: { href: `${api}/pulls/${n}/comments` },
    review_comment: { href: `${api}/pulls/comments{/number}` },
    commits: { href: `${api}/pulls/${n}/commits` },
    statuses: { href: `${api}/statuses/${headSha}` },
  };
}

/** GET /pulls/{n} and the answers to create, update and merge. */
export function pullObject(
  ctx: ObjectContext,
  pr: PullRecord,
  view: { headSha: string; baseSha: string; mergeable: boolean | null },
): PullRequest {
  const api = repoApi(ctx);
  const n = pr.number;
  const mergeableState = view.mergeable === null ? 'unknown' : pr.merged ? 'unknown' : view.mergeable ? 'clean' : 'dirty';
  return {
    url: `${api}/pulls/${n}`,
    id: pr.id,
    node_id: pr.nodeId,
    html_url: `${repoWeb(ctx)}/pull/${n}`,
    diff_url: `${repoWeb(ctx)}/pull/${n}.diff`,
    patch_url: `${repoWeb(ctx)}/pull/${n}.patch`,
    issue_url: `${api}/issues/${n}`,
    commits_url: `${api}/pulls/${n}/commits`,
    review_comments_url: `${api}/pulls/${n}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`,
    comments_url: `${api}/issues/${n}/comments`,
    statuses_url: `${api}/statuses/${view.headSha}`,
    number: n,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: bot(ctx),
    body: pr.body,
    labels: pr.labels.map((name) => ctx.label(name)),
    milestone: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchEnd(ctx, pr.head, view.headSha),
    base: branchEnd(ctx, pr.base, view.baseSha),
    _links: pullLinks(ctx, n, view.headSha),
    author_association: 'NONE',
    auto_merge: pr.autoMerge
      ? { enabled_by: bot(ctx), merge_method: pr.autoMerge.mergeMethod, commit_title: '', commit_message: '' }
      : null,
    draft: pr.draft === true,
    merged: pr.merged,
    mergeable: view.mergeable,
    rebaseable: view.mergeable,
    mergeable_state: mergeableState,
    merged_by: pr.merged ? bot(ctx) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 1,
    deletions: 0,
    changed_files: 1,
  };
}

/** GET /pulls lists the short form: no mergeability, no counts. */
export function pullSimpleObject(full: PullRequest): PullRequestSimple {
  return {
    url: full.url,
    id: full.id,
    node_id: full.node_id,
    html_url: full.html_url,
    diff_url: full.diff_url,
    patch_url: full.patch_url,
    issue_url: full.issue_url,
    commits_url: full.commits_url,
    review_comments_url: full.review_comments_url,
    review_comment_url: full.review_comment_url,
    comments_url: full.comments_url,
    statuses_url: full.statuses_url,
    number: full.number,
    state: full.state,
    locked: full.locked,
    title: full.title,
    user: full.user,
    body: full.body,
    labels: full.labels.map((label) => ({ ...label, description: label.description ?? '' })),
    milestone: null,
    created_at: full.created_at,
    updated_at: full.updated_at,
    closed_at: full.closed_at,
    merged_at: full.merged_at,
    merge_commit_sha: full.merge_commit_sha,
    assignee: null,
    head: full.head,
    base: full.base,
    _links: full._links,
    author_association: full.author_association,
    auto_merge: full.auto_merge,
    draft: full.draft,
  };
}

/** Pull requests are issues too: the issues API answers for both. */
export function issueObject(ctx: ObjectContext, issue: IssueRecord | PullRecord, isPull: boolean): Issue {
  const api = repoApi(ctx);
  const n = issue.number;
  const html = `${repoWeb(ctx)}/${isPull ? 'pull' : 'issues'}/${n}`;
  return {
    id: issue.id,
    node_id: issue.nodeId,
    url: `${api}/issues/${n}`,
    repository_url: api,
    labels_url: `${api}/issues/${n}/labels{/name}`,
    comments_url: `${api}/issues/${n}/comments`,
    events_url: `${api}/issues/${n}/events`,
    html_url: html,
    number: n,
    state: issue.state,
    title: issue.title,
    body: issue.body,
    user: bot(ctx),
    labels: issue.labels.map((name) => ctx.label(name)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    comments: 0,
    closed_at: issue.closedAt,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    author_association: 'NONE',
    ...(isPull
      ? {
          pull_request: {
            url: `${api}/pulls/${n}`,
            html_url: html,
            diff_url: `${html}.diff`,
            patch_url: `${html}.patch`,
            merged_at: (issue as PullRecord).mergedAt,
          },
        }
      : {}),
  };
}

export function commentObject(ctx: ObjectContext, comment: CommentRecord): IssueComment {
  const api = repoApi(ctx);
  return {
    id: comment.id,
    node_id: comment.nodeId,
    url: `${api}/issues/comments/${comment.id}`,
    body: comment.body,
    html_url: `${repoWeb(ctx)}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    user: bot(ctx),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    issue_url: `${api}/issues/${comment.issueNumber}`,
    author_association: 'NONE',
  };
}

export const DOCS = 'https://docs.github.com/rest';

export function errorBody(status: number, message: string): BasicError {
  return { message, documentation_url: DOCS, status: String(status) };
}

export function validationError(resource: string, error: { code: string; field?: string; message?: string }): ValidationError {
  return { message: 'Validation Failed', documentation_url: DOCS, errors: [{ resource, ...error }] };
}

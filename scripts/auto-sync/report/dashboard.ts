import type { Report } from './model.ts';
import { blockerLines, blockersOf, groupByBlocker } from '../plan/prerequisites.ts';
import { PENDING_REASONS } from '../plan/types.ts';
import type { CommitRecord, State } from '../state/file.ts';
import { commitUrlOf, type WebRepository } from './links.ts';
import { code, inline, safeLink, table } from './markdown.ts';

// The "auto-sync dashboard": what is waiting for a person, per source, and what to do about each.
// Built from the state (plus this run's failures and subjects), so an idle run produces the same
// text and the issue is not touched. Pure.

export const DASHBOARD_TITLE = 'auto-sync dashboard';

/** GitHub refuses an issue body longer than this. */
const MAX_BODY_CHARS = 65_536;
// Rows per source, tried in order until the body fits.
const ROW_LADDER = [50, 20, 5];

export interface DashboardOptions {
  /** The configuration in use, relative to the target's root (undefined: outside the repository). */
  configPath?: string;
  /** Each source's web repository, when its URL is one (report/links.ts): commits get links. */
  webs?: Readonly<Record<string, WebRepository>>;
}

export function dashboardBody(state: State, report: Report, options: DashboardOptions = {}): string {
  let body = '';
  for (const rows of ROW_LADDER) {
    body = render(state, report, options, rows);
    if (body.length <= MAX_BODY_CHARS) return body;
  }
  return body.slice(0, MAX_BODY_CHARS - 60).replace(/\n[^\n]*$/, '\n\n_The rest was cut to fit GitHub’s size limit._\n');
}

function render(state: State, report: Report, options: DashboardOptions, maxRows: number): string {
  const config = configName(options.configPath);
  const lines: string[] = [
    'Commits from sibling repositories that auto-sync is holding back, why, and what to do about each. Updated by each run;',
    `the configuration in use is ${config}: list a commit in ${code('commits.skip')} there to drop it for good.`,
    '',
  ];
  for (const source of report.sources) {
    const recorded = state.sources[source.name];
    const web = options.webs?.[source.name];
    lines.push(`## ${web ? safeLink(source.name, web.url) : inline(source.name)}`, '');
    if (source.status === 'error' && source.error)
      lines.push(`**Last run failed:** ${code(source.error.code)} ${inline(source.error.message)}`, '');
    // Sorted: the state file keeps keys sorted, memory keeps insertion order; the text must not differ.
    const records = Object.entries(recorded?.commits ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const waiting = records.filter(([, r]) => r.decision === 'skipped' && PENDING_REASONS.has(r.reason));
    const declined = records.filter(([, r]) => r.decision === 'declined');
    const proposed = records.filter(([, r]) => r.decision === 'proposed');
    const applied = records.filter(([, r]) => r.decision === 'applied');
    const last = [...records]
      .sort(([, a], [, b]) => (a.at < b.at ? 1 : -1))
      .find(([, r]) => r.decision === 'applied' || r.decision === 'proposed');
    lines.push(
      `Last head seen: ${recorded?.lastHead ? code(recorded.lastHead.slice(0, 12)) : 'none'} · applied so far: ${applied.length} · in an open proposal: ${proposed.length}${recorded?.integration ? ` (${code(recorded.integration.branch)})` : ''}${last ? ` · last delivery: ${last[1].decision} on ${last[1].at.slice(0, 10)}` : ''}`,
      '',
    );
    // The subjects this run saw (pending commits are looked at again every run); none for the rest.
    const subjects = new Map(source.commits?.map((c) => [c.sha, c.subject]) ?? []);
    // Commits held back by another commit are one line per blocking commit: the list stays bounded.
    const groups = groupByBlocker(waiting.map(([sha, r]) => ({ sha, reason: r.reason, detail: r.detail })));
    const blockedShas = new Set(waiting.filter(([, r]) => blockersOf(r.detail).length > 0).map(([sha]) => sha));
    if (groups.length > 0)
      lines.push(
        ...blockerLines(groups, maxRows),
        '',
        'They follow on their own once the blocking commit is let through (see its row) or dropped with `commits.skip`.',
        '',
      );
    const listed = [...waiting.filter(([sha]) => !blockedShas.has(sha)), ...declined];
    const rows = listed.slice(0, maxRows).map(([sha, r]) => {
      const url = commitUrlOf(web, sha);
      const id = sha.slice(0, 10);
      const subject = subjects.get(sha);
      return [
        url ? safeLink(id, url) : code(id, { inTable: true }),
        subject ? inline(subject, 120) : '–',
        `${r.decision === 'declined' ? 'declined' : code(r.reason, { inTable: true })}${r.detail ? `: ${inline(r.detail, 200)}` : ''}`,
        whatToDo(sha, r, options.configPath),
      ];
    });
    if (rows.length === 0) {
      if (groups.length === 0) lines.push('Nothing held back.', '');
    } else {
      lines.push(table(['Commit', 'Subject', 'Why', 'What to do'], rows), '');
      if (listed.length > rows.length) lines.push(`… and ${listed.length - rows.length} more.`, '');
    }
  }
  return lines.join('\n');
}

/** What a person can do about one held or declined commit, as a table cell (shas are hex from git; reasons are ours). */
export function whatToDo(
  sha: string,
  record: Pick<CommitRecord, 'decision' | 'reason' | 'proposal'>,
  configPath: string | undefined,
): string {
  const cellCode = (text: string) => code(text, { inTable: true });
  const config = configPath ? cellCode(configPath) : 'the configuration';
  const pick = cellCode(`git cherry-pick -x ${sha}`);
  const skip = `drop it: add it to ${cellCode('commits.skip')}`;
  const byHand = `take it by hand: fetch the source, ${pick} onto a branch from the target, merge (auto-sync then counts it as applied)`;
  if (record.decision === 'declined')
    return `Declined${record.proposal ? ` (proposal #${record.proposal} closed without merging)` : ''}: never proposed again. To ${byHand}.`;
  switch (record.reason) {
    case 'breaking-change':
      return `To accept it: set ${cellCode('commits.breaking')} to ${cellCode('"allow"')} in ${config} for the next run, or ${byHand}; to ${skip}.`;
    case 'conflict':
      return `Tried again on each run. To ${byHand} and resolve the conflict; or ${skip}.`;
    case 'after-conflict':
      return `Waits for the commit that conflicted before it (${cellCode('commits.onConflict')} is ${cellCode('"stop"')}): resolve or skip that one first.`;
    case 'over-limit':
      return `Nothing: ${cellCode('commits.maxPerRun')} was reached; it goes on a later run.`;
    case 'secret-detected':
      return `Deal with the secret at the source (rotate it); then ${skip}, or, if it is a false alarm, ${byHand}.`;
    case 'blocked':
    case 'prerequisites-held':
      return `Let through or drop the commit the detail names; this one follows.`;
    default:
      return `See the reason; to ${skip}.`;
  }
}

function configName(configPath: string | undefined): string {
  return configPath ? code(configPath) : 'the file passed with `--config` (outside the repository)';
}

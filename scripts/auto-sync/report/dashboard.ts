import type { Report } from './model.ts';
import { blockerLines, blockersOf, groupByBlocker } from '../plan/prerequisites.ts';
import { PENDING_REASONS } from '../plan/types.ts';
import type { State } from '../state/file.ts';
import { code, inline, table } from './markdown.ts';

// The "auto-sync dashboard": what is waiting for a person, per source. Built from the state (plus
// this run's failures), so an idle run produces the same text and the issue is not touched.

export const DASHBOARD_TITLE = 'auto-sync dashboard';

const MAX_ROWS = 50;

export function dashboardBody(state: State, report: Report): string {
  const lines: string[] = [
    'Commits from sibling repositories that auto-sync is holding back, and why. Updated by each run;',
    'to let a held commit through, change `scripts/auto-sync/config.json` (e.g. `commits.breaking`), or list it in `commits.skip` to drop it.',
    '',
  ];
  for (const source of report.sources) {
    const recorded = state.sources[source.name];
    lines.push(`## ${inline(source.name)}`, '');
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
    // Commits held back by another commit are one line per blocking commit: the list stays bounded.
    const groups = groupByBlocker(waiting.map(([sha, r]) => ({ sha, reason: r.reason, detail: r.detail })));
    const blockedShas = new Set(waiting.filter(([, r]) => blockersOf(r.detail).length > 0).map(([sha]) => sha));
    if (groups.length > 0) lines.push(...blockerLines(groups, MAX_ROWS), '');
    const rows = [...waiting.filter(([sha]) => !blockedShas.has(sha)), ...declined]
      .slice(0, MAX_ROWS)
      .map(([sha, r]) => [
        code(sha.slice(0, 10), { inTable: true }),
        r.decision === 'declined' ? 'declined' : code(r.reason, { inTable: true }),
        inline(r.detail ?? '', 200).replace(/\|/g, '\\|'),
      ]);
    if (rows.length === 0) {
      if (groups.length === 0) lines.push('Nothing held back.', '');
    } else {
      lines.push(table(['Commit', 'Why', 'Detail'], rows), '');
      const more = waiting.length - blockedShas.size + declined.length - rows.length;
      if (more > 0) lines.push(`… and ${more} more.`, '');
    }
  }
  return lines.join('\n');
}

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretForms } from './redact.ts';
import type { ReportSource } from '../report/model.ts';
import {
  ANNOTATIONS_PER_KIND,
  STEP_SUMMARY_LIMIT,
  actionsSummary,
  annotateReport,
  capBytes,
  chooseStopToken,
  writeSummary,
  type AnnotationKind,
} from './actions.ts';
import { UNTRUSTED, commit, sampleReport } from '../test/helpers/actions-fixture.ts';

const run = promisify(execFile);
const FIXTURE = fileURLToPath(new URL('../test/helpers/actions-fixture.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
// Characters that change under URL-encoding and base64 that is not just the text, so every form differs.
const SECRET = 'ghs_S3cr3t/Value+42=';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'auto-sync-actions-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the fixture in a child process, as the workflow would: what core writes to stdout is the result. */
async function runFixture(scenario: string, env: Record<string, string> = {}): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', FIXTURE, scenario], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, FIXTURE_SECRET: SECRET, ...env },
  });
  return stdout;
}

// What the Actions runner sees, after its ActionCommand.TryParseV2 / TryParse and ActionCommandManager:
// lines end at \r or \n; `::cmd props::data` after leading blanks, or the legacy `##[cmd props]data`
// anywhere in a line; while stopped, only the resume token counts (case-insensitively).
interface Seen {
  command: string;
  props: string;
  data: string;
}

function parseLine(line: string): Seen[] {
  const found: Seen[] = [];
  const trimmed = line.trimStart();
  if (trimmed.startsWith('::')) {
    const end = trimmed.indexOf('::', 2);
    if (end >= 0) found.push(split(trimmed.slice(2, end), unescape(trimmed.slice(end + 2))));
  }
  const legacy = line.indexOf('##[');
  const close = legacy >= 0 ? line.indexOf(']', legacy) : -1;
  if (close >= 0) found.push(split(line.slice(legacy + 3, close), line.slice(close + 1)));
  return found;
}

function split(info: string, data: string): Seen {
  const space = info.indexOf(' ');
  return space < 0 ? { command: info, props: '', data } : { command: info.slice(0, space), props: info.slice(space + 1), data };
}

function unescape(data: string): string {
  return data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function runnerView(stdout: string): { commands: Seen[]; stoppedAtEnd: boolean } {
  const commands: Seen[] = [];
  let stopToken: string | null = null;
  for (const line of stdout.split(/\r\n|\r|\n/)) {
    const seen = parseLine(line);
    if (stopToken !== null) {
      if (seen.some((s) => s.command.toLowerCase() === stopToken)) stopToken = null;
      continue;
    }
    const command = seen[0];
    if (!command) continue;
    if (command.command === 'stop-commands') stopToken = command.data.toLowerCase();
    commands.push(command);
  }
  return { commands, stoppedAtEnd: stopToken !== null };
}

describe('createActionsLogger in a child process', () => {
  let stdout: string;
  let lines: string[];
  beforeAll(async () => {
    stdout = await runFixture('logger');
    lines = stdout.split('\n');
  });

  it('registers the secret and its encoded forms before printing anything else', () => {
    const firstOther = lines.findIndex((l) => !l.startsWith('::add-mask::'));
    expect(firstOther).toBeGreaterThan(0);
    const masked = lines.slice(0, firstOther).map((l) => unescape(l.slice('::add-mask::'.length)));
    expect(masked).toContain(SECRET);
    expect(masked).toContain(Buffer.from(SECRET).toString('base64'));
    expect(masked).toContain(encodeURIComponent(SECRET));
    expect(new Set(masked)).toEqual(new Set(secretForms(SECRET)));
    expect(lines.slice(firstOther).some((l) => l.startsWith('::add-mask::'))).toBe(false);
  });

  it('never prints the secret in any form outside the mask commands', () => {
    const printed = lines.filter((l) => !l.startsWith('::add-mask::')).join('\n');
    for (const form of secretForms(SECRET)) expect(printed).not.toContain(form);
    expect(printed).toContain('using token ***');
    expect(printed).toContain('encoded *** and ***');
  });

  it('leaves core to format groups, annotations and debug, with %, CR and LF escaped', () => {
    const group = lines.indexOf('::group::fetch alpha');
    expect(group).toBeGreaterThan(0);
    expect(lines.slice(group, group + 4)).toEqual(['::group::fetch alpha', 'inside the group', '::endgroup::', 'group returned 42']);
    expect(lines).toContain('::warning::50%25 done%0Asecond line ***');
    expect(lines).toContain('::error::bad: 100%25%0D%0Anext');
    expect(lines).toContain('::debug::a debug line');
    expect(lines).toContain('::notice title=T%3A x%2C y::hello');
    // out() prints its text as is, one trailing newline dropped.
    expect(stdout).toContain('\nmulti\nline\n::stop-commands::');
  });

  it('prints untrusted text only between stop-commands and its resume token', () => {
    const tokens = runnerView(stdout)
      .commands.filter((c) => c.command === 'stop-commands')
      .map((c) => c.data);
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens).size).toBe(2);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
    const token = tokens[1]!;
    expect(UNTRUSTED.toLowerCase()).not.toContain(token);
    const start = lines.indexOf(`::stop-commands::${token}`);
    const end = lines.indexOf(`::${token}::`);
    expect(end).toBeGreaterThan(start);
    expect(lines.slice(start + 1, end).join('\n')).toBe(UNTRUSTED);
    expect(lines[end + 1]).toBe('after untrusted');
  });

  it('lets the runner see only the commands auto-sync issued', () => {
    const { commands, stoppedAtEnd } = runnerView(stdout);
    const names = commands.map((c) => c.command).filter((c) => c !== 'add-mask');
    // The first stop-commands shields a log line whose subject held "\n::set-output"; the second, printUntrusted.
    expect(names).toEqual(['warning', 'error', 'debug', 'group', 'endgroup', 'notice', 'stop-commands', 'stop-commands']);
    expect(commands.filter((c) => c.command === 'add-mask').map((c) => c.data)).not.toContain('visible');
    expect(stoppedAtEnd).toBe(false);
  });

  it('prints debug lines as info with verbose', async () => {
    const verbose = (await runFixture('verbose')).split('\n');
    expect(verbose).toContain('a debug line');
    expect(verbose.some((l) => l.startsWith('::debug::'))).toBe(false);
  });
});

describe('chooseStopToken', () => {
  it('draws again when the text contains the token, in any case', () => {
    const draws = ['deadbeef', 'cafebabe'];
    expect(chooseStopToken('log\n::DEADBEEF::\n', () => draws.shift() ?? 'x')).toBe('cafebabe');
    expect(draws).toEqual([]);
  });
});

describe('job summary', () => {
  it('appends the summary to GITHUB_STEP_SUMMARY and annotates the report', async () => {
    const path = join(dir, 'summary.md');
    await writeFile(path, 'earlier step output\n');
    const stdout = await runFixture('summary', { GITHUB_STEP_SUMMARY: path });
    const text = await readFile(path, 'utf8');
    expect(text.startsWith('earlier step output\n## auto-sync\n')).toBe(true);
    expect(text).toContain('**Applied** (CI)');
    expect(text).toContain('| Source | Outcome | Risk | Commits | Checks | Pull request |');
    expect(text).toContain(
      '| alpha | pull request | 7 (medium): 2 files × 1 + 1 new test failure × 5 | 1 picked, 2 skipped (2 pending) | passed: build, smoke home; **failed**: test | [`#12`](https://github.com/o/target/pull/12) (created) |',
    );
    expect(text).toContain('| beta | **error** `SOURCE_AUTH` |');
    expect(text).toContain('merged as `dddddddddd` (fast-forward)');
    // Untrusted subjects render as written: no HTML, no mention, no extra cell.
    expect(text).toContain('feat: \\<img src=x onerror=alert(1)\\> thanks `@someone` \\| pipe');
    expect(text).toContain('[Run log](https://github.com/o/target/actions/runs/1)');

    const lines = stdout.split('\n');
    expect(lines).toContain(
      '::warning title=auto-sync%3A conflict::alpha: 2222222222 conflicts in src/a.ts, src/b.ts (fix: clash); it stays pending.',
    );
    expect(lines).toContain(
      '::warning title=auto-sync%3A breaking change held::alpha: 3333333333 (feat!: drop v1) is a breaking change; it is held for a person to sync.',
    );
    expect(lines).toContain(
      '::error title=auto-sync%3A beta failed::beta: SOURCE_AUTH: authentication failed for o/beta%0ACheck that the token variable is set.',
    );
    expect(lines.find((l) => l.startsWith('::notice title=auto-sync%3A proposed::'))).toContain(
      'alpha: proposed 1 commit in https://github.com/o/target/pull/12 (risk 7, medium)',
    );
    expect(lines).toContain('::notice title=auto-sync%3A merged::gamma: merged 1 commit into main as dddddddddd (risk 1, low)');
  });

  it('does nothing without a summary file', async () => {
    await expect(writeSummary(undefined, '# x')).resolves.toBeUndefined();
  });

  it('keeps the whole step summary file within 1 MiB', async () => {
    const path = join(dir, 'full.md');
    await writeFile(path, 'x'.repeat(STEP_SUMMARY_LIMIT - 300) + '\n');
    await writeSummary(path, actionsSummary(sampleReport()));
    const size = (await stat(path)).size;
    expect(size).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(await readFile(path, 'utf8')).toMatch(/cut to fit GitHub’s 1 MiB step-summary limit/);
  });

  it('shortens commit tables before cutting', () => {
    const report = sampleReport();
    const alpha = report.sources[0]!;
    report.sources[0] = {
      ...alpha,
      commits: Array.from({ length: 300 }, (_, i) => commit({ sha: i.toString(16).padStart(40, '0'), subject: `fix: change ${i}` })),
    };
    const full = actionsSummary(report);
    expect(full).toContain('And 100 more in the JSON report.');
    const shorter = actionsSummary(report, { maxBytes: Buffer.byteLength(full) - 1 });
    expect(shorter).toContain('And 250 more in the JSON report.');
    expect(shorter).not.toContain('cut to fit');
  });

  it('cuts a summary that cannot fit at a line end, under 1 MiB', () => {
    const report = sampleReport();
    const base = report.sources[1]!;
    report.sources = Array.from({ length: 4000 }, (_, i): ReportSource => ({
      ...base,
      name: `source-${i}-${'n'.repeat(70)}`,
      error: { ...base.error!, message: 'm'.repeat(250) },
    }));
    const summary = actionsSummary(report);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(Buffer.byteLength(summary)).toBeGreaterThan(STEP_SUMMARY_LIMIT - 2000);
    const [kept] = summary.split('\n\n_The rest of this summary was cut');
    const last = kept!.split('\n').at(-1);
    expect(last).toMatch(/^\*\*(?:Error:\*\* .* set\.|Why:\*\* authentication failed for o\/beta)$/);
    expect(summary).toContain('| source-0-');
  });

  it('never splits a multi-byte character', () => {
    const cut = capBytes('€€€€€€€€€€\n'.repeat(100), 400);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(400);
    expect(cut).not.toContain('\uFFFD');
    expect(cut.startsWith('€€€€€€€€€€\n')).toBe(true);
  });
});

describe('annotateReport', () => {
  function record() {
    const calls: { kind: AnnotationKind; message: string; title?: string }[] = [];
    return {
      calls,
      logger: {
        annotate: (kind: AnnotationKind, message: string, props?: { title?: string }) => void calls.push({ kind, message, ...props }),
      },
    };
  }

  it('stays within GitHub’s per-step limit and says how many more there are', () => {
    const report = sampleReport();
    const alpha = report.sources[0]!;
    const conflicts = Array.from({ length: 12 }, (_, i) => ({ sha: String(i).padStart(40, '0'), paths: [`f${i}.ts`] }));
    report.sources = [{ ...alpha, commits: [], integration: { ...alpha.integration!, conflicts } }];
    const { calls, logger } = record();
    annotateReport(logger, report);
    const warnings = calls.filter((c) => c.kind === 'warning');
    expect(warnings).toHaveLength(ANNOTATIONS_PER_KIND);
    expect(warnings[0]?.message).toBe('alpha: 0000000000 conflicts in f0.ts; it stays pending.');
    expect(warnings.at(-1)?.message).toBe('3 more warnings; see the job summary and the log.');
  });

  it('reports a conflict found only on the commit, and a run-level error', () => {
    const report = sampleReport();
    report.sources = [{ ...report.sources[0]!, integration: null, outcome: 'nothing' }];
    report.error = { code: 'GIT_FAILED', message: 'git broke', hint: 'Run with --verbose.' };
    const { calls, logger } = record();
    annotateReport(logger, report);
    expect(calls).toContainEqual({
      kind: 'warning',
      title: 'auto-sync: conflict',
      message: 'alpha: 2222222222 conflicts in src/a.ts, src/b.ts (fix: clash); it stays pending.',
    });
    expect(calls).toContainEqual({ kind: 'error', title: 'auto-sync failed', message: 'GIT_FAILED: git broke\nRun with --verbose.' });
    expect(calls.some((c) => c.kind === 'notice')).toBe(false);
  });
});

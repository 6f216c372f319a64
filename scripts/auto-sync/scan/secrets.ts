// Secret scan of synced content: secretlint's recommended rules, reported only for lines a change adds.
// Pure apart from secretlint itself; no git, no file reads (see `extOf` for the one rule that would read).
import { posix } from 'node:path';
import { lintSource } from '@secretlint/core';
import { secretLintProfiler } from '@secretlint/profiler';
import { rules as recommendedRules } from '@secretlint/secretlint-rule-preset-recommend';

export interface ScannedFile {
  path: string;
  /** Old blob text; undefined for a new file. */
  before?: string;
  after: string;
}

export interface SecretFinding {
  /** The file's place in the list scanned. */
  index: number;
  path: string;
  line: number;
  rule: string;
  /** redacted: never the secret itself */
  shown: string;
}

type CoreConfig = Parameters<typeof lintSource>[0]['options']['config'];

const RULE_PREFIX = '@secretlint/secretlint-rule-';
const FILTER_COMMENTS = `${RULE_PREFIX}filter-comments`;
// The preset's rules, registered one by one because secretlint ignores `disabled` for a rule inside a preset.
// Hostile content must not switch the scan off, so in-file `secretlint-disable` comments (filter-comments) are dropped.
// AWS: also flag a bare access key id (off by default), but not an account id, which is no credential.
const CONFIG: CoreConfig = {
  rules: recommendedRules
    .filter((rule) => rule.meta.id !== FILTER_COMMENTS)
    .map((rule) =>
      rule.meta.id === `${RULE_PREFIX}aws`
        ? { id: rule.meta.id, rule, options: { enableIDScanRule: true }, allowMessageIds: ['AWSAccountID'] }
        : { id: rule.meta.id, rule },
    ),
};

const DEFAULT_MAX_FINDINGS = 100; // bounds a report fed hostile content full of tokens
const BINARY_PROBE = 8000; // git's own heuristic: a NUL in the first 8000 bytes means binary
// The same line terminators secretlint (structured-source) counts, so our line numbers match its `loc`.
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/;

export async function scanForSecrets(files: readonly ScannedFile[], options?: { maxFindings?: number }): Promise<SecretFinding[]> {
  const max = options?.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const findings: SecretFinding[] = [];
  const plain: Part[] = [];
  for (const [index, file] of files.entries()) {
    if (file.after.slice(0, BINARY_PROBE).includes('\0')) continue;
    const content = stripBom(file.after);
    const added = findAddedLines(file.before === undefined ? '' : stripBom(file.before), content);
    if (added.size === 0) continue;
    const part: Part = { index, path: file.path, content, added, firstLine: 1, lines: content.split(LINE_BREAK).length };
    // Rules that look at the name (package.json, .npmrc, JSON key files) get the file on its own.
    if (NAMED.test(posix.basename(file.path)) || posix.extname(file.path).toLowerCase() === '.json') {
      findings.push(...(await scanDocument([part], content, file.path)));
    } else plain.push(part);
  }
  // Every other file in one document: secretlint's cost is mostly per call (measured: 3,700 small
  // files took 290 ms one by one), and its rules match within a line or a PEM block.
  let line = 1;
  for (const part of plain) {
    part.firstLine = line;
    line += part.lines;
  }
  if (plain.length > 0) findings.push(...(await scanDocument(plain, plain.map((p) => p.content).join('\n'), 'files.txt')));
  return findings.sort((a, b) => a.index - b.index || a.line - b.line).slice(0, max);
}

interface Part {
  index: number;
  path: string;
  content: string;
  added: ReadonlySet<number>;
  /** Where the file starts in the scanned document (1-based), and how many lines it has there. */
  firstLine: number;
  lines: number;
}

const NAMED = /^(package(-lock)?\.json|\.npmrc)$/i;

async function scanDocument(parts: readonly Part[], content: string, filePath: string): Promise<SecretFinding[]> {
  const result = await lintSource({
    source: { content, filePath, ext: extOf(filePath), contentType: 'text' },
    options: { config: CONFIG, maskSecrets: true, noPhysicFilePath: true },
  });
  const findings: SecretFinding[] = [];
  // Only the location, rule id and our own excerpt are kept; secretlint's message and data are never copied.
  for (const message of result.messages) {
    const { start, end } = message.loc;
    const part = parts.findLast((p) => p.firstLine <= start.line);
    if (!part) continue;
    const first = start.line - part.firstLine + 1;
    const last = Math.min(end.line - part.firstLine + 1, part.lines);
    if (!spansAddedLine(part.added, first, last)) continue;
    const rule = shortRule(message.ruleId);
    findings.push({
      index: part.index,
      path: part.path,
      line: first,
      rule,
      shown: redact(rule, content.slice(message.range[0], message.range[1])),
    });
  }
  return findings;
}

// Multiset by line content: a line of `after` is added once `before` has no unmatched copy of it left. So a secret
// moved within its file is not reported (it was already exposed there); copied to another file or duplicated, it is.
function findAddedLines(before: string, after: string): Set<number> {
  const remaining = new Map<string, number>();
  if (before !== '') for (const line of before.split(LINE_BREAK)) remaining.set(line, (remaining.get(line) ?? 0) + 1);
  const added = new Set<number>();
  after.split(LINE_BREAK).forEach((line, index) => {
    const left = remaining.get(line) ?? 0;
    if (left > 0) remaining.set(line, left - 1);
    else added.add(index + 1);
  });
  return added;
}

// A multi-line finding (a PEM block) counts when any of its lines is new, e.g. a key body swapped under the same header.
function spansAddedLine(added: ReadonlySet<number>, first: number, last: number): boolean {
  for (let line = first; line <= last; line++) if (added.has(line)) return true;
  return false;
}

function shortRule(ruleId: string): string {
  return ruleId.startsWith(RULE_PREFIX) ? ruleId.slice(RULE_PREFIX.length) : ruleId;
}

// Four characters are a token's public prefix (ghp_, AKIA, xoxb); short matches show nothing. Control characters are
// replaced because the excerpt ends up in terminals and Markdown.
function redact(rule: string, excerpt: string): string {
  const head = excerpt.length >= 12 ? excerpt.slice(0, 4).replace(/[^\x20-\x7e]/g, '?') : '';
  return `${rule}: ${head}… (${excerpt.length} chars)`;
}

// secretlint's GCP rule reads `filePath` from disk when the extension is .p12; that file would be the attacker's
// (or a FIFO), so that extension is never passed. A .p12 is binary and skipped anyway.
function extOf(path: string): string {
  const ext = posix.extname(path).toLowerCase();
  return ext === '.p12' ? '' : ext;
}

function stripBom(text: string): string {
  // secretlint drops a leading BOM before computing ranges; doing it first keeps our excerpts aligned with them.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

// secretlint's core records a performance mark for every rule and call in a process-wide profiler,
// whose observer searches all earlier marks on each new one: scanning n files cost n² (5,000
// commits took minutes). Nothing here reads the profile, so marking is switched off.
(secretLintProfiler as unknown as { mark: (marker: unknown) => void }).mark = () => undefined;

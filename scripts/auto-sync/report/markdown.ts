// Putting untrusted text (commit subjects, paths, command output) into GitHub Markdown safely. Pure.
//
// Mentions and issue references are wrapped in code spans rather than broken with an invisible
// character: GitHub does not link or notify from inside code, the text stays visible and copyable as
// written, and PR bodies do not end up carrying zero-width characters that hide from search and review.
// A backslash is not enough for these: GitHub finds mentions and references after Markdown is parsed.

// C0/C1 controls (tabs and newlines included: a newline in a cell or list item would start a new
// block) and bidi overrides, which can make text read differently from what it is.
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]+/g;
const ANSI = /\u001b(?:\[[0-9;?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)|[@-Z\\-_])/g;

// @user, @org/team; owner/repo#12, #12, GH-12. Not preceded by a word character, so a@b.com stays.
const REFERENCE =
  /(?<![\w`@#/.-])(?:@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\/[A-Za-z0-9][\w.-]*)?|(?:[A-Za-z0-9][\w.-]*\/[\w.-]+)?#\d+|GH-\d+)(?![\w-])/g;

// What Markdown (with GitHub's tables, strikethrough and math) reads as syntax in the middle of a line;
// `(` `)` `!` only matter next to an escaped `[` `]`. Block markers (#, -, +, =, 1.) only matter at the
// start of a line, so only a leading one is escaped: plain-text e-mails show the source, keep it readable.
const SPECIAL = /[\\`*_[\]<>|~&$]/g;
const LEADING_BLOCK = /^(?:[#=+-]|\d+(?=[.)]))/;

/** One line of plain text: controls become spaces, runs of blanks collapse, and long text is cut with "…". */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(ANSI, '').replace(CONTROLS, ' ').replace(/ {2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1).trimEnd()}…` : flat;
}

/** Untrusted text as inline Markdown that renders exactly as written and pings nobody. Safe in table cells. */
export function inline(text: string, max = 300): string {
  const flat = oneLine(text, max);
  let out = '';
  let last = 0;
  for (const match of flat.matchAll(REFERENCE)) {
    out += escapeText(flat.slice(last, match.index), last === 0) + code(match[0]);
    last = match.index + match[0].length;
  }
  return out + escapeText(flat.slice(last), last === 0);
}

function escapeText(text: string, atStart: boolean): string {
  const escaped = text.replace(SPECIAL, (c) => `\\${c}`);
  return atStart ? escaped.replace(LEADING_BLOCK, (m) => (/\d/.test(m) ? `${m}\\` : `\\${m}`)) : escaped;
}

/**
 * A code span that its content cannot close: the delimiter is one backtick longer than the longest run
 * inside. In a table cell pass `inTable`, because GitHub splits cells on `|` even inside code spans.
 */
export function code(text: string, options: { inTable?: boolean; max?: number } = {}): string {
  let body = oneLine(text, options.max ?? 300);
  if (options.inTable) body = body.replace(/\|/g, '\\|');
  if (body === '') return '` `';
  const ticks = '`'.repeat(longestRun(body, '`') + 1);
  const pad = body.startsWith('`') || body.endsWith('`') || (body.startsWith(' ') && body.endsWith(' ')) ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced block its content cannot close: the fence is longer than any backtick run inside. */
export function fence(text: string, info = 'text'): string {
  const body = cleanBlock(text);
  const ticks = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  return `${ticks}${info}\n${body}\n${ticks}`;
}

/** Multi-line output for a fence: colours and controls removed (newlines kept), trailing blanks dropped. */
export function cleanBlock(text: string): string {
  return text
    .replace(ANSI, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[ \t]+$/gm, '')
    .replace(/^\n+|\n+$/g, '');
}

/** The last `maxLines` lines, at most `maxChars` characters, with a note on what was cut. */
export function tailOf(text: string, maxLines: number, maxChars: number): string {
  const lines = cleanBlock(text).split('\n');
  let kept = lines.slice(Math.max(0, lines.length - maxLines));
  let size = kept.reduce((n, line) => n + line.length + 1, 0);
  while (kept.length > 1 && size > maxChars) {
    size -= (kept[0]?.length ?? 0) + 1;
    kept = kept.slice(1);
  }
  let body = kept.join('\n');
  const cut = lines.length - kept.length;
  if (body.length > maxChars) body = `[…]${body.slice(body.length - maxChars)}`;
  return cut > 0 ? `[… ${cut} earlier line${cut === 1 ? '' : 's'} not shown]\n${body}` : body;
}

/** A table from rows of already-escaped cells. */
export function table(header: string[], rows: string[][], align?: ('l' | 'r')[]): string {
  const rule = header.map((_, i) => (align?.[i] === 'r' ? '---:' : '---'));
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** A link only for http(s) URLs, without any user:password part; anything else is shown as code. */
export function safeLink(label: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${inline(label)} (${code(url.replace(/\/\/[^/@\s]*@/, '//'))})`;
  }
  parsed.username = '';
  parsed.password = '';
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `${inline(label)} (${code(parsed.href)})`;
  const href = parsed.href.replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${inline(label)}](${href})`;
}

function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

// Shared pieces of the output parsers. Each parser is a pure function of the printed lines.

export interface Parsed {
  errors: number;
  failures: number;
  findings: string[];
  firstLines: string[];
  /** The tool could not do its job (a tsc configuration error): the check is an error, never a known failure. */
  problem?: string;
}

export interface ParseContext {
  /** Makes a printed path comparable between two worktrees: relative to the check's cwd, no file:// prefix. */
  relative(path: string): string;
}

export type LineParser = (lines: readonly string[], context: ParseContext) => Parsed;

export const MAX_FIRST_LINES = 10;
const MAX_KEY_CHARS = 240;

// CSI sequences (colours, cursor moves) and OSC hyperlinks, as printed by tsc --pretty, vitest, eslint.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export function toLines(text: string): string[] {
  return stripAnsi(text).replace(/\r\n?/g, '\n').split('\n');
}

export function makeContext(cwd: string | undefined): ParseContext {
  const root = cwd?.replace(/\/+$/, '');
  return {
    relative(path) {
      let out = path.trim().replace(/^file:\/\//, '');
      if (root && out.startsWith(`${root}/`)) out = out.slice(root.length + 1);
      // jest prints "./a.test.js" where its report says "/abs/a.test.js": both are "a.test.js".
      return out.replace(/^(\.\/)+/, '');
    },
  };
}

/** One finding key: single spaces, bounded length, so keys from two runs compare equal. */
export function key(...parts: readonly (string | undefined)[]): string {
  const text = parts
    .filter((part) => part !== undefined && part !== '')
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > MAX_KEY_CHARS ? `${text.slice(0, MAX_KEY_CHARS)}…` : text;
}

export function pushLine(firstLines: string[], line: string): void {
  if (firstLines.length < MAX_FIRST_LINES) firstLines.push(line.trimEnd());
}

/** The first number captured by `pattern` on any line, or undefined. */
export function findCount(lines: readonly string[], pattern: RegExp): number | undefined {
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match?.[1] !== undefined) return Number(match[1]);
  }
  return undefined;
}

/** The first non-empty line after `index`, skipping lines for which `skip` is true. */
export function nextMessageLine(
  lines: readonly string[],
  index: number,
  skip: (line: string) => boolean = () => false,
): string | undefined {
  for (let i = index + 1; i < Math.min(lines.length, index + 6); i++) {
    const line = lines[i];
    if (line === undefined || line.trim() === '') continue;
    return skip(line) ? undefined : line;
  }
  return undefined;
}

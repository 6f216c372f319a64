// The one place secrets are removed from text. Every line auto-sync prints or writes
// (console, report, state, PR bodies) passes through a Redactor built from the configured tokens.

export type Redactor = (text: string) => string;

const MASK = '***';
// Shorter secrets are ignored, and shorter matches dropped: masking them would blank out ordinary words.
const SHORTEST = 4;

const BASIC_PREFIXES = ['', 'x-access-token:', 'x-oauth-basic:', ':'];

/** All the forms in which a secret can leak: as is, URL-encoded, and base64 at any alignment. */
export function secretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), encodeURIComponent(encodeURIComponent(secret))]);
  for (const prefix of BASIC_PREFIXES) {
    const full = Buffer.from(prefix + secret).toString('base64');
    forms.add(full);
    forms.add(full.replace(/=+$/, ''));
  }
  for (const inner of innerBase64(secret)) {
    if (inner === undefined) continue;
    forms.add(inner);
    forms.add(inner.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return [...forms].filter((form) => form.length >= 4);
}

// Base64 of a longer text that contains the secret: the secret's bytes appear in one of three alignments
// (the index); the characters at either edge mix with neighbouring bytes, so they are trimmed.
function innerBase64(secret: string): Array<string | undefined> {
  const bytes = Buffer.from(secret);
  return [0, 1, 2].map((pad) => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64');
    const start = Math.ceil((pad * 4) / 3) + (pad > 0 ? 1 : 0);
    const usableBytes = pad + bytes.length - ((pad + bytes.length) % 3);
    const inner = encoded.slice(start, (usableBytes / 3) * 4);
    return inner.length >= 8 ? inner : undefined;
  });
}

// Text gets wrapped (`base64` at 76 columns, a log breaking long lines, a diff prefixing `+ `) and coloured, so
// forms are looked for in the text as STRIP leaves it: without colour codes (any CSI) and line breaks, nor the
// indentation and diff or quote markers after them. Marker-like characters there may be the form's own, so in
// patterns they are optional. A match is mapped back and masked with everything inside it.
const CSI = String.raw`\x1b\[[0-?]*[ -/]*[@-~]`;
const STRIP = new RegExp(String.raw`(?:${CSI}|[\r\n])[ \t+>-]*`, 'g');
const STRIPPED_WITH = new Set([' ', '\t', '+', '>', '-']);
// What stays of a masked span, so that line count and colours do not change.
// (Markers are not kept: a base64 '+' at the start of a line would look like one.)
const LAYOUT = new RegExp(String.raw`${CSI}|(?:\r\n?|\n)[ \t]*`, 'g');

interface Form {
  /** What each character may look like in text ('/' also as '%2F', base64 '+' also as url-safe '-'). */
  units: string[][];
  /** Trailing base64 '=', optional in text. */
  padding: number;
  /** Cut pieces are masked too: for the secret's own forms, not a header's base64 (its inner form has them). */
  cuttable: boolean;
  /** Needs a seed of its own: not a header's base64, which holds the inner form of its alignment. */
  seeded: boolean;
}

type Units = string[][];

interface Matcher {
  /** Whole forms, and prefixes as a cut leaves them. */
  prefix: RegExp[];
  /** Suffixes; the one group that took part holds what comes before the seed the match starts with. */
  suffix: RegExp[];
}

// One redactor a set of secrets: a run asks for the same one several times (before and after its
// options and config are read), and building one is most of a millisecond.
const made = new Map<string, Redactor>();

export function createRedactor(secrets: Iterable<string | undefined>): Redactor {
  const usable = [...new Set(secrets)].filter((secret): secret is string => !!secret && secret.length >= SHORTEST);
  const key = JSON.stringify(usable);
  let redactor = made.get(key);
  if (!redactor) made.set(key, (redactor = buildRedactor(usable)));
  return redactor;
}

function buildRedactor(secrets: readonly string[]): Redactor {
  if (secrets.length === 0) return (text) => text;
  const forms = secrets.map(formsOf);
  // A secret with escapes of its own may not survive STRIP: it is also looked for as is.
  const exotic = secrets.some((secret) => secret.includes('\x1b'));
  const precheck = exotic ? undefined : buildPrecheck(forms.flatMap(seedsOf));
  // The full patterns only once some text passes the precheck: most runs print nothing that does.
  let matchers: Matcher[] | undefined;
  return (text) => {
    // The common case, no match, costs a STRIP and one plain search.
    if (precheck && !precheck.test(text.replace(STRIP, ''))) return text;
    matchers ??= forms.map(buildMatcher);
    const { stripped, origin } = stripWithMap(text);
    const spans: Span[] = [];
    for (const matcher of matchers) {
      for (const [start, end] of findSpans(matcher, stripped)) spans.push([origin(start), origin(end - 1) + 1]);
      if (exotic) spans.push(...findSpans(matcher, text));
    }
    return maskSpans(text, spans, !exotic);
  };
}

/** Redacts every string inside a JSON-like value (for reports and state). */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = redactDeep(item, redact);
    return out as T;
  }
  return value;
}

function formsOf(secret: string): Form[] {
  const inners = innerBase64(secret);
  const forms: Form[] = [{ units: [...secret].map(urlEncodings), padding: 0, cuttable: true, seeded: true }];
  for (const inner of inners) if (inner !== undefined) forms.push({ ...base64Form(inner), cuttable: true, seeded: true });
  for (const prefix of BASIC_PREFIXES) {
    const seeded = inners[Buffer.byteLength(prefix) % 3] === undefined;
    forms.push({ ...base64Form(Buffer.from(prefix + secret).toString('base64')), cuttable: false, seeded });
  }
  return forms.flatMap(piecesOf);
}

// A long form (a private key) is looked for as overlapping pieces, each like a form of its own: patterns
// nested thousands deep exhaust the regex compiler. The overlap is the longest cut, so a bit left over at a
// cut is masked with the neighbouring piece; and of such a form, even a piece cut on both sides is masked
// once it is as long as a PIECE.
const PIECE = 128;

function piecesOf(form: Form): Form[] {
  const n = form.units.length;
  if (n <= PIECE) return [form];
  const starts: number[] = [];
  for (let start = 0; start + PIECE < n; start += PIECE - LONGEST_CUT) starts.push(start);
  starts.push(n - PIECE);
  return starts.map((start) => ({
    units: form.units.slice(start, start + PIECE),
    padding: start + PIECE === n ? form.padding : 0,
    cuttable: form.cuttable,
    seeded: true,
  }));
}

function urlEncodings(char: string): string[] {
  try {
    const once = encodeURIComponent(char);
    // The secret's own line breaks are gone from the text STRIP leaves, like any other.
    return [...new Set([/[\r\n]/.test(char) ? '' : char, once, encodeURIComponent(once)])];
  } catch {
    return [char]; // a lone surrogate has no URL encoding
  }
}

function base64Form(encoded: string): { units: Units; padding: number } {
  const body = encoded.replace(/=+$/, '');
  const units = [...body].map((c) => (c === '+' ? ['+', '-'] : c === '/' ? ['/', '_'] : [c]));
  return { units, padding: encoded.length - body.length };
}

// The shortest piece masked: a whole form of SHORTEST characters, or a prefix or suffix, as a truncation or a
// chunk boundary leaves it, of one of the secret's own forms (as is, URL-encoded, its base64 at each alignment)
// from min(12, max(8, ⌈n/2⌉)) of the form's n characters. So one cut shows at most 11 characters of a form, and
// under half of any secret of 16 or more; a prefix and a suffix seen apart still leave 18 characters of a
// 40-character token unseen. A piece cut on both sides is masked only whole (but see PIECE).
const LONGEST_CUT = 12;

function cutLength(n: number): number | undefined {
  const cut = Math.min(LONGEST_CUT, Math.max(8, Math.ceil(n / 2)));
  return cut < n ? cut : undefined;
}

/** Longest first: where two forms start at the same place, the longer match wins. */
function longestFirst(forms: Form[]): Form[] {
  return [...forms].sort((a, b) => b.units.length - a.units.length);
}

/** Every match of buildMatcher's patterns contains one of these: a form's shortest prefix (when seeded) and shortest suffix. */
function seedsOf(forms: Form[]): Units[] {
  const seeds: Units[] = [];
  for (const form of longestFirst(forms)) {
    const n = form.units.length;
    const cut = form.cuttable ? cutLength(n) : undefined;
    if (form.seeded) seeds.push(form.units.slice(0, cut ?? n));
    if (cut !== undefined) seeds.push(form.units.slice(n - cut));
  }
  return seeds;
}

function buildMatcher(forms: Form[]): Matcher {
  const prefixes: string[] = [];
  const suffixes: string[] = [];
  for (const form of longestFirst(forms)) {
    const units = form.units.map(unitPattern);
    const n = units.length;
    const tail = form.padding > 0 ? `={0,${form.padding}}` : '';
    const cut = form.cuttable ? cutLength(n) : undefined;
    const shortest = cut ?? n;
    let longer = tail;
    for (let i = n - 1; i >= shortest; i--) longer = `(?:${units[i]}${longer})?`;
    prefixes.push(units.slice(0, shortest).join('') + longer);
    if (cut === undefined) continue;
    // A suffix is found by its last `cut` characters; a lookbehind then takes as many before them as match.
    const last = units.slice(n - cut).join('');
    let before = '';
    for (let i = 0; i < n - cut; i++) before = `(?:${before}${units[i]})?`;
    suffixes.push(`${last}(?<=(${before})${last})${tail}`);
  }
  return {
    prefix: alternations(prefixes),
    suffix: alternations(suffixes),
  };
}

// V8 takes time superlinear in an alternation's size to compile it (seconds for a private key's pieces).
const ALTERNATIVES = 16;

function alternations(patterns: string[]): RegExp[] {
  const out: RegExp[] = [];
  for (let i = 0; i < patterns.length; i += ALTERNATIVES) out.push(new RegExp(patterns.slice(i, i + ALTERNATIVES).join('|'), 'g'));
  return out;
}

function unitPattern(alternatives: string[]): string {
  const patterns = alternatives.map((a) => [...a].map((c) => escapeRegExp(c) + (STRIPPED_WITH.has(c) ? '?' : '')).join(''));
  return patterns.length === 1 ? patterns[0]! : `(?:${patterns.join('|')})`;
}

// Every match contains a seed, so the precheck looks for one window of each. With windows starting with 16
// unrelated characters the regex engine tries them all at almost every position (three times the plain search
// of old); so they are picked to start with as few distinct characters as can be, which it skips ahead on.
const WINDOW = 6;

function buildPrecheck(seeds: Units[]): RegExp {
  const chosen = new Set<string>();
  let left: Window[][] = [];
  for (const seed of seeds) {
    const windows = windowsOf(seed);
    const plain = windows.filter((w) => w.start !== '');
    if (plain.length > 0) left.push(plain);
    else chosen.add(windows[0]!.pattern);
  }
  while (left.length > 0) {
    const counts = new Map<string, number>();
    for (const windows of left) for (const start of new Set(windows.map((w) => w.start))) counts.set(start, (counts.get(start) ?? 0) + 1);
    const best = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a))[0];
    left = left.filter((windows) => {
      const window = windows.find((w) => w.start === best);
      if (window) chosen.add(window.pattern);
      return !window;
    });
  }
  return new RegExp([...chosen].join('|'));
}

/** `start` is the window's first character, or '' when that is not a plain one. */
interface Window {
  start: string;
  pattern: string;
}

function windowsOf(seed: Units): Window[] {
  const size = Math.min(WINDOW, seed.length);
  const windows: Window[] = [];
  for (let i = 0; i + size <= seed.length; i++) {
    const first = seed[i]!;
    const plain = first.length === 1 && first[0]!.length === 1 && !STRIPPED_WITH.has(first[0]!);
    windows.push({
      start: plain ? first[0]! : '',
      pattern: seed
        .slice(i, i + size)
        .map(unitPattern)
        .join(''),
    });
  }
  return windows;
}

type Span = [number, number];

/** The text without what STRIP removes, and where each of its characters came from. */
function stripWithMap(text: string): { stripped: string; origin: (index: number) => number } {
  const from: number[] = [0]; // where each kept run starts in the stripped text …
  const to: number[] = [0]; // … and in the original
  let stripped = '';
  let at = 0;
  for (const m of text.matchAll(STRIP)) {
    stripped += text.slice(at, m.index);
    at = m.index + m[0].length;
    from.push(stripped.length);
    to.push(at);
  }
  stripped += text.slice(at);
  const origin = (index: number) => {
    let lo = 0;
    let hi = from.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (from[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return to[lo]! + index - from[lo]!;
  };
  return { stripped, origin };
}

function findSpans(matcher: Matcher, text: string): Span[] {
  const spans: Span[] = [];
  for (const pattern of matcher.prefix) for (const m of matchesOf(pattern, text)) spans.push([m.index, m.index + m[0].length]);
  for (const pattern of matcher.suffix)
    for (const m of matchesOf(pattern, text)) {
      const before = m.slice(1).find((group) => group !== undefined) ?? '';
      spans.push([m.index - before.length, m.index + m[0].length]);
    }
  // Optional characters would otherwise let a secret of dashes match a single '-'.
  return spans.filter(([start, end]) => end - start >= SHORTEST);
}

/** Overlapping ones too: the pieces of a long form overlap. */
function* matchesOf(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    yield m;
    pattern.lastIndex = m.index + 1;
  }
}

function maskSpans(text: string, spans: Span[], keepLayout: boolean): string {
  if (spans.length === 0) return text;
  spans.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (let i = 0; i < spans.length;) {
    const start = spans[i]![0];
    let end = spans[i]![1];
    // Overlapping spans (a whole form and its own suffix) are one; touching ones stay two masks, as ever.
    for (i++; i < spans.length && spans[i]![0] < end; i++) end = Math.max(end, spans[i]![1]);
    const layout = keepLayout ? (text.slice(start, end).match(LAYOUT) ?? []).join('') : '';
    out += text.slice(at, start) + MASK + layout;
    at = end;
  }
  return out + text.slice(at);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

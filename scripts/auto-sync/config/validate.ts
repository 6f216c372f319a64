import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import picomatch from 'picomatch';
import type { z } from 'zod';
import { planCheck, type RepoFacts } from '../checks/plan-check.ts';
import { refusalReason } from '../checks/scrub-env.ts';
import { probeUrl } from '../checks/smoke.ts';
import { suggest } from '../did-you-mean.ts';
import { formatPath } from './format-path.ts';
import { configSchema, type Config } from './schema.ts';

// Configuration is validated once, at the start, and every problem is reported at once, with its
// field path and, for a text, its line and column: the file is JSON with comments (JSONC, parsed
// by jsonc-parser, which keeps positions), then the schema (zod), then the rules below. The
// stages do not wait for each other: rules run on every top-level section whose shape is right,
// and after a syntax error the sections that end before it are still checked.

import type { ConfigProblem } from './load.ts';
export type { ConfigProblem } from './load.ts';

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

const JSONC = { allowTrailingComma: true, disallowComments: false } as const;

export function parseConfigText(text: string): ConfigResult {
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, JSONC);
  const tree = parseTree(text, [], JSONC);
  if (errors.length === 0) {
    const result = validateConfig(raw);
    return result.ok ? result : { ok: false, problems: inFileOrder(result.problems.map((p) => locate(text, tree, p))) };
  }
  const syntax = errors.map((e) => ({ path: '', message: `not valid JSON: ${describeParseError(e)}`, ...lineColumn(text, e.offset) }));
  // What the parser read before the first error is what the file says: check those sections too.
  const firstError = Math.min(...errors.map((e) => e.offset));
  const complete = Object.fromEntries(
    (tree?.type === 'object' ? (tree.children ?? []) : []).flatMap((property) => {
      const [key, value] = property.children ?? [];
      if (!key || !value || property.offset + property.length > firstError) return [];
      return [[String(key.value), (raw as Record<string, unknown>)[String(key.value)]]];
    }),
  );
  const rest = checkSections(complete).map((p) => locate(text, tree, p));
  return { ok: false, problems: inFileOrder([...syntax, ...rest]) };
}

const inFileOrder = (problems: ConfigProblem[]) =>
  problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));

function describeParseError(error: ParseError): string {
  const name = printParseErrorCode(error.error); // e.g. CommaExpected, PropertyNameExpected
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function validateConfig(raw: unknown): ConfigResult {
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) {
    const problems = checkRules(parsed.data);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
  }
  const problems = parsed.error.issues.flatMap(toProblems);
  // The rules of every section (or list entry) whose own shape is right, so that a shape error elsewhere hides nothing.
  const sections = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  return { ok: false, problems: [...problems, ...checkSections(sections, false)] };
}

/**
 * Schema problems and rules for top-level sections taken on their own (each parsed with its own
 * schema, defaults filled): for a config that as a whole does not parse.
 */
function checkSections(sections: Record<string, unknown>, withSchema = true): ConfigProblem[] {
  const shape = configSchema.shape as Record<string, z.ZodType>;
  const problems: ConfigProblem[] = [];
  const good: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sections)) {
    const schema = shape[key];
    if (!schema) {
      if (withSchema) problems.push(unknownKey([], key));
      continue;
    }
    const parsed = schema.safeParse(value);
    if (parsed.success) {
      good[key] = parsed.data;
      continue;
    }
    if (withSchema) problems.push(...parsed.error.issues.flatMap((i) => toProblems({ ...i, path: [key, ...i.path] })));
    const entries = goodEntries(schema, value);
    if (entries) good[key] = entries;
  }
  return [...problems, ...checkRules(good as Partial<Config>)];
}

/**
 * For a list whose entries are not all right: the entries that are, at their own indices (a sparse
 * array: the rules' forEach skips the holes), so that sources[1]'s rules run when sources[0] is wrong.
 */
function goodEntries(schema: z.ZodType, value: unknown): unknown[] | undefined {
  let def = schema._zod.def as { type: string; innerType?: z.core.$ZodType; element?: z.ZodType };
  while (def.innerType && ['default', 'prefault', 'optional'].includes(def.type)) def = def.innerType._zod.def as typeof def;
  if (def.type !== 'array' || !def.element || !Array.isArray(value)) return undefined;
  const entries: unknown[] = new Array(value.length);
  value.forEach((entry, i) => {
    const parsed = def.element!.safeParse(entry);
    if (parsed.success) entries[i] = parsed.data;
  });
  return entries;
}

function toProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => unknownKey(issue.path, key));
  return [{ path: formatPath(issue.path), message: issue.message }];
}

/** An unknown key, reported at the object that holds it (located at the key itself), with the closest known key. */
function unknownKey(parent: readonly PropertyKey[], key: string): ConfigProblem {
  const known = keysAt(parent);
  const guess = known && suggest(key, known);
  return {
    path: formatPath(parent),
    message: `unknown key "${key}" (${guess ? `did you mean "${guess}"?` : 'check the spelling'})`,
    key,
  };
}

/** The keys the schema allows in the object at this path, or undefined when it is not an object there. */
function keysAt(path: readonly PropertyKey[]): string[] | undefined {
  type Def = { type: string; innerType?: z.core.$ZodType; element?: z.core.$ZodType; shape?: Record<string, z.core.$ZodType> };
  const defOf = (schema: z.core.$ZodType | undefined): Def | undefined => {
    // Through defaults and optionals (zod 4's definitions) to what they wrap.
    let def = schema?._zod.def as Def | undefined;
    while (def?.innerType && ['default', 'prefault', 'optional', 'nullable', 'readonly'].includes(def.type))
      def = def.innerType._zod.def as Def;
    return def;
  };
  let def = defOf(configSchema);
  for (const part of path) {
    if (def?.type === 'array' && typeof part === 'number') def = defOf(def.element);
    else if (def?.type === 'object' && typeof part === 'string') def = defOf(def.shape?.[part]);
    else return undefined;
  }
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : undefined;
}

/** sources[0].url → ['sources', 0, 'url'] (formatPath backwards). */
export function parsePath(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]!));
}

/** 1-based line and column of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Where in the text a problem is: the node at its path (the key itself for an unknown key), else the nearest parent that exists. */
function locate(text: string, tree: Node | undefined, problem: ConfigProblem): ConfigProblem {
  if (!tree) return problem;
  const segments = parsePath(problem.path);
  let node: Node | undefined;
  if (problem.key !== undefined) {
    const holder = segments.length === 0 ? tree : findNodeAtLocation(tree, segments);
    node = holder?.children?.find((p) => p.children?.[0]?.value === problem.key)?.children?.[0];
  }
  for (let n = segments.length; !node && n >= 0; n--) node = n === 0 ? tree : findNodeAtLocation(tree, segments.slice(0, n));
  // A value's node starts at the value; point at its key when it has one ("url": …).
  const at = node?.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent : node;
  return at ? { ...problem, ...lineColumn(text, at.offset) } : problem;
}

/** A tree with no scripts (a script's command is the tree's, judged at verify time) and TypeScript. */
const ANY_TREE: RepoFacts = { packageJson: true, scripts: {}, dependencies: new Set(['typescript']), tsconfigs: ['tsconfig.json'] };

/** Rules that need more than one field, or more than a type. */
function checkRules(config: Partial<Config>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  config.sources?.forEach((source, i) => {
    const lower = source.name.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined)
      problems.push({ path: `sources[${i}].name`, message: `"${source.name}" is already used by sources[${first}]; names must be unique` });
    else seen.set(lower, i);
    if (lower === 'state')
      problems.push({
        path: `sources[${i}].name`,
        message: '"state" is reserved (the branch <integrationBranchPrefix>state keeps the state when the target branch is protected)',
      });
    const urlProblem = checkSourceUrl(source.url);
    if (urlProblem) problems.push({ path: `sources[${i}].url`, message: urlProblem });
  });
  const checkNames = new Set<string>();
  config.checks?.forEach((check, i) => {
    if ((check.run === undefined) === (check.builtin === undefined))
      problems.push({ path: `checks[${i}]`, message: 'give exactly one of "run" or "builtin"' });
    if (checkNames.has(check.name)) problems.push({ path: `checks[${i}].name`, message: `"${check.name}" is used twice` });
    checkNames.add(check.name);
    check.when?.forEach((glob, j) => pushGlobProblem(problems, `checks[${i}].when[${j}]`, glob));
    // verify refuses a command that fixes what it checks (checks/plan-check.ts); when the command
    // itself says so (not a package.json script of the tree), that is known now.
    if (check.run !== undefined) {
      const planned = planCheck({ name: check.name, run: check.run, timeoutMs: check.timeoutMs, parser: check.parser }, ANY_TREE, '');
      if (planned.kind === 'refuse') problems.push({ path: `checks[${i}].run`, message: planned.message });
    }
  });
  config.smoke?.forEach((probe, i) => {
    if (!probe.url.startsWith('/') && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\{port\}|:\d+)?\//.test(probe.url)) {
      problems.push({
        path: `smoke[${i}].url`,
        message: 'a path such as /health, or an http://127.0.0.1:{port}/… URL (probes stay on loopback)',
      });
    }
  });
  config.smoke?.forEach((probe, i) => {
    // What runSmoke would refuse at verify time (a port out of range, a URL that does not parse).
    const url = probeUrl(probe.url, 1);
    if (typeof url === 'string' && !problems.some((p) => p.path === `smoke[${i}].url`))
      problems.push({ path: `smoke[${i}].url`, message: url });
  });
  // verify refuses these when it builds the checks' environment (checks/scrub-env.ts): say so now.
  config.verify?.envAllow.forEach((name, i) => {
    const refusal = refusalReason(name);
    if (refusal) problems.push({ path: `verify.envAllow[${i}]`, message: `${refusal}; sibling code never receives credentials` });
  });
  if (config.target) problems.push(...checkBranches(config.target, config.sources ?? []));
  config.paths?.allow.forEach((glob, i) => pushGlobProblem(problems, `paths.allow[${i}]`, glob));
  config.paths?.deny.forEach((glob, i) => pushGlobProblem(problems, `paths.deny[${i}]`, glob));
  if (config.risk && config.risk.levels.mediumMax < config.risk.levels.lowMax) {
    problems.push({ path: 'risk.levels.mediumMax', message: `must be at least lowMax (${config.risk.levels.lowMax})` });
  }
  return problems;
}

// A conservative subset of `git check-ref-format --branch` (as in schema.ts), for names built from the prefix.
const BRANCH = /^(?!\/|.*\/\/|.*\/$|.*\.\.|.*@\{|.*\.lock$|.*\.$|-)[A-Za-z0-9._/-]+$/;

/**
 * The branches built from integrationBranchPrefix (one per source, and <prefix>state for the
 * state when the target branch is protected) must be branch names and must not be the target
 * branch: the GitHub state store refuses that when it first writes (state/remote-store.ts).
 */
function checkBranches(target: Config['target'], sources: readonly (Config['sources'][number] | undefined)[]): ConfigProblem[] {
  const prefix = target.integrationBranchPrefix;
  const stateBranch = `${prefix}state`;
  if (!BRANCH.test(stateBranch))
    return [{ path: 'target.integrationBranchPrefix', message: `"${prefix}" does not make valid branch names (as ${stateBranch})` }];
  const problems: ConfigProblem[] = [];
  if (target.branch === stateBranch)
    problems.push({
      path: 'target.branch',
      message: `"${target.branch}" is the branch that keeps the state (<integrationBranchPrefix>state)`,
    });
  sources.forEach((source, i) => {
    if (source && `${prefix}${source.name}` === target.branch)
      problems.push({
        path: 'target.branch',
        message: `"${target.branch}" is the integration branch of sources[${i}] (<integrationBranchPrefix><name>)`,
      });
  });
  return problems;
}

function pushGlobProblem(problems: ConfigProblem[], path: string, glob: string): void {
  try {
    picomatch(glob, { dot: true, strictBrackets: true });
  } catch (error) {
    problems.push({ path, message: `not a valid glob: ${(error as Error).message}` });
  }
}

/** Returns a problem, or undefined when the url is of a supported form. */
export function checkSourceUrl(url: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*::/i.test(url)) return 'transport helpers ("x::…") are not allowed';
  if (url.startsWith('-')) return 'must not start with "-"';
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url)?.[1]?.toLowerCase();
  if (scheme) {
    if (!['https', 'http', 'ssh', 'file', 'git'].includes(scheme))
      return `unsupported scheme "${scheme}" (use https, ssh, file or a local path)`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'not a valid URL';
    }
    if ((scheme === 'https' || scheme === 'http') && (parsed.username || parsed.password)) {
      return 'must not contain credentials; put the token in the environment variable named by tokenEnv';
    }
    // A token in the query or fragment (?access_token=…) would be printed and sent with every request.
    if (parsed.search || parsed.hash)
      return 'must not have a query or fragment (no credentials in the URL); put the token in the environment variable named by tokenEnv';
    return undefined;
  }
  return undefined; // scp-like ssh (git@host:path) or a local path
}

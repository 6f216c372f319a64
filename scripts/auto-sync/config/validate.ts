import picomatch from 'picomatch';
import type { z } from 'zod';
import { formatPath } from './format-path.ts';
import { configSchema, type Config } from './schema.ts';

// Configuration is validated once, at the start, in stages (JSON, schema, rules);
// every problem is reported with its field path before anything runs.

import type { ConfigProblem } from './load.ts';
export type { ConfigProblem } from './load.ts';

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: ConfigProblem[] };

export function parseConfigText(text: string): ConfigResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [{ path: '', message: `not valid JSON: ${(error as Error).message}` }] };
  }
  return validateConfig(raw);
}

export function validateConfig(raw: unknown): ConfigResult {
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map(toProblem) };
  const problems = checkRules(parsed.data);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: parsed.data };
}

function toProblem(issue: z.core.$ZodIssue): ConfigProblem {
  let message = issue.message;
  if (issue.code === 'unrecognized_keys')
    message = `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (check the spelling)`;
  return { path: formatPath(issue.path), message };
}

/** Rules that need more than one field, or more than a type. */
function checkRules(config: Config): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const seen = new Map<string, number>();
  config.sources.forEach((source, i) => {
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
  config.checks.forEach((check, i) => {
    if ((check.run === undefined) === (check.builtin === undefined))
      problems.push({ path: `checks[${i}]`, message: 'give exactly one of "run" or "builtin"' });
    if (checkNames.has(check.name)) problems.push({ path: `checks[${i}].name`, message: `"${check.name}" is used twice` });
    checkNames.add(check.name);
    check.when?.forEach((glob, j) => pushGlobProblem(problems, `checks[${i}].when[${j}]`, glob));
  });
  config.smoke.forEach((probe, i) => {
    if (!probe.url.startsWith('/') && !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\{port\}|:\d+)?\//.test(probe.url)) {
      problems.push({
        path: `smoke[${i}].url`,
        message: 'a path such as /health, or an http://127.0.0.1:{port}/… URL (probes stay on loopback)',
      });
    }
  });
  config.paths.allow.forEach((glob, i) => pushGlobProblem(problems, `paths.allow[${i}]`, glob));
  config.paths.deny.forEach((glob, i) => pushGlobProblem(problems, `paths.deny[${i}]`, glob));
  if (config.risk.levels.mediumMax < config.risk.levels.lowMax) {
    problems.push({ path: 'risk.levels.mediumMax', message: `must be at least lowMax (${config.risk.levels.lowMax})` });
  }
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

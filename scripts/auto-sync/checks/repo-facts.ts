import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { RepoFacts } from './plan-check.ts';
import { readTreeFile } from './tree-file.ts';

// What checks/plan-check.ts needs to know about a validation tree, read before any of its code runs
// (afterwards package.json could be a link to a file of ours): package.json through tree-file.ts,
// and the names of the tsconfig files at the root.

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;

export async function readRepoFacts(dir: string): Promise<RepoFacts> {
  const pkg = parseObject((await readTreeFile(join(dir, 'package.json')))?.toString('utf8'));
  const scripts: Record<string, string> = {};
  const rawScripts = pkg?.scripts;
  if (isRecord(rawScripts)) for (const [name, body] of Object.entries(rawScripts)) if (typeof body === 'string') scripts[name] = body;
  const dependencies = new Set<string>();
  for (const field of DEPENDENCY_FIELDS) {
    const deps = pkg?.[field];
    if (isRecord(deps)) for (const name of Object.keys(deps)) dependencies.add(name);
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const tsconfigs = entries.filter((e) => e.isFile() && /^tsconfig.*\.json$/.test(e.name)).map((e) => e.name);
  return { packageJson: pkg !== undefined, scripts, dependencies, tsconfigs };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

import { existsSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { CODE_DIR } from '../build-info.ts';

// The files auto-sync's own execution depends on. When the tool runs from inside the target's
// tree (vendored in scripts/auto-sync, started with `npx tsx` from the target's root), a sync
// that changed them would make the *next* run execute sibling code with the tokens: a tsconfig
// `paths` entry that tsx follows, a dependency in the lockfile, a tracked node_modules file, an
// .npmrc or .nvmrc. So each of them that lies inside the target is always denied; when the tool
// runs from elsewhere, nothing extra is.

export interface ToolLocation {
  /** The tool's own directory (scripts/auto-sync). */
  toolDir: string;
  /** The nearest directory above it with a package.json: where its dependencies come from. */
  packageRoot: string;
  /** The working directory: tsx reads the tsconfig.json found there. */
  cwd: string;
}

const PACKAGE_FILES = [
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'bun.lock',
  'bun.lockb',
  '.yarnrc.yml',
  '.pnpmfile.cjs',
  'tsconfig.json',
  '.npmrc',
  '.nvmrc',
  '.node-version',
  '.tool-versions',
  'node_modules/**',
  // The bundle and the action that runs it (a workflow runs dist/auto-sync.mjs from the checkout).
  'dist/**',
  'action.yml',
];

/** Globs, relative to the target's root, of the tool's runtime files that lie inside it. Pure. */
export function toolRuntimeGlobs(targetRoot: string, where: ToolLocation): string[] {
  const inside = (path: string) => {
    const rel = relative(targetRoot, path).split(sep).join('/');
    return rel === '' || (!rel.startsWith('../') && rel !== '..' && !rel.startsWith('/')) ? rel : undefined;
  };
  const globs = new Set<string>();
  const prefix = (rel: string) => (rel ? `${rel}/` : '');
  const tool = inside(where.toolDir);
  if (tool !== undefined) globs.add(`${prefix(tool)}**`);
  const pkg = inside(where.packageRoot);
  if (pkg !== undefined) for (const file of PACKAGE_FILES) globs.add(`${prefix(pkg)}${file}`);
  const cwd = inside(where.cwd);
  if (cwd !== undefined) globs.add(`${prefix(cwd)}tsconfig.json`);
  return [...globs];
}

/** Where this running copy of auto-sync is. */
export function currentToolLocation(cwd = process.cwd()): ToolLocation {
  const toolDir = CODE_DIR; // scripts/auto-sync, or dist/ for the bundle
  let packageRoot = toolDir;
  while (!existsSync(join(packageRoot, 'package.json')) && dirname(packageRoot) !== packageRoot) packageRoot = dirname(packageRoot);
  return { toolDir, packageRoot, cwd };
}

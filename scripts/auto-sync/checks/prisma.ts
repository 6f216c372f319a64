import { readdir, stat } from 'node:fs/promises';
import { readTreeFile } from './tree-file.ts';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { Diagnosis } from './diagnose.ts';
import { key, MAX_FIRST_LINES } from './parse-util.ts';

// Offline Prisma schema validation with Prisma's own engine compiled to WebAssembly: no network,
// no `prisma` CLI, no engine download, and no sibling code runs. Works on one file or a folder of
// .prisma files (multi-file schemas).

export interface PrismaValidation extends Diagnosis {
  /** The schema files that were read, relative to the root. */
  files: string[];
}

export interface PrismaOptions {
  /** Paths in findings are relative to this (e.g. the worktree); default: the schema folder, or the file's folder. */
  root?: string;
}

interface LintDiagnostic {
  file_name: string;
  start: number;
  end: number;
  text: string;
  is_warning: boolean;
}

const TAIL_LINES = 40;

export async function validatePrismaSchema(path: string, options: PrismaOptions = {}): Promise<PrismaValidation> {
  const isDir = (await stat(path)).isDirectory();
  const root = options.root ?? (isDir ? path : dirname(path));
  const absolute = isDir ? await findSchemaFiles(path) : [path];
  const files: [string, string][] = await Promise.all(
    absolute.map(async (file) => [toName(root, file), (await readTreeFile(file))?.toString('utf8') ?? ''] as [string, string]),
  );
  if (files.length === 0) {
    const message = `no .prisma files under ${path}`;
    return { errors: 1, failures: 0, findings: [message], firstLines: [message], tail: '', files: [] };
  }
  // Loaded on first use: compiling the 3 MB module is not free, and most runs need no Prisma at all.
  // A CommonJS module: Node gives its exports by name, the bundle's chunk as `default` only.
  const loaded = await import('@prisma/prisma-schema-wasm');
  const engine = 'validate' in loaded ? loaded : (loaded as unknown as { default: typeof loaded }).default;
  const names = files.map(([name]) => name);
  const failure = validateWith(engine.validate, files);
  if (!failure) return { errors: 0, failures: 0, findings: [], firstLines: [], tail: '', files: names };

  const contents = new Map(files);
  const diagnostics = lintWith(engine.lint, files)
    .filter((entry) => !entry.is_warning)
    .sort((a, b) => (a.file_name === b.file_name ? a.start - b.start : a.file_name < b.file_name ? -1 : 1));
  const findings: string[] = [];
  const firstLines: string[] = [];
  for (const entry of diagnostics) {
    findings.push(key(entry.file_name, failure.code, entry.text));
    const { line, text } = lineAt(contents.get(entry.file_name) ?? '', entry.start);
    if (firstLines.length < MAX_FIRST_LINES)
      firstLines.push(`${entry.file_name}:${line}: ${entry.text}`, `${String(line).padStart(4)} | ${text}`);
  }
  if (findings.length === 0) {
    // The linter saw nothing (or crashed): fall back to the headlines of the validation message.
    for (const line of failure.message.split('\n')) {
      const match = /^error: (.*)$/.exec(line);
      if (match) findings.push(key(failure.code, match[1]));
    }
    if (findings.length === 0) findings.push(key(failure.code, failure.message.split('\n')[0]));
    firstLines.push(...findings.slice(0, MAX_FIRST_LINES));
  }
  const counted = Number(/Validation Error Count: (\d+)/.exec(failure.message)?.[1] ?? 0);
  return {
    errors: Math.max(counted, findings.length),
    failures: 0,
    findings,
    firstLines: firstLines.slice(0, MAX_FIRST_LINES),
    tail: failure.message.trimEnd().split('\n').slice(-TAIL_LINES).join('\n'),
    files: names,
  };
}

/** undefined when valid; otherwise Prisma's error code (P1012 for schema validation) and message. */
function validateWith(validate: (params: string) => void, files: [string, string][]): { code: string; message: string } | undefined {
  try {
    validate(JSON.stringify({ prismaSchema: files, noColor: true }));
    return undefined;
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    try {
      const parsed = JSON.parse(text) as { error_code?: string; message?: string };
      return { code: parsed.error_code ?? 'PRISMA', message: parsed.message ?? text };
    } catch {
      return { code: 'PRISMA_ENGINE', message: `the Prisma schema engine failed: ${text}` };
    }
  }
}

function lintWith(lint: (input: string) => string, files: [string, string][]): LintDiagnostic[] {
  try {
    const parsed: unknown = JSON.parse(lint(JSON.stringify(files)));
    return Array.isArray(parsed) ? (parsed as LintDiagnostic[]) : [];
  } catch {
    return [];
  }
}

/** 1-based line number and text at a character offset (the engine reports offsets in UTF-16 units, as JS strings). */
function lineAt(content: string, offset: number): { line: number; text: string } {
  const before = content.slice(0, offset);
  const line = before.split('\n').length;
  const start = before.lastIndexOf('\n') + 1;
  const end = content.indexOf('\n', start);
  return { line, text: content.slice(start, end === -1 ? undefined : end).trimEnd() };
}

async function findSchemaFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.prisma'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        !relative(dir, file)
          .split(sep)
          .some((part) => part === 'node_modules' || part.startsWith('.')),
    )
    .sort();
}

function toName(root: string, file: string): string {
  const name = relative(root, file);
  return name === '' || name.startsWith('..') ? basename(file) : name.split(sep).join('/');
}

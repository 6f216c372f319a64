import { readFile } from 'node:fs/promises';
import type { Config } from './schema.ts';
import { SyncError } from '../errors.ts';
export { formatPath } from './format-path.ts';
import { cachedParse } from './validated-cache.ts';

// Loading the configuration (JSON with comments). Validation (jsonc-parser and zod, in validate.ts) runs on every new content
// of the file; an unchanged file is taken from a cache keyed by its text and the schema's source,
// so that an idle hourly run does not pay for loading the validator.

export interface ConfigProblem {
  /** The field, as sources[0].url; '' for the whole file. */
  path: string;
  message: string;
  /** 1-based position in the file, when the problem came from a text. */
  line?: number;
  column?: number;
  /** For an unknown key: the key (the problem is located at it, path is the object holding it). */
  key?: string;
}

export async function loadConfig(file: string): Promise<Config> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new SyncError('CONFIG_NOT_FOUND', `config file not found: ${file}`);
    throw new SyncError('CONFIG_NOT_FOUND', `cannot read config file ${file}: ${(error as Error).message}`);
  }
  return cachedParse(
    'config',
    text,
    [
      'config/schema.ts',
      'config/validate.ts',
      'config/defaults.ts',
      'checks/scrub-env.ts',
      'checks/smoke.ts',
      'checks/plan-check.ts',
      'checks/command-line.ts',
    ],
    async () => {
      const { parseConfigText } = await import('./validate.ts');
      const result = parseConfigText(text);
      if (!result.ok) throw configError(file, result.problems);
      return result.config;
    },
  );
}

/** CONFIG_INVALID with its problems as data, for annotations at their file and line on a runner. */
export class ConfigInvalidError extends SyncError {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const noun = problems.length === 1 ? 'problem' : 'problems';
    super('CONFIG_INVALID', `${file}: ${problems.length} ${noun} in the configuration`, {
      // file:line:column: path: message, as compilers print it (editors and terminals link it).
      details: problems.map(
        (p) => `${p.line !== undefined ? `${file}:${p.line}:${p.column}: ` : ''}${p.path || '(top level)'}: ${p.message}`,
      ),
    });
  }
}

export function configError(file: string, problems: readonly ConfigProblem[]): ConfigInvalidError {
  return new ConfigInvalidError(file, problems);
}

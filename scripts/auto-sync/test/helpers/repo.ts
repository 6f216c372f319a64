import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

// Throwaway git repositories for tests: fixed identity and dates, branch `main`, no signing,
// no global or system config. Files are described as a tree: path -> content (null deletes).

export const TEST_GIT_ENV: Record<string, string> = {
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'Test Author',
  GIT_AUTHOR_EMAIL: 'author@example.test',
  GIT_COMMITTER_NAME: 'Test Committer',
  GIT_COMMITTER_EMAIL: 'committer@example.test',
  LC_ALL: 'C',
  GIT_TERMINAL_PROMPT: '0',
};

export type FileTree = Record<string, string | null>;

export function makeTempDir(prefix = 'auto-sync-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

let clock = 1_700_000_000;

export class TestRepo {
  constructor(readonly dir: string) {}

  static init(options: { dir?: string; bare?: boolean; branch?: string } = {}): TestRepo {
    const dir = options.dir ?? makeTempDir('auto-sync-repo-');
    mkdirSync(dir, { recursive: true });
    const args = ['init', '--quiet', `--initial-branch=${options.branch ?? 'main'}`];
    if (options.bare) args.push('--bare');
    gitIn(dir, args);
    gitIn(dir, ['config', 'commit.gpgsign', 'false']);
    return new TestRepo(dir);
  }

  /** A clone that shares nothing with the original but its history. */
  static clone(from: string, options: { dir?: string; bare?: boolean } = {}): TestRepo {
    const dir = options.dir ?? makeTempDir('auto-sync-clone-');
    gitIn(dirname(dir), ['clone', '--quiet', ...(options.bare ? ['--bare'] : []), '--no-local', from, dir]);
    gitIn(dir, ['config', 'commit.gpgsign', 'false']);
    return new TestRepo(dir);
  }

  git(args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): string {
    return gitIn(this.dir, args, options);
  }

  /** Writes the tree (null deletes), stages everything and commits. Returns the new sha. */
  commit(message: string, files: FileTree = {}, options: { author?: string; date?: number; allowEmpty?: boolean } = {}): string {
    for (const [path, content] of Object.entries(files)) {
      const full = join(this.dir, path);
      if (content === null) {
        rmSync(full, { force: true });
      } else {
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
      }
    }
    this.git(['add', '--all']);
    const date = `${options.date ?? clock++} +0000`;
    const env: Record<string, string> = { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date };
    if (options.author) {
      const match = /^(.*) <(.*)>$/.exec(options.author);
      if (match) Object.assign(env, { GIT_AUTHOR_NAME: match[1], GIT_AUTHOR_EMAIL: match[2] });
    }
    this.git(['commit', '--quiet', '--no-verify', ...(options.allowEmpty ? ['--allow-empty'] : []), '-F', '-'], { input: message, env });
    return this.head();
  }

  /** Renames a file with git mv and commits. */
  rename(message: string, from: string, to: string): string {
    mkdirSync(dirname(join(this.dir, to)), { recursive: true });
    this.git(['mv', from, to]);
    return this.commit(message);
  }

  head(ref = 'HEAD'): string {
    return this.git(['rev-parse', ref]).trim();
  }

  checkout(branch: string, options: { create?: boolean; from?: string } = {}): void {
    this.git(['checkout', '--quiet', ...(options.create ? ['-b', branch] : [branch]), ...(options.from ? [options.from] : [])]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function gitIn(dir: string, args: readonly string[], options: { input?: string; env?: Record<string, string> } = {}): string {
  return execFileSync('git', args, {
    cwd: dir,
    input: options.input,
    env: { ...process.env, ...TEST_GIT_ENV, ...options.env },
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
    maxBuffer: 256 * 1024 * 1024,
  });
}

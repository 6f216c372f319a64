import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { secretForms } from '../../output/redact.ts';
import { TEST_GIT_ENV } from './repo.ts';

// After a run: every place auto-sync writes, searched for every form of every token (raw,
// URL-encoded, base64 at each alignment, x-access-token: forms). Returns where each was found.

export interface Channel {
  name: string;
  text: string;
}

/** Every file under `dir` (recursively), as channels named by their path. */
export function filesUnder(dir: string, label = dir): Channel[] {
  if (!existsSync(dir)) return [];
  const out: Channel[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full, { throwIfNoEntry: false });
      if (!st) continue;
      if (st.isDirectory()) walk(full);
      else if (st.isFile() && st.size < 64 * 1024 * 1024)
        out.push({ name: `${label}/${relative(dir, full)}`, text: readFileSync(full, 'latin1') });
    }
  };
  walk(dir);
  return out;
}

/** The target's own channels: .neon/** (state, proposals, dashboard), .git/config, every commit message on every ref. */
export function targetChannels(targetDir: string): Channel[] {
  const messages = execFileSync('git', ['log', '--all', '--format=%B%n%an%n%ae%n%cn%n%ce'], {
    cwd: targetDir,
    env: { ...process.env, ...TEST_GIT_ENV },
    encoding: 'latin1',
    maxBuffer: 256 * 1024 * 1024,
  });
  const refs = execFileSync('git', ['for-each-ref', '--format=%(refname)'], { cwd: targetDir, encoding: 'latin1' });
  return [
    ...filesUnder(join(targetDir, '.neon'), '.neon'),
    { name: '.git/config', text: readFileSync(join(targetDir, '.git', 'config'), 'latin1') },
    { name: 'commit messages', text: messages },
    { name: 'ref names', text: refs },
  ];
}

export function findTokens(tokens: readonly string[], channels: readonly Channel[]): string[] {
  const found: string[] = [];
  for (const token of tokens) {
    const forms = secretForms(token);
    for (const channel of channels)
      for (const form of forms)
        if (channel.text.includes(form)) {
          found.push(`${channel.name} holds a form of a token (${form.length} chars)`);
          break;
        }
  }
  return found;
}

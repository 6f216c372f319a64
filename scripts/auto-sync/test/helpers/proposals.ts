import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// What the local forge wrote (.neon/proposals/*.json) and what the phases print, for the e2e tests.

export interface ProposalRecord {
  number: number;
  title: string;
  body: string;
  labels: string[];
  source: string;
  headBranch: string;
  headSha: string;
  baseBranch: string;
  commits: string[];
  state: string;
  draft?: boolean;
  note?: string;
}

/** The local forge's proposal records of a target repository. */
export function proposalsOf(target: { dir: string }): ProposalRecord[] {
  const dir = join(target.dir, '.neon', 'proposals');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as ProposalRecord);
}

/** The hand-off digest `prepare` prints. */
export const digestOf = (stdout: string): string | undefined => /handoff-digest: ([0-9a-f]{64})/.exec(stdout)?.[1];

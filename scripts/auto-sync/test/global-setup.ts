import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Every temporary directory of a test run (repositories, clones, hand-offs, verify work dirs of the
// CLI under test) goes under one root, removed when the run ends, whatever the tests left behind.
export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'auto-sync-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}

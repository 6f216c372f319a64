import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTreeFile } from './tree-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'auto-sync-tree-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readTreeFile', () => {
  it('reads a regular file', async () => {
    writeFileSync(join(dir, 'package.json'), '{"name":"x"}');
    expect((await readTreeFile(join(dir, 'package.json')))?.toString()).toBe('{"name":"x"}');
  });
  it.each([
    ['a link to /dev/zero', () => symlinkSync('/dev/zero', join(dir, 'zero.lock')), 'zero.lock'],
    ['a link to /dev/stdin', () => symlinkSync('/dev/stdin', join(dir, 'stdin.lock')), 'stdin.lock'],
    ['a link to a regular file', () => symlinkSync(join(dir, 'package.json'), join(dir, 'link.json')), 'link.json'],
    ['a FIFO', () => execFileSync('mkfifo', [join(dir, 'fifo.lock')]), 'fifo.lock'],
    ['a directory', () => undefined, '.'],
    ['a missing file', () => undefined, 'missing.json'],
  ])('refuses %s at once', async (_, make, name) => {
    make();
    const started = performance.now();
    expect(await readTreeFile(join(dir, name))).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
  it('refuses a file over the cap', async () => {
    writeFileSync(join(dir, 'big.json'), 'x'.repeat(1001));
    expect(await readTreeFile(join(dir, 'big.json'), 1000)).toBeUndefined();
    expect(await readTreeFile(join(dir, 'big.json'), 1001)).toBeDefined();
  });
});

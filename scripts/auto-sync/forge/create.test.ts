import { describe, expect, it } from 'vitest';
import { createRedactor } from '../output/redact.ts';
import { redactingForge } from './create.ts';
import type { Forge } from './types.ts';

describe('redactingForge', () => {
  it('redacts every text auto-sync sends to the forge, in every encoding the redactor knows', async () => {
    const token = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
    const seen: string[] = [];
    const record = (...texts: string[]) => seen.push(...texts);
    const inner = {
      upsertProposal: async (input) => (record(input.title, input.body), { id: 1, url: 'u', action: 'created' }),
      noteOnProposal: async (_id, text) => void record(text),
      upsertDashboard: async (input) => (record(input.title, input.body), { id: 2, url: 'u', action: 'created' }),
      merge: async (input) => (record(input.message), { status: 'merged', sha: 'x', fastForward: true }),
    } as Partial<Forge> as Forge;
    const forge = redactingForge(inner, createRedactor([token]));
    const leak = `token ${token}, encoded ${encodeURIComponent(token)}, header ${Buffer.from(`x-access-token:${token}`).toString('base64')}`;
    await forge.upsertProposal({
      source: 's',
      title: leak,
      body: leak,
      labels: [],
      headBranch: 'b',
      headSha: 'h',
      baseBranch: 'main',
      commits: [],
    });
    await forge.noteOnProposal(1, leak);
    await forge.upsertDashboard({ title: leak, body: `ERR ${leak}` });
    await forge.merge({
      source: 's',
      headBranch: 'b',
      headSha: 'h',
      baseBranch: 'main',
      expectedBaseSha: 'x',
      method: 'merge',
      message: leak,
      committer: { name: 'a', email: 'a@b' },
    } as never);
    expect(seen).toHaveLength(6);
    for (const text of seen) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(Buffer.from(`x-access-token:${token}`).toString('base64'));
      expect(text).toContain('***');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { originIdentity, parseCherryPickedFrom, parseOrigins, provenanceMessage } from './provenance.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);

describe('provenance', () => {
  it('names an origin by owner/name, or by the source name for a local path', () => {
    expect(originIdentity('https://github.com/Acme/Web.git', 'web')).toBe('acme/web');
    expect(originIdentity('git@github.com:acme/api.git', 'api')).toBe('acme/api');
    expect(originIdentity('ssh://git@ghe.example.com/acme/api', 'api')).toBe('acme/api');
    expect(originIdentity('/srv/repos/api', 'api-local')).toBe('api-local');
    expect(originIdentity('file:///srv/acme/api.git', 'api-file')).toBe('api-file');
  });

  it('adds a -x line and the trailer, joining an existing trailer block', () => {
    expect(provenanceMessage('feat: x\n', { origin: 'acme/web', sha: A })).toBe(
      `feat: x\n\n(cherry picked from commit ${A})\nAuto-Sync-Origin: acme/web@${A}\n`,
    );
    expect(provenanceMessage('fix: y\n\nbody\n\nSigned-off-by: A <a@b>\n', { origin: 'acme/web', sha: A })).toBe(
      `fix: y\n\nbody\n\nSigned-off-by: A <a@b>\n(cherry picked from commit ${A})\nAuto-Sync-Origin: acme/web@${A}\n`,
    );
  });

  it('keeps the first origin of a commit synced onward', () => {
    const message = provenanceMessage(`feat: z\n\nAuto-Sync-Origin: acme/api@${B}\n`, { origin: 'acme/web', sha: A });
    expect(parseOrigins(message)).toEqual([{ origin: 'acme/api', sha: B }]);
    expect(parseCherryPickedFrom(message)).toEqual([A]);
  });
});

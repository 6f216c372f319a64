import { describe, expect, it } from 'vitest';
import { createRedactor, redactDeep } from './redact.ts';

describe('redaction', () => {
  const token = 'ghp_abcDEF123456789xyz';
  const redact = createRedactor([token, undefined, 'abc']);

  it('removes the token as is, URL-encoded, and in base64 at any alignment', () => {
    expect(redact(`token=${token}!`)).toBe('token=***!');
    expect(redact(`https://x:${encodeURIComponent(token + '/')}@h`)).not.toContain(encodeURIComponent(token));
    for (const prefix of ['', 'a', 'ab', 'abc', 'x-access-token:', 'Authorization: Basic ']) {
      for (const suffix of ['', '\n', 'zz']) {
        const encoded = Buffer.from(prefix + token + suffix).toString('base64');
        expect(redact(`header ${encoded}`), `${prefix}|${suffix}`).toContain('***');
        expect(redact(`header ${encoded}`)).not.toContain(encoded);
      }
    }
  });

  it('leaves short values alone, so that a 3-letter secret does not shred the output', () => {
    expect(redact('abc abc')).toBe('abc abc');
  });

  it('redacts every string in a report', () => {
    expect(redactDeep({ a: [token, { b: `x${token}` }], n: 1 }, redact)).toEqual({ a: ['***', { b: 'x***' }], n: 1 });
  });
});

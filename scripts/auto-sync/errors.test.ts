import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.ts';

// README.md lists every error code a user can see; this keeps that list and ERROR_CODES from drifting apart.

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The paragraph that starts with "Codes:", up to the next blank line. */
function codesParagraph(text: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Codes:'));
  if (start === -1) throw new Error('README.md has no paragraph starting with "Codes:"');
  const end = lines.findIndex((line, index) => index > start && line.trim() === '');
  return lines.slice(start, end === -1 ? undefined : end).join('\n');
}

describe('error codes', () => {
  it('README.md lists exactly the codes in ERROR_CODES, each once', () => {
    const listed = [...codesParagraph(README).matchAll(/`([^`]+)`/g)]
      .map((match) => match[1]!)
      .filter((span) => /^[A-Z][A-Z0-9_]*$/.test(span));
    expect(listed.length, 'a code is listed twice').toBe(new Set(listed).size);
    expect([...listed].sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
});

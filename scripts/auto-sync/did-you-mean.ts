import { distance } from 'fastest-levenshtein';

// Suggestions for misspelt commands, options and config keys. Levenshtein distance from
// fastest-levenshtein; a word that starts a candidate ("check" for "check-config") counts as close.

/** The closest of the candidates to a misspelt word, or undefined when none is close. Pure. */
export function suggest(word: string, candidates: readonly string[]): string | undefined {
  const limit = word.length <= 3 ? 1 : word.length <= 6 ? 2 : 3;
  let best: { candidate: string; d: number } | undefined;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const d = word.length >= 3 && candidate.startsWith(word) ? 0.5 : distance(word.toLowerCase(), candidate.toLowerCase());
    if (d <= limit && (!best || d < best.d)) best = { candidate, d };
  }
  return best?.candidate;
}

import type { RawEntry } from '../plan/entries.ts';

// git's --raw entries (with -z and --no-abbrev): modes, object ids, status, NUL-terminated paths,
// which no file name can forge. Used by the commit listing and the content inspection.

/** `:<old mode> <new mode> <old oid> <new oid> <status>\0<path>\0[<path>\0]`, entries in a row. */
export function parseRaw(text: string): RawEntry[] {
  const tokens = text.split('\0');
  const entries: RawEntry[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const head = /^\n*:(\d{6}) (\d{6}) ([0-9a-f]+) ([0-9a-f]+) ([ACDMRTUX])(\d*)$/.exec(tokens[i] ?? '');
    if (!head) continue;
    const [, oldMode, newMode, oldOid, newOid, status] = head as unknown as [string, string, string, string, string, string];
    if (status === 'R' || status === 'C') {
      entries.push({ status, oldMode, newMode, oldOid, newOid, from: tokens[i + 1] ?? '', path: tokens[i + 2] ?? '' });
      i += 2;
    } else {
      entries.push({ status, oldMode, newMode, oldOid, newOid, path: tokens[i + 1] ?? '' });
      i += 1;
    }
  }
  return entries;
}

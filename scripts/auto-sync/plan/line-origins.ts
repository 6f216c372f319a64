// Which commit last changed each line, replayed forward over the source's history (what `git blame`
// finds, for every commit of the range at once, from one `git log -p -U0`). Pure: the patches come in.
//
// A commit's line-level dependencies are the commits that last changed, in its parent's version of
// a file, the lines its hunks replace and the line on each side (git's merge conflicts on changes
// that touch or are adjacent to each other). Lines no listed commit changed have no origin: they are
// as the range started (the target has them).
//
// Each file is an array of origins (commit indexes) that only grows as far as hunks reach; the lines
// beyond it are untouched. A commit's files start from its first parent's; a merge's first-parent diff
// takes, for a file whose result equals the second parent's, that parent's origins.

export interface PatchCommit {
  sha: string;
  parents: string[];
  files: PatchFile[];
}

export interface PatchFile {
  /** The path before (differs from `path` for a rename); undefined for a new file. */
  from?: string;
  /** The path after; undefined for a deleted file. */
  path?: string;
  /** The blob after (full id), when the patch says. */
  newBlob?: string;
  binary: boolean;
  /** Hunks as `@@ -a,b +c,d @@` gives them. */
  hunks: { oldStart: number; oldCount: number; newCount: number }[];
}

/** For each commit: per path (both names of a rename), the shas of the listed commits it depends on. */
export type LineDependencies = Map<string, Map<string, Set<string>>>;

const NONE = -1;

interface FileState {
  origins: number[];
  /** Lines past `origins` keep this origin (NONE: untouched; a binary change sets the whole file). */
  rest: number;
  blob?: string;
}

type Files = Map<string, FileState>;

/**
 * Replays the commits (parents before children) and returns every commit's dependencies (lines
 * replaced and their neighbours). `overlapping`, when given, gets those of the replaced lines only:
 * a change there conflicts whatever the diff's alignment, a neighbour only as the merge aligns it.
 */
export function lineDependencies(commits: readonly PatchCommit[], overlapping?: LineDependencies): LineDependencies {
  const index = new Map(commits.map((c, i) => [c.sha, i]));
  const children = new Map<string, number>();
  for (const c of commits) for (const p of c.parents) children.set(p, (children.get(p) ?? 0) + 1);
  const states = new Map<string, Files>();
  const result: LineDependencies = new Map();
  const release = (sha: string) => {
    const left = (children.get(sha) ?? 0) - 1;
    children.set(sha, left);
    if (left <= 0) states.delete(sha);
  };
  for (const [i, commit] of commits.entries()) {
    const first = commit.parents[0];
    const files: Files = new Map(first !== undefined ? states.get(first) : undefined);
    const second = commit.parents.length > 1 ? states.get(commit.parents[1]!) : undefined;
    const deps = new Map<string, Set<string>>();
    const strict = new Map<string, Set<string>>();
    for (const file of commit.files) {
      const before = file.from ?? file.path!;
      const old = files.get(before) ?? { origins: [], rest: NONE };
      const found = new Set<number>();
      const replaced = new Set<number>();
      let next: FileState | undefined;
      const fromSecond = second && file.path !== undefined && file.newBlob ? second.get(file.path) : undefined;
      if (fromSecond && fromSecond.blob === file.newBlob) {
        next = fromSecond;
      } else if (file.binary) {
        for (const o of [...old.origins, old.rest]) {
          found.add(o);
          replaced.add(o);
        }
        next = { origins: [], rest: i, blob: file.newBlob };
      } else {
        next = { ...replay(old, file.hunks, i, found, replaced), blob: file.newBlob };
      }
      if (file.from !== undefined) files.delete(file.from);
      if (file.path !== undefined) files.set(file.path, next);
      const named = (origins: Set<number>) => new Set([...origins].filter((o) => o !== NONE && o !== i).map((o) => commits[o]!.sha));
      const [shas, strictShas] = [named(found), named(replaced)];
      for (const name of new Set([file.from, file.path]))
        if (name !== undefined) {
          deps.set(name, shas);
          strict.set(name, strictShas);
        }
    }
    result.set(commit.sha, deps);
    overlapping?.set(commit.sha, strict);
    states.set(commit.sha, files);
    for (const p of commit.parents) if (index.has(p)) release(p);
  }
  return result;
}

/** The file after one commit's hunks (in order, old line numbers); `found` gets the origins they touch. */
function replay(old: FileState, hunks: PatchFile['hunks'], self: number, found: Set<number>, replaced: Set<number>): FileState {
  const at = (line: number) => (line >= 1 && line <= old.origins.length ? old.origins[line - 1]! : line >= 1 ? old.rest : NONE);
  const out: number[] = [];
  let copied = 0; // old lines copied so far
  for (const h of hunks) {
    // Lines replaced: oldStart .. oldStart+oldCount-1; an insertion (count 0) goes after oldStart.
    const first = h.oldCount === 0 ? h.oldStart + 1 : h.oldStart;
    for (let line = first - 1; line <= first + h.oldCount; line++) found.add(at(line));
    for (let line = first; line < first + h.oldCount; line++) replaced.add(at(line));
    for (let line = copied + 1; line < first; line++) out.push(at(line));
    for (let n = 0; n < h.newCount; n++) out.push(self);
    copied = first - 1 + h.oldCount;
  }
  // Lines after the last hunk: those the old array knew are copied, the rest stay implicit.
  for (let line = copied + 1; line <= old.origins.length; line++) out.push(at(line));
  return { origins: out, rest: old.rest };
}

/**
 * Parses `git log -p -U0 --full-index --no-color --format=<marker>%H %P` output. `marker` starts each
 * commit's header line; a patch line always starts with a diff character, so no content can forge it.
 */
export function parsePatchLog(text: string, marker: string): PatchCommit[] {
  const commits: PatchCommit[] = [];
  let commit: PatchCommit | undefined;
  let file: PatchFile | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (line.startsWith(marker)) {
      const [sha, ...parents] = line.slice(marker.length).trim().split(' ');
      commit = { sha: sha!, parents: parents.filter(Boolean), files: [] };
      commits.push(commit);
      file = undefined;
      continue;
    }
    if (!commit) continue;
    if (line.startsWith('diff --git ')) {
      file = { binary: false, hunks: [] };
      commit.files.push(file);
      continue;
    }
    if (!file) continue;
    if (line.startsWith('@@ ')) {
      const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (m)
        file.hunks.push({
          oldStart: Number(m[1]),
          oldCount: m[2] === undefined ? 1 : Number(m[2]),
          newCount: m[4] === undefined ? 1 : Number(m[4]),
        });
    } else if (line.startsWith('--- ')) {
      if (line !== '--- /dev/null') file.from ??= unquote(line.slice(4)).replace(/^a\//, '');
    } else if (line.startsWith('+++ ')) {
      if (line !== '+++ /dev/null') file.path ??= unquote(line.slice(4)).replace(/^b\//, '');
    } else if (line.startsWith('rename from ')) file.from = unquote(line.slice(12));
    else if (line.startsWith('rename to ')) file.path = unquote(line.slice(10));
    else if (line.startsWith('index ')) {
      const m = /^index [0-9a-f]+\.\.([0-9a-f]+)/.exec(line);
      if (m && !/^0+$/.test(m[1]!)) file.newBlob = m[1];
    } else if (line.startsWith('new file mode')) file.from = undefined;
    else if (line.startsWith('Binary files ')) {
      file.binary = true;
      // "Binary files a/x and b/y differ", /dev/null on the side that does not exist.
      const m = /^Binary files (.+) and (.+) differ$/.exec(line);
      if (m) {
        if (m[1] !== '/dev/null') file.from ??= unquote(m[1]!).replace(/^a\//, '');
        if (m[2] !== '/dev/null') file.path ??= unquote(m[2]!).replace(/^b\//, '');
      }
    }
  }
  // A mode-only change has neither --- nor +++: its name is in the diff line, and it has no hunks.
  return commits.map((c) => ({ ...c, files: c.files.filter((f) => f.path !== undefined || f.from !== undefined) }));
}

/** git quotes paths with unusual bytes in C style: "a/x\\ty". */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text.replace(/\t$/, '');
  const body = text.slice(1, text.lastIndexOf('"'));
  const bytes: number[] = [];
  const map: Record<string, number> = { n: 10, t: 9, '"': 34, '\\': 92, a: 7, b: 8, f: 12, r: 13, v: 11 };
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== '\\') {
      bytes.push(...Buffer.from(ch, 'utf8'));
      continue;
    }
    const nextCh = body[++i]!;
    if (/[0-7]/.test(nextCh)) {
      bytes.push(parseInt(body.slice(i, i + 3), 8));
      i += 2;
    } else bytes.push(map[nextCh] ?? nextCh.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

// Reads a check's command line (or a package.json script) the way sh would split it, far enough to
// know which program it runs and whether arguments added at the end reach that program. Anything it
// cannot follow (expansions, substitutions, redirections, several commands) makes the line "not
// simple": auto-sync then runs it as written and only reads its output. Hand-written rather than a
// shell-parsing library: the question is narrow, and a line it does not fully understand is left alone.

export interface CommandLine {
  /** The commands, split at ;, &, |, &&, || and newlines, each as its words (quotes removed). */
  segments: string[][];
  /** One command whose words are all literal: arguments appended to it go to its program. */
  simple: boolean;
}

export function splitCommandLine(text: string): CommandLine {
  const segments: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let simple = true;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endSegment = () => {
    endWord();
    if (words.length > 0) segments.push(words);
    words = [];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close === -1) return { segments: [...segments, [...words, word + text.slice(i + 1)]], simple: false };
      word += text.slice(i + 1, close);
      inWord = true;
      i = close;
    } else if (ch === '"') {
      inWord = true;
      let j = i + 1;
      for (; j < text.length && text[j] !== '"'; j++) {
        const c = text[j]!;
        if (c === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) word += text[++j];
        else {
          if (c === '$' || c === '`') simple = false;
          word += c;
        }
      }
      if (j >= text.length) simple = false;
      i = j;
    } else if (ch === '\\') {
      if (i + 1 < text.length && text[i + 1] !== '\n') word += text[++i];
      else i++;
      inWord = true;
    } else if (ch === ' ' || ch === '\t') {
      endWord();
    } else if (ch === ';' || ch === '&' || ch === '|' || ch === '\n') {
      endSegment();
      if ((ch === '&' || ch === '|') && text[i + 1] === ch) i++;
    } else if (ch === '#' && !inWord) {
      simple = false;
      break;
    } else {
      if ('$`<>()'.includes(ch)) simple = false;
      word += ch;
      inWord = true;
    }
  }
  endSegment();
  return { segments, simple: simple && segments.length === 1 };
}

/** Quotes a word for sh only where it needs it, for lines shown to people. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

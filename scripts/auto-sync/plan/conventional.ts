import { CommitParser } from 'conventional-commits-parser';

// Conventional Commits, parsed by conventional-commits-parser with the
// conventionalcommits preset's patterns (so `type(scope)!: subject` is breaking).

export interface ConventionalInfo {
  type: string | null;
  scope: string | null;
  subject: string;
  breaking: boolean;
}

const parser = new CommitParser({
  headerPattern: /^(\w*)(?:\((.*)\))?!?: (.*)$/,
  breakingHeaderPattern: /^(\w*)(?:\((.*)\))?!: (.*)$/,
  headerCorrespondence: ['type', 'scope', 'subject'],
  noteKeywords: ['BREAKING CHANGE', 'BREAKING-CHANGE'],
  revertPattern: /^(?:Revert|revert:)\s"?([\s\S]+?)"?\s*This reverts commit (\w*)\./i,
  revertCorrespondence: ['header', 'hash'],
  issuePrefixes: ['#'],
});

export function parseConventional(message: string): ConventionalInfo {
  const firstLine = message.split('\n', 1)[0]?.trim() ?? '';
  // The body matters only for a BREAKING CHANGE note; parsing references and mentions in every
  // body is most of the cost when thousands of commits are planned.
  const commit = parser.parse(/BREAKING[ -]CHANGE/.test(message) ? message : firstLine);
  const type = commit.type ? commit.type.toLowerCase() : null;
  return {
    type,
    scope: commit.scope ?? null,
    subject: type ? (commit.subject ?? firstLine) : firstLine,
    breaking: commit.notes.some((note) => /^BREAKING[ -]CHANGE$/i.test(note.title)),
  };
}

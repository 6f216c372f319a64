import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareWithBaseline } from './diagnose.ts';
import { validatePrismaSchema } from './prisma.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'prisma-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, content: string): string {
  const full = join(dir, path);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, content);
  return full;
}

const VALID = `datasource db {
  provider = "postgresql"
}

model User {
  id    Int    @id @default(autoincrement())
  email String @unique
  posts Post[]
}

model Post {
  id       Int  @id
  author   User @relation(fields: [authorId], references: [id])
  authorId Int
}
`;

describe('validatePrismaSchema', () => {
  it('accepts a valid schema', async () => {
    const result = await validatePrismaSchema(write('prisma/schema.prisma', VALID));
    expect(result).toEqual({ errors: 0, failures: 0, findings: [], firstLines: [], tail: '', files: ['schema.prisma'] });
  });

  it('reports P1012 for each error, with the offending line, keyed without line numbers', async () => {
    const broken = VALID.replace('email String @unique', 'email Strin @unique').replace('authorId Int\n', 'authorId Int\n  title\n');
    const result = await validatePrismaSchema(write('prisma/schema.prisma', broken), { root: dir });
    expect(result.errors).toBe(2);
    expect(result.findings).toEqual([
      'prisma/schema.prisma P1012 Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.',
      'prisma/schema.prisma P1012 Error validating model "Post": This field declaration is invalid. It is either missing a name or a type.',
    ]);
    expect(result.firstLines.slice(0, 2)).toEqual([
      'prisma/schema.prisma:7: Type "Strin" is neither a built-in type, nor refers to another model, composite type, or enum.',
      '   7 |   email Strin @unique',
    ]);
    expect(result.tail).toMatch(/Validation Error Count: 2$/);
  });

  it('reads a folder of schema files, skipping node_modules, and finds the line after non-ASCII text', async () => {
    write('schema/base.prisma', 'datasource db {\n  provider = "sqlite"\n}\n');
    write('schema/models/user.prisma', '// Ünïcödé ✓✓✓ comment\nmodel User {\n  id   Int    @id\n  name Strng\n}\n');
    write('schema/node_modules/junk/bad.prisma', 'this is not prisma\n');
    const result = await validatePrismaSchema(join(dir, 'schema'));
    expect(result.files).toEqual(['base.prisma', 'models/user.prisma']);
    expect(result.findings).toEqual([
      'models/user.prisma P1012 Type "Strng" is neither a built-in type, nor refers to another model, composite type, or enum.',
    ]);
    expect(result.firstLines[1]).toBe('   4 |   name Strng');
  });

  it('a baseline comparison survives the error moving down', async () => {
    const file = write('schema.prisma', VALID.replace('authorId Int', 'authorId Intt'));
    const before = await validatePrismaSchema(file);
    write('schema.prisma', `// a new comment\n\n${VALID.replace('authorId Int', 'authorId Intt')}`);
    const after = await validatePrismaSchema(file);
    expect(after.firstLines[0]).not.toBe(before.firstLines[0]);
    expect(compareWithBaseline(after, before)).toEqual({ newErrors: 0, newFailures: 0, newFindings: [] });
  });

  it('reports a folder without schema files as an error', async () => {
    mkdirSync(join(dir, 'empty'));
    const result = await validatePrismaSchema(join(dir, 'empty'));
    expect(result.errors).toBe(1);
    expect(result.findings[0]).toMatch(/no \.prisma files/);
  });
});

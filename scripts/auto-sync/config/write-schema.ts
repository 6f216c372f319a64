// `npm run schema`: regenerates config.schema.json from the zod schema (a test fails when it is stale).
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { configJsonSchema } from './schema.ts';

export const SCHEMA_FILE = fileURLToPath(new URL('../config.schema.json', import.meta.url));
export const renderSchema = () => `${JSON.stringify(configJsonSchema(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_FILE, renderSchema());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}

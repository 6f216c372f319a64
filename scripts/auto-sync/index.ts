// Entry point: `npx tsx scripts/auto-sync [command] [options]`, and of the bundle (dist/auto-sync.mjs). See main.ts.
// runtime-check.ts first: ES modules run in import order, so an old Node is refused before anything else loads.
import './runtime-check.ts';
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), process.env);

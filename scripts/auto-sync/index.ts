// Entry point: `npx tsx scripts/auto-sync [command] [options]`. See main.ts.
import { main } from './main.ts';

process.exitCode = await main(process.argv.slice(2), process.env);

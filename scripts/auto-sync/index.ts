// Entry point: `npx tsx scripts/auto-sync [command] [options]`, and of the bundle (dist/auto-sync.mjs). See main.ts.
// runtime-check.ts first: ES modules run in import order, so an old Node is refused before anything else loads.
import './runtime-check.ts';
import { BUILD, PACKAGE_ROOT } from './build-info.ts';
import { enableStartUpCaches, loadDependenciesAsNodeDoes } from './source-loader.ts';

// From the sources, dependencies skip tsx (source-loader.ts); main.ts is loaded after, so that its
// own imports are loaded that way too.
if (!BUILD) {
  await enableStartUpCaches(PACKAGE_ROOT);
  await loadDependenciesAsNodeDoes(`${PACKAGE_ROOT}/node_modules`);
}
const { main } = await import('./main.ts');

process.exitCode = await main(process.argv.slice(2), process.env);

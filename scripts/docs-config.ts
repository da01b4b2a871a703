// Rewrites README.md's configuration table from the descriptors. `npm run docs:config` after adding
// or changing an environment variable.
import { readFileSync, writeFileSync } from 'node:fs';
import { README_FILE, withConfigTable } from './config-table.js';

writeFileSync(README_FILE, withConfigTable(readFileSync(README_FILE, 'utf8')));
console.log(`wrote the configuration table in ${README_FILE}`);

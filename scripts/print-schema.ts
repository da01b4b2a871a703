// Writes schema/schema.graphql from the Pothos schema. `npm run schema:print` after any schema change.
import { writeFileSync } from 'node:fs';
import { printedSchema, SCHEMA_FILE } from '../src/schema/print.js';

writeFileSync(SCHEMA_FILE, printedSchema());
console.log(`wrote ${SCHEMA_FILE}`);

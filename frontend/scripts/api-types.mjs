// The browser's API types, generated from the committed OpenAPI document (docs/openapi.yaml,
// itself checked against the server by OpenApiDocumentTests) with openapi-typescript.
//   node scripts/api-types.mjs          writes src/generated/api.ts   (npm run generate:api)
//   node scripts/api-types.mjs --check  fails if it is not current   (npm run check:api, part of the build)
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const source = resolve(root, '../docs/openapi.yaml');
const target = resolve(root, 'src/generated/api.ts');

const header = `// Generated from docs/openapi.yaml by openapi-typescript: do not edit.
// Regenerate with \`npm run generate:api\` after regenerating the document (see OpenApiDocumentTests).

`;
const generated = header + astToString(await openapiTS(pathToFileURL(source)));

if (process.argv.includes('--check')) {
  const current = existsSync(target) ? readFileSync(target, 'utf8') : '';
  if (current !== generated) {
    console.error('src/generated/api.ts is not what docs/openapi.yaml generates: run `npm run generate:api` and commit it.');
    process.exit(1);
  }
} else {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, generated);
}

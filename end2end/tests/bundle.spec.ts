import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

// Sizes are deterministic, so this is a test and not a benchmark: the release
// WASM, compressed with brotli at its best, must not grow past the ceiling.
// Issue 6's budget is 250 KB; the bundle is not there yet (see
// docs/performance.md), so the ceiling is today's size with a small margin:
// lower it as the bundle shrinks, never raise it.
const BROTLI_CEILING = 322_000;
const BUDGET = 250_000;

test('the WASM bundle does not grow past its brotli ceiling', () => {
  const wasm = fs.readFileSync(path.resolve(__dirname, '..', '..', 'target', 'site', 'pkg', 'liaison.wasm'));
  const brotli = zlib.brotliCompressSync(wasm, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 22 },
  }).length;
  console.log(`liaison.wasm: ${wasm.length} bytes raw, ${brotli} brotli (budget ${BUDGET}, ceiling ${BROTLI_CEILING})`);
  expect(brotli).toBeLessThanOrEqual(BROTLI_CEILING);
});

import { expect, test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

// Sizes are deterministic, so this is a test and not a benchmark: the release
// WASM, compressed with brotli at its best, must stay within issue 18's
// budget of 400 KB for the whole single-page app (every page hydrates). It
// is 375 KB (see docs/performance.md).
const BUDGET = 400_000;

test('the WASM bundle stays within its brotli budget', () => {
  const wasm = fs.readFileSync(path.resolve(__dirname, '..', '..', 'target', 'site', 'pkg', 'liaison.wasm'));
  const brotli = zlib.brotliCompressSync(wasm, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_LGWIN]: 22 },
  }).length;
  console.log(`liaison.wasm: ${wasm.length} bytes raw, ${brotli} brotli (budget ${BUDGET})`);
  expect(brotli).toBeLessThanOrEqual(BUDGET);
});

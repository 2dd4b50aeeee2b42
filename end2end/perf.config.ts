import base from './playwright.config';
import { defineConfig } from '@playwright/test';

// Timings, not tests: `scripts/bench.sh` runs this to print how long the
// consent page takes to hydrate. It never runs with the test suite.
const port = Number(process.env.E2E_PORT ?? 3200);

export default defineConfig({
  ...base,
  testDir: './perf',
  testMatch: '**/*.perf.ts',
  timeout: 120_000,
  use: { ...base.use, baseURL: `http://127.0.0.1:${port}`, trace: 'off' },
  webServer: {
    ...(base.webServer as object),
    url: `http://127.0.0.1:${port}/login`,
    env: { ...((base.webServer as any).env ?? {}), LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, RUST_LOG: 'warn' },
  },
});

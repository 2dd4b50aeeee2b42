import { defineConfig } from '@playwright/test';
import * as path from 'path';

// Drives Debian's Chromium against the release build of `liaison`, started on
// a fresh database with the demo data. Nothing is downloaded. With
// E2E_BASE_URL, against a server already running there instead (fresh demo
// data too): scripts/cluster.sh --e2e runs them so behind nginx.
const port = Number(process.env.E2E_PORT ?? 3100);
const external = process.env.E2E_BASE_URL;
const root = path.resolve(__dirname, '..');
const dataDir = path.join(root, 'target', 'e2e');
// The demo password; tests/helpers.ts signs in with the same one.
const demoPassword = 'e2e-demo-password';
// global-setup.ts starts smtp-sink.mjs there, in either mode; it writes every
// message to target/e2e-mail, which tests/helpers.ts (waitForMail) reads.
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 2526);

export default defineConfig({
  testDir: './tests',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: external ?? `http://127.0.0.1:${port}`,
    locale: 'en-US',
    permissions: ['clipboard-read', 'clipboard-write'],
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  webServer: external ? undefined : {
    command: `rm -rf "${dataDir}" && mkdir -p "${dataDir}" && "${path.join(root, 'target', 'release', 'liaison')}" --demo`,
    cwd: root,
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    env: {
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      DATABASE_URL: `sqlite://${path.join(dataDir, 'liaison.db')}`,
      LIAISON_DEMO_PASSWORD: demoPassword,
      LIAISON_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      LIAISON_MAIL_FROM: 'Liaison <liaison@liaison.test>',
      RUST_LOG: 'info,sqlx=warn',
    },
  },
});

import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { Sink, startSink as StartSink } from './smtp-sink.mjs';
import { mailDir, smtpPort } from './tests/helpers';

// Starts smtp-sink in the Playwright process, on E2E_SMTP_PORT (default
// 2526), writing to target/e2e-mail (emptied first): the servers under test
// send their email there (LIAISON_SMTP_URL) and tests/helpers.ts reads it.
// The function it returns is the global teardown.
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dir = mailDir();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  // A dynamic import by URL: Node loads the .mjs as the ES module it is
  // (a static import would be compiled to require() with this config).
  const { startSink } = (await import(pathToFileURL(path.join(__dirname, 'smtp-sink.mjs')).href)) as {
    startSink: typeof StartSink;
  };
  const sink: Sink = await startSink({ port: smtpPort(), dir });
  return async () => {
    await sink.close();
  };
}

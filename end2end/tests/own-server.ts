import type { TestType } from '@playwright/test';
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MAIL_FROM, PASSWORD, smtpPort } from './helpers';

// A `liaison` of a spec's own (the release build) on its own SQLite file,
// its email going to the smtp-sink of global-setup.ts: for specs that need
// an empty database, or demo data no other spec touches. Every goto is then
// absolute (`server.base`), since baseURL points at the shared server.

const root = path.resolve(__dirname, '../..');
/** The release build every own server runs. */
export const binary = path.join(root, 'target', 'release', 'liaison');

export class OwnServer {
  readonly base: string;
  /** What it was started with (its database, its public address): the
   *  command line's subcommands reach the same database with it. */
  readonly env: NodeJS.ProcessEnv;
  /** The last 20 000 characters the server wrote. */
  log = '';
  private child: ChildProcess;

  private constructor(base: string, env: NodeJS.ProcessEnv, child: ChildProcess) {
    this.base = base;
    this.env = env;
    this.child = child;
  }

  /** Starts it on `port` with a fresh database in target/<folder>, with the
   *  demo data (password PASSWORD) when `demo`, and waits until it answers. */
  static async start(
    port: number,
    folder: string,
    demo: boolean,
    more: NodeJS.ProcessEnv = {},
  ): Promise<OwnServer> {
    if (!fs.existsSync(binary)) throw new Error(`${binary} is missing: build the release first`);
    const dataDir = path.join(root, 'target', folder);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    const base = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: path.join(root, 'target', 'site'),
      DATABASE_URL: `sqlite://${path.join(dataDir, 'liaison.db')}`,
      LIAISON_SMTP_URL: `smtp://127.0.0.1:${smtpPort()}`,
      LIAISON_MAIL_FROM: MAIL_FROM,
      LIAISON_PUBLIC_URL: base,
      RUST_LOG: 'info,sqlx=warn',
      ...more,
    };
    delete env.LIAISON_DEMO;
    delete env.LIAISON_DEMO_PASSWORD;
    if (demo) env.LIAISON_DEMO_PASSWORD = PASSWORD;
    const child = spawn(binary, demo ? ['--demo'] : [], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new OwnServer(base, env, child);
    const keep = (chunk: Buffer) => {
      server.log = (server.log + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let exited: string | undefined;
    child.on('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
    });
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (exited) throw new Error(`liaison ${exited} before answering on ${base}:\n${server.log}`);
      try {
        const response = await fetch(`${base}/login`);
        if (response.status === 200) break;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) throw new Error(`GET ${base}/login did not answer 200 within 30 s:\n${server.log}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    return server;
  }

  /** Starts one for the spec file `test` belongs to before its tests, stops
   *  it after, and attaches its log to a failed test; `current()` is it. */
  static forFile(
    test: TestType<any, any>,
    port: number,
    folder: string,
    demo: boolean,
    more: NodeJS.ProcessEnv = {},
  ): () => OwnServer {
    let server: OwnServer | undefined;
    test.beforeAll(async () => {
      test.setTimeout(60_000);
      server = await OwnServer.start(port, folder, demo, more);
    });
    test.afterAll(async () => {
      await server?.stop();
      server = undefined;
    });
    test.afterEach(async ({}, testInfo) => {
      if (testInfo.status !== testInfo.expectedStatus && server?.log) {
        await testInfo.attach('liaison.log', { body: server.log, contentType: 'text/plain' });
      }
    });
    return () => {
      if (!server) throw new Error('the server of this file is not running');
      return server;
    };
  }

  /** SIGTERM, then SIGKILL after 5 s. */
  async stop() {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  }
}

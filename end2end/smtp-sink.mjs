// A real SMTP server for the browser tests: every message Liaison sends is
// received, parsed and written to a folder as one JSON file, which the tests
// read (tests/helpers.ts: waitForMail, linkIn).
//
//   node end2end/smtp-sink.mjs --port 2526 --dir target/e2e-mail
//
// Plain SMTP on 127.0.0.1: no TLS (STARTTLS is not offered), no
// authentication. Each message becomes `<dir>/<000001>-<epoch ms>.json`:
//   { to, from, subject, text, html, messageId, headers, receivedAt }
// written to a temporary name first and renamed, so a reader never sees half
// a file. Once listening it prints one line on stdout,
//   smtp-sink listening on 127.0.0.1:<port>
// and it exits cleanly on SIGTERM or SIGINT.
//
// Playwright's globalSetup imports `startSink` and runs it in-process.

import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const HOST = '127.0.0.1';
const PAD = 6;

/** Addresses of a mailparser address field (object, array of them, or none). */
function addressesOf(field) {
  const out = [];
  const visit = (entry) => {
    if (!entry) return;
    if (Array.isArray(entry)) return entry.forEach(visit);
    if (entry.value) return entry.value.forEach(visit);
    if (entry.group) return entry.group.forEach(visit);
    if (entry.address) out.push(entry.address);
  };
  visit(field);
  return out;
}

/** The first sender as `Name <address>` (or the bare address), without mailparser's quotes. */
function fromOf(field) {
  const first = field?.value?.[0];
  if (!first?.address) return field?.text ?? '';
  return first.name ? `${first.name} <${first.address}>` : first.address;
}

/** Header lines as `{ lowercased name: unfolded raw value }`; a repeated header's values are joined by "\n". */
function headersOf(parsed) {
  const headers = {};
  for (const { key, line } of parsed.headerLines ?? []) {
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : line).replace(/\r?\n[ \t]+/g, ' ').trim();
    headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
  }
  return headers;
}

/** The highest counter already used in `dir`, so a reused folder keeps its order. */
async function lastCounter(dir) {
  let last = 0;
  for (const name of await readdir(dir)) {
    const m = /^(\d+)-\d+\.json$/.exec(name);
    if (m) last = Math.max(last, Number(m[1]));
  }
  return last;
}

/**
 * Starts the sink. Resolves once it listens; rejects when the port is taken.
 * @param {{ port?: number, dir: string, host?: string }} options
 * @returns {Promise<{ port: number, dir: string, close(): Promise<void> }>}
 */
export async function startSink({ port = 2526, dir, host = HOST } = {}) {
  if (!dir) throw new Error('startSink: `dir` is required');
  dir = path.resolve(dir);
  await mkdir(dir, { recursive: true });
  let counter = await lastCounter(dir);
  const pending = new Set();

  async function store(raw, session) {
    const parsed = await simpleParser(raw);
    const receivedAt = new Date();
    const envelopeTo = (session.envelope?.rcptTo ?? []).map((r) => r.address);
    const headerTo = [...addressesOf(parsed.to), ...addressesOf(parsed.cc)];
    const seen = new Set();
    const to = [...envelopeTo, ...headerTo].filter((a) => {
      const k = a.toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
    const mail = {
      to,
      from: fromOf(parsed.from) || session.envelope?.mailFrom?.address || '',
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      html: typeof parsed.html === 'string' ? parsed.html : '',
      messageId: parsed.messageId ?? '',
      headers: headersOf(parsed),
      receivedAt: receivedAt.toISOString(),
    };
    counter += 1;
    const name = `${String(counter).padStart(PAD, '0')}-${receivedAt.getTime()}.json`;
    const tmp = path.join(dir, `.${name}.tmp`);
    await writeFile(tmp, JSON.stringify(mail, null, 2) + '\n');
    await rename(tmp, path.join(dir, name));
    return name;
  }

  const server = new SMTPServer({
    secure: false,
    hideSTARTTLS: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    disableReverseLookup: true,
    logger: false,
    banner: 'liaison e2e smtp-sink',
    size: 25 * 1024 * 1024,
    closeTimeout: 2_000,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('error', (err) => callback(err));
      stream.on('end', () => {
        if (stream.sizeExceeded) {
          const err = new Error('Message too large');
          err.responseCode = 552;
          return callback(err);
        }
        const job = store(Buffer.concat(chunks), session).then(
          (name) => callback(null, `Stored as ${name}`),
          (err) => {
            process.stderr.write(`smtp-sink: could not store a message: ${err?.stack ?? err}\n`);
            const e = new Error('Could not store the message');
            e.responseCode = 451;
            callback(e);
          },
        );
        pending.add(job);
        job.finally(() => pending.delete(job));
      });
    },
  });
  let listening = false;
  // Before it listens, an error (the port is taken) rejects startSink instead.
  server.on('error', (err) => {
    if (listening) process.stderr.write(`smtp-sink: ${err?.message ?? err}\n`);
  });

  await new Promise((resolve, reject) => {
    const onError = (err) => reject(err);
    server.server.once('error', onError);
    server.listen(port, host, () => {
      server.server.off('error', onError);
      listening = true;
      resolve();
    });
  });
  const actualPort = server.server.address().port;

  let closing;
  return {
    port: actualPort,
    dir,
    close() {
      closing ??= new Promise((resolve) => server.close(resolve)).then(() => Promise.allSettled([...pending])).then(() => {});
      return closing;
    },
  };
}

function isMain() {
  if (!process.argv[1]) return false;
  try {
    return realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: process.env.E2E_SMTP_PORT ?? '2526' },
      dir: { type: 'string', default: 'target/e2e-mail' },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`smtp-sink: invalid --port ${values.port}\n`);
    process.exit(2);
  }
  let sink;
  try {
    sink = await startSink({ port, dir: values.dir });
  } catch (err) {
    process.stderr.write(`smtp-sink: cannot listen on ${HOST}:${port}: ${err?.message ?? err}\n`);
    process.exit(1);
  }
  process.stdout.write(`smtp-sink listening on ${HOST}:${sink.port}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    sink.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (isMain()) main();

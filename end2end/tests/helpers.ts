import { expect, Page } from '@playwright/test';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const PASSWORD = 'e2e-demo-password';

/** Fails when the page did not hydrate: the WASM must have taken over. */
export async function expectHydrated(page: Page) {
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1, { timeout: 15_000 });
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await expectHydrated(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** The partner's invitation link, read from its request-relationship page. */
export async function invitationLink(page: Page, email: string, includeDap = true): Promise<string> {
  await signIn(page, email);
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  const checkbox = page.getByLabel('Include delegated admin privileges');
  if ((await checkbox.count()) > 0 && (await checkbox.isChecked()) !== includeDap) {
    await checkbox.setChecked(includeDap);
  }
  const link = (await page.getByTestId('invitation-link').textContent())?.trim() ?? '';
  expect(link).toMatch(/^http:\/\/.+\/invitations\/[0-9a-f]{48}$/);
  await signOut(page);
  return link;
}

export async function acceptAs(page: Page, link: string, email: string) {
  await signIn(page, email);
  await page.goto(link);
  await expectHydrated(page);
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
}

// ---------------------------------------------------------------------------
// Email, received by smtp-sink.mjs (started by global-setup.ts), and TOTP.

/** The root of the repository. */
const repoRoot = path.resolve(__dirname, '..', '..');

/** The port smtp-sink listens on; the servers under test get `smtp://127.0.0.1:<port>`. */
export function smtpPort(): number {
  return Number(process.env.E2E_SMTP_PORT ?? 2526);
}

/** The sender the servers under test are configured with. */
export const MAIL_FROM = 'Liaison <liaison@liaison.test>';

/** The folder smtp-sink writes every received message to (emptied by global-setup.ts). */
export function mailDir(): string {
  return path.join(repoRoot, 'target', 'e2e-mail');
}

/** One message as smtp-sink.mjs wrote it. */
export interface Mail {
  /** Envelope recipients, then To and Cc addresses, without duplicates. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Header lines, lowercased name to unfolded raw value. */
  headers: Record<string, string>;
  /** ISO 8601. */
  receivedAt: string;
  /** The file it was read from (added by the reader). */
  file: string;
}

function readMails(dir: string): Mail[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const mails: Mail[] = [];
  // Zero-padded counters: the name order is the order of arrival. Newest first.
  for (const name of names.filter((n) => /^\d+-\d+\.json$/.test(n)).sort().reverse()) {
    try {
      const mail = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Mail;
      mails.push({ ...mail, file: name });
    } catch {
      // Written by rename, so never half a file; skip anything unreadable.
    }
  }
  return mails;
}

/**
 * The newest message to `to` (case-insensitive), waiting for it: polls the
 * mail folder every 200 ms for `timeoutMs` (default 20 s). `subject` filters on
 * the subject; `after` (epoch ms, e.g. `Date.now()` taken before the action
 * that sends it) ignores messages received earlier.
 */
export async function waitForMail(
  to: string,
  opts: { subject?: RegExp; after?: number; timeoutMs?: number } = {},
): Promise<Mail> {
  const want = to.trim().toLowerCase();
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  const dir = mailDir();
  for (;;) {
    const mails = readMails(dir);
    const found = mails.find(
      (m) =>
        (m.to ?? []).some((a) => a.trim().toLowerCase() === want) &&
        (opts.subject === undefined || opts.subject.test(m.subject ?? '')) &&
        (opts.after === undefined || Date.parse(m.receivedAt) >= opts.after),
    );
    if (found) return found;
    if (Date.now() >= deadline) {
      const seen = mails
        .slice(0, 20)
        .map((m) => `  ${m.file}: to ${m.to.join(', ')} "${m.subject}" at ${m.receivedAt}`)
        .join('\n');
      const filters = [
        opts.subject ? `subject ${opts.subject}` : '',
        opts.after !== undefined ? `after ${new Date(opts.after).toISOString()}` : '',
      ].filter(Boolean).join(', ');
      throw new Error(
        `No email to ${to}${filters ? ` (${filters})` : ''} within ${timeoutMs} ms in ${dir}.\n` +
          (seen ? `Newest received:\n${seen}` : 'Nothing was received.'),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The first http(s) URL in the mail's text that contains `pathPart`. */
export function linkIn(mail: Mail, pathPart: string): string {
  const urls = (mail.text ?? '').match(/https?:\/\/[^\s<>"'\[\]()]+/g) ?? [];
  for (const raw of urls) {
    const url = raw.replace(/[.,;:!?]+$/, '');
    if (url.includes(pathPart)) return url;
  }
  throw new Error(`No link containing "${pathPart}" in the email "${mail.subject}" to ${mail.to.join(', ')}:\n${mail.text}`);
}

/** RFC 4648 base32, case-insensitive, spaces, dashes and padding ignored. */
export function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    const index = alphabet.indexOf(ch);
    if (index < 0) throw new Error(`Not base32: ${JSON.stringify(ch)} in ${JSON.stringify(input)}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >>> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** The RFC 6238 time step (30 s) of `at` (epoch ms). */
export function totpStep(at: number = Date.now(), periodSeconds = 30): number {
  return Math.floor(at / 1000 / periodSeconds);
}

/**
 * The RFC 6238 code (HMAC-SHA-1, 30 s steps) of a base32 secret at `at`
 * (epoch milliseconds, default now), `digits` long (default 6).
 */
export function totpNow(base32Secret: string, at: number = Date.now(), digits = 6, periodSeconds = 30): string {
  const key = base32Decode(base32Secret);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(totpStep(at, periodSeconds)));
  const mac = crypto.createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

import { expect, test } from '@playwright/test';
import { expectHydrated, invitationLink, PASSWORD } from './helpers';

// The consent page runs under a strict Content-Security-Policy: only the
// scripts carrying the response's nonce run, and the app still hydrates.
test('the consent page hydrates under its Content-Security-Policy', async ({ page }) => {
  const link = await invitationLink(page, 'admin@contoso.example');
  await page.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
  const response = await page.goto(link);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toMatch(/script-src 'nonce-[A-Za-z0-9_-]{16,}'/);
  expect(policy).not.toContain('unsafe-inline');
  expect(policy).toContain("frame-ancestors 'none'");
  expect(response?.headers()['referrer-policy']).toBe('same-origin');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: /Contoso asks for a relationship/ })).toBeVisible();
  // The only script the policy stops is the empty one leptos_i18n leaves.
  const violations: string[] = await page.evaluate(() => (window as any).__violations);
  expect(violations.filter((v) => !/^script-src-elem inline\s*$/.test(v))).toEqual([]);
});

// On a slow connection the sign-in form can be sent before the WASM has
// loaded: the browser then posts it itself, as a navigation. It must sign in,
// not show a refusal.
test('signing in works before the page has hydrated', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('/login');
  await page.getByLabel('Email').fill('admin@contoso.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/partner\/customers$/);
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(0);
});

// The same form, with a wrong password: the visitor is sent back to the
// sign-in page, which says why (not raw JSON). Once the page is interactive,
// it still says so, and signing in works from it.
test('a wrong password sent before the page has hydrated comes back as an alert', async ({ page }) => {
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('/login?next=/partner/billing');
  await page.getByLabel('Email').fill('admin@contoso.example');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email or the password is not correct.');
  await expect(page).toHaveURL(/\/login\?next=%2Fpartner%2Fbilling|\/login\?next=\/partner\/billing/);
  await page.unroute('**/*.wasm');
  await page.reload();
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toContainText('The email or the password is not correct.');
  await page.getByLabel('Email').fill('admin@contoso.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/partner\/billing$/);
  await expect(page.getByRole('heading', { name: 'Invoices' })).toBeVisible();
});

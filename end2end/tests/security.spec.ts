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
  expect(response?.headers()['referrer-policy']).toBe('no-referrer');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: /Contoso asks for a relationship/ })).toBeVisible();
  // The only script the policy stops is the empty one leptos_i18n leaves.
  const violations: string[] = await page.evaluate(() => (window as any).__violations);
  expect(violations.filter((v) => !/^script-src-elem inline\s*$/.test(v))).toEqual([]);
});

// On a slow connection the sign-in form can be sent before the WASM has
// loaded: the browser then posts it itself, as a navigation (with
// `Origin: null`, since pages send no referrer). It must sign in, not show a
// refusal.
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

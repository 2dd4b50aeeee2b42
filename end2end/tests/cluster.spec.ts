import { test, expect } from '@playwright/test';
import { signIn, signOut, expectHydrated } from './helpers';

// Runs only behind scripts/cluster.sh (E2E_BASE_URL set): nginx balances
// several liaison processes round-robin and names, in X-Liaison-Upstream,
// the one that answered.
test.skip(!process.env.E2E_BASE_URL, 'only against scripts/cluster.sh');

test('each request lands on another process than the one before', async ({ request }) => {
  const served: string[] = [];
  for (let i = 0; i < 9; i++) {
    const response = await request.get('/login');
    expect(response.ok()).toBeTruthy();
    served.push(response.headers()['x-liaison-upstream'] ?? '');
  }
  expect(new Set(served).size).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < served.length; i++) {
    expect(served[i], `request ${i} was served by ${served[i]}, as request ${i - 1}`).not.toBe(served[i - 1]);
  }
});

test('a session lives on whichever process serves the next page', async ({ page }) => {
  const upstreams = new Set<string>();
  page.on('response', (response) => {
    const upstream = response.headers()['x-liaison-upstream'];
    if (upstream && response.request().resourceType() === 'document') upstreams.add(upstream);
  });
  await signIn(page, 'admin@contoso.example');
  for (const path of ['/partner/customers', '/partner/billing', '/partner/customers', '/partner/billing']) {
    await page.goto(path);
    await expectHydrated(page);
    await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toBeVisible();
  }
  expect(upstreams.size).toBeGreaterThanOrEqual(2);
  await signOut(page);
  for (let i = 0; i < 3; i++) {
    await page.goto('/partner/customers');
    await expect(page).toHaveURL(/\/login/);
  }
});

import { expect, Page } from '@playwright/test';

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
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
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

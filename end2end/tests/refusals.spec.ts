import { expect, test } from '@playwright/test';
import { expectHydrated, invitationLink, signIn } from './helpers';

test('a customer user who is not an administrator is told why and nothing changes', async ({ page }) => {
  const link = await invitationLink(page, 'admin@adatum.example');
  await signIn(page, 'user@fabrikam.example');
  await page.goto(link);
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toContainText('Only an administrator');
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('alert')).toContainText('Only an administrator');
  await expect(page.getByRole('status')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, 'admin@adatum.example');
  await page.goto('/partner/customers');
  await expect(page.getByRole('row', { name: /Fabrikam/ })).toHaveCount(0);
});

test('a partner user cannot accept another partner\'s invitation', async ({ page }) => {
  const link = await invitationLink(page, 'admin@adatum.example');
  await signIn(page, 'admin@contoso.example');
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('partner account');
});

test('a customer opening a partner page is not allowed', async ({ page }) => {
  await signIn(page, 'admin@tailspin.example');
  const response = await page.goto('/partner/customers');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
});

test('a wrong password shows an alert and keeps the visitor signed out', async ({ page }) => {
  await page.goto('/login');
  await expectHydrated(page);
  await page.getByLabel('Email').fill('admin@contoso.example');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('not correct');
  await expect(page.getByRole('button', { name: 'Sign out' })).toHaveCount(0);
  await page.goto('/partner/customers');
  await expect(page).toHaveURL(/\/login\?next=/);
});

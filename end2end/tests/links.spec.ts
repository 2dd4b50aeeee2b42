import { expect, test } from '@playwright/test';
import { acceptAs, expectHydrated, invitationLink, signIn, signOut } from './helpers';

test('accepting twice keeps one relationship', async ({ page }) => {
  const link = await invitationLink(page, 'admin@northwind.example');
  await acceptAs(page, link, 'admin@tailspin.example');
  await expect(page.getByRole('status')).toContainText('Northwind Traders now has a relationship');
  await page.goto(link);
  await expectHydrated(page);
  await expect(page.getByText('already has this relationship')).toBeVisible();
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('status')).toContainText('nothing changed');
  await signOut(page);
  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers');
  await expect(page.getByRole('row', { name: /Tailspin Toys/ })).toHaveCount(1);
});

test('a rotated link stops working with a clear page', async ({ page }) => {
  const old = await invitationLink(page, 'admin@northwind.example');
  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  await page.getByRole('button', { name: 'Rotate link' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Rotate', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('rotated');
  await expect(page.getByTestId('invitation-link')).not.toHaveText(old);
  const fresh = (await page.getByTestId('invitation-link').textContent())!.trim();
  await signOut(page);

  const response = await page.goto(old);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading')).toContainText('not valid');
  await page.goto(fresh);
  await expect(page.getByRole('heading', { name: /Northwind Traders asks/ })).toBeVisible();
});

test('a link without delegated admin privileges says so on the consent page', async ({ page }) => {
  const link = await invitationLink(page, 'admin@contoso.example', false);
  await page.goto(link);
  await expect(page.getByText('does not ask for delegated admin privileges')).toBeVisible();
});

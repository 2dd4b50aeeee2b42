import { expect, Page, test } from '@playwright/test';
import { acceptAs, expectHydrated, invitationLink, signIn, signOut } from './helpers';

// Issue 18: once the page is interactive, a form is sent in place. Nothing
// is reloaded (a value set on `window` survives), nothing goes into the
// address, a refusal shows in the form with what was typed, a success in
// the section with the list and the audit log brought up to date. Tailspin
// and Northwind, with Azure, which no other test sells there.

const mark = (page: Page) => page.evaluate(() => (window as any).__liaisonMark);

test('provisioning in place: the offer list follows the service, a refusal and a success leave the address clean', async ({ page }) => {
  test.setTimeout(60_000);
  // A panic in the WASM would leave every later click without effect.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const link = await invitationLink(page, 'admin@northwind.example');
  await acceptAs(page, link, 'admin@tailspin.example');
  await expect(page.getByRole('status')).toBeVisible();
  await signOut(page);

  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers/tailspin');
  await expectHydrated(page);
  await page.evaluate(() => ((window as any).__liaisonMark = 'kept'));
  const address = page.url();
  const subs = page.getByRole('region', { name: 'Subscriptions' });
  const audit = page.getByRole('region', { name: 'Audit log' });
  const eventsBefore = await audit.getByRole('row').count();

  // "Add subscription" opens the form; the offers are the chosen service's
  // only, with their prices; pressing the button again keeps the form as it is.
  const add = subs.getByRole('button', { name: 'Add subscription' });
  await add.click();
  await expect(subs.getByLabel('Service')).toBeFocused();
  const offer = subs.getByLabel('Offer');
  await subs.getByLabel('Service').selectOption({ label: 'Azure' });
  await expect(offer.locator('option')).toHaveText(['Azure Developer support', 'Azure Standard support']);
  await add.click();
  await expect(add).toHaveAttribute('aria-expanded', 'true');
  await expect(subs.getByLabel('Service')).toHaveValue('azure');
  await expect(offer.locator('option')).toHaveText(['Azure Developer support', 'Azure Standard support']);
  // Cancel closes it, and the focus comes back to the button; opened again,
  // it starts afresh.
  await subs.getByRole('link', { name: 'Cancel' }).press('Enter');
  await expect(subs.getByRole('button', { name: 'Create subscription' })).toHaveCount(0);
  await expect(add).toBeFocused();
  await expect(add).toHaveAttribute('aria-expanded', 'false');
  await add.press('Enter');
  await expect(subs.getByLabel('Service')).toBeFocused();
  await subs.getByLabel('Service').selectOption({ label: 'Azure' });
  await expect(subs.getByText(/^Monthly unit prices:/)).toContainText('Azure Standard support');
  await expect(subs.getByText(/^Monthly unit prices:/)).not.toContainText('Microsoft 365');
  await subs.getByLabel('Service').selectOption({ label: 'Dynamics 365' });
  await expect(offer.locator('option')).toHaveText(['Dynamics 365 Sales Professional', 'Dynamics 365 Sales Enterprise']);
  await subs.getByLabel('Service').selectOption({ label: 'Azure' });
  await offer.selectOption('azure-standard');

  // A refusal of the server (a browser that did not check the seats) shows
  // in the form, which keeps what was typed.
  await subs.locator('form:has(#new-subscription-offer)').evaluate((form: HTMLFormElement) => (form.noValidate = true));
  await subs.getByLabel('Seats').fill('0');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('alert')).toContainText('Seats');
  await expect(subs.getByLabel('Seats')).toHaveValue('0');
  await expect(offer).toHaveValue('azure-standard');
  expect(page.url()).toBe(address);
  expect(await mark(page)).toBe('kept');

  // The same form, corrected, succeeds: the section says so, the list and
  // the audit log follow, the form closes, the address stays as it was.
  await subs.getByLabel('Seats').fill('2');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('status')).toContainText('partner of record');
  await expect(subs.getByRole('alert')).toHaveCount(0);
  await expect(subs.getByRole('row', { name: /Azure Standard support/ })).toContainText('Northwind');
  await expect(subs.getByRole('button', { name: 'Create subscription' })).toHaveCount(0);
  await expect(audit.getByRole('row')).toHaveCount(eventsBefore + 1);
  await expect(audit).toContainText('Subscription created');
  expect(page.url()).toBe(address);
  expect(await mark(page)).toBe('kept');

  // A change opens beside its row and "Cancel" closes it, in place.
  const row = subs.getByRole('row', { name: /Azure Standard support/ });
  await row.getByRole('button', { name: 'Change seats' }).click();
  await expect(subs.getByRole('heading', { name: 'Change the seats of Azure Standard support' })).toBeVisible();
  await subs.getByRole('link', { name: 'Cancel' }).click();
  await expect(subs.getByRole('button', { name: 'Save seats' })).toHaveCount(0);
  await row.getByRole('button', { name: 'Change seats' }).click();
  await subs.getByLabel('Seats').fill('3');
  await subs.getByRole('button', { name: 'Save seats' }).click();
  await expect(subs.getByRole('status')).toContainText('seats were changed');
  await expect(row.getByRole('cell', { name: '3', exact: true })).toBeVisible();
  expect(page.url()).toBe(address);
  expect(await mark(page)).toBe('kept');
  expect(errors).toEqual([]);
});

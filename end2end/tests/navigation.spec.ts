import { expect, test } from '@playwright/test';
import { acceptAs, expectHydrated, invitationLink, signIn, signOut } from './helpers';

// Issue 18: the app's router runs in the browser. A link navigates without
// loading a document: a value set on `window` survives a click through the
// header, a click on a customer row, and going back.
test('links navigate in the app: the document is never loaded again', async ({ page }) => {
  const link = await invitationLink(page, 'admin@contoso.example');
  await acceptAs(page, link, 'admin@fabrikam.example');
  await expect(page.getByRole('status')).toBeVisible();
  await signOut(page);

  await signIn(page, 'admin@contoso.example');
  await expect(page).toHaveURL(/\/partner\/customers$/);
  await page.evaluate(() => ((window as any).__liaisonMark = 'kept'));
  const mark = () => page.evaluate(() => (window as any).__liaisonMark);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invoices' }).click();
  await expect(page).toHaveURL(/\/partner\/billing$/);
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  // The new page names itself in the title, and its heading has the focus.
  await expect(page).toHaveTitle('Invoices · Liaison');
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeFocused();
  expect(await mark()).toBe('kept');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Customers' }).click();
  await expect(page).toHaveURL(/\/partner\/customers$/);
  await page.getByRole('row', { name: /Fabrikam/ }).getByRole('link', { name: 'Fabrikam' }).click();
  await expect(page).toHaveURL(/\/partner\/customers\/fabrikam$/);
  await expect(page.getByRole('heading', { name: 'Fabrikam', level: 1 })).toBeFocused();
  await expect(page).toHaveTitle('Fabrikam · Liaison');
  await expect(page.getByRole('region', { name: 'Users' })).toBeVisible();
  expect(await mark()).toBe('kept');

  await page.goBack();
  await expect(page).toHaveURL(/\/partner\/customers$/);
  await expect(page.getByRole('heading', { name: 'Customers', level: 1 })).toBeVisible();
  await expect(page.getByRole('row', { name: /Fabrikam/ })).toBeVisible();
  expect(await mark()).toBe('kept');

  await page.goForward();
  await expect(page.getByRole('heading', { name: 'Fabrikam', level: 1 })).toBeVisible();
  expect(await mark()).toBe('kept');
  await expectHydrated(page);
});

// A failure belongs to the page it was sent back to: navigating away and
// back in the app never shows it again. A link to the page being shown
// (the header's) shows it afresh.
test('a refusal stays with its page: away and back in the app, it is gone', async ({ page }) => {
  await signIn(page, 'operator@liaison.example');
  await page.goto('/operator/catalog');
  await expectHydrated(page);
  const e3 = page.getByRole('row', { name: /Microsoft 365 E3/ });
  await e3.getByLabel('Monthly unit price of Microsoft 365 E3, in USD').fill('12,50');
  await e3.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByRole('alert')).toContainText('Price is not valid.');
  await expectHydrated(page);
  await page.evaluate(() => ((window as any).__liaisonMark = 'kept'));

  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('link', { name: 'Support requests' }).click();
  await expect(page).toHaveURL(/\/operator\/support-requests$/);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await nav.getByRole('link', { name: 'Catalog' }).click();
  await expect(page).toHaveURL(/\/operator\/catalog$/);
  await expect(page.getByRole('row', { name: /Microsoft 365 E3/ })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).__liaisonMark)).toBe('kept');
});

import { expect, test } from '@playwright/test';
import { expectHydrated, invitationLink, PASSWORD, signIn } from './helpers';

test('a customer user who is not an administrator is told why and nothing changes', async ({ page }) => {
  const link = await invitationLink(page, 'admin@adatum.example');
  await signIn(page, 'user@fabrikam.example');
  await page.goto(link);
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toContainText('Only an administrator');
  // No form the server would refuse: the way to an administrator's account instead.
  await expect(page.getByRole('button', { name: 'Accept and authorize' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Sign in as someone else', exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signIn(page, 'admin@adatum.example');
  await page.goto('/partner/customers');
  await expect(page.getByRole('row', { name: /Fabrikam/ })).toHaveCount(0);
});

test('a partner user cannot accept another partner\'s invitation', async ({ page }) => {
  const link = await invitationLink(page, 'admin@adatum.example');
  await signIn(page, 'admin@contoso.example');
  await page.goto(link);
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toContainText('partner account');
  // Offered, then refused no more: no "Accept and authorize", but signing
  // in as someone else, which comes back to the invitation.
  await expect(page.getByRole('button', { name: 'Accept and authorize' })).toHaveCount(0);
  const roles = page.getByRole('table', { name: 'Delegated admin roles, per service' });
  for (const box of await roles.getByRole('checkbox').all()) {
    await expect(box).toBeDisabled();
  }
  await page.getByRole('link', { name: 'Sign in as someone else', exact: true }).click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await expectHydrated(page);
  await page.getByLabel('Email').fill('user@fabrikam.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(new URL(link).pathname));
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toContainText('Only an administrator');
  await expect(page.getByRole('button', { name: 'Accept and authorize' })).toHaveCount(0);
});

test('another cloud\'s customer is told why and offered another account, not the form', async ({ page }) => {
  const link = await invitationLink(page, 'admin@northwind.example');
  await signIn(page, 'admin@wingtip.example');
  await page.goto(link);
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Accept and authorize' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Sign in as someone else', exact: true })).toBeVisible();
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
  await expect(page.getByRole('button', { name: 'Sign out', exact: true })).toHaveCount(0);
  await page.goto('/partner/customers');
  await expect(page).toHaveURL(/\/login\?next=/);
});

test('a session that ends while a page is open sends the user to sign in, then back', async ({ page, context }) => {
  await signIn(page, 'operator@liaison.example');
  await page.goto('/operator/catalog');
  await expectHydrated(page);
  const e3 = page.getByRole('row', { name: /Microsoft 365 E3/ });
  const price = await e3.getByRole('textbox').inputValue();
  // The session ends elsewhere (signed out in another tab, expired).
  await context.clearCookies();
  await e3.getByLabel('Monthly unit price of Microsoft 365 E3, in USD').fill('99.00');
  await e3.getByRole('button', { name: 'Save price' }).click();
  // The form is posted without a session: refused, and the catalog sends the
  // browser to sign in, coming back to the catalog.
  await expect(page).toHaveURL(/\/login\?next=\/operator\/catalog$/);
  await page.getByLabel('Email').fill('operator@liaison.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/operator\/catalog$/);
  // Nothing was saved without a session.
  await expect(page.getByRole('row', { name: /Microsoft 365 E3/ }).getByRole('textbox')).toHaveValue(price);
});

test('a mistyped price is refused with the reason, and the catalog keeps the price', async ({ page }) => {
  await signIn(page, 'operator@liaison.example');
  await page.goto('/operator/catalog');
  await expectHydrated(page);
  const e3 = page.getByRole('row', { name: /Microsoft 365 E3/ });
  const price = await e3.getByRole('textbox').inputValue();
  await e3.getByLabel('Monthly unit price of Microsoft 365 E3, in USD').fill('12,50');
  await e3.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByRole('alert')).toContainText('Price is not valid.');
  await expect(page.getByRole('status')).toHaveCount(0);
  // What was typed stays, to be corrected; the catalog kept its price.
  await expect(e3.getByRole('textbox')).toHaveValue('12,50');
  expect(page.url()).not.toContain('__err');
  await page.reload();
  await expect(page.getByRole('row', { name: /Microsoft 365 E3/ }).getByRole('textbox')).toHaveValue(price);
});

test('a helpdesk agent on Invoices sees the page’s heading, then why not', async ({ page }) => {
  await signIn(page, 'helpdesk@contoso.example');
  await page.goto('/partner/billing');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Invoices', level: 1 })).toBeVisible();
  await expect(page.getByRole('alert')).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0);
});

test('the only admin agent is not offered a new role for itself', async ({ page }) => {
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/team');
  await expectHydrated(page);
  const me = page.getByRole('row', { name: /admin@contoso\.example/ });
  await expect(me.getByRole('combobox')).toHaveCount(0);
  await expect(me.getByRole('button', { name: 'Change role' })).toHaveCount(0);
  await expect(me).toContainText('You are the only admin agent');
  // Other agents' roles are offered as before.
  const sales = page.getByRole('row', { name: /sales@contoso\.example/ });
  await expect(sales.getByRole('button', { name: 'Change role' })).toBeVisible();
});

test('Global Administrator and Extend automatically are never offered together', async ({ page }) => {
  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  const extend = page.getByRole('checkbox', { name: 'Extend automatically', exact: true });
  const global = page.getByRole('checkbox', { name: 'Global Administrator', exact: true });
  if (await global.isChecked()) await global.uncheck();
  await extend.check();
  await global.check();
  await expect(extend).not.toBeChecked();
  await expect(extend).toBeDisabled();
  await expect(page.getByText('Not allowed while Global Administrator is asked for')).toBeVisible();
  await global.uncheck();
  await expect(extend).toBeEnabled();
  // Nothing was saved: leaving the page keeps the partner's ask as it was.
});

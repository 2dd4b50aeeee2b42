import { expect, test } from '@playwright/test';
import { expectHydrated, PASSWORD, signIn, signOut } from './helpers';

test('Contoso copies its invitation, Fabrikam accepts, Contoso sees Fabrikam', async ({ page }) => {
  // The partner copies the email with its link.
  await signIn(page, 'admin@contoso.example');
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Fabrikam/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Request a reseller relationship' }).click();
  await expect(page.getByRole('heading', { name: 'Request a reseller relationship' })).toBeVisible();
  await expectHydrated(page);

  const first = page.getByLabel('First paragraph');
  await first.fill('Hello Fabrikam, this is Contoso.');
  await page.getByLabel('Second paragraph').fill('');
  await expect(page.getByLabel('Include delegated admin privileges')).toBeChecked();
  const link = (await page.getByTestId('invitation-link').textContent())!.trim();
  await page.getByRole('button', { name: 'Copy email' }).click();
  await expect(page.getByRole('status')).toContainText('clipboard');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(`Hello Fabrikam, this is Contoso.\n\n${link}`);
  await signOut(page);

  // The customer administrator opens it signed out, signs in and comes back.
  await page.goto(link);
  await expect(page.getByRole('heading', { name: /Contoso asks for a relationship/ })).toBeVisible();
  await expect(page.getByText('contoso.example', { exact: true })).toBeVisible();
  await expect(page.getByText('Contoso Ltd.', { exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: /Microsoft 365/ })).toBeVisible();
  await page.getByRole('link', { name: 'Sign in to accept' }).click();
  await expect(page).toHaveURL(/\/login\?next=/);
  await expectHydrated(page);
  await page.getByLabel('Email').fill('admin@fabrikam.example');
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(link);
  await expectHydrated(page);
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  const done = page.getByRole('status');
  await expect(done).toContainText('Contoso now has a relationship');
  // What Contoso now holds and until when, where to review it, the focus
  // on it; the choices above are no longer editable.
  await expect(done).toBeFocused();
  await expect(done).toContainText(/Contoso now holds: .*User Administrator.* until \d{4}-\d{2}-\d{2}/);
  await expect(done.getByRole('link', { name: 'Partner relationships' })).toHaveAttribute(
    'href',
    '/admin/partner-relationships',
  );
  const roles = page.getByRole('table', { name: 'Delegated admin roles, per service' });
  for (const box of await roles.getByRole('checkbox').all()) {
    await expect(box).toBeDisabled();
  }
  await expect(page.getByRole('button', { name: 'Accept and authorize' })).toHaveCount(0);
  await signOut(page);

  // The partner sees its new customer.
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers');
  const row = page.getByRole('row', { name: /Fabrikam/ });
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('Reseller');
  await expect(row).toContainText('Active');
});

test('declining changes nothing', async ({ page }) => {
  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers/request-relationship');
  const link = (await page.getByTestId('invitation-link').textContent())!.trim();
  await signOut(page);
  await signIn(page, 'admin@fabrikam.example');
  await page.goto(link);
  await expectHydrated(page);
  await page.getByRole('button', { name: 'Decline' }).click();
  await expect(page.getByRole('status')).toContainText('Nothing was changed');
  await signOut(page);
  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers');
  await expect(page.getByRole('row', { name: /Fabrikam/ })).toHaveCount(0);
});

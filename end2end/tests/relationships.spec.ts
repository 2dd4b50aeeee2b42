import { expect, Page, test } from '@playwright/test';
import { expectHydrated, invitationLink, signIn, signOut } from './helpers';

/** Accepts `link` as Fabrikam's administrator, whatever was in place before. */
async function fabrikamAccepts(page: Page, link: string) {
  await signIn(page, 'admin@fabrikam.example');
  await page.goto(link);
  await expectHydrated(page);
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('status')).toBeVisible();
}

test('Fabrikam removes Contoso’s privileges, Contoso turns to support, accepting again restores them', async ({ page }) => {
  const link = await invitationLink(page, 'admin@contoso.example');
  await fabrikamAccepts(page, link);

  // The customer reviews its partners and removes Contoso's privileges.
  await page.goto('/admin/partner-relationships');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Partner relationships' })).toBeVisible();
  const contoso = page.getByRole('row', { name: /Contoso/ });
  await expect(contoso).toContainText('Reseller');
  await expect(contoso.getByText('Active', { exact: true })).toHaveCount(3);
  await contoso.getByRole('button', { name: 'Remove delegated admin privileges' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Services')).toHaveValue('');
  await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('removed for: Microsoft 365, Azure, Dynamics 365');
  // What comes next: only Contoso's link restores them, and whom to ask.
  await expect(page.getByRole('status')).toContainText(
    'To restore them, ask Contoso for its invitation link (admin@contoso.example) and accept it again.',
  );
  await expect(contoso.getByText('Removed by the customer')).toHaveCount(3);
  await expect(contoso.getByRole('button', { name: 'Remove delegated admin privileges' })).toHaveCount(0);
  await signOut(page);

  // Contoso keeps the customer, but cannot administer it any more.
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers');
  const customer = page.getByRole('row', { name: /Fabrikam/ });
  await expect(customer).toContainText('Removed by the customer');
  await customer.getByRole('link', { name: 'Fabrikam' }).click();
  await expect(page.getByRole('heading', { name: 'Fabrikam', level: 1 })).toBeVisible();
  await expectHydrated(page);
  const users = page.getByRole('region', { name: 'Users' });
  await expect(users.getByRole('alert')).toContainText('removed your delegated admin privileges');
  await expect(users.getByRole('button', { name: 'Add user' })).toHaveCount(0);

  // ...so it opens a support request on Fabrikam's behalf.
  const support = page.getByRole('region', { name: 'Support requests' });
  await support.getByRole('button', { name: 'Open support request' }).click();
  await support.getByLabel('Title').fill('Mailboxes are read-only');
  await support.getByLabel('Description').fill('Since 9:00 nobody at Fabrikam can send mail.');
  await support.getByLabel('Severity').selectOption('high');
  await support.getByRole('button', { name: 'Submit' }).click();
  await expect(support.getByRole('status')).toContainText('support request is open');
  await expect(support.getByRole('row', { name: /Mailboxes are read-only/ })).toContainText('High');
  await signOut(page);

  // The operator answers it.
  await signIn(page, 'operator@liaison.example');
  await page.goto('/operator/support-requests');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Support requests' })).toBeVisible();
  await page.getByRole('link', { name: 'Mailboxes are read-only' }).click();
  await expect(page.getByRole('heading', { name: 'Mailboxes are read-only' })).toBeVisible();
  await page.getByLabel('Reply').fill('We escalated this to the mail team.');
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('We escalated this to the mail team.')).toBeVisible();
  await signOut(page);

  // Fabrikam follows the thread, then accepts the link again.
  await signIn(page, 'admin@fabrikam.example');
  await page.goto('/admin/support-requests');
  await expectHydrated(page);
  await page.getByRole('link', { name: 'Mailboxes are read-only' }).click();
  await expect(page.getByText('We escalated this to the mail team.')).toBeVisible();
  await page.goto(link);
  await expectHydrated(page);
  await expect(page.getByText('Accepting again restores them')).toBeVisible();
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('status')).toContainText('restored');

  // The customer's audit log shows each step, newest first, and filters.
  await page.goto('/admin/audit-log');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  const events = page.getByRole('table');
  await expect(events.getByRole('row').nth(1)).toContainText('Delegated admin privileges restored');
  for (const step of ['Support request answered', 'Support request opened', 'Delegated admin privileges removed']) {
    await expect(events).toContainText(step);
  }
  await page.getByLabel('Kind of event').selectOption('dap_removed');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/action=dap_removed/);
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows.nth(1)).toContainText('Delegated admin privileges removed');
  await expect(page.getByRole('table')).not.toContainText('Support request');
  await signOut(page);

  // Contoso can administer Fabrikam's users again.
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers/fabrikam');
  await expectHydrated(page);
  const again = page.getByRole('region', { name: 'Users' });
  await again.getByRole('button', { name: 'Add user' }).click();
  await again.getByLabel('Display name').fill('Nina Fabrikam');
  await again.getByLabel('Email').fill('nina@fabrikam.example');
  await again.getByRole('button', { name: 'Create user' }).click();
  await expect(again.getByRole('status')).toContainText('nina@fabrikam.example');
  const first = (await again.getByTestId('new-password').textContent())!.trim();
  expect(first).toMatch(/^[A-Za-z0-9]{20}$/);
  const nina = again.getByRole('row', { name: /Nina Fabrikam/ });
  await nina.getByRole('button', { name: 'Reset password' }).click();
  // Asked first, naming the user.
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('Nina Fabrikam');
  await confirm.getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(again.getByTestId('new-password')).not.toHaveText(first);
  await expect(again.getByRole('row', { name: /Fatima Fabrikam/ }).getByRole('button')).toHaveCount(0);

  // The partner's side of the audit log shows the same story.
  const audit = page.getByRole('region', { name: 'Audit log' });
  for (const step of [
    'Password reset on the customer',
    'User created on the customer',
    'Delegated admin privileges restored',
    'Delegated admin privileges removed',
    'Support request opened',
  ]) {
    await expect(audit).toContainText(step);
  }
});

test('a sales agent reads a customer but neither administers it nor opens requests', async ({ page }) => {
  await signIn(page, 'sales@contoso.example');
  await page.goto('/partner/customers/fabrikam');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Fabrikam', level: 1 })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Users' })).toContainText('Only admin agents');
  await expect(page.getByRole('button', { name: 'Add user' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Open support request' })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Support requests' }).getByRole('row', { name: /Mailboxes/ })).toBeVisible();
});

test('a partner without a relationship gets “not found” for another partner’s customer', async ({ page }) => {
  await signIn(page, 'admin@adatum.example');
  const response = await page.goto('/partner/customers/fabrikam');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
});

test('the customer’s pages read in French', async ({ page }) => {
  await signIn(page, 'admin@fabrikam.example');
  await page.goto('/admin/partner-relationships');
  await expectHydrated(page);
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Relations de partenariat' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Contoso/ })).toContainText('Revendeur');
  await page.goto('/admin/audit-log');
  await expect(page.getByRole('heading', { name: 'Journal d’audit' })).toBeVisible();
  await expect(page.getByRole('table')).toContainText('Privilèges d’administration délégués rétablis');
});

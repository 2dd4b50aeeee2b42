import { expect, Page, test } from '@playwright/test';
import { expectHydrated, signIn, signOut } from './helpers';
import { OwnServer } from './own-server';

// R13, R14 on a server of this file's own, with the demo data: what the
// other specs do with Contoso's link is not disturbed by the asks saved
// here (every goto below goes to this server through baseURL).

test.skip(!!process.env.E2E_BASE_URL, 'starts its own server; not against an external one');

const port = Number(process.env.E2E_ROLES_PORT ?? 3102);
test.use({ baseURL: `http://127.0.0.1:${port}` });

OwnServer.forFile(test, port, 'e2e-roles', true);

/** The last day in force of a grant accepted today for `days` days. */
function lastDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000 - 1).toISOString().slice(0, 10);
}

/** As a partner's admin agent: ask for exactly `roles` for `days` days; returns the link. */
async function askFor(page: Page, partner: string, roles: string[], days: number): Promise<string> {
  await signIn(page, `admin@${partner}.example`);
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  const before = (await page.getByTestId('invitation-link').textContent())?.trim();
  const group = page.getByRole('group', { name: 'Roles' });
  for (const box of await group.getByRole('checkbox').all()) {
    await box.setChecked(false);
  }
  for (const role of roles) {
    await group.getByRole('checkbox', { name: role, exact: true }).check();
  }
  await page.getByLabel('Duration in days').fill(String(days));
  await page.getByRole('button', { name: 'Save request' }).click();
  await expect(page.getByRole('status')).toContainText('Saved');
  // The link does not change when the ask does (R1).
  const link = (await page.getByTestId('invitation-link').textContent())?.trim() ?? '';
  expect(link).toBe(before);
  await signOut(page);
  return link;
}

test('the partner asks for two roles, the customer unticks one, both sides see exactly one role with its end date', async ({ page }) => {
  const link = await askFor(page, 'contoso', ['User Administrator', 'Reader'], 90);
  const until = lastDay(90);

  await signIn(page, 'admin@fabrikam.example');
  await page.goto(link);
  await expectHydrated(page);
  const userAdmin = page.getByRole('checkbox', { name: 'User Administrator', exact: true });
  const reader = page.getByRole('checkbox', { name: 'Reader', exact: true });
  await expect(userAdmin).toBeChecked();
  await expect(reader).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Global Administrator', exact: true })).toHaveCount(0);
  await expect(page.getByText(`until ${until}`)).toBeVisible();
  await reader.uncheck();
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('status')).toContainText('Contoso now has a relationship');

  await page.goto('/admin/partner-relationships');
  await expectHydrated(page);
  const contoso = page.getByRole('row', { name: /Contoso/ });
  await expect(contoso.getByText('User Administrator', { exact: true })).toBeVisible();
  await expect(contoso.getByText('Reader', { exact: true })).toHaveCount(0);
  await expect(contoso.getByText(`until ${until}`)).toHaveCount(1);
  await expect(contoso.getByText('Last used: Never')).toHaveCount(1);
  await expect(contoso.getByRole('button', { name: 'Remove role' })).toHaveCount(1);
  await signOut(page);

  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers/fabrikam');
  await expectHydrated(page);
  const privileges = page.getByRole('region', { name: 'Delegated admin privileges' });
  await expect(privileges.getByText('User Administrator', { exact: true })).toBeVisible();
  await expect(privileges.getByText('Reader', { exact: true })).toHaveCount(0);
  await expect(privileges.getByText(`until ${until}`)).toHaveCount(1);
  await signOut(page);
});

test('Helpdesk Administrator alone allows "Reset password" and refuses "Add user"', async ({ page }) => {
  const link = await askFor(page, 'northwind', ['Helpdesk Administrator'], 30);
  await signIn(page, 'admin@fabrikam.example');
  await page.goto(link);
  await expectHydrated(page);
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await signOut(page);

  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers/fabrikam');
  await expectHydrated(page);
  const users = page.getByRole('region', { name: 'Users' });
  const add = users.getByRole('button', { name: 'Add user' });
  await expect(add).toBeDisabled();
  await expect(users.getByText(/needs the role User Administrator/)).toBeVisible();
  await users
    .getByRole('row', { name: /user@fabrikam\.example/ })
    .getByRole('button', { name: 'Reset password' })
    .click();
  await page.getByRole('dialog').getByRole('button', { name: 'Reset', exact: true }).click();
  await expect(users.getByTestId('new-password')).toBeVisible();
  await signOut(page);

  // The customer sees when the role was last used.
  await signIn(page, 'admin@fabrikam.example');
  await page.goto('/admin/partner-relationships');
  const northwind = page.getByRole('row', { name: /Northwind/ });
  await expect(northwind.getByText(`Last used ${new Date().toISOString().slice(0, 10)}`)).toBeVisible();
  await signOut(page);
});

test('a one-customer invitation is refused to Tailspin’s admin and accepted by Fabrikam’s', async ({ page }) => {
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  const section = page.getByRole('region', { name: 'Invite one customer' });
  await section.getByLabel('Customer domain').fill('fabrikam.example');
  await section.getByRole('button', { name: 'Create invitation' }).click();
  const link = (await section.getByTestId('customer-invitation-link').textContent())?.trim() ?? '';
  expect(link).toMatch(/\/invitations\/[0-9a-f]{48}$/);
  const invitations = section.getByRole('table', { name: 'Invitations' });
  await expect(invitations.getByRole('row', { name: /fabrikam\.example/ })).toContainText('Pending');
  await signOut(page);

  await signIn(page, 'admin@tailspin.example');
  await page.goto(link);
  await expectHydrated(page);
  await expect(page.getByRole('alert')).toContainText('for another organization');
  // Not offered what the server refuses: another account instead.
  await expect(page.getByRole('button', { name: 'Accept and authorize' })).toHaveCount(0);
  await expect(page.getByRole('link', { name: 'Sign in as someone else', exact: true })).toBeVisible();
  await expect(page.getByRole('status')).toHaveCount(0);
  await signOut(page);

  await signIn(page, 'admin@fabrikam.example');
  await page.goto(link);
  await expectHydrated(page);
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  // Once: the link no longer works.
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('not valid');
  await signOut(page);

  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  await expect(
    page.getByRole('table', { name: 'Invitations' }).getByRole('row', { name: /fabrikam\.example/ }),
  ).toContainText('Accepted');
  await signOut(page);
});

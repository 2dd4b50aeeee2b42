import { expect, Page, test } from '@playwright/test';
import { acceptAs, expectHydrated, invitationLink, signIn, signOut } from './helpers';

async function openCustomer(page: Page, email: string, customer = 'fabrikam') {
  await signIn(page, email);
  await page.goto(`/partner/customers/${customer}`);
  await expectHydrated(page);
  return page.getByRole('region', { name: 'Subscriptions' });
}

test('multichannel and partner of record: Contoso sells Microsoft 365, Northwind only Azure, Adatum only advises', async ({ page }) => {
  // One long journey through four organizations (each sign-in hashes a password).
  test.setTimeout(120_000);
  // Fabrikam accepts all three partners (accepting again changes nothing).
  for (const partner of ['admin@contoso.example', 'admin@northwind.example', 'admin@adatum.example']) {
    const link = await invitationLink(page, partner);
    await acceptAs(page, link, 'admin@fabrikam.example');
    await expect(page.getByRole('status')).toBeVisible();
    await signOut(page);
  }

  // Contoso provisions Microsoft 365 and becomes its partner of record.
  let subs = await openCustomer(page, 'admin@contoso.example');
  await subs.getByRole('button', { name: 'Add subscription' }).click();
  await subs.getByLabel('Service').selectOption({ label: 'Microsoft 365' });
  await subs.getByLabel('Offer').selectOption('m365-e3');
  await subs.getByLabel('Seats').fill('10');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('status')).toContainText('partner of record');
  const e3 = subs.getByRole('row', { name: /Microsoft 365 E3/ });
  await expect(e3).toContainText('Contoso');

  // As partner of record it changes the seats and orders an add-on.
  await e3.getByRole('button', { name: 'Change seats' }).click();
  await subs.getByLabel('Seats').fill('12');
  await subs.getByRole('button', { name: 'Save seats' }).click();
  await expect(subs.getByRole('status')).toContainText('seats were changed');
  await expect(e3.getByRole('cell', { name: '12', exact: true })).toBeVisible();
  await e3.getByRole('button', { name: 'Add add-on' }).click();
  await subs.getByLabel('Add-on').selectOption('m365-copilot');
  await subs.getByLabel('Quantity').fill('2');
  await subs.getByRole('button', { name: 'Order add-on' }).click();
  await expect(e3).toContainText('Microsoft 365 Copilot × 2');
  await signOut(page);

  // Northwind is refused Microsoft 365, naming Contoso, but may take Azure.
  subs = await openCustomer(page, 'admin@northwind.example');
  await subs.getByRole('button', { name: 'Add subscription' }).click();
  await subs.getByLabel('Service').selectOption({ label: 'Microsoft 365' });
  await subs.getByLabel('Offer').selectOption('m365-business-basic');
  await subs.getByLabel('Seats').fill('3');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('alert')).toContainText('Contoso already transacts this service');
  await subs.getByLabel('Service').selectOption({ label: 'Azure' });
  await subs.getByLabel('Offer').selectOption('azure-standard');
  await subs.getByLabel('Seats').fill('2');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('status')).toContainText('partner of record');
  await expect(subs.getByRole('row', { name: /Azure Standard support/ })).toContainText('Northwind');

  // Delegated admin privileges alone do not let Northwind touch Contoso's
  // subscription: its changes are not offered, and the row says why.
  const contosos = subs.getByRole('row', { name: /Microsoft 365 E3/ });
  for (const name of ['Change seats', 'Add add-on', 'Migrate', 'Suspend']) {
    await expect(contosos.getByRole('button', { name })).toBeDisabled();
  }
  await expect(contosos.getByRole('button', { name: 'Change seats' })).toHaveAccessibleDescription(
    'Only Contoso, the partner of record, changes this subscription.',
  );
  await expect(contosos.getByRole('cell', { name: '12', exact: true })).toBeVisible();

  // Northwind's invoice holds Azure only.
  await page.goto('/partner/billing');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Invoices' })).toBeVisible();
  const northwindInvoice = page.getByRole('table');
  await expect(northwindInvoice).toContainText('Azure Standard support');
  await expect(northwindInvoice).not.toContainText('Microsoft 365');
  await signOut(page);

  // Adatum, an advisor, holds privileges but cannot provision: the button
  // says why instead of opening a form that would be refused.
  subs = await openCustomer(page, 'admin@adatum.example');
  const add = subs.getByRole('button', { name: 'Add subscription' });
  await expect(add).toBeDisabled();
  await expect(add).toHaveAccessibleDescription('Advisors do not provision or change subscriptions.');
  await expect(subs.getByRole('button', { name: 'Create subscription' })).toHaveCount(0);
  await expect(subs.getByRole('row', { name: /Adatum/ })).toHaveCount(0);
  await signOut(page);

  // Contoso's invoice shows its lines, and exports as CSV.
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/billing');
  await expectHydrated(page);
  const invoice = page.getByRole('table');
  await expect(invoice.getByRole('row', { name: /Fabrikam.*Microsoft 365 E3/ })).toBeVisible();
  await expect(invoice).toContainText('Microsoft 365 Copilot');
  await expect(invoice).not.toContainText('Azure');
  const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const text = await csv.text();
  expect(text).toContain('Fabrikam,Microsoft 365 E3,subscription,12,36.00');
  expect(text).not.toContain('Azure');
});

test('Fabrikam moves Azure to Contoso, which accepts; an operator changes a price', async ({ page }) => {
  test.setTimeout(90_000);
  // After the journey above: Contoso transacts Microsoft 365, Northwind Azure.
  await signIn(page, 'admin@fabrikam.example');
  await page.goto('/admin/subscriptions');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Subscriptions', level: 1 })).toBeVisible();
  await expect(page.getByRole('row', { name: /Azure Standard support/ })).toContainText('Northwind');
  const transfers = page.getByRole('region', { name: 'Partner of record per service' });
  const azure = transfers.getByRole('listitem').filter({ hasText: 'Azure' });
  await expect(azure).toContainText('partner of record: Northwind Traders');
  await azure.getByLabel('New partner of record').selectOption({ label: 'Contoso' });
  await azure.getByRole('button', { name: 'Request transfer' }).click();
  await expect(azure).toContainText('Waiting for Contoso to accept');
  await signOut(page);

  const subs = await openCustomer(page, 'admin@contoso.example');
  await expect(subs).toContainText('become partner of record for Azure');
  await subs.getByRole('button', { name: 'Accept transfer' }).click();
  await expect(subs.getByRole('status')).toContainText('transfer was recorded');
  const row = subs.getByRole('row', { name: /Azure Standard support/ });
  await expect(row).toContainText('Contoso');
  await expect(row).toContainText('(you)');
  await signOut(page);

  await signIn(page, 'operator@liaison.example');
  await page.goto('/operator/catalog');
  await expectHydrated(page);
  await expect(page.getByRole('heading', { name: 'Catalog' })).toBeVisible();
  const e3 = page.getByRole('row', { name: /Microsoft 365 E3/ });
  await e3.getByLabel('Monthly unit price of Microsoft 365 E3, in USD').fill('38.50');
  await e3.getByRole('button', { name: 'Save price' }).click();
  await expect(page.getByRole('status')).toContainText('Microsoft 365 E3');
  await expect(e3.getByRole('textbox')).toHaveValue('38.50');
});

test('Suspend asks first, each status names what changed, and Add subscription offers only services with a role in force', async ({ page }) => {
  test.setTimeout(120_000);
  // Tailspin accepts Contoso's link, then removes its Azure privileges.
  const link = await invitationLink(page, 'admin@contoso.example');
  await acceptAs(page, link, 'admin@tailspin.example');
  await expect(page.getByRole('status')).toBeVisible();
  await page.goto('/admin/partner-relationships');
  await expectHydrated(page);
  const contoso = page.getByRole('row', { name: /Contoso/ });
  await contoso.getByRole('button', { name: 'Remove delegated admin privileges' }).click();
  const removal = page.getByRole('dialog');
  await removal.getByLabel('Services').selectOption({ label: 'Azure' });
  await removal.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('removed for: Azure');
  await signOut(page);

  // "Add subscription" offers only the services with a role in force.
  const subs = await openCustomer(page, 'admin@contoso.example', 'tailspin');
  await subs.getByRole('button', { name: 'Add subscription' }).click();
  const service = subs.getByLabel('Service');
  await expect(service.getByRole('option')).toHaveText(['Microsoft 365', 'Dynamics 365']);
  await service.selectOption({ label: 'Microsoft 365' });
  await subs.getByLabel('Offer').selectOption('m365-e3');
  await subs.getByLabel('Seats').fill('5');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('status')).toContainText('Microsoft 365 E3 was created');
  const e3 = subs.getByRole('row', { name: /Microsoft 365 E3/ });

  // Suspend asks first; Cancel changes nothing.
  await e3.getByRole('button', { name: 'Suspend', exact: true }).click();
  const confirm = page.getByRole('dialog', { name: 'Suspend Microsoft 365 E3?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toBeHidden();
  await expect(e3.getByRole('button', { name: 'Reactivate' })).toHaveCount(0);
  await e3.getByRole('button', { name: 'Suspend', exact: true }).click();
  await confirm.getByRole('button', { name: 'Suspend', exact: true }).click();
  await expect(subs.getByRole('status')).toContainText('Microsoft 365 E3 suspended');
  // Reactivating is undone by suspending: one click, and said by name.
  await e3.getByRole('button', { name: 'Reactivate' }).click();
  await expect(subs.getByRole('status')).toContainText('Microsoft 365 E3 reactivated');
  await e3.getByRole('button', { name: 'Add add-on' }).click();
  await subs.getByLabel('Add-on').selectOption('m365-copilot');
  await subs.getByLabel('Quantity').fill('1');
  await subs.getByRole('button', { name: 'Order add-on' }).click();
  await expect(subs.getByRole('status')).toContainText('Microsoft 365 Copilot added to Microsoft 365 E3.');
});

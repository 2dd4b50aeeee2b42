import { expect, Page, test } from '@playwright/test';
import { acceptAs, expectHydrated, invitationLink, signIn, signOut } from './helpers';

// Before the WASM has arrived (a slow connection), every form is a plain post
// the server answers with the page again: it works without the WASM. Tailspin and Northwind keep to Dynamics 365, which no other
// test reads.

async function tailspinAcceptsNorthwind(page: Page) {
  const link = await invitationLink(page, 'admin@northwind.example');
  await acceptAs(page, link, 'admin@tailspin.example');
  await expect(page.getByRole('status')).toBeVisible();
  await signOut(page);
}

test('a partner provisions, changes and adds a user before the page has hydrated', async ({ page }) => {
  test.setTimeout(60_000);
  await tailspinAcceptsNorthwind(page);
  await signIn(page, 'admin@northwind.example');
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto('/partner/customers/tailspin');
  const subs = page.getByRole('region', { name: 'Subscriptions' });
  await subs.getByRole('button', { name: 'Add subscription' }).click();

  // An offer of another service comes back to the open form with the reason.
  await subs.getByLabel('Service').selectOption({ label: 'Azure' });
  await subs.getByLabel('Offer').selectOption('d365-sales-pro');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('alert')).toContainText('Offer is not valid');
  await subs.getByLabel('Service').selectOption({ label: 'Dynamics 365' });
  await subs.getByLabel('Offer').selectOption('d365-sales-pro');
  await subs.getByLabel('Seats').fill('4');
  await subs.getByRole('button', { name: 'Create subscription' }).click();
  await expect(subs.getByRole('status')).toContainText('partner of record');
  await expect(subs.getByRole('alert')).toHaveCount(0);
  const row = subs.getByRole('row', { name: /Dynamics 365 Sales Professional/ });
  await expect(row).toContainText('Northwind');

  await row.getByRole('button', { name: 'Change seats' }).click();
  await subs.getByLabel('Seats').fill('6');
  await subs.getByRole('button', { name: 'Save seats' }).click();
  await expect(subs.getByRole('status')).toContainText('seats were changed');
  await expect(row.getByRole('cell', { name: '6', exact: true })).toBeVisible();

  // The new user's password is shown once, and is not in the address.
  const users = page.getByRole('region', { name: 'Users' });
  await users.getByRole('button', { name: 'Add user' }).click();
  await users.getByLabel('Display name').fill('Theo Tailspin');
  await users.getByLabel('Email').fill('theo@tailspin.example');
  await users.getByRole('button', { name: 'Create user' }).click();
  await expect(users.getByRole('status')).toContainText('theo@tailspin.example');
  const password = (await users.getByTestId('new-password').textContent())!.trim();
  expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
  expect(page.url()).not.toContain(password);
  await page.reload();
  await expect(users.getByTestId('new-password')).toHaveCount(0);
  await expect(users).toContainText('shown once');
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(0);
});

test('a form is sent once, however often its button is clicked', async ({ page }) => {
  await tailspinAcceptsNorthwind(page);
  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers/tailspin');
  await expectHydrated(page);
  const support = page.getByRole('region', { name: 'Support requests' });
  await support.getByRole('button', { name: 'Open support request' }).click();
  await expectHydrated(page);
  await support.getByLabel('Title').fill('Invoices arrive twice');
  await support.getByLabel('Description').fill('Every invoice mail comes in two copies.');
  // The answer is held back, as on a slow connection, while the visitor
  // clicks again. (A form's address ends with the section to come back to,
  // `#support-heading`.) The clicks are the page's own, in one script:
  // Playwright's own would wait for the first answer.
  let posts = 0;
  await page.route('**/api/open_support_request*', async (route) => {
    posts += 1;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await route.continue();
  });
  const submit = support.getByRole('button', { name: 'Submit' });
  const busy = await submit.evaluate(async (button: HTMLButtonElement) => {
    button.click();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const busy = button.getAttribute('aria-busy');
    button.click();
    return busy;
  });
  expect(busy).toBe('true');
  await expect(support.getByRole('status')).toContainText('support request is open');
  await expect(support.getByRole('row', { name: /Invoices arrive twice/ })).toHaveCount(1);
  expect(posts).toBe(1);
});

test('a customer administrator accepts an invitation before the page has hydrated', async ({ page }) => {
  const link = await invitationLink(page, 'admin@contoso.example');
  await signIn(page, 'admin@tailspin.example');
  await page.route('**/*.wasm', (route) => route.abort());
  await page.goto(link);
  await page.getByLabel(/^I authorize/).check();
  await page.getByRole('button', { name: 'Accept and authorize' }).click();
  await expect(page.getByRole('status')).toContainText('Contoso');
  await expect(page.getByRole('button', { name: 'Accept and authorize' })).toHaveCount(0);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(0);
  await page.unroute('**/*.wasm');
  await signOut(page);
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers');
  await expect(page.getByRole('row', { name: /Tailspin Toys/ })).toHaveCount(1);
});

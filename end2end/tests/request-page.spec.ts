import { expect, test } from '@playwright/test';
import { expectHydrated, signIn, signOut } from './helpers';

// Northwind's page: the other specs copy Contoso's email with its default text.
test('the request page keeps the edited paragraphs and says what the link without privileges asks', async ({ page }) => {
  await signIn(page, 'admin@northwind.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  await page.getByLabel('First paragraph').fill('Hello from Northwind, kept.');
  await page.getByLabel('Second paragraph').fill('');
  await page.getByRole('button', { name: 'Save email', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Saved');

  await page.reload();
  await expectHydrated(page);
  await expect(page.getByLabel('First paragraph')).toHaveValue('Hello from Northwind, kept.');
  await expect(page.getByLabel('Second paragraph')).toHaveValue('');

  const checkbox = page.getByLabel('Include delegated admin privileges');
  await expect(checkbox).toBeChecked();
  const withDap = (await page.getByTestId('invitation-link').textContent())!.trim();
  await checkbox.uncheck();
  await expect(page.getByText(/asks only for the reseller relationship/)).toBeVisible();
  await expect(page.getByTestId('invitation-link')).not.toHaveText(withDap);
  await signOut(page);
});

import { expect, test } from '@playwright/test';
import { expectHydrated, signIn } from './helpers';

test.describe('in French', () => {
  test.use({ locale: 'fr-FR' });

  test('the browser language picks French', async ({ page }) => {
    await page.goto('/login');
    await expect(page.getByRole('heading', { name: 'Connexion' })).toBeVisible();
    await expect(page.getByLabel('Mot de passe')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  });
});

test('the language switch turns the page to French and back', async ({ page }) => {
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  await page.getByRole('button', { name: 'Français' }).click();
  await expect(page.getByRole('heading', { name: 'Demander une relation de revendeur' })).toBeVisible();
  await expect(page.getByRole('button', { name: "Copier l'e-mail" })).toBeVisible();
  // Text the partner has not edited follows the language.
  await expect(page.getByLabel('Premier paragraphe')).toHaveValue(/souhaite devenir votre partenaire/);
  // The choice is remembered on the next page load, and on every page of the site.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Demander une relation de revendeur' })).toBeVisible();
  await page.goto('/partner/billing');
  await expect(page.getByRole('heading', { name: 'Factures' })).toBeVisible();
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Request a reseller relationship' })).toBeVisible();
});

test('paragraphs longer than 2,000 characters are refused with a clear message', async ({ page }) => {
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  await page.getByLabel('First paragraph').fill('x'.repeat(2001));
  await expect(page.getByRole('alert')).toContainText('at most 2000 characters');
  await page.getByLabel('First paragraph').fill('Short again.');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

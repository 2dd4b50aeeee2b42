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

test('French names the roles as Microsoft French interface does, and English keeps its names', async ({ page }) => {
  await signIn(page, 'admin@contoso.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  const english = page.getByRole('group', { name: 'Roles' });
  await expect(english.getByRole('checkbox', { name: 'Global Administrator', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Français' }).click();
  const roles = page.getByRole('group', { name: 'Rôles' });
  for (const name of [
    'Administrateur général',
    "Administrateur d'utilisateurs",
    'Administrateur du support technique',
    'Administrateur de licences',
    'Lecteur de sécurité',
    'Propriétaire',
    'Contributeur',
    'Lecteur',
    'Administrateur Dynamics 365',
    'Lecteur Dynamics 365',
  ]) {
    await expect(roles.getByRole('checkbox', { name, exact: true })).toBeVisible();
  }
  await expect(roles.getByRole('checkbox', { name: 'Global Administrator', exact: true })).toHaveCount(0);
  // Served in French from the first byte, not only after the switch.
  await page.reload();
  await expect(page.getByRole('group', { name: 'Rôles' }).getByRole('checkbox', { name: 'Propriétaire', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(english.getByRole('checkbox', { name: 'Owner', exact: true })).toBeVisible();
});

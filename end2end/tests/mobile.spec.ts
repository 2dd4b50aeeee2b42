import { expect, test } from '@playwright/test';
import { expectHydrated, signIn } from './helpers';

test.use({ viewport: { width: 360, height: 740 } });

test('the request page fits a 360 px screen', async ({ page }) => {
  await signIn(page, 'sales@contoso.example');
  await page.goto('/partner/customers/request-relationship');
  await expectHydrated(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // Sales agents copy the link but may not rotate it.
  await expect(page.getByRole('button', { name: 'Copy email' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Rotate link' })).toHaveCount(0);
});

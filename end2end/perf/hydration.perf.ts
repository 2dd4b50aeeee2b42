import { Browser, expect, Page, test } from '@playwright/test';
import { invitationLink } from '../tests/helpers';

const RUNS = Number(process.env.HYDRATION_RUNS ?? 9);

// The moment the app marks the page hydrated, in ms from navigation start.
async function watchHydration(page: Page) {
  await page.addInitScript(() => {
    // The document element may not exist yet: watch the whole document.
    new MutationObserver((_, observer) => {
      if (document.documentElement?.dataset.hydrated === 'true') {
        (window as any).__hydratedAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
  });
}

async function hydratedAt(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1, { timeout: 15_000 });
  return page.evaluate(() => (window as any).__hydratedAt as number);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await watchHydration(page);
  return page;
}

test('consent page: time until hydrated, cold and warm cache', async ({ browser, page }) => {
  const link = await invitationLink(page, 'admin@contoso.example');
  const cold: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const fresh = await freshPage(browser);
    cold.push(await hydratedAt(fresh, link));
    await fresh.context().close();
  }
  const warmPage = await freshPage(browser);
  await hydratedAt(warmPage, link);
  const warm: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    warm.push(await hydratedAt(warmPage, link));
  }
  const fmt = (xs: number[]) => xs.map((x) => x.toFixed(0)).join(', ');
  console.log(`hydration cold (new context each): median ${median(cold).toFixed(0)} ms [${fmt(cold)}]`);
  console.log(`hydration warm (same context):     median ${median(warm).toFixed(0)} ms [${fmt(warm)}]`);
  console.log(`hydration budget: warm < 300 ms: ${median(warm) < 300 ? 'met' : 'NOT met'}`);
});

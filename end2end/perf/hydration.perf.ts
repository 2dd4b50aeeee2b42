import { Browser, expect, Page, test } from '@playwright/test';
import * as zlib from 'zlib';
import { acceptAs, expectHydrated, invitationLink, signIn, signOut } from '../tests/helpers';

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
  console.log(`hydration budget: cold < 600 ms: ${median(cold) < 600 ? 'met' : 'NOT met'}`);
});

// From the click on a customer's row in the list to its page showing its
// content (its heading, and no section still loading), without loading a
// document: the router and the server functions only.
test('navigation: customer list to a customer page, in the app', async ({ page }) => {
  const link = await invitationLink(page, 'admin@contoso.example');
  await acceptAs(page, link, 'admin@fabrikam.example');
  await expect(page.getByRole('status')).toBeVisible();
  await signOut(page);
  await signIn(page, 'admin@contoso.example');
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto('/partner/customers');
    await expectHydrated(page);
    await expect(page.getByRole('link', { name: 'Fabrikam' })).toBeVisible();
    times.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) => {
            const shown = () =>
              document.querySelector('main h1')?.textContent === 'Fabrikam' &&
              document.querySelector('#subscriptions-heading') !== null &&
              document.querySelector('main [aria-busy="true"]:not(button)') === null;
            const start = performance.now();
            new MutationObserver((_, observer) => {
              if (shown()) {
                observer.disconnect();
                resolve(performance.now() - start);
              }
            }).observe(document.body, { childList: true, subtree: true, attributes: true });
            (Array.from(document.querySelectorAll('main a')).find((a) => a.textContent === 'Fabrikam') as HTMLElement).click();
          }),
      ),
    );
  }
  const fmt = times.map((x) => x.toFixed(0)).join(', ');
  console.log(`navigation list -> customer page: median ${median(times).toFixed(0)} ms [${fmt}]`);
  console.log(`navigation budget: < 100 ms: ${median(times) < 100 ? 'met' : 'NOT met'}`);

  // What each page weighs: its document (the server's render, with the
  // data in it) on top of the bundle every page shares.
  const addresses = [
    '/partner/customers',
    '/partner/customers/fabrikam',
    '/partner/customers/request-relationship',
    '/partner/billing',
    link,
  ];
  for (const address of addresses) {
    const body = await (await page.request.get(address)).body();
    const brotli = zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    const name = address.startsWith('http') ? '/invitations/{code}' : address;
    console.log(`page weight ${name}: document ${(body.length / 1000).toFixed(1)} KB raw, ${(brotli / 1000).toFixed(1)} KB brotli`);
  }
});

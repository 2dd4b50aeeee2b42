import { expect, test } from '@playwright/test';
import * as crypto from 'crypto';
import * as http from 'http';
import { AddressInfo } from 'net';
import { acceptAs, expectHydrated, signIn, waitForMail } from './helpers';
import { OwnServer } from './own-server';

// R15, R16 on a server of this file's own, with the demo data and private
// webhook endpoints allowed: Contoso adds a token and an endpoint (a real
// HTTP receiver started here), Fabrikam accepts, and the endpoint gets a
// correctly signed relationship.created, the SMTP server both emails, and
// Contoso's open customer list shows Fabrikam without a reload.

test.skip(!!process.env.E2E_BASE_URL, 'starts its own server; not against an external one');

const port = Number(process.env.E2E_INTEGRATIONS_PORT ?? 3103);
test.use({ baseURL: `http://127.0.0.1:${port}` });

OwnServer.forFile(test, port, 'e2e-integrations', true, { LIAISON_WEBHOOK_ALLOW_PRIVATE: '1' });

interface Hook {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on a free port that keeps every post and answers 204. */
async function receiver(): Promise<{ url: string; hooks: Hook[]; close: () => void }> {
  const hooks: Hook[] = [];
  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      hooks.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/liaison`, hooks, close: () => server.close() };
}

/** Standard Webhooks: base64 HMAC-SHA256 of "id.timestamp.body", keyed with the base64 after whsec_. */
function signedBy(secret: string, hook: Hook): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const content = `${hook.headers['webhook-id']}.${hook.headers['webhook-timestamp']}.${hook.body}`;
  const expected = crypto.createHmac('sha256', key).update(content).digest('base64');
  return String(hook.headers['webhook-signature'] ?? '')
    .split(' ')
    .some((part) => part === `v1,${expected}`);
}

test('Contoso adds a token and an endpoint; Fabrikam accepts; the webhook, both emails and the open list follow', async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  const hooks = await receiver();
  try {
    await signIn(page, 'admin@contoso.example');
    await page.goto('/partner/integrations');
    await expectHydrated(page);
    await expect(page.getByRole('heading', { level: 1, name: 'Integrations' })).toBeVisible();

    await page.getByLabel('Token name').fill('PSA sync');
    await page.getByRole('button', { name: 'Create token' }).click();
    const token = (await page.getByTestId('api-token').textContent())?.trim() ?? '';
    expect(token).toMatch(/^lia_[A-Za-z0-9_-]{40,}$/);

    await page.getByLabel('Endpoint URL').fill(hooks.url);
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').textContent())?.trim() ?? '';
    expect(secret).toMatch(/^whsec_/);

    // The token reads the link, as Partner Center's endpoint answers.
    const answer = await fetch(`${baseURL}/api/v1/customers/relationshiprequests`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(answer.status).toBe(200);
    const request = (await answer.json()) as { url: string; attributes: { objectType: string } };
    expect(request.attributes.objectType).toBe('RelationshipRequest');

    // Contoso keeps its customer list open.
    await page.goto('/partner/customers');
    await expectHydrated(page);
    const table = page.getByRole('table');
    await expect(page.getByRole('link', { name: 'Fabrikam', exact: true })).toHaveCount(0);

    const started = Date.now();
    const fabrikam = await browser.newPage({ baseURL });
    await acceptAs(fabrikam, request.url, 'admin@fabrikam.example');
    await expect(fabrikam.getByRole('status')).toContainText('Contoso now has a relationship');
    await fabrikam.close();

    // Without a reload.
    await expect(table.getByRole('link', { name: 'Fabrikam', exact: true })).toBeVisible({ timeout: 15_000 });

    await expect.poll(() => hooks.hooks.length, { timeout: 20_000 }).toBeGreaterThan(0);
    const hook = hooks.hooks[0];
    expect(signedBy(secret, hook)).toBe(true);
    const event = JSON.parse(hook.body) as { type: string; timestamp: string; data: { customerName: string } };
    expect(event.type).toBe('relationship.created');
    expect(event.data.customerName).toBe('Fabrikam');
    expect(Math.abs(Number(hook.headers['webhook-timestamp']) * 1000 - Date.now())).toBeLessThan(300_000);

    const partnerMail = await waitForMail('admin@contoso.example', { subject: /Fabrikam accepted/, after: started });
    expect(partnerMail.text).toContain('Fatima Fabrikam (admin@fabrikam.example) accepted');
    const customerMail = await waitForMail('admin@fabrikam.example', { subject: /You accepted the request of Contoso/, after: started });
    expect(customerMail.text).toContain('/admin/partner-relationships');

    // The delivery is listed, answered 204, with "Redeliver".
    await page.goto('/partner/integrations');
    await expectHydrated(page);
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    await expect(deliveries.getByRole('row', { name: /relationship\.created/ })).toContainText('204');
    await expect(deliveries.getByRole('button', { name: 'Redeliver' }).first()).toBeVisible();

    // "Revoke", confirmed in the dialog: the token stops working at once.
    await page.getByRole('table', { name: 'Tokens' }).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await expect(page.getByRole('table', { name: 'Tokens' })).toContainText('Revoked');
    const refused = await fetch(`${baseURL}/api/v1/customers/relationshiprequests`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(refused.status).toBe(401);
  } finally {
    hooks.close();
  }
});

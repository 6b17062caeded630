// The page links the API's OpenAPI description (issue 20): a visible link
// with rel="service-desc" (RFC 8631) that leads to the OpenAPI 3.1 document
// of this server.
import { check } from './harness.mjs';

export async function apiLinkScenario(browser, base) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/`);
  await page.locator('#status').filter({ hasText: /clauses/ }).waitFor();
  const link = page.getByRole('link', { name: 'API description (OpenAPI 3.1)' });
  check(await link.isVisible(), 'the API description link is visible');
  check(await link.getAttribute('rel') === 'service-desc', 'the link says what it is (rel="service-desc")');
  const [response] = await Promise.all([page.waitForResponse(`${base}/openapi.json`), link.click()]);
  check(response.status() === 200, `GET /openapi.json: ${response.status()}`);
  check(response.headers()['content-type'] === 'application/json', 'served as JSON');
  const doc = await response.json();
  check(doc.openapi === '3.1.0', `an OpenAPI 3.1 document: ${doc.openapi}`);
  check(doc.paths['/v1/search'] && doc.paths['/v1/search'].get, 'it describes the search the page uses');
  check(doc.servers[0].url === base, `its server is this one: ${doc.servers[0].url}`);
}

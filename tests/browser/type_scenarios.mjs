// Scenarios of e2e.mjs for clause types (issue 17): the search page's
// "Clause type" facet, and the clause view's type as a link to every
// platform with that type (/v1/types/{slug}), with its confidence band when
// the type was predicted.
import { check, getJson } from './harness.mjs';

export async function typeScenario(browser, base) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  // The facet: its first value's count is the number of results after a click.
  await page.goto(`${base}/#/?q=arbitration`);
  await page.locator('#status').filter({ hasText: '“arbitration”' }).waitFor();
  const facet = page.locator('.facet-clause_type li').first();
  await facet.waitFor();
  const name = await facet.locator('.facet-name').textContent();
  const count = Number((await facet.locator('.count').textContent()).replace(/,/g, ''));
  await facet.locator('input').check();
  await page.locator('#status').filter({ hasText: 'with 1 filter' }).waitFor();
  const status = await page.locator('#status').textContent();
  check(status.startsWith(`${count.toLocaleString('en')} clause`), `type facet count ${count} = results: ${status}`);
  check(page.url().includes('clause_type='), 'the type filter is in the URL');

  // A clause of that type: its type links to all platforms with it.
  await page.locator('.hit h3 a').first().click();
  const link = page.locator('.facts a.type-link');
  await link.waitFor();
  check((await link.textContent()) === name, `the clause shows its type ${name}`);
  const slug = decodeURIComponent((await link.getAttribute('href')).replace('#/type/', ''));
  const api = (await getJson(`${base}/v1/types/${encodeURIComponent(slug)}?limit=10`)).body;
  await link.click();
  await page.locator('h2').filter({ hasText: name }).waitFor();
  const summary = await page.locator('.type-summary').textContent();
  check(summary.startsWith(`${api.type.platforms.toLocaleString('en')} platform`),
    `the type view counts its platforms: ${summary}`);
  const shown = await page.locator('.type-platforms .hit .meta a:first-child').allTextContents();
  check(shown.length === api.results.length, `one row per platform: ${shown.length}`);
  check(new Set(shown).size === shown.length, 'no platform twice');
  check(shown[0] === api.results[0].platform.name, 'in the API order');

  // A predicted type shows its band, when the index has one.
  const predicted = (await getJson(`${base}/v1/search?type_source=predicted&limit=1&facets=false`)).body;
  if (predicted.total > 0) {
    const record = predicted.results[0];
    await page.goto(`${base}/#/clause/${encodeURIComponent(record.id)}`);
    const band = page.locator('.facts .type-band');
    await band.waitFor();
    const text = await band.textContent();
    check(text.toLowerCase().includes(`${record.type_band} confidence`), `the band is shown: ${text}`);
  }
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
}

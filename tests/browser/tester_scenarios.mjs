// Defects a tester found by using the page (2026-12-08), each checked as
// the tester saw it: counts of an earlier search beside an error, a pager
// range past the results, the platform list's filter and accents, and a
// facet list the answer cut that "Show all" must fetch whole.
import { check, getJson } from './harness.mjs';

export async function testerScenario(browser, base) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));

  // An error after a search: no filter counts of the search before it.
  await page.goto(`${base}/#/?q=arbitration`);
  await page.locator('#status').filter({ hasText: '“arbitration”' }).waitFor();
  await page.locator('.facet-category li').first().waitFor();
  await page.goto(`${base}/#/?q=${encodeURIComponent('data OR')}`);
  await page.locator('#status .error, #status [role=alert]').first().waitFor();
  check(await page.locator('#facets .facet').count() === 0, 'no facet of the last search beside the error');

  // A page past the results says so, and Previous goes to the last page.
  const total = (await getJson(`${base}/v1/search?q=arbitration&limit=0&facets=false`)).body.total;
  await page.goto(`${base}/#/?q=arbitration&offset=${total + 200}`);
  const info = page.locator('.pager .page-info');
  await info.waitFor();
  const text = await info.textContent();
  check(text.startsWith('past the last of'), `the pager says the page is past the results: ${text}`);
  await page.locator('.pager .page-prev').click();
  await page.locator('.hit').first().waitFor();
  const lastRange = await page.locator('.pager .page-info').textContent();
  check(lastRange.endsWith(`${total.toLocaleString('en')} of ${total.toLocaleString('en')}`),
    `Previous goes to the last page: ${lastRange}`);

  // The platform list's filter ignores case and accents, as the search box does.
  const platforms = (await getJson(`${base}/v1/platforms`)).body.platforms;
  const accented = platforms.find((p) => p.name.normalize('NFD') !== p.name);
  if (accented) {
    await page.goto(`${base}/#/platforms`);
    await page.locator('#platform-filter').fill(accented.name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase());
    const shown = await page.locator('.platform-list li:not([hidden]) a').allTextContents();
    check(shown.includes(accented.name), `the filter finds ${accented.name} typed without accents: ${shown.slice(0, 5)}`);
  }

  // "Show all N" of a facet the answer cut at 100 lists all N.
  const all = (await getJson(`${base}/v1/search?limit=0&facets=platform&facet_limit=1000`)).body;
  const distinct = all.facet_info.platform.distinct;
  if (distinct > 100) {
    await page.goto(`${base}/#/`);
    const more = page.locator('.facet-platform button.more');
    await more.waitFor();
    await more.click();
    await page.locator('.facet-platform button.more').filter({ hasText: 'Show fewer' }).waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('.facet-platform li').length >= n, Math.min(distinct, 1000));
    const listed = await page.locator('.facet-platform li').count();
    check(listed === Math.min(distinct, 1000), `Show all lists every platform: ${listed} of ${distinct}`);
  }
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
}

// A clause's page shows the other risks of its policy: the document's other
// high and critical clauses, as many as the API counts, never itself.
export async function clauseFactsScenario(browser, base) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  // (The document's changes and the provenance of a versioned clause are
  // checked on an index with history: history_scenarios.mjs.)
  const high = (await getJson(`${base}/v1/search?severity=critical&limit=1&facets=false`)).body.results[0];
  check(high, 'the corpus has a critical clause');
  {
    const same = (await getJson(`${base}/v1/search?platform=${encodeURIComponent(high.platform)}`
      + `&document=${encodeURIComponent(high.document)}&severity=high,critical&limit=0&facets=false`)).body.total;
    await page.goto(`${base}/#/clause/${encodeURIComponent(high.id)}`);
    const status = page.locator('.other-risks [role=status]');
    await status.filter({ hasNotText: 'Looking' }).waitFor();
    const text = await status.textContent();
    const others = same - 1;
    check(others > 0 ? text.startsWith(`${others.toLocaleString('en')} other`) : text.startsWith('No other'),
      `the policy's other risks: ${text} (${others} by the API)`);
    check(!(await page.locator('.other-risks .hit h3 a').allTextContents()).length
      || !(await page.locator('.other-risks .hit h3 a').evaluateAll((as, id) => as.some((a) => a.getAttribute('href').endsWith(encodeURIComponent(id))), high.id)),
    'the clause itself is not among its other risks');
  }
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
}

// Deep links (issue 19, item 8): a plain /?q=... link opens the search with
// its results, the search form sent without JavaScript lands there, and the
// OpenSearch description the page links gives a template that does the same.
import { check, getJson } from './harness.mjs';

async function opensWithResults(page, url, q, what) {
  await page.goto(url);
  await page.locator('#status').filter({ hasText: `“${q}”` }).waitFor();
  const total = (await getJson(`${new URL(url).origin}/v1/search?q=${encodeURIComponent(q)}&limit=0`)).body.total;
  check(total > 0, `${what}: the demo corpus has "${q}" clauses`);
  await page.locator('#status').filter({ hasText: `${total.toLocaleString('en')} clause` }).waitFor();
  check(await page.locator('.hit').count() === Math.min(10, total), `${what}: a page of hits`);
  check(await page.locator('#q').inputValue() === q, `${what}: the query is in the search box`);
}

export async function deepLinkScenario(browser, base) {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await opensWithResults(page, `${base}/?q=arbitration`, 'arbitration', '/?q=');
  check(page.url() === `${base}/#/?q=arbitration`, `the search moves into the hash: ${page.url()}`);

  // Filters in the query string come along.
  const slug = (await getJson(`${base}/v1/search?q=arbitration&limit=0`)).body.facets.category[0].slug;
  await page.goto(`${base}/?q=arbitration&category=${slug}`);
  await page.locator('#status').filter({ hasText: 'with 1 filter' }).waitFor();
  check(await page.locator(`#f-category-${slug}`).isChecked(), 'the category filter of the link is on');

  // The form without JavaScript: a GET of / with q.
  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await noScript.goto(`${base}/`);
  await noScript.locator('#q').fill('termination');
  await Promise.all([noScript.waitForURL(`${base}/?q=termination`), noScript.locator('#q').press('Enter')]);
  await opensWithResults(page, noScript.url(), 'termination', 'the form sent without a script');

  // OpenSearch: the page links the description; a real XML parser (the
  // browser's) reads its HTML template, which opens the search.
  const href = await page.locator('head link[rel=search]').getAttribute('href');
  const type = await page.locator('head link[rel=search]').getAttribute('type');
  check(type === 'application/opensearchdescription+xml', `link type ${type}`);
  const res = await fetch(new URL(href, base));
  check(res.headers.get('content-type') === 'application/opensearchdescription+xml', 'OpenSearch content type');
  const xml = await res.text();
  const template = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    if (doc.querySelector('parsererror')) return `not XML: ${doc.querySelector('parsererror').textContent}`;
    const url = [...doc.getElementsByTagNameNS('http://a9.com/-/spec/opensearch/1.1/', 'Url')]
      .find((u) => u.getAttribute('type') === 'text/html');
    return url ? url.getAttribute('template') : 'no text/html Url';
  }, xml);
  check(template === `${base}/?q={searchTerms}`, `template for the listening address: ${template}`);
  await opensWithResults(page, template.replace('{searchTerms}', encodeURIComponent('data sale')), 'data sale',
    'the OpenSearch template');
}

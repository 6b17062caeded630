// Scenarios of e2e.mjs for the per-platform views (issue 19, items 4 and 9):
// the search page's "One result per platform" checkbox with its
// "+N more from PLATFORM" links, and the clause page's "Show all N
// platforms" that pages through /similar with offset.
import { check, getJson, platformCountLine } from './harness.mjs';

const PAGE = 10;

// Pick a query term whose top results crowd one platform: the checkbox
// must then make a difference on the first page.
async function crowdedQuery(base) {
  for (const q of ['arbitration', 'terminate', 'data', 'account', 'content']) {
    const r = (await getJson(`${base}/v1/search?q=${q}&limit=${PAGE}`)).body;
    const platforms = r.results.map((h) => h.platform);
    if (new Set(platforms).size < platforms.length) return q;
  }
  return 'data';
}

export async function collapseScenario(browser, base) {
  const q = await crowdedQuery(base);
  const api = (await getJson(`${base}/v1/search?q=${q}&collapse=platform&limit=${PAGE}`)).body;
  check(api.total_platforms > 1 && api.total > api.total_platforms, `"${q}" matches several clauses of a platform`);

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/#/?q=${q}`);
  await page.locator('#status').filter({ hasText: `“${q}”` }).waitFor();
  const box = page.getByRole('checkbox', { name: 'One result per platform' });
  check(!(await box.isChecked()), 'the checkbox starts off');
  await box.check();
  await page.locator('#status').filter({ hasText: 'one result per platform' }).waitFor();
  check(page.url().includes('collapse=platform'), 'the choice is in the URL');
  const status = await page.locator('#status').textContent();
  check(status.startsWith(`${api.total.toLocaleString('en')} clauses on ${api.total_platforms.toLocaleString('en')} platforms`),
    `the status counts clauses and platforms: ${status}`);
  const shown = await page.locator('.hit .meta a:first-child').allTextContents();
  check(shown.length === Math.min(PAGE, api.total_platforms), 'a page of platforms');
  check(new Set(shown).size === shown.length, `one hit per platform: ${shown.join(', ')}`);

  // A reload (or a shared link) keeps the choice.
  await page.reload();
  await page.locator('#status').filter({ hasText: 'one result per platform' }).waitFor();
  check(await box.isChecked(), 'the checkbox is on after a reload');

  // "+N more from PLATFORM" searches that platform alone: N + 1 clauses.
  const crowded = api.results.find((h) => h.more_from_platform > 0);
  check(crowded, 'a platform with more than one matching clause');
  const label = `+${crowded.more_from_platform.toLocaleString('en')} more from ${crowded.platform}`;
  await page.getByRole('link', { name: label, exact: true }).click();
  await page.locator('#status').filter({ hasText: 'with 1 filter' }).waitFor();
  const after = await page.locator('#status').textContent();
  check(after.startsWith(`${(crowded.more_from_platform + 1).toLocaleString('en')} clause`), `all of the platform's clauses: ${after}`);
  check(!page.url().includes('collapse='), 'the platform search shows every clause');
  check(!(await box.isChecked()), 'and the checkbox is off');
  const platforms = await page.locator('.hit .meta a:first-child').allTextContents();
  check(platforms.every((p) => p === crowded.platform), 'only that platform');

  // Unchecking brings the clause-by-clause list back.
  await page.goto(`${base}/#/?q=${q}&collapse=platform`);
  await page.locator('#status').filter({ hasText: 'one result per platform' }).waitFor();
  await box.uncheck();
  await page.locator('#status').filter({ hasNotText: 'one result per platform' }).waitFor();
  check(!page.url().includes('collapse='), 'unchecked: out of the URL');
}

// A clause found in more platforms than the first page shows: "Show all N
// platforms" lists them all, each platform once, in the API's order.
export async function showAllPlatformsScenario(browser, base) {
  const browse = (await getJson(`${base}/v1/search?sort=severity&limit=100`)).body.results;
  let found = null;
  for (const r of browse) {
    const s = (await getJson(`${base}/v1/clauses/${encodeURIComponent(r.id)}/similar?limit=${PAGE}`)).body;
    if (s.platforms_with_similar > PAGE && s.platforms_with_similar <= 100) {
      found = { id: r.id, n: s.platforms_with_similar, line: platformCountLine(s) };
      break;
    }
  }
  check(found, 'a demo clause with look-alikes on more than 10 platforms');
  const all = (await getJson(`${base}/v1/clauses/${encodeURIComponent(found.id)}/similar?limit=${found.n}`)).body;

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/#/clause/${encodeURIComponent(found.id)}`);
  const items = page.locator('.similar-item');
  await page.locator('.platform-count').filter({ hasText: found.line }).waitFor();
  check(await items.count() === PAGE, 'the first page of platforms');
  await page.getByRole('button', { name: `Show all ${found.n} platforms` }).click();
  await page.locator('.closest-note').filter({ hasText: `All ${found.n}:` }).waitFor();
  check(await items.count() === found.n, `all ${found.n} platforms listed`);
  const platforms = await items.locator('.meta strong').allTextContents();
  check(new Set(platforms).size === platforms.length, 'each platform once');
  check(JSON.stringify(platforms) === JSON.stringify(all.results.map((r) => r.platform)),
    'the pages join up in the order of one large request');
  check(await page.getByRole('button', { name: /Show all/ }).count() === 0, 'the button is gone');
}

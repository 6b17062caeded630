// Clean text and headings (issue 19, items 2 and 3), on a corpus of our own
// that holds what real exports hold: HTML tags, tags cut short ("</p" at the
// end, "</b" at the start), entities with and without their ';', a title
// made of markup, and clauses without a title. No tag or entity text may be
// visible on the search page, a clause page, its similar list or the widget,
// and no clause is headed by its id.
import fs from 'node:fs';
import path from 'node:path';
import { buildIndex, check, getJson, startServer, tempDir } from './harness.mjs';

const CATEGORY = 'Account termination';
const RECORDS = [
  { id: 'markup-1', platform: 'Tagsworth', title: '<em>Termination</em> &amp; refunds',
    text: '<p>We may <b>terminate</b> your account&nbsp;at any time.</p>\n<ul><li>Without notice</li>'
      + '<li>Without a refund &amp; without appeal</li></ul>' },
  { id: 'markup-2', platform: 'Brokenly',
    text: '</b>If the ownership of the service changes, we may terminate accounts at any time and keep '
      + 'every file you uploaded.</p>\n<p' },
  { id: 'markup-3', platform: 'Entityville',
    text: '<p>If we terminate your account&nbsp.\nYou lose access &amp.\nall content at any time, '
      + 'we&#39;re &quot;sorry&quot;.</p>\n<p>\n<strong' },
  { id: 'markup-4', platform: 'Listmore',
    text: '<li>Chrome browsing history may be used</li>\n<li>and accounts may terminate at any time '
      + 'for <i>any</i> reason<br/>or none</li' },
  { id: 'markup-5', platform: 'Short', text: '<p>We terminate at any time.</p>' },
].map((r) => ({
  document: 'Terms of Service', categories: [CATEGORY], severity: 'high', clause_type: 'Termination at will', ...r,
}));

// Text a reader must never see: a tag or its start, an entity.
const TAG_TEXT = /<\/?[a-z!]|&[a-z]+;?(?=\W|$)|&#x?[0-9a-f]+;?/i;

// The visible text of the page, shadow roots (the widget) included.
function visibleText(page) {
  return page.evaluate(() => {
    const parts = [document.body.innerText];
    for (const e of document.querySelectorAll('*')) if (e.shadowRoot) parts.push(e.shadowRoot.textContent);
    return parts.join('\n');
  });
}

async function noTagText(page, where) {
  const text = await visibleText(page);
  const m = text.match(TAG_TEXT);
  check(!m, `${where}: markup visible: "${m && text.slice(Math.max(0, m.index - 30), m.index + 30)}"`);
}

// A heading made from the text: a start of the plain text, not an id.
function checkHeading(heading, record, where) {
  const ids = RECORDS.map((r) => r.id);
  check(heading && !ids.includes(heading), `${where}: heading "${heading}" is an id or empty`);
  if (record.title_plain) {
    check(heading === record.title_plain, `${where}: the title "${record.title_plain}" heads it: "${heading}"`);
    return;
  }
  const flat = record.text_plain.replace(/\s+/g, ' ').trim();
  const start = heading.replace(/…$/, '');
  check(flat.startsWith(start), `${where}: heading "${heading}" starts the text "${flat}"`);
  check(heading.length <= 80, `${where}: heading of ${heading.length} characters`);
  check(heading.endsWith('…') === (flat.length > start.length), `${where}: an ellipsis when cut: "${heading}"`);
  check(flat.length === start.length || flat[start.length] === ' ' || /[,;:\s]/.test(flat[start.length]),
    `${where}: cut at a word: "${heading}"`);
}

export async function cleanTextScenario(browser, opts) {
  const dir = tempDir();
  const corpus = path.join(dir, 'markup.jsonl');
  fs.writeFileSync(corpus, `${RECORDS.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const base = await startServer(opts, buildIndex({ ...opts, corpus }, dir), []);
  const api = (await getJson(`${base}/v1/search?q=terminate&limit=10`)).body;
  check(api.total === RECORDS.length, `every markup clause matches: ${api.total}`);
  const byId = Object.fromEntries(api.results.map((r) => [r.id, r]));

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/#/?q=terminate`);
  await page.locator('#status').filter({ hasText: `${RECORDS.length} clauses` }).waitFor();
  await noTagText(page, 'search page');
  const hits = page.locator('.hit');
  for (let i = 0; i < RECORDS.length; i += 1) {
    const href = await hits.nth(i).locator('h3 a').getAttribute('href');
    const id = decodeURIComponent(href.split('#/clause/')[1]);
    checkHeading(await hits.nth(i).locator('h3').textContent(), byId[id], `hit ${id}`);
  }

  // A clause without a title, and its look-alikes on the other platforms.
  await page.goto(`${base}/#/clause/markup-2`);
  await page.locator('.similar-item').first().waitFor();
  checkHeading(await page.locator('h2').textContent(), byId['markup-2'], 'clause page');
  check(!(await page.title()).includes('markup-2'), 'the page title is not the id');
  check(await page.locator('.clause-text').textContent() === byId['markup-2'].text_plain, 'the clause shows text_plain');
  await noTagText(page, 'clause page with its similar list');
  const similar = (await getJson(`${base}/v1/clauses/markup-2/similar`)).body.results;
  const items = page.locator('.similar-item');
  check(await items.count() === similar.length && similar.length > 0, 'similar clauses listed');
  for (let i = 0; i < similar.length; i += 1) {
    checkHeading(await items.nth(i).locator('h4').textContent(), similar[i], `similar ${similar[i].id}`);
  }

  // The widget: compare rows with headings and clean text.
  const slug = (await getJson(`${base}/v1/categories`)).body.categories[0].slug;
  await page.goto(`${base}/widget.html?category=${slug}&platforms=tagsworth,brokenly,listmore&per_platform=2`);
  await page.locator('.clause-compare-widget .clause-title').first().waitFor();
  await noTagText(page, 'widget');
  const titles = await page.locator('.clause-compare-widget .clause-title a').allTextContents();
  check(titles.length > 0, 'the widget lists clauses');
  for (const t of titles) check(!RECORDS.some((r) => r.id === t), `widget heading "${t}" is an id`);
  check(titles.includes('Termination & refunds'), `the widget shows the clean title: ${titles.join(' | ')}`);
}

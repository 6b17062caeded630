// Scenarios of e2e.mjs for the Changes view (issue 18), on the demo index
// as scripts/demo.sh makes it: the demo corpus, then the version history
// that data/generate_demo.py --history writes (dates relative to today),
// replayed with clause-indexer --history. Every figure the page shows is
// checked against the API's answer for the same filters: the list newest
// first, a facet click and the count after it, paging, the query box, a
// change record with its word diff (<del>/<ins> only), and the Atom feed
// link (in the view and in the head) carrying the filters. A second
// scenario puts markup into a diff and checks that it stays text.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { check, getJson, startServer, tempDir } from './harness.mjs';
import { accessibilityChecks } from './scenarios.mjs';
import { daysAgo, snapshot } from './history_scenarios.mjs';

function run(command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${command} could not run (${r.error.message}): the demo history needs python3 and git`);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

// The demo index with its history, made as scripts/demo.sh makes it.
function demoIndexWithHistory(opts, dir) {
  const db = path.join(dir, 'index');
  const history = path.join(dir, 'demo-history');
  run(opts.indexer, ['--db', db, '--quiet', opts.corpus]);
  run('python3', [path.join(path.dirname(opts.corpus), 'generate_demo.py'), '--history', history]);
  run(opts.indexer, ['--db', db, '--history', history, '--quiet']);
  return db;
}

const PAGE = 10;
const feedLinkInHead = (page) => page.evaluate(
  () => document.head.querySelector('link[rel="alternate"][type="application/atom+xml"]')?.getAttribute('href') ?? null);
const status = (page) => page.locator('#changes-status');
const items = (page) => page.locator('.change-list > li');

// The page's list against the API's page: same records, same order.
async function checkListMatches(page, api, what) {
  await status(page).filter({ hasText: new RegExp(`^${api.total.toLocaleString('en')} change records?\\b`) }).waitFor();
  const headings = await items(page).locator('h3').allTextContents();
  const expected = api.results.map((r) => `${r.platform}, ${r.document}`);
  check(JSON.stringify(headings) === JSON.stringify(expected), `${what}: the API's records in its order:\n${headings}\n${expected}`);
  const dates = await items(page).locator('time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
  check(JSON.stringify(dates) === JSON.stringify(api.results.map((r) => r.date.slice(0, 10))), `${what}: dates ${dates}`);
  check(dates.every((d, i) => i === 0 || dates[i - 1] >= d), `${what}: newest first: ${dates}`);
}

async function checkFeed(page, base, expectQuery, what) {
  const href = await page.locator('.changes-view .feed-link').getAttribute('href');
  check(href === `/v1/changes.atom${expectQuery ? `?${expectQuery}` : ''}`, `${what}: feed link ${href}`);
  check(await feedLinkInHead(page) === href, `${what}: <link rel=alternate> in the head is ${await feedLinkInHead(page)}`);
  const res = await fetch(`${base}${href}`);
  check(res.status === 200 && /application\/atom\+xml/.test(res.headers.get('content-type')), `${what}: the feed answers`);
  return res.text();
}

export async function changesScenario(browser, opts, shot) {
  const db = demoIndexWithHistory(opts, tempDir());
  const base = await startServer(opts, db, []);
  const all = (await getJson(`${base}/v1/changes?limit=${PAGE}`)).body;
  check(all.total > PAGE, `the demo history has more than a page of change records: ${all.total}`);

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}/`);
  check(await feedLinkInHead(page) === null, 'no feed link in the head of the search view');

  // From the navigation, by keyboard: the view opens with focus on its heading.
  await page.getByRole('navigation', { name: 'Browse' }).getByRole('link', { name: 'Changes' }).focus();
  await page.keyboard.press('Enter');
  await checkListMatches(page, all, 'all changes');
  check(page.url().endsWith('#/changes'), `the view's address: ${page.url()}`);
  check(await page.evaluate(() => document.activeElement.tagName + document.activeElement.textContent) === 'H2Changes',
    'focus on the heading');
  check((await page.locator('.change-list .change-summary').first().textContent()) === all.results[0].summary, 'summary');
  check((await items(page).first().locator('.badge').textContent()).toLowerCase() === all.results[0].severity, 'severity');
  await checkFeed(page, base, '', 'all changes');
  await shot(page, 'changes-desktop');
  await accessibilityChecks(page, 'changes');

  // Paging: the next page continues, older.
  await page.getByRole('button', { name: 'Next →' }).click();
  const second = (await getJson(`${base}/v1/changes?limit=${PAGE}&offset=${PAGE}`)).body;
  await page.locator('.page-info').filter({ hasText: new RegExp(`^${PAGE + 1}–`) }).waitFor();
  await checkListMatches(page, second, 'page 2');
  check(all.results.at(-1).date >= second.results[0].date, 'page 2 is older than page 1');
  check(page.url().includes(`offset=${PAGE}`), 'the page is in the address');

  // A facet click: the count it showed is the total after, and the API's.
  // The category of a record that modified a clause ("we will notify you"),
  // so that the query below finds it too.
  const word = 'notify';
  const modified = (await getJson(`${base}/v1/changes?q=${word}&limit=1`)).body.results[0];
  check(modified && modified.counts.modified > 0, `the demo history modifies a clause ("we will ${word} you")`);
  const name = modified.categories[0];
  const slug = all.facets.category.find((c) => c.value === name).slug;
  await page.goto(`${base}/#/changes`);
  const facet = page.locator('.facet-category li').filter({ has: page.getByText(name, { exact: true }) });
  const shown = Number((await facet.locator('.count').textContent()).replace(/,/g, ''));
  await facet.getByRole('checkbox').click();
  await status(page).filter({ hasText: 'with 1 filter' }).waitFor();
  const filtered = (await getJson(`${base}/v1/changes?category=${slug}&limit=${PAGE}`)).body;
  check(filtered.total === shown && filtered.total < all.total, `facet ${name}: showed ${shown}, API ${filtered.total}`);
  await checkListMatches(page, filtered, `category ${name}`);
  check(page.url().endsWith(`#/changes?category=${slug}`), `the filter is in the address: ${page.url()}`);
  check(await page.locator('.facet-category input:checked').getAttribute('id') === await page.evaluate(() => document.activeElement.id),
    'focus stays on the facet box');
  const feed = await checkFeed(page, base, `category=${slug}`, `category ${name}`);
  const entries = feed.split('<entry>').slice(1);
  check(entries.length === Math.min(filtered.total, PAGE), `the feed has the filtered records: ${entries.length}`);
  check(entries.every((e) => e.includes(`<category term="${name.replace(/&/g, '&amp;')}"/>`)),
    'every feed entry is in the chosen category');

  // The query box and a date range, with the facet kept.
  const since = modified.date.slice(0, 10);
  await page.getByLabel('Words in the changes').fill(word);
  await page.getByLabel('From').fill(since);
  await page.getByLabel('Words in the changes').press('Enter');
  await status(page).filter({ hasText: `matching “${word}” since ${since} with 1 filter` }).waitFor();
  const searched = (await getJson(`${base}/v1/changes?category=${slug}&q=${word}&since=${since}&limit=${PAGE}`)).body;
  check(searched.total > 0 && searched.total < filtered.total + 1, `the query finds the record: ${searched.total}`);
  await checkListMatches(page, searched, 'query and date');
  await checkFeed(page, base, `q=${word}&since=${since}&category=${slug}`, 'query and date');
  await page.getByRole('button', { name: 'Clear filters' }).click();
  await checkListMatches(page, all, 'cleared');
  check(await page.getByLabel('Words in the changes').inputValue() === '', 'the query box is cleared');

  // That change record, opened from the list by keyboard: its word diff.
  await page.goto(`${base}/#/changes?q=notify`);
  await status(page).filter({ hasText: 'matching' }).waitFor();
  await items(page).first().locator('h3 a').focus();
  await page.keyboard.press('Enter');
  await page.locator('.change-record').waitFor();
  check(page.url().endsWith(`#/change/${modified.id}`), `the record's address: ${page.url()}`);
  check(await page.evaluate(() => document.activeElement.tagName) === 'H2', 'focus on the record heading');
  const record = (await getJson(`${base}/v1/changes/${modified.id}`)).body;
  const clause = record.clauses.find((c) => c.change === 'modified');
  const diff = page.locator('.change-clause.change-modified .diff').first();
  const dels = (await diff.locator('del').allTextContents()).join(' ');
  const inss = (await diff.locator('ins').allTextContents()).join(' ');
  check(inss.includes('notify you by e-mail') && clause.diff.includes('<ins>'), `inserted words: ${inss}`);
  check(clause.diff.includes('<del>') === (dels.length > 0), `deleted words as the API has them: ${dels}`);
  check(await diff.locator('*:not(del):not(ins)').count() === 0, 'no element but del and ins in the diff');
  check(await page.locator('.change-clause').count() === record.clauses.length, 'one item per clause involved');
  await shot(page, 'change-record-desktop');
  await accessibilityChecks(page, 'change record');
  await page.locator('.crumbs').getByRole('link', { name: 'Changes' }).click();
  await status(page).filter({ hasText: 'matching “notify”' }).waitFor();
  check(page.url().endsWith('#/changes?q=notify'), 'the crumb returns to the list it came from');

  // A platform's view links to its changes; leaving the view drops the feed link.
  const platform = all.facets.platform[0];
  await page.goto(`${base}/#/platform/${platform.slug}`);
  await page.getByRole('link', { name: 'All changes of this platform' }).click();
  await status(page).filter({ hasText: `${platform.count} change record` }).waitFor();
  await checkFeed(page, base, `platform=${platform.slug}`, 'platform link');
  await page.locator('.brand a').click();
  await page.locator('#status').filter({ hasText: /clauses/ }).waitFor();
  check(await feedLinkInHead(page) === null, 'the feed link leaves the head with the view');
  check(problems.length === 0, problems.join('; '));
}

// Markup in a change record: a clause reworded to hold an entity-escaped
// <img onerror> (kept as text by the indexer, so the API's diff holds it
// escaped), under a heading holding one (the record's clause title keeps
// it as markup). The record shows the diff's text with only <del>/<ins> as
// elements, and the title's text; no <img> is ever made.
const TITLE = '## Disputes &lt;img src=x onerror="window.pwned=1"&gt;\n\n';
const BEFORE = `# Terms\n\n${TITLE}Any dispute will be resolved by binding arbitration in the State of Delaware.\n`;
const AFTER = `# Terms\n\n${TITLE}Any dispute will be resolved by binding arbitration in the State of California `
  + '&lt;img src=x onerror="window.pwned=2"&gt;.\n';

export async function changeMarkupScenario(browser, opts) {
  const dir = tempDir();
  const db = path.join(dir, 'index');
  const tree = path.join(dir, 'tree');
  snapshot(opts, db, tree, BEFORE, daysAgo(40));
  snapshot(opts, db, tree, AFTER, daysAgo(10));
  const base = await startServer(opts, db, []);
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${base}/#/changes`);
  await status(page).filter({ hasText: '1 change record' }).waitFor();
  await items(page).first().locator('h3 a').click();
  const diff = page.locator('.change-clause .diff').first();
  await diff.waitFor();
  const id = decodeURIComponent(page.url().split('#/change/')[1]);
  const record = (await getJson(`${base}/v1/changes/${encodeURIComponent(id)}`)).body;
  const html = record.clauses.find((c) => c.diff.includes('<ins>')).diff;
  check(/&lt;img/.test(html), `the API's diff holds the markup escaped: ${html}`);
  const text = html.replace(/<\/?(del|ins)>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  check(await diff.textContent() === text, `the diff as text: ${await diff.textContent()}`);
  check(/<img/.test(record.clauses[0].title), `the API's title holds markup: ${record.clauses[0].title}`);
  check(await page.locator('.change-clause h4').textContent() === 'Disputes', 'the title as its text');
  check(await diff.locator('*:not(del):not(ins)').count() === 0, 'no element but del and ins in the diff');
  check(await page.locator('.change-record img').count() === 0, 'no image element');
  check(await page.evaluate(() => window.pwned === undefined), 'markup in a diff never runs');
}

// Scenario of e2e.mjs for change history (issue 18), on an index of its own
// that has history: two snapshots of one document (clause-indexer --docs
// --as-of, the same mechanism as a git replay), dated 40 and 10 days ago so
// that "the last 30 days" holds exactly one change. The platform view shows
// the count and the last change; the clause view shows the versions with a
// diff in which only <del>/<ins> are elements.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { check, getJson, startServer, tempDir } from './harness.mjs';

export function daysAgo(n) {
  return new Date(Date.now() - n * 86400000).toISOString().slice(0, 10);
}

const V1 = '# Terms\n\nWe collect the information you give us when you create an account.\n\n'
  + 'Any dispute will be resolved by binding arbitration in the State of Delaware.\n';
// The reworded clause carries markup that must reach the page as text.
const V2 = '# Terms\n\nWe collect the information you give us when you create an account.\n\n'
  + 'Any dispute will be resolved by binding arbitration in the State of California <img src=x onerror="window.pwned=1">.\n';

export function snapshot(opts, db, tree, markdown, asOf) {
  fs.mkdirSync(path.join(tree, 'Quillhaven'), { recursive: true });
  fs.writeFileSync(path.join(tree, 'Quillhaven', 'Terms.md'), markdown);
  const r = spawnSync(opts.indexer, ['--db', db, '--docs', tree, '--as-of', asOf, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clause-indexer --as-of ${asOf} failed (${r.status}): ${r.stderr}`);
}

export async function historyScenario(browser, opts) {
  const dir = tempDir();
  const db = path.join(dir, 'index');
  const tree = path.join(dir, 'tree');
  const changed = daysAgo(10);
  snapshot(opts, db, tree, V1, daysAgo(40));
  snapshot(opts, db, tree, V2, changed);
  const base = await startServer(opts, db, []);
  const api = (await getJson(`${base}/v1/platforms/quillhaven`)).body;
  check(api.changes.last_30_days === 1, `one change in the API's last 30 days: ${JSON.stringify(api.changes)}`);

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}/#/platform/quillhaven`);
  const count = page.locator('.changes-count');
  await count.waitFor();
  check((await count.textContent()) === '1 change in the last 30 days', `platform count: ${await count.textContent()}`);
  const last = await page.locator('.last-change').textContent();
  check(last.includes(changed), `the last change's date ${changed}: ${last}`);
  check(last.includes(api.changes.last_change.summary), `the last change's summary: ${last}`);

  // The reworded clause: two versions, oldest first, the second with its diff.
  const found = (await getJson(`${base}/v1/search?q=arbitration`)).body;
  await page.goto(`${base}/#/clause/${encodeURIComponent(found.results[0].id)}`);
  const versions = page.locator('.versions li');
  await versions.first().waitFor();
  check(await versions.count() === 2, `two versions: ${await versions.count()}`);
  check((await versions.nth(1).locator('.meta').textContent()).includes(changed), 'the newer version second');
  const diff = versions.nth(1).locator('.diff');
  check((await diff.locator('del').allTextContents()).join(' ').includes('Delaware'), 'Delaware struck out');
  check((await diff.locator('ins').allTextContents()).join(' ').includes('California'), 'California inserted');
  check(await diff.locator('*:not(del):not(ins)').count() === 0, 'no element but del and ins in the diff');
  check(await page.evaluate(() => window.pwned === undefined), 'markup in a diff never runs');
  // Its document's changes, and its provenance in full, as the API gives them.
  const record = (await getJson(`${base}/v1/clauses/${encodeURIComponent(found.results[0].id)}`)).body;
  const documentCount = await page.locator('.clause .changes .changes-count').textContent();
  check(documentCount === `${record.changes.last_30_days} change in the last 30 days`, `the document's changes: ${documentCount}`);
  const provenance = await page.locator('.provenance').textContent();
  for (const part of [record.id, record.content_sha256, record.first_seen.slice(0, 10), record.last_seen.slice(0, 10)]) {
    check(provenance.includes(part), `the provenance shows ${part}: ${provenance}`);
  }
  check(problems.length === 0, problems.join('; '));

  // A clause never changed: its single version.
  const steady = (await getJson(`${base}/v1/search?q=collect`)).body.results[0].id;
  await page.goto(`${base}/#/clause/${encodeURIComponent(steady)}`);
  await page.locator('.history [role=status]').filter({ hasText: 'Unchanged' }).waitFor();
  check(await page.locator('.versions li').count() === 1, 'one version for a clause never changed');

  // The arbitration clause removed: its page stays, says when and by which
  // change, and links to that change record, whose clause links back.
  const removedOn = daysAgo(5);
  snapshot(opts, db, tree, '# Terms\n\nWe collect the information you give us when you create an account.\n', removedOn);
  const removed = (await getJson(`${base}/v1/search?q=arbitration&include_removed=true`)).body.results[0];
  check(removed && removed.removed_at && removed.removed_at.startsWith(removedOn), `a removed hit: ${JSON.stringify(removed)}`);
  await page.goto(`${base}/#/clause/${encodeURIComponent(removed.id)}`);
  const note = page.locator('.removed-note');
  await note.waitFor();
  check((await note.textContent()).includes(removedOn), `the removal's date: ${await note.textContent()}`);
  await page.locator('.similar [role=status]').filter({ hasText: 'removed' }).waitFor();
  await page.locator('.versions li').first().waitFor();
  check(await page.locator('.versions li').count() === 2, 'its history stays');
  const said = await page.locator('.history [role=status]').textContent();
  check(said.includes(`Removed on ${removedOn}`), `its history says when it was removed: ${said}`);
  await note.locator('a').click();
  const item = page.locator('.change-clause.change-removed h4 a');
  await item.waitFor();
  check((await item.getAttribute('href')) === `#/clause/${encodeURIComponent(removed.id)}`, 'the change links the removed clause');
  check(problems.length === 0, problems.join('; '));
}

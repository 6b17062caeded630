// API keys in the browser (issue 20): on a server started with --keys, the
// search page takes a search key once in its address (/?key=) and keeps
// using it as the address changes; without one it says a key is needed. The
// script widget takes data-api-key on another site's page.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { check, startHostSite, startServer, tempDir } from './harness.mjs';

function addKey(opts, file, name) {
  const r = spawnSync(opts.server, ['keys', 'add', '--name', name, '--scope', 'search', '--rate', '1000',
    '--file', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clause-server keys add failed: ${r.stderr}`);
  return r.stdout.trim();
}

export async function keysScenario(browser, opts, db, shot) {
  const keys = path.join(tempDir(), 'keys.txt');
  const key = addKey(opts, keys, 'e2e-page');
  let base = '';
  const category = { slug: '' };
  const host = await startHostSite({
    '/embed.html': () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>
      <body><script src="${base}/widget.js" data-api-key="${key}" data-category="${category.slug}"></script></body></html>`,
  });
  base = await startServer(opts, db, [host], ['--keys', keys]);
  const api = await fetch(`${base}/v1/categories`, { headers: { 'X-API-Key': key } });
  check(api.status === 200, `the key works from node: ${api.status}`);
  category.slug = (await api.json()).categories[0].slug;

  const without = await (await browser.newContext()).newPage();
  await without.goto(`${base}/?q=arbitration`);
  await without.locator('#status .error').waitFor();
  check(/API key is needed/.test(await without.locator('#status .error').textContent()),
    'without a key the page says a key is needed');

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/?key=${key}&q=arbitration`);
  await page.locator('.hit').first().waitFor();
  check(!page.url().includes(key), `the key leaves the address: ${page.url()}`);
  // Later calls of the same tab still carry it: open a clause, then a new search.
  await page.locator('.hit h3 a').first().click();
  await page.locator('.clause-text, article').first().waitFor();
  await page.goto(`${base}/#/?q=termination`);
  await page.locator('.hit').first().waitFor();
  await shot(page, 'keys-page-with-search-key');

  const partner = await (await browser.newContext()).newPage();
  await partner.goto(`${host}/embed.html`);
  await partner.locator('.clause-compare-widget .column').first().waitFor();
  check(await partner.locator('.clause-compare-widget .error').count() === 0, 'widget with data-api-key loads');
}

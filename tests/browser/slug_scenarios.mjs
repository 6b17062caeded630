// The page names platforms and categories by the server's slugs
// (schema/slug.cpp): its own slugify must give what the API gives for every
// name, or a link leads to "no platform" (a decomposing slugify split the
// voiced kana of 日本サービス into ヒ and a mark, and made a '-' of the mark).
import fs from 'node:fs';
import path from 'node:path';
import { buildIndex, check, getJson, startServer, tempDir } from './harness.mjs';

const NAMES = ['日本サービス', 'Lumière Stream', "O'Reilly Media", 'Straße & Co.', 'Ærø Øresund', 'Łódź Żagiel',
  'Ελληνικά Νέα', 'Русский Сервис', 'Café—Bar', 'Tab\tand  spaces', 'ÀÉÎÕÜ ÿ', 'İstanbul Ğ', 'emoji 🎉 app',
  'Mixed日本Abc', 'x×y÷z'];

export async function slugScenario(browser, opts) {
  const dir = tempDir();
  const corpus = path.join(dir, 'names.jsonl');
  const records = NAMES.map((platform, i) => ({
    id: `slug-${i}`, platform, document: 'Terms of Service', text: 'We may terminate your account at any time.',
    categories: ['Account termination'],
  }));
  fs.writeFileSync(corpus, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
  const base = await startServer(opts, buildIndex({ ...opts, corpus }, dir), []);
  const platforms = (await getJson(`${base}/v1/platforms`)).body.platforms;
  check(platforms.length === NAMES.length, `every name is a platform: ${platforms.length}`);

  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  await page.goto(`${base}/`);
  const pageSlugs = await page.evaluate(async (names) => {
    const api = await import('/api.js');
    return names.map((n) => api.slugify(n));
  }, platforms.map((p) => p.name));
  platforms.forEach((p, i) => check(pageSlugs[i] === p.slug, `slug of ${p.name}: page ${pageSlugs[i]}, API ${p.slug}`));

  // A hit's platform link opens that platform's page.
  await page.goto(`${base}/#/clause/slug-0`);
  const link = page.locator('.facts a[href^="#/platform/"]').first();
  await link.waitFor();
  await link.click();
  await page.locator('h2').filter({ hasText: '日本サービス' }).waitFor();
  check(!(await page.locator('main').textContent()).includes('Not available'), 'the platform page opens');
  check(problems.length === 0, `no page errors: ${problems.join('; ')}`);
}

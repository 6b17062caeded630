// Test harness for e2e.mjs: command-line options, the skip rule, building
// the demo index, running clause-server on a free loopback port, and small
// static servers that play "another site" (another origin) embedding the
// widget. Everything binds 127.0.0.1 only and is stopped by cleanup().
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

export const SKIP = 77;  // ctest's SKIP_RETURN_CODE for this test

export function options(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) throw new Error(`bad argument ${argv[i]}`);
    opts[argv[i].slice(2)] = argv[i + 1];
  }
  for (const needed of ['indexer', 'server', 'corpus', 'out']) {
    if (!opts[needed]) throw new Error(`missing --${needed}`);
  }
  opts.chromium = process.env.CHROMIUM || opts.chromium || '/usr/bin/chromium';
  return opts;
}

export function skip(message) {
  console.log(`SKIPPED: ${message}`);
  process.exit(SKIP);
}

// playwright-core comes from npm (scripts/test.sh installs it); without it,
// or without Chromium, the test skips and says how to get them.
export async function loadPlaywright(opts) {
  if (!fs.existsSync(opts.chromium)) {
    skip(`no Chromium at ${opts.chromium}: run scripts/install-deps.sh (Debian package chromium) or set CHROMIUM`);
  }
  try {
    return await import('playwright-core');
  } catch {
    skip('playwright-core is not installed: run `npm ci` in tests/browser (scripts/test.sh does)');
  }
  return null;
}

const cleanups = [];
export function onCleanup(fn) {
  cleanups.push(fn);
}
export async function cleanup() {
  while (cleanups.length) {
    try {
      await cleanups.pop()();
    } catch (e) {
      console.error(`cleanup: ${e.message}`);
    }
  }
}

export function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clause-e2e-'));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function buildIndex(opts, dir) {
  const db = path.join(dir, 'index');
  const r = spawnSync(opts.indexer, ['--db', db, opts.corpus], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clause-indexer failed (${r.status}): ${r.stderr}`);
  return db;
}

// Starts clause-server on port 0 and resolves with its base URL once the
// start-up line names the bound port. `extra`: more flags (e.g. --keys).
export function startServer(opts, db, corsOrigins, extra = []) {
  const child = spawn(opts.server, ['--db', db, '--host', '127.0.0.1', '--port', '0', '--threads', '4',
    '--log-level', 'info', '--cors-origins', corsOrigins.join(','), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  onCleanup(() => new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  }));
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error(`clause-server did not start:\n${log}`)), 30000);
    const onData = (chunk) => {
      log += chunk;
      const m = log.match(/on http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${m[1]}`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`clause-server exited with ${code}:\n${log}`));
    });
  });
}

// A static "other site" on its own port (so its own origin) serving the
// pages in `pages` (path -> function(origin) -> html). Resolves with its
// origin, e.g. http://127.0.0.1:40123.
export function startHostSite(pages) {
  const server = http.createServer((req, res) => {
    const page = pages[new URL(req.url, 'http://x').pathname];
    if (!page) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(page());
  });
  onCleanup(() => new Promise((resolve) => server.close(resolve)));
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`));
  });
}

export async function getJson(url) {
  const res = await fetch(url);
  return { status: res.status, body: await res.json() };
}

export function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
}

// The line the clause view shows for a /similar answer (server/web/views.js).
export function platformCountLine(s) {
  const n = s.platforms_with_similar.toLocaleString('en');
  const total = ` of ${s.platforms_total.toLocaleString('en')} platforms`;
  if (s.count_method === 'expected') return `About ${n}${total} (estimated from the clause's likely types)`;
  return s.platforms_with_similar === 0 ? `Unique · 0${total}` : `Found in ${n}${total}`;
}

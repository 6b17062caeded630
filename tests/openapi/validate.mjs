// GET /openapi.json of a real clause-server (loopback, ephemeral port, the
// demo corpus), checked three ways:
//  1. against the official OpenAPI 3.1 schema (@seriousme/openapi-schema-validator);
//  2. every schema in it compiles in strict JSON Schema 2020-12 (Ajv2020), so
//     a misspelt keyword cannot pass as an ignored one;
//  3. real answers of the main routes, errors included, conform to the
//     schema the document gives for their route and status (and the status
//     and content type are described at all).
//
//   node validate.mjs --indexer build/indexer/clause-indexer --server build/server/clause-server \
//                     --corpus data/clauses.jsonl
// Exit codes: 0 pass, 1 fail, 77 skipped (packages not installed: npm ci here).
import http from 'node:http';
import { buildIndex, cleanup, skip, startServer, tempDir } from '../browser/harness.mjs';

const opts = {};
const argv = process.argv.slice(2);
for (let i = 0; i + 1 < argv.length; i += 2) opts[argv[i].replace(/^--/, '')] = argv[i + 1];
for (const needed of ['indexer', 'server', 'corpus']) {
  if (!opts[needed]) throw new Error(`missing --${needed}`);
}

let Validator, Ajv2020, addFormats;
try {
  ({ Validator } = await import('@seriousme/openapi-schema-validator'));
  Ajv2020 = (await import('ajv/dist/2020.js')).default;
  addFormats = (await import('ajv-formats')).default;
} catch {
  skip('the validators are not installed: run `npm ci` in tests/openapi (scripts/test.sh does)');
}

const failures = [];
const fail = (message) => failures.push(message);

// One request on a connection of its own (agent: false): the checks between
// requests can outlast the server's keep-alive timeout on a loaded machine,
// and a pooled connection the server closed meanwhile fails the request.
function fetchAnswer(base, method, path, body) {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), {
      method,
      agent: false,
      headers: payload === undefined ? {} : { 'Content-Type': 'application/json' },
    }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({
        status: res.statusCode, type: res.headers['content-type'] || '', id: res.headers['x-request-id'], text,
      }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// The path template of the document that a concrete path falls under:
// `{name}` takes one segment. Exact templates win over templated ones.
function templateOf(doc, path) {
  const segments = path.split('?')[0].split('/');
  const candidates = Object.keys(doc.paths).filter((t) => {
    const parts = t.split('/');
    return parts.length === segments.length && parts.every((p, i) => /^\{.+\}$/.test(p) || p === segments[i]);
  });
  candidates.sort((a, b) => (a.match(/\{/g) || []).length - (b.match(/\{/g) || []).length);
  return candidates[0];
}

// 2: every schema of the document is a valid 2020-12 schema (strict mode).
function compileAll(resolved) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const seen = [];
  const walk = (node, where) => {
    if (!node || typeof node !== 'object') return;
    if (node.schema && typeof node.schema === 'object' && !Array.isArray(node.schema)) seen.push([where, node.schema]);
    for (const [k, v] of Object.entries(node)) if (k !== 'schema') walk(v, `${where}/${k}`);
  };
  walk(resolved.paths, '#/paths');
  for (const [name, schema] of Object.entries(resolved.components.schemas)) seen.push([`#/components/schemas/${name}`, schema]);
  for (const [where, schema] of seen) {
    try {
      ajv.compile(schema);
    } catch (e) {
      fail(`${where}: not a valid JSON Schema: ${e.message}`);
    }
  }
  return seen.length;
}

// 3: one answer against the document.
function checkAnswer(ajv, resolved, method, path, answer, expectStatus) {
  const label = `${method} ${path} -> ${answer.status}`;
  if (answer.status !== expectStatus) fail(`${label}: expected ${expectStatus}: ${answer.text.slice(0, 300)}`);
  if (!answer.id) fail(`${label}: no X-Request-Id`);
  const template = templateOf(resolved, path);
  const op = template && resolved.paths[template][method.toLowerCase()];
  if (!op) return fail(`${label}: the document has no ${method} operation for this path`);
  const response = op.responses[String(answer.status)];
  if (!response) return fail(`${label}: status ${answer.status} is not described for ${method} ${template}`);
  const mediaType = answer.type.split(';')[0].trim();
  const described = Object.keys(response.content || {}).map((t) => t.split(';')[0].trim());
  if (!described.includes(mediaType)) return fail(`${label}: content type ${answer.type} not described (${described})`);
  if (mediaType !== 'application/json') return;
  const schema = Object.entries(response.content).find(([t]) => t.startsWith('application/json'))[1].schema;
  const validate = ajv.compile(schema);
  if (!validate(JSON.parse(answer.text))) {
    fail(`${label}: the answer does not match the described schema: ${ajv.errorsText(validate.errors)}`);
  }
}

try {
  const dir = tempDir();
  const base = await startServer(opts, buildIndex(opts, dir), []);

  const served = await fetchAnswer(base, 'GET', '/openapi.json');
  if (served.status !== 200 || !served.type.startsWith('application/json')) {
    throw new Error(`GET /openapi.json: ${served.status} ${served.type}`);
  }
  const validator = new Validator();
  const result = await validator.validate(JSON.parse(served.text));
  if (!result.valid) fail(`the document is not valid OpenAPI: ${JSON.stringify(result.errors, null, 1)}`);
  if (validator.version !== '3.1') fail(`expected OpenAPI 3.1, the validator saw ${validator.version}`);
  const resolved = validator.resolveRefs();
  const compiled = compileAll(resolved);

  // Real values of the demo index for the path arguments.
  const json = async (path) => JSON.parse((await fetchAnswer(base, 'GET', path)).text);
  const category = (await json('/v1/categories')).categories[0].slug;
  const platforms = (await json('/v1/platforms')).platforms.map((p) => p.slug);
  const id = (await json('/v1/search?q=arbitration&limit=1')).results[0].id;
  const requests = [
    ['GET', '/healthz', 200],
    ['GET', '/metrics', 200],
    ['GET', '/v1/search?q=arbitration', 200],
    ['GET', '/v1/search?q=arbitration&collapse=platform&facets=category,severity,platform,document,clause_type', 200],
    ['GET', '/v1/search?q=arbitraton', 200],
    ['GET', '/v1/search?q=arbitration&facets=false&sort=updated&updated_after=2000-01-01', 200],
    ['GET', '/v1/search?limit=500', 400],
    ['GET', '/v1/search?categroy=x', 400],
    ['GET', `/v1/clauses/${encodeURIComponent(id)}`, 200],
    ['GET', '/v1/clauses/no-such-clause-zz', 404],
    ['GET', `/v1/clauses/${encodeURIComponent(id)}/similar?limit=3`, 200],
    ['POST', '/v1/similar', 200, { text: 'We may sell your personal data to advertisers.', platform: null }],
    ['POST', '/v1/similar', 400, { txt: 'typo' }],
    ['GET', '/v1/categories', 200],
    ['GET', `/v1/categories/${category}?severity=high,critical&limit=3`, 200],
    ['GET', '/v1/categories/no-such-category-zz', 404],
    ['GET', '/v1/platforms', 200],
    ['GET', `/v1/platforms/${platforms[0]}`, 200],
    ['GET', `/v1/compare?category=${category}&platforms=${platforms.slice(0, 3).join(',')}`, 200],
    ['GET', `/v1/compare?category=${category}&limit=2&per_platform=1`, 200],
    ['GET', '/v1/compare', 400],
    ['GET', '/v1/changes?since=2000-01-01&limit=5', 200],
    ['GET', '/v1/changes?since=2025-02-01&until=2025-01-01', 400],
    ['GET', '/v1/changes.atom', 200],
    ['GET', '/v1/changes/no-such-change-zz', 404],
    ['GET', '/', 200],
    ['GET', '/opensearch.xml', 200],
    ['GET', '/openapi.json', 200],
  ];
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [method, path, status, body] of requests) {
    checkAnswer(ajv, resolved, method, path, await fetchAnswer(base, method, path, body), status);
  }
  for (const f of failures) console.error(`FAIL: ${f}`);
  console.log(`${compiled} schemas compiled, ${requests.length} answers checked, ${failures.length} failures`);
  process.exitCode = failures.length ? 1 : 0;
} catch (e) {
  console.error(`FAIL: ${e.stack || e.message}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}

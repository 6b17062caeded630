// Shared helpers of the search page: calling the clause API (docs/API.md)
// and building DOM nodes. Clause text is only ever set with textContent; the
// one exception is the API's snippet, which is HTML-escaped with <mark>
// around matches and is still rebuilt node by node (snippetNode). Which text
// and heading a clause shows is text.js's business.
import { clauseHeading, clip, plainText } from './text.js';

export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

// A search key for a server started with --keys (docs/API.md, "API keys"):
// given once in the address, /?key=KEY, it is kept for the tab's session
// (the page then rewrites its address without it) and sent as X-API-Key.
const KEY_ITEM = 'clause-api-key';
const givenKey = new URLSearchParams(location.search).get('key');
if (givenKey) sessionStorage.setItem(KEY_ITEM, givenKey);

function requestHeaders() {
  const headers = { Accept: 'application/json' };
  const key = sessionStorage.getItem(KEY_ITEM);
  if (key) headers['X-API-Key'] = key;
  return headers;
}

// A query string of params: empty values and empty arrays are left out,
// arrays become comma lists (as every list parameter of the API takes).
export function queryString(params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length) query.set(name, value.join(','));
    } else {
      query.set(name, String(value));
    }
  }
  return query.toString();
}

// GETs an API path with query parameters (queryString). Throws ApiError
// with the server's message, or with status 0 when the server cannot be
// reached.
export async function getJson(path, params = {}, signal = undefined) {
  const qs = queryString(params);
  let response;
  try {
    response = await fetch(qs ? `${path}?${qs}` : path, { signal, headers: requestHeaders() });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'The server cannot be reached.', 'network');
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const err = body && body.error ? body.error : {};
    throw new ApiError(response.status, err.message || `HTTP ${response.status}`, err.code);
  }
  return body;
}

// el('a', {href: '#/x', class: 'c'}, 'text', otherNode): attributes are set
// with setAttribute, children strings become text nodes. `hidden`-style
// boolean attributes take true/false.
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') {
      node.addEventListener(name.slice(2), value);
    } else {
      node.setAttribute(name, value === true ? '' : String(value));
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

// Rebuilds an API snippet from its text and <mark> elements only, so even a
// snippet that is not what the API promises cannot inject markup.
export function snippetNode(html, tag = 'p') {
  const out = el(tag, { class: 'snippet' });
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const node of template.content.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.nodeName === 'MARK') {
      out.append(el('mark', {}, node.textContent));
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

const SEVERITY_LABEL = { critical: 'Critical', high: 'High', medium: 'Medium', low: 'Low' };

// A badge that states the severity in words (colour is only a second cue).
export function severityBadge(severity) {
  if (!severity) return null;
  const label = SEVERITY_LABEL[severity] || severity;
  return el('span', { class: `badge sev-${SEVERITY_LABEL[severity] ? severity : 'other'}` }, label);
}

// The server's slug (schema/slug.cpp), code point for code point, so that a
// link or a filter names a value as the API does: apostrophes dropped, ASCII
// letters and digits lower-cased, Latin-1 and Latin Extended-A letters folded
// to ASCII, runs of anything else that separates words one '-', and every
// other letter kept (日本サービス stays itself; a decomposition would split ビ).
const LATIN_FOLD = [  // U+00C0..U+017F; '-' is not a letter
  'a', 'a', 'a', 'a', 'a', 'a', 'ae', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
  'd', 'n', 'o', 'o', 'o', 'o', 'o', '-', 'o', 'u', 'u', 'u', 'u', 'y', 'th', 'ss',
  'a', 'a', 'a', 'a', 'a', 'a', 'ae', 'c', 'e', 'e', 'e', 'e', 'i', 'i', 'i', 'i',
  'd', 'n', 'o', 'o', 'o', 'o', 'o', '-', 'o', 'u', 'u', 'u', 'u', 'y', 'th', 'y',
  'a', 'a', 'a', 'a', 'a', 'a', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'c', 'd', 'd',
  'd', 'd', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'e', 'g', 'g', 'g', 'g',
  'g', 'g', 'g', 'g', 'h', 'h', 'h', 'h', 'i', 'i', 'i', 'i', 'i', 'i', 'i', 'i',
  'i', 'i', 'ij', 'ij', 'j', 'j', 'k', 'k', 'k', 'l', 'l', 'l', 'l', 'l', 'l', 'l',
  'l', 'l', 'l', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'n', 'o', 'o', 'o', 'o',
  'o', 'o', 'oe', 'oe', 'r', 'r', 'r', 'r', 'r', 'r', 's', 's', 's', 's', 's', 's',
  's', 's', 't', 't', 't', 't', 't', 't', 'u', 'u', 'u', 'u', 'u', 'u', 'u', 'u',
  'u', 'u', 'u', 'u', 'w', 'w', 'y', 'y', 'y', 'z', 'z', 'z', 'z', 'z', 'z', 's',
];
const isApostrophe = (cp) => cp === 0x27 || cp === 0x2019 || cp === 0x2bc;
const isSeparator = (cp) => (cp >= 0x80 && cp <= 0xbf) || cp === 0xd7 || cp === 0xf7
  || (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f)
  || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff0f)
  || (cp >= 0xff1a && cp <= 0xff20) || cp === 0xfffd || (cp >= 0x1f000 && cp <= 0x1faff);
function lowerCase(cp) {
  if (cp >= 0x391 && cp <= 0x3a9 && cp !== 0x3a2) return cp + 0x20;  // Greek
  if (cp >= 0x410 && cp <= 0x42f) return cp + 0x20;                   // Cyrillic
  if (cp >= 0x400 && cp <= 0x40f) return cp + 0x50;
  return cp;
}

export function slugify(name) {
  let slug = '';
  let pendingDash = false;
  const emit = (piece) => {
    if (pendingDash && slug) slug += '-';
    pendingDash = false;
    slug += piece;
  };
  for (const ch of String(name)) {
    const cp = ch.codePointAt(0);
    if (isApostrophe(cp)) continue;
    if (cp < 0x80) {
      if (/[A-Za-z0-9]/.test(ch)) emit(ch.toLowerCase());
      else pendingDash = true;
    } else if (cp >= 0xc0 && cp <= 0x17f) {
      const folded = LATIN_FOLD[cp - 0xc0];
      if (folded === '-') pendingDash = true;
      else emit(folded);
    } else if (isSeparator(cp)) {
      pendingDash = true;
    } else {
      emit(String.fromCodePoint(lowerCase(cp)));
    }
  }
  return slug || name;
}

export const links = {
  clause: (id) => `#/clause/${encodeURIComponent(id)}`,
  category: (slugOrName) => `#/category/${encodeURIComponent(slugOrName)}`,
  platform: (slugOrName) => `#/platform/${encodeURIComponent(slugOrName)}`,
  type: (slugOrName) => `#/type/${encodeURIComponent(slugOrName)}`,
  change: (id) => `#/change/${encodeURIComponent(id)}`,
  // The Changes view with filters: {platform: ['acme'], since: '2026-01-01', ...}.
  changes: (filters = {}) => {
    const qs = queryString(filters);
    return qs ? `#/changes?${qs}` : '#/changes';
  },
};

export function plural(n, one, many = `${one}s`) {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}

// The API refuses an offset above 10,000 (docs/API.md, "Paging"), so the
// pager pages through the first 10,000 results only and says so; a Next that
// led to a 400 would be a dead end.
export const PAGED_MAX = 10000;

// "Showing 11–20 of 57" plus Previous/Next buttons; onPage(offset) is called
// with the new offset. Nothing when everything fits on one page.
export function pager(total, offset, limit, onPage) {
  if (total <= limit && offset === 0) return null;
  const reachable = Math.min(total, PAGED_MAX);
  // An offset past the results (a hand-made or stale link): say so, and let
  // Previous go to the last page that has results, not one more empty one.
  const beyond = offset >= reachable;
  const lastPage = Math.max(0, Math.floor((reachable - 1) / limit) * limit);
  const last = Math.min(total, offset + limit);
  const nextOffset = offset + limit;
  const prev = el('button', { type: 'button', class: 'page-prev', disabled: offset === 0 }, '← Previous');
  const next = el('button', { type: 'button', class: 'page-next', disabled: nextOffset >= reachable }, 'Next →');
  prev.addEventListener('click', () => onPage(beyond ? lastPage : Math.max(0, offset - limit)));
  next.addEventListener('click', () => onPage(nextOffset));
  const capped = total > PAGED_MAX
    ? el('span', { class: 'page-cap' }, ` (showing the first ${PAGED_MAX.toLocaleString('en')})`)
    : null;
  const range = beyond
    ? `past the last of ${total.toLocaleString('en')}`
    : `${(offset + 1).toLocaleString('en')}–${last.toLocaleString('en')} of ${total.toLocaleString('en')}`;
  return el('nav', { class: 'pager', 'aria-label': 'Pages' }, prev, el('span', { class: 'page-info' }, range, capped),
    next);
}

// One result in a list: title link, platform, document, severity, snippet
// (or the start of the text), categories.
export function hitItem(record) {
  const cats = (record.categories || []).map((c) => el('li', {}, el('a', { href: links.category(slugify(c)) }, c)));
  return el('li', { class: 'hit' },
    el('h3', {}, el('a', { href: links.clause(record.id) }, clauseHeading(record))),
    el('p', { class: 'meta' },
      el('a', { href: links.platform(slugify(record.platform)) }, record.platform),
      el('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
      record.document,
      ' ', severityBadge(record.severity)),
    record.snippet ? snippetNode(record.snippet) : el('p', { class: 'snippet' }, clip(plainText(record), 280)),
    cats.length ? el('ul', { class: 'chips', 'aria-label': 'Categories' }, cats) : null);
}

export function errorBox(err) {
  const text = err instanceof ApiError ? err.message : 'Something went wrong.';
  return el('p', { class: 'error', role: 'alert' }, text);
}

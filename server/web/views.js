// The detail views of the search page: one clause with the similar clauses
// of other platforms, one category, one platform, and the two lists. Each
// takes the <main> element and isCurrent(), and draws nothing once the user
// has moved on.
import {
  ApiError, el, errorBox, getJson, hitItem, links, pager, plural, severityBadge, slugify,
} from './api.js';
import { clauseHeading, clip, plainText } from './text.js';
import { showAllPlatforms } from './per_platform.js';
import { changesSummary, day, fillHistory } from './history.js';
import { documentChanges, fillOtherRisks, otherRisksSection, provenance } from './clause_facts.js';

const PAGE = 10;
const SEVERITIES = ['critical', 'high', 'medium', 'low'];

// A view's heading: route() focuses it when the view opens.
export function heading(text) {
  return el('h2', { tabindex: '-1' }, text);
}

// GETs path for a view; on an error, shows it in place of the view and
// answers null. (<main> is marked busy by route() until the view is drawn.)
export async function load(main, isCurrent, path, params) {
  try {
    return await getJson(path, params);
  } catch (err) {
    if (isCurrent()) main.replaceChildren(heading('Not available'), errorBox(err));
    return null;
  }
}

function offsetOf(params) {
  return Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
}

// ---- one clause -----------------------------------------------------------

export async function clauseView(main, id, isCurrent) {
  const record = await load(main, isCurrent, `/v1/clauses/${encodeURIComponent(id)}`);
  if (!record || !isCurrent()) return;
  document.title = `${clauseHeading(record)} – ${record.platform} – Clause search`;
  const facts = el('dl', { class: 'facts' },
    el('dt', {}, 'Platform'), el('dd', {}, el('a', { href: links.platform(slugify(record.platform)) }, record.platform)),
    el('dt', {}, 'Document'), el('dd', {}, record.document),
    record.severity ? [el('dt', {}, 'Severity'), el('dd', {}, severityBadge(record.severity))] : null,
    record.clause_type ? [el('dt', {}, 'Type'), el('dd', {}, typeLink(record))] : null,
    record.updated ? [el('dt', {}, 'Updated'), el('dd', {}, record.updated)] : null,
    record.removed_at ? [el('dt', {}, 'Removed'), el('dd', {}, removalNote(record))] : null);
  const cats = (record.categories || []).map((c) => el('li', {}, el('a', { href: links.category(slugify(c)) }, c)));
  const similar = el('section', { class: 'similar', 'aria-labelledby': 'similar-h' },
    el('h3', { id: 'similar-h' }, 'How other platforms handle this'),
    el('p', { class: 'muted', role: 'status' }, 'Looking for similar clauses…'));
  const history = el('section', { class: 'history', 'aria-labelledby': 'history-h' },
    el('h3', { id: 'history-h' }, 'History'),
    el('p', { class: 'muted', role: 'status' }, 'Loading its versions…'));
  const risks = otherRisksSection();
  main.replaceChildren(el('article', { class: 'clause' },
    el('p', { class: 'crumbs' }, el('a', { href: '#/' }, 'Search'), ' › ',
      el('a', { href: links.platform(slugify(record.platform)) }, record.platform)),
    heading(clauseHeading(record)),
    facts,
    cats.length ? el('ul', { class: 'chips', 'aria-label': 'Categories' }, cats) : null,
    el('blockquote', { class: 'clause-text' }, plainText(record)),
    sourceLink(record.source_url),
    documentChanges(record),
    similar,
    risks,
    history,
    provenance(record)));
  await Promise.all([fillHistory(history, record.id, isCurrent),
    record.removed_at ? noSimilarForRemoved(similar) : fillSimilar(similar, record, isCurrent),
    fillOtherRisks(risks, record, isCurrent)]);
}

// A removed provision's last clause (GET /v1/clauses/{id} answers it with
// removed_at): when, and the change record that removed it.
function removalNote(record) {
  const date = el('time', { datetime: day(record.removed_at) }, day(record.removed_at));
  return el('span', { class: 'removed-note' }, 'No longer in the document since ', date,
    record.removed_in ? [' (', el('a', { href: links.change(record.removed_in) }, 'change record'), ')'] : null);
}

// The comparison is among current clauses; a removed one is not one of them.
function noSimilarForRemoved(section) {
  const status = section.querySelector('[role=status]');
  status.className = 'muted';
  status.replaceChildren('This clause was removed: it is not compared with the current clauses of other platforms.');
}

// The clause's type as a link to every platform with that type, with how
// sure the model was when it predicted it ("Medium confidence").
function typeLink(record) {
  const band = record.type_source === 'predicted' && record.type_band
    ? el('span', { class: `type-band band-${record.type_band}` },
      ` ${record.type_band[0].toUpperCase()}${record.type_band.slice(1)} confidence`,
      record.type_confidence != null ? ` (${record.type_confidence})` : '')
    : null;
  return [el('a', { href: links.type(slugify(record.clause_type)), class: 'type-link',
    title: 'See all platforms with this clause type' }, record.clause_type), band];
}

// ---- one clause type: every platform that has it -------------------------

export async function typeView(main, slug, params, isCurrent, go) {
  const offset = offsetOf(params);
  const data = await load(main, isCurrent, `/v1/types/${encodeURIComponent(slug)}`, { limit: PAGE, offset });
  if (!data || !isCurrent()) return;
  const t = data.type;
  document.title = `${t.name} – Clause search`;
  const rows = data.results.map((r) => {
    const item = hitItem(r.best);
    if (r.clauses > 1) item.append(el('p', { class: 'muted' }, `${plural(r.clauses, 'clause')} of this type on ${r.platform.name}`));
    return item;
  });
  main.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: '#/' }, 'Search')),
    heading(t.name),
    el('p', { class: 'lead type-summary' }, `${plural(t.platforms, 'platform')} · ${plural(t.clauses, 'clause')}`,
      t.predicted ? ` (${t.predicted.toLocaleString('en')} predicted)` : ''),
    el('ol', { class: 'hits type-platforms' }, rows),
    pager(data.total, offset, PAGE, (off) => go(`${links.type(t.slug)}${off ? `?offset=${off}` : ''}`)) || '');
}

// Only http(s) links: a javascript: URL in the data must not become a link.
function sourceLink(url) {
  if (!url || !/^https?:\/\//i.test(url)) return null;
  return el('p', {}, el('a', { href: url, rel: 'noopener noreferrer', target: '_blank' }, 'Read the source document'),
    el('span', { class: 'visually-hidden' }, ' (opens in a new tab)'));
}

// "Found in N of M platforms", or "Unique · 0 of M" when no other platform
// has one; an expected count (no confident type, docs/API.md count_method)
// is an estimate and says so.
function platformCountLine(data, n, total) {
  if (data.count_method === 'expected') {
    return `About ${n.toLocaleString('en')}${total} (estimated from the clause's likely types)`;
  }
  return n === 0 ? `Unique · 0${total}` : `Found in ${n.toLocaleString('en')}${total}`;
}

async function fillSimilar(section, record, isCurrent) {
  const status = section.querySelector('[role=status]');
  let data;
  try {
    data = await getJson(`/v1/clauses/${encodeURIComponent(record.id)}/similar`, { limit: 10 });
  } catch (err) {
    if (!isCurrent()) return;
    const missing = err instanceof ApiError && (err.status === 404 || err.status === 405);
    status.replaceChildren(missing ? 'Comparison with other platforms is not available on this server.' : err.message);
    status.className = missing ? 'muted' : 'error';
    return;
  }
  if (!isCurrent()) return;
  const n = data.platforms_with_similar ?? data.results.length;
  const m = data.platforms_total;
  const total = m === undefined ? '' : ` of ${m.toLocaleString('en')} platforms`;
  status.className = 'platform-count';
  status.replaceChildren(platformCountLine(data, n, total));
  if (!data.results.length) return;
  // Results come best first, and the similar ones (counted in N) before the
  // merely closest: split them so a low match is not presented as similar.
  const close = data.results.slice(0, n);
  const rest = data.results.slice(n);
  if (n > close.length) section.append(el('p', { class: 'muted closest-note' }, `The ${close.length} closest:`));
  if (close.length) {
    const list = similarList(close);
    section.append(list, showAllPlatforms(record.id, list, n, similarList) || '');
  }
  if (rest.length) {
    section.append(el('h4', { class: 'less' }, n === 0 ? 'Closest clauses elsewhere' : 'Less close'),
      similarList(rest));
  }
}

function similarList(results) {
  return el('ol', { class: 'similar-list' }, results.map((r) => el('li', { class: 'similar-item' },
    el('p', { class: 'meta' },
      el('a', { href: links.platform(slugify(r.platform)) }, el('strong', {}, r.platform)),
      el('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '), r.document, ' ', severityBadge(r.severity),
      typeof r.score === 'number' && r.score >= 0 && r.score <= 1 ? el('span', { class: 'score' }, ` · match ${Math.round(r.score * 100)}%`) : null),
    el('h4', {}, el('a', { href: links.clause(r.id) }, clauseHeading(r))),
    el('p', { class: 'snippet' }, clip(plainText(r), 320)))));
}

// ---- one category ---------------------------------------------------------

export async function categoryView(main, slug, params, isCurrent, go) {
  const offset = offsetOf(params);
  const chosen = (params.get('severity') || '').split(',').filter(Boolean);
  const data = await load(main, isCurrent, `/v1/categories/${encodeURIComponent(slug)}`,
    { severity: chosen, limit: PAGE, offset });
  if (!data || !isCurrent()) return;
  const c = data.category;
  document.title = `${c.name} – Clause search`;
  const hash = (sev, off) => {
    const p = new URLSearchParams();
    if (sev.length) p.set('severity', sev.join(','));
    if (off) p.set('offset', String(off));
    const qs = p.toString();
    return `${links.category(c.slug)}${qs ? `?${qs}` : ''}`;
  };
  const filter = el('fieldset', { class: 'inline-filter' }, el('legend', {}, 'Severity'),
    SEVERITIES.map((s) => {
      const box = el('input', { type: 'checkbox', id: `sev-${s}`, checked: chosen.includes(s) });
      box.addEventListener('change', () => go(hash(box.checked ? [...chosen, s] : chosen.filter((x) => x !== s), 0)));
      return el('span', { class: 'check' }, box, el('label', { for: `sev-${s}` }, severityBadge(s)));
    }));
  const compare = el('p', {}, el('a', { href: `/widget.html?category=${encodeURIComponent(c.slug)}` },
    'Compare platforms side by side'));
  const focused = document.activeElement?.id;
  main.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: '#/categories' }, 'Categories')),
    heading(c.name),
    el('p', { class: 'lead' }, `${plural(c.clauses, 'clause')} on ${plural(c.platforms, 'platform')}`),
    compare, filter,
    el('p', { role: 'status' }, chosen.length ? `${plural(data.total, 'clause')} with this severity` : ''),
    el('ol', { class: 'hits', start: String(offset + 1) }, data.results.map(hitItem)),
    pager(data.total, offset, PAGE, (off) => go(hash(chosen, off))) || '');
  // Keep keyboard focus on the severity box just toggled.
  if (focused?.startsWith('sev-')) document.getElementById(focused)?.focus();
}

// ---- one platform ---------------------------------------------------------

export async function platformView(main, slug, params, isCurrent, go) {
  const offset = offsetOf(params);
  const data = await load(main, isCurrent, `/v1/platforms/${encodeURIComponent(slug)}`, { limit: PAGE, offset });
  if (!data || !isCurrent()) return;
  const p = data.platform;
  document.title = `${p.name} – Clause search`;
  const table = el('table', { class: 'summary' },
    el('caption', {}, 'Categories'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Category'), el('th', { scope: 'col' }, 'Clauses'),
      el('th', { scope: 'col' }, 'Worst severity'))),
    el('tbody', {}, data.categories.map((c) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: links.category(c.slug) }, c.name)),
      el('td', {}, String(c.clauses)),
      el('td', {}, severityBadge(c.worst_severity) || '—')))));
  const sev = el('ul', { class: 'chips plain', 'aria-label': 'Clauses by severity' },
    [...data.severity].sort((a, b) => SEVERITIES.indexOf(a.slug) - SEVERITIES.indexOf(b.slug))
      .map((s) => el('li', {}, severityBadge(s.slug), ` ${s.count}`)));
  const docs = el('ul', { class: 'docs' }, data.documents.map((d) => el('li', {}, `${d.value}: ${plural(d.count, 'clause')}`)));
  main.replaceChildren(
    el('p', { class: 'crumbs' }, el('a', { href: '#/platforms' }, 'Platforms')),
    heading(p.name),
    el('p', { class: 'lead' }, plural(p.clauses, 'clause')),
    changesSummary(data.changes, links.changes({ platform: [p.slug] })),
    sev, docs,
    el('div', { class: 'table-wrap' }, table),
    el('h3', {}, 'Clauses, worst first'),
    el('ol', { class: 'hits', start: String(offset + 1) }, data.results.map(hitItem)),
    pager(data.total, offset, PAGE, (off) => go(`${links.platform(p.slug)}${off ? `?offset=${off}` : ''}`)) || '');
}

// ---- lists ----------------------------------------------------------------

export async function categoriesView(main, isCurrent) {
  const data = await load(main, isCurrent, '/v1/categories');
  if (!data || !isCurrent()) return;
  document.title = 'Categories – Clause search';
  main.replaceChildren(heading('Categories'),
    el('div', { class: 'table-wrap' }, el('table', { class: 'summary' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Category'), el('th', { scope: 'col' }, 'Clauses'),
        el('th', { scope: 'col' }, 'Platforms'))),
      el('tbody', {}, data.categories.map((c) => el('tr', {},
        el('th', { scope: 'row' }, el('a', { href: links.category(c.slug) }, c.name)),
        el('td', {}, c.clauses.toLocaleString('en')), el('td', {}, c.platforms.toLocaleString('en'))))))));
}

export async function platformsView(main, isCurrent) {
  const data = await load(main, isCurrent, '/v1/platforms');
  if (!data || !isCurrent()) return;
  document.title = 'Platforms – Clause search';
  const filter = el('input', { type: 'search', id: 'platform-filter', autocomplete: 'off' });
  // Matched as the search box matches: case and accents aside ("lumiere"
  // finds Lumière).
  const folded = (s) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const list = el('ul', { class: 'platform-list' }, data.platforms.map((p) => el('li', { 'data-name': folded(p.name) },
    el('a', { href: links.platform(p.slug) }, p.name), el('span', { class: 'count' }, ` ${p.clauses}`))));
  filter.addEventListener('input', () => {
    const needle = folded(filter.value.trim());
    for (const li of list.children) li.hidden = needle !== '' && !li.dataset.name.includes(needle);
  });
  main.replaceChildren(heading('Platforms'),
    el('p', { class: 'lead' }, plural(data.total, 'platform')),
    el('p', {}, el('label', { for: 'platform-filter' }, 'Filter platforms '), filter),
    list);
}

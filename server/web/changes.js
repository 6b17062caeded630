// The Changes view (issue 18): change records newest first (GET /v1/changes)
// with its exact facets, a date range and a query box, paging, and the Atom
// feed of the same filters: a link in the view, and <link rel="alternate">
// in the head while the view is open. And one change record
// (GET /v1/changes/{id}) with each clause's word diff, rebuilt by
// history.js's diffNode so that only <del> and <ins> reach the page; every
// other field is set as text. The state lives in the hash:
//   #/changes?platform=a,b&category=c&severity=high&document=d&type=t
//            &month=YYYY-MM&q=words&since=YYYY-MM-DD&until=YYYY-MM-DD&offset=20
//   #/change/{id}
import {
  el, errorBox, getJson, links, pager, plural, queryString, severityBadge, slugify,
} from './api.js';
import { day, diffNode, markupToText } from './history.js';
import { facetEntries, facetGroup, replaceKeepingFocus, SEVERITY_ORDER } from './facets.js';
import { heading, load } from './views.js';

const PAGE = 10;
// The API's list filters (comma lists). document and type have no facet:
// they come from links (a record's document) and hand-made addresses.
const LISTS = ['platform', 'document', 'category', 'severity', 'type', 'month'];
const FACETS = [['platform', 'Platform'], ['category', 'Category'], ['severity', 'Severity'], ['month', 'Month']];
const CHANGE_LABEL = { added: 'Added', removed: 'Removed', modified: 'Modified' };

const expanded = new Set();  // facets showing all their values
let shown = null;            // the state on screen, for the form and the facets
let navigate = null;         // app.js's go(hash)
let lastList = '#/changes';  // where a record's "Changes" crumb returns

// ---- state <-> hash, API and feed ------------------------------------------

function changesState(params) {
  const state = {
    q: params.get('q') || '',
    since: params.get('since') || '',
    until: params.get('until') || '',
    offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0),
  };
  for (const name of LISTS) state[name] = (params.get(name) || '').split(',').filter(Boolean);
  return state;
}

// The filters as the API takes them, for the list, the feed and the hash.
function filters(state) {
  const out = { q: state.q, since: state.since, until: state.until };
  for (const name of LISTS) out[name] = state[name];
  return out;
}

function changesHash(state) {
  return links.changes({ ...filters(state), offset: state.offset || undefined });
}

// The feed of the same filters; no limit or offset: a feed is its newest page.
function feedHref(state) {
  const qs = queryString(filters(state));
  return qs ? `/v1/changes.atom?${qs}` : '/v1/changes.atom';
}

// <link rel="alternate" type="application/atom+xml"> in the head, so a
// browser or feed reader finds the feed of what the view shows; null
// removes it.
function setFeedLink(href, title = 'Clause changes') {
  let link = document.head.querySelector('link[rel="alternate"][type="application/atom+xml"]');
  if (!href) {
    link?.remove();
    return;
  }
  if (!link) {
    link = el('link', { rel: 'alternate', type: 'application/atom+xml' });
    document.head.append(link);
  }
  link.setAttribute('href', href);
  link.setAttribute('title', title);
}

// Called by the router when another view opens.
export function leaveChanges() {
  setFeedLink(null);
}

function filterCount(state) {
  return LISTS.reduce((n, name) => n + state[name].length, 0);
}

// ---- the list ---------------------------------------------------------------

function skeleton(main) {
  let view = main.querySelector('.changes-view');
  if (view) return view;
  const form = el('form', { class: 'change-query', role: 'search', 'aria-label': 'Filter changes' },
    el('span', { class: 'field field-q' }, el('label', { for: 'changes-q' }, 'Words in the changes'),
      el('input', { id: 'changes-q', name: 'q', type: 'search', autocomplete: 'off', spellcheck: 'false' })),
    el('span', { class: 'field' }, el('label', { for: 'changes-since' }, 'From'),
      el('input', { id: 'changes-since', name: 'since', type: 'date' })),
    el('span', { class: 'field' }, el('label', { for: 'changes-until' }, 'To'),
      el('input', { id: 'changes-until', name: 'until', type: 'date' })),
    el('button', { type: 'submit' }, 'Apply'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const f = form.elements;
    navigate(changesHash({ ...shown, q: f.q.value.trim(), since: f.since.value, until: f.until.value, offset: 0 }));
  });
  view = el('div', { class: 'changes-view' },
    heading('Changes'),
    el('p', { class: 'lead' }, 'One change record per document version that changed a clause, newest first.'),
    form,
    el('div', { class: 'results-head' },
      el('p', { id: 'changes-status', class: 'status', role: 'status', 'aria-live': 'polite' }),
      el('a', { class: 'feed-link', type: 'application/atom+xml', href: '/v1/changes.atom' }, 'Atom feed of these changes')),
    el('div', { class: 'layout' },
      el('details', { class: 'filters', open: window.matchMedia('(min-width: 50em)').matches },
        el('summary', {}, 'Filters'),
        el('div', { id: 'change-facets' })),
      el('section', { class: 'results', 'aria-label': 'Change records' },
        el('ol', { id: 'changes', class: 'hits change-list' }),
        el('div', { id: 'changes-pager' }))));
  main.replaceChildren(view);
  return view;
}

export async function changesView(main, params, isCurrent, go) {
  const state = changesState(params);
  navigate = go;
  shown = state;
  lastList = changesHash(state);
  const view = skeleton(main);
  document.title = 'Changes – Clause search';
  const fields = view.querySelector('form').elements;
  for (const name of ['q', 'since', 'until']) {
    if (document.activeElement !== fields[name]) fields[name].value = state[name];
  }
  const feed = feedHref(state);
  view.querySelector('.feed-link').setAttribute('href', feed);
  setFeedLink(feed, `Clause changes${filterCount(state) || state.q || state.since || state.until ? ' (filtered)' : ''}`);
  view.setAttribute('aria-busy', 'true');
  let data;
  try {
    data = await getJson('/v1/changes', { ...filters(state), limit: PAGE, offset: state.offset, facet_limit: 100 });
  } catch (err) {
    if (!isCurrent()) return;
    view.removeAttribute('aria-busy');
    view.querySelector('#changes-status').replaceChildren(errorBox(err));
    view.querySelector('#changes').replaceChildren();
    view.querySelector('#changes-pager').replaceChildren();
    renderFacets(view, state, { facets: {} });
    return;
  }
  if (!isCurrent()) return;
  view.removeAttribute('aria-busy');
  view.querySelector('#changes-status').replaceChildren(statusText(state, data.total));
  renderFacets(view, state, data);
  const list = view.querySelector('#changes');
  list.replaceChildren(...data.results.map(changeItem));
  list.setAttribute('start', String(state.offset + 1));
  view.querySelector('#changes-pager').replaceChildren(pager(data.total, state.offset, PAGE, (offset) => {
    go(changesHash({ ...state, offset }));
    view.querySelector('h2').focus();
  }) || '');
}

function statusText(state, total) {
  let text = plural(total, 'change record');
  if (state.q) text += ` matching “${state.q}”`;
  if (state.since && state.until) text += ` from ${state.since} to ${state.until}`;
  else if (state.since) text += ` since ${state.since}`;
  else if (state.until) text += ` until ${state.until}`;
  const n = filterCount(state);
  if (n) text += ` with ${plural(n, 'filter')}`;
  if (total > 0) return text;
  if (n || state.q || state.since || state.until) return `${text}. Try fewer words, another date range or fewer filters.`;
  // Change records come from document versions, which this index has none of.
  return `${text}: this index holds no document versions (clause-indexer --history or --docs --as-of adds them).`;
}

function renderFacets(view, state, data) {
  const groups = FACETS.map(([facet, label]) => {
    const chosen = state[facet];
    let entries = facetEntries(data.facets?.[facet], chosen, facet === 'severity' ? SEVERITY_ORDER : null);
    if (facet === 'month') entries = entries.sort((a, b) => b.slug.localeCompare(a.slug));  // newest first
    return facetGroup(facet, label, {
      entries,
      chosen,
      distinct: data.facet_info?.[facet]?.distinct,
      expanded,
      onToggle: (slug, on) => navigate(changesHash(
        { ...state, [facet]: on ? [...chosen, slug] : chosen.filter((s) => s !== slug), offset: 0 })),
      onMore: () => renderFacets(view, state, data),
    });
  });
  const any = filterCount(state) || state.q || state.since || state.until;
  const clear = any ? el('button', { type: 'button', class: 'clear' }, 'Clear filters') : null;
  clear?.addEventListener('click', () => navigate(links.changes()));
  replaceKeepingFocus(view.querySelector('#change-facets'), [...groups, clear || '']);
}

// "1 modified · 2 added · 1 removed", formatting-only edits last.
function countsText(counts = {}) {
  const parts = ['modified', 'added', 'removed'].filter((k) => counts[k]).map((k) => `${counts[k].toLocaleString('en')} ${k}`);
  if (counts.formatting) parts.push(`${counts.formatting.toLocaleString('en')} formatting only`);
  return parts.join(' · ') || 'no clause changed';
}

function severityOf(severity) {
  const badge = severityBadge(severity);
  return badge ? [el('span', { class: 'visually-hidden' }, 'highest severity '), badge] : null;
}

function changeItem(c) {
  const date = day(c.date);
  return el('li', { class: 'hit change' },
    el('h3', {}, el('a', { href: links.change(c.id) }, `${c.platform}, ${c.document}`)),
    el('p', { class: 'meta' }, el('time', { datetime: date }, date),
      el('span', { class: 'sep', 'aria-hidden': 'true' }, ' · '),
      el('span', { class: 'change-counts' }, countsText(c.counts)), ' ', severityOf(c.severity)),
    el('p', { class: 'change-summary' }, c.summary || ''),
    (c.categories || []).length
      ? el('ul', { class: 'chips plain', 'aria-label': 'Categories' }, c.categories.map((name) => el('li', {}, name)))
      : null);
}

// ---- one change record ------------------------------------------------------

export async function changeView(main, id, isCurrent) {
  const record = await load(main, isCurrent, `/v1/changes/${encodeURIComponent(id)}`);
  if (!record || !isCurrent()) return;
  const date = day(record.date);
  const platform = slugify(record.platform);
  const documentFilter = { platform: [platform], document: [slugify(record.document)] };
  document.title = `${record.platform}, ${record.document}, ${date} – Changes – Clause search`;
  const clauses = record.clauses || [];
  const facts = el('dl', { class: 'facts' },
    el('dt', {}, 'Date'), el('dd', {}, el('time', { datetime: date }, date)),
    el('dt', {}, 'Platform'), el('dd', {}, el('a', { href: links.platform(platform) }, record.platform)),
    el('dt', {}, 'Document'), el('dd', {}, el('a', { href: links.changes(documentFilter),
      title: 'Every change of this document' }, record.document)),
    el('dt', {}, 'Clauses'), el('dd', { class: 'change-counts' }, countsText(record.counts)),
    record.severity ? [el('dt', {}, 'Highest severity'), el('dd', {}, severityBadge(record.severity))] : null,
    (record.clause_types || []).length ? [el('dt', {}, 'Clause types'), el('dd', {}, record.clause_types.join('; '))] : null,
    record.source ? [el('dt', {}, 'Source'), el('dd', {}, el('code', { title: record.source }, record.source.slice(0, 12)))] : null,
    el('dt', {}, 'Record ID'), el('dd', {}, el('code', {}, record.id)));
  const cats = (record.categories || []).map((name) => el('li', {},
    el('a', { href: links.changes({ category: [slugify(name)] }), title: 'Changes in this category' }, name)));
  main.replaceChildren(el('article', { class: 'change-record' },
    el('p', { class: 'crumbs' }, el('a', { href: '#/' }, 'Search'), ' › ', el('a', { href: lastList }, 'Changes')),
    heading(`${record.platform}, ${record.document}`),
    el('p', { class: 'lead change-summary' }, record.summary || ''),
    facts,
    cats.length ? el('ul', { class: 'chips', 'aria-label': 'Categories' }, cats) : null,
    el('h3', { id: 'change-clauses-h' }, `${plural(clauses.length, 'clause')} involved`),
    el('ol', { class: 'change-clauses', 'aria-labelledby': 'change-clauses-h' }, clauses.map(clauseItem)),
    el('p', {}, el('a', { class: 'feed-link', type: 'application/atom+xml',
      href: `/v1/changes.atom?${queryString(documentFilter)}` }, 'Atom feed of this document’s changes'))));
}

// Every clause involved links to its page, a removed one too (GET
// /v1/clauses/{id} answers a removed provision's last clause with its
// removal). A title may hold markup (the record keeps the source's heading
// as it was): shown as text.
function clauseItem(c) {
  const title = markupToText(c.title || '') || 'Untitled clause';
  return el('li', { class: `change-clause change-${CHANGE_LABEL[c.change] ? c.change : 'other'}` },
    el('h4', {}, !c.clause_id ? title : el('a', { href: links.clause(c.clause_id) }, title)),
    el('p', { class: 'meta' }, el('span', { class: 'change-kind' }, CHANGE_LABEL[c.change] || c.change), ' ',
      severityBadge(c.severity), (c.categories || []).length ? ` · ${c.categories.join(', ')}` : ''),
    c.diff ? diffNode(c.diff) : null);
}

// The search page: a hash router (#/, #/clause/{id}, #/category/{slug},
// #/platform/{slug}, #/type/{slug}, #/categories, #/platforms, #/changes,
// #/change/{id}) and the search view. The
// view's whole state lives in the hash, so Back, reload and shared links work.
import { ApiError, el, errorBox, getJson, hitItem, pager, plural } from './api.js';
import { categoriesView, categoryView, clauseView, platformView, platformsView, typeView } from './views.js';
import { bindCollapse, collapseControl, countText, moreFromPlatform } from './per_platform.js';
import { facetEntries, facetGroup as facetFieldset, replaceKeepingFocus, SEVERITY_ORDER } from './facets.js';
import { changeView, changesView, leaveChanges } from './changes.js';

const FACETS = [
  ['category', 'Category'],
  ['severity', 'Severity'],
  ['platform', 'Platform'],
  ['clause_type', 'Clause type'],
];
const PAGE = 10;

const main = document.getElementById('main');
const input = document.getElementById('q');
let generation = 0;       // bumps on every render; stale responses are dropped
let inflight = null;      // AbortController of the current search
let lastKind = null;      // the view shown last, to decide where focus goes
const expanded = new Set(); // facets showing all their values
const FACET_ALL = 1000;     // the API's largest facet_limit

// ---- state <-> hash -------------------------------------------------------

// A hand-edited hash may hold a malformed escape: keep it as typed.
function decode(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { parts: path.split('/').filter(Boolean).map(decode), params: new URLSearchParams(query) };
}

function searchState(params) {
  const list = (name) => (params.get(name) || '').split(',').filter(Boolean);
  return {
    q: params.get('q') || '',
    category: list('category'),
    severity: list('severity'),
    platform: list('platform'),
    clause_type: list('clause_type'),
    sort: params.get('sort') || 'relevance',
    collapse: params.get('collapse') === 'platform',
    // false after "search instead for <typo>": the query as typed.
    autocorrect: params.get('autocorrect') !== 'false',
    offset: Math.max(0, parseInt(params.get('offset') || '0', 10) || 0),
  };
}

function searchHash(state) {
  const p = new URLSearchParams();
  if (state.q) p.set('q', state.q);
  for (const [facet] of FACETS) if (state[facet].length) p.set(facet, state[facet].join(','));
  if (state.sort !== 'relevance') p.set('sort', state.sort);
  if (state.collapse) p.set('collapse', 'platform');
  if (state.autocorrect === false) p.set('autocorrect', 'false');
  if (state.offset) p.set('offset', String(state.offset));
  const qs = p.toString();
  return qs ? `#/?${qs}` : '#/';
}

// A deep link /?q=...&category=... (a shared link, the OpenSearch template,
// the form sent before the script ran) becomes the same search in the hash,
// in place, unless the hash already names a view.
function adoptQueryString() {
  if (!location.search || (location.hash && location.hash !== '#/')) return;
  const hash = searchHash(searchState(new URLSearchParams(location.search)));
  history.replaceState(null, '', `${location.pathname}${hash}`);
}

// replace: typing should not fill the history with one entry per letter.
export function go(hash, { replace = false } = {}) {
  if (replace) {
    history.replaceState(null, '', hash);
    route();
  } else if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

// ---- router ---------------------------------------------------------------

function route() {
  const { parts, params } = parseHash();
  const token = ++generation;
  const isCurrent = () => token === generation;
  const [kind = 'search', arg] = parts;
  const views = {
    clause: () => clauseView(main, arg, isCurrent),
    category: () => categoryView(main, arg, params, isCurrent, go),
    platform: () => platformView(main, arg, params, isCurrent, go),
    type: () => typeView(main, arg, params, isCurrent, go),
    categories: () => categoriesView(main, isCurrent),
    platforms: () => platformsView(main, isCurrent),
    changes: () => changesView(main, params, isCurrent, go),
    change: () => changeView(main, arg, isCurrent),
  };
  const listView = kind === 'categories' || kind === 'platforms' || kind === 'changes';
  const render = views[kind] && (listView || arg) ? views[kind] : null;
  // The Changes view's feed <link> in the head lives as long as the view.
  if (kind !== 'changes') leaveChanges();
  const changed = lastKind !== (render ? kind : 'search');
  lastKind = render ? kind : 'search';
  if (render) {
    // Until the view's answer is in, the page says it is loading (style.css
    // dims a busy page after a moment) rather than show the last view as if
    // it were the answer.
    main.setAttribute('aria-busy', 'true');
    render().finally(() => {
      if (isCurrent()) main.removeAttribute('aria-busy');
    }).then(() => {
      // A new view: move focus to its heading, as a page load would.
      if (changed && isCurrent()) main.querySelector('h2')?.focus();
    });
    return;
  }
  const state = searchState(params);
  if (document.activeElement !== input) input.value = state.q;
  renderSearch(state, isCurrent);
}

// ---- search view ----------------------------------------------------------

function searchSkeleton() {
  let view = main.querySelector('.search-view');
  if (view) return view;
  const sort = el('select', { id: 'sort' },
    ['relevance', 'severity', 'platform', 'updated'].map((s) => el('option', { value: s }, s === 'updated' ? 'newest' : s)));
  view = el('div', { class: 'search-view' },
    el('h2', { class: 'visually-hidden', tabindex: '-1' }, 'Search results'),
    el('div', { class: 'results-head' },
      el('p', { id: 'status', role: 'status', 'aria-live': 'polite' }),
      el('div', { class: 'result-controls' }, collapseControl(),
        el('label', { class: 'sort' }, 'Sort by ', sort))),
    el('div', { id: 'did-you-mean' }),
    el('div', { class: 'layout' },
      el('details', { class: 'filters', open: window.matchMedia('(min-width: 50em)').matches },
        el('summary', {}, 'Filters'),
        el('div', { id: 'facets' })),
      el('section', { class: 'results', 'aria-label': 'Results' },
        el('ol', { id: 'hits', class: 'hits' }),
        el('div', { id: 'pager' }))));
  main.replaceChildren(view);
  return view;
}

async function renderSearch(state, isCurrent) {
  const view = searchSkeleton();
  document.title = state.q ? `${state.q} – Clause search` : 'Clause search';
  const sort = view.querySelector('#sort');
  sort.value = state.sort;
  sort.onchange = () => go(searchHash({ ...state, sort: sort.value, offset: 0 }));
  bindCollapse(view, state, (next) => go(searchHash(next)));
  if (inflight) inflight.abort();
  inflight = new AbortController();
  view.setAttribute('aria-busy', 'true');
  let data;
  try {
    data = await getJson('/v1/search', {
      q: state.q, category: state.category, severity: state.severity, platform: state.platform,
      clause_type: state.clause_type, facets: FACETS.map(([f]) => f).join(','),
      // A facet shown whole asks for all its values (up to the API's 1,000).
      sort: state.sort, limit: PAGE, offset: state.offset, facet_limit: expanded.size ? FACET_ALL : 100,
      collapse: state.collapse ? 'platform' : undefined,
      autocorrect: state.autocorrect ? undefined : 'false',
    }, inflight.signal);
  } catch (err) {
    if (err.name === 'AbortError' || !isCurrent()) return;
    view.removeAttribute('aria-busy');
    view.querySelector('#status').replaceChildren(errorBox(err));
    view.querySelector('#hits').replaceChildren();
    view.querySelector('#pager').replaceChildren();
    // The last search's counts must not stand beside a query they are not of.
    view.querySelector('#facets').replaceChildren();
    return;
  }
  if (!isCurrent()) return;
  view.removeAttribute('aria-busy');
  renderStatus(view, state, data);
  renderFacets(view.querySelector('#facets'), state, data);
  view.querySelector('#hits').replaceChildren(
    ...data.results.map((r) => moreFromPlatform(hitItem(r), r, searchHash, state)));
  view.querySelector('#hits').setAttribute('start', String(state.offset + 1));
  view.querySelector('#pager').replaceChildren(
    pager(data.total_platforms ?? data.total, state.offset, PAGE, (offset) => {
      go(searchHash({ ...state, offset }));
      view.querySelector('h2').focus();
    }) || '');
}

function renderStatus(view, state, data) {
  const filters = FACETS.reduce((n, [f]) => n + state[f].length, 0);
  let text = countText(data, plural);
  if (state.q) text += ` for “${data.showing_results_for || state.q}”`;
  if (filters) text += ` with ${plural(filters, 'filter')}`;
  if (data.total_platforms !== undefined) text += ', one result per platform';
  if (data.total === 0) text += '. Try fewer words or remove a filter.';
  view.querySelector('#status').replaceChildren(text);
  const dym = view.querySelector('#did-you-mean');
  dym.replaceChildren();
  if (data.showing_results_for) {
    // The typo had no hits: these are the correction's; one click runs the
    // typo as typed.
    const typed = el('a', { href: searchHash({ ...state, autocorrect: false, offset: 0 }), class: 'original-query' },
      data.original_query || state.q);
    dym.append(el('p', { class: 'showing-results-for' }, 'Showing results for ',
      el('strong', {}, data.showing_results_for), ' — search instead for ', typed));
  } else if (data.corrected_query) {
    const fix = el('button', { type: 'button', class: 'linklike' }, data.corrected_query);
    fix.addEventListener('click', () => {
      input.value = data.corrected_query;
      go(searchHash({ ...state, q: data.corrected_query, offset: 0 }));
    });
    dym.append(el('p', {}, 'Did you mean ', fix, '?'));
  }
}

function renderFacets(box, state, data) {
  const groups = FACETS.map(([facet, label]) => facetGroup(facet, label, state, data));
  const any = FACETS.some(([f]) => state[f].length);
  const clear = any ? el('button', { type: 'button', class: 'clear' }, 'Clear filters') : null;
  clear?.addEventListener('click', () => go(searchHash({ ...state, category: [], severity: [], platform: [], clause_type: [], offset: 0 })));
  replaceKeepingFocus(box, [...groups, clear || '']);
}

function facetGroup(facet, label, state, data) {
  const chosen = state[facet];
  return facetFieldset(facet, label, {
    entries: facetEntries(data.facets?.[facet], chosen, facet === 'severity' ? SEVERITY_ORDER : null),
    chosen,
    distinct: data.facet_info?.[facet]?.distinct,
    expanded,
    onToggle: (slug, on) => go(searchHash({
      ...state, [facet]: on ? [...chosen, slug] : chosen.filter((s) => s !== slug), offset: 0,
    })),
    // "Show all" of a list the answer cut: ask again, for all of it.
    onMore: () => (expanded.has(facet) && data.facet_info?.[facet]?.truncated
      && (data.facets?.[facet]?.length ?? 0) < FACET_ALL
      ? route() : renderFacets(main.querySelector('#facets'), state, data)),
  });
}

// ---- wiring ---------------------------------------------------------------

let typingTimer = 0;
input.addEventListener('input', () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => {
    const { parts, params } = parseHash();
    // Filters carry over only while the search view is showing.
    const state = parts.length ? searchState(new URLSearchParams()) : searchState(params);
    go(searchHash({ ...state, q: input.value.trim(), autocorrect: true, offset: 0 }), { replace: parts.length === 0 });
  }, 180);
});
document.getElementById('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  const { parts, params } = parseHash();
  const state = parts.length ? searchState(new URLSearchParams()) : searchState(params);
  go(searchHash({ ...state, q: input.value.trim(), autocorrect: true, offset: 0 }));
  main.querySelector('#status')?.focus();
});
document.addEventListener('keydown', (event) => {
  const t = event.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement;
  if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
    event.preventDefault();
    input.focus();
    input.select();
  }
});
window.addEventListener('hashchange', route);
window.addEventListener('unhandledrejection', (event) => {
  if (event.reason instanceof ApiError) main.append(errorBox(event.reason));
});
adoptQueryString();
route();

// A facet as the page shows it: a fieldset of checkboxes, each a value with
// its exact count, the first few shown and "Show all N" for the rest. Shared
// by the search view (app.js) and the Changes view (changes.js); each owns
// its state and says what a click does (onToggle) and how to draw the group
// again once expanded (onMore).
import { el } from './api.js';

export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'];
const FACET_SHOWN = 8;

// The API's entries plus each chosen value it did not return (a choice stays
// visible, with 0, when nothing matches it now), in `order` when given.
export function facetEntries(entries, chosen, order = null) {
  const all = [...(entries || [])];
  for (const slug of chosen) {
    if (!all.some((e) => e.slug === slug)) all.push({ value: slug, slug, count: 0 });
  }
  if (order) all.sort((a, b) => order.indexOf(a.slug) - order.indexOf(b.slug));
  return all;
}

// The API gives at most 1,000 values of a facet (facet_limit).
function showAllLabel(distinct) {
  return distinct > 1000 ? `Show the first 1,000 of ${distinct.toLocaleString('en')}`
    : `Show all ${distinct.toLocaleString('en')}`;
}

// expanded: the Set of facets showing all their values, kept by the caller
// across renders. distinct: how many values the facet has in all (the
// API's facet_info), for "Show all N".
export function facetGroup(facet, label, { entries, chosen, distinct, expanded, onToggle, onMore }) {
  const all = expanded.has(facet);
  const shown = all ? entries : entries.filter((e, i) => i < FACET_SHOWN || chosen.includes(e.slug));
  const items = shown.map((e) => {
    const id = `f-${facet}-${e.slug}`;
    const box = el('input', { type: 'checkbox', id, value: e.slug, checked: chosen.includes(e.slug) });
    box.addEventListener('change', () => onToggle(e.slug, box.checked));
    return el('li', {}, box, el('label', { for: id }, el('span', { class: 'facet-name' }, e.value),
      el('span', { class: 'count' }, e.count.toLocaleString('en'))));
  });
  let more = null;
  if (entries.length > FACET_SHOWN) {
    more = el('button', { type: 'button', class: 'linklike more', 'aria-expanded': String(all) },
      all ? 'Show fewer' : showAllLabel(distinct ?? entries.length));
    more.addEventListener('click', () => {
      if (all) expanded.delete(facet); else expanded.add(facet);
      onMore();
    });
  }
  return el('fieldset', { class: `facet facet-${facet}` }, el('legend', {}, label),
    items.length ? el('ul', {}, items) : el('p', { class: 'muted' }, 'None'), more);
}

// Fills `box` with `children`, keeping keyboard focus on the control that
// had it (same id) across the re-render.
export function replaceKeepingFocus(box, children) {
  const focusedId = box.contains(document.activeElement) ? document.activeElement.id : null;
  box.replaceChildren(...children);
  if (focusedId) document.getElementById(focusedId)?.focus();
}

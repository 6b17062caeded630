// Seeing past the platform that floods a page, and past the first page of
// platforms: the search view's "One result per platform" switch with its
// "+N more from PLATFORM" links (collapse=platform, issue 19 item 4), and
// the clause view's "Show all N platforms" (offset on /similar, item 9).
import { el, errorBox, getJson, slugify } from './api.js';

// ---- search view: one result per platform ---------------------------------

// The checkbox, put once into the results head; bindCollapse sets it on
// every render.
export function collapseControl() {
  return el('span', { class: 'check collapse-switch' },
    el('input', { type: 'checkbox', id: 'collapse' }),
    el('label', { for: 'collapse' }, 'One result per platform'));
}

// Shows state.collapse and, when toggled, goes to the first page of the
// other mode (its pages count platforms, not clauses).
export function bindCollapse(view, state, goTo) {
  const box = view.querySelector('#collapse');
  box.checked = state.collapse;
  box.onchange = () => goTo({ ...state, collapse: box.checked, offset: 0 });
}

// "+N more from PLATFORM" under a collapsed hit: a search of that platform
// alone, all of its matching clauses. Nothing when it has no more.
export function moreFromPlatform(item, record, hashOf, state) {
  const more = record.more_from_platform;
  if (!more) return item;
  const hash = hashOf({ ...state, platform: [slugify(record.platform)], collapse: false, offset: 0 });
  item.append(el('p', { class: 'more-from' },
    el('a', { href: hash }, `+${more.toLocaleString('en')} more from ${record.platform}`)));
  return item;
}

// "1,234 clauses on 56 platforms", or the clause count alone when the
// answer is not collapsed.
export function countText(data, plural) {
  const clauses = plural(data.total, 'clause');
  return data.total_platforms === undefined ? clauses : `${clauses} on ${plural(data.total_platforms, 'platform')}`;
}

// ---- clause view: every similar platform ----------------------------------

const SIMILAR_PAGE = 100;  // the API's largest limit

// "Show all N platforms" below the first page of similar clauses: fetches
// the rest page by page (offset) and appends them to `list`; listOf(results)
// builds the same list items as the first page.
export function showAllPlatforms(clauseId, list, wanted, listOf) {
  const shown = list.children.length;
  if (wanted <= shown) return null;
  const button = el('button', { type: 'button', class: 'linklike show-all' },
    `Show all ${wanted.toLocaleString('en')} platforms`);
  button.addEventListener('click', async () => {
    button.disabled = true;
    button.textContent = 'Loading…';
    try {
      while (list.children.length < wanted) {
        const offset = list.children.length;
        const data = await getJson(`/v1/clauses/${encodeURIComponent(clauseId)}/similar`,
          { offset, limit: Math.min(SIMILAR_PAGE, wanted - offset) });
        if (!data.results.length) break;
        list.append(...listOf(data.results).children);
      }
      const note = list.previousElementSibling;
      if (note?.classList.contains('closest-note')) note.textContent = `All ${list.children.length.toLocaleString('en')}:`;
      button.remove();
    } catch (err) {
      button.replaceWith(errorBox(err));
    }
  });
  return button;
}

// Change history on the page (issue 18): a platform's "N changes in the last
// 30 days" with its last change, and a clause's versions with their word
// diffs. The API's diff is HTML-escaped text with <del> and <ins>; it is
// parsed in an inert <template> and rebuilt node by node, so only those two
// elements reach the page and everything else is text.
import { el, getJson, links, plural } from './api.js';

export function day(date) {
  return (date || '').slice(0, 10);
}

// The `changes` of GET /v1/platforms/{slug} (or of a clause: its document's);
// allHref: the Changes view where those change records are listed.
export function changesSummary(changes, allHref = null, allLabel = 'All changes of this platform') {
  if (!changes) return null;
  const last = changes.last_change;
  return el('section', { class: 'changes', 'aria-label': 'Changes' },
    el('p', { class: 'changes-count' }, `${plural(changes.last_30_days, 'change')} in the last 30 days`),
    last
      ? el('p', { class: 'last-change' }, 'Last change ', el('time', { datetime: day(last.date) }, day(last.date)),
        ': ', el('a', { class: 'change-summary', href: links.change(last.id) }, last.summary))
      : el('p', { class: 'last-change muted' }, 'No change recorded.'),
    last && allHref ? el('p', { class: 'all-changes' }, el('a', { href: allHref }, allLabel)) : null);
}

// A word diff as DOM nodes: <del>/<ins> kept (their text only), any other
// markup reduced to its text.
export function diffNode(html) {
  const out = el('p', { class: 'diff' });
  const template = document.createElement('template');
  template.innerHTML = html;
  for (const node of template.content.childNodes) {
    const name = node.nodeType === Node.ELEMENT_NODE ? node.nodeName : '';
    if (name === 'DEL' || name === 'INS') out.append(el(name.toLowerCase(), {}, node.textContent));
    else out.append(document.createTextNode(node.textContent));
  }
  return out;
}

// A version's stored text, or a changed clause's title, may hold markup (as
// a record's text does): shown as its text content, never as HTML. A
// <template>'s content is inert: nothing in it loads or runs.
export function markupToText(text) {
  const template = document.createElement('template');
  template.innerHTML = text;
  return template.content.textContent.replace(/\s+/g, ' ').trim();
}

function versionItem(v) {
  const seen = v.last_seen && day(v.last_seen) !== day(v.first_seen) ? ` – ${day(v.last_seen)}` : '';
  return el('li', { class: `version version-${v.change}` },
    el('p', { class: 'meta' }, el('time', { datetime: day(v.first_seen) }, day(v.first_seen)), seen,
      ` · ${v.change}`, v.content_sha256 ? el('code', { class: 'sha', title: 'SHA-256 of the text' },
        ` ${v.content_sha256.slice(0, 12)}`) : '',
      v.change_id ? [' · ', el('a', { href: links.change(v.change_id) }, 'change record')] : ''),
    v.diff ? diffNode(v.diff) : el('p', {}, markupToText(v.text)));
}

// Fills the clause view's history section from GET /v1/clauses/{id}/history.
export async function fillHistory(section, id, isCurrent) {
  let data;
  try {
    data = await getJson(`/v1/clauses/${encodeURIComponent(id)}/history`);
  } catch (err) {
    if (isCurrent()) section.querySelector('[role=status]').textContent = `History not available: ${err.message}`;
    return;
  }
  if (!isCurrent()) return;
  // A removed provision is not "unchanged": its removal is the last event.
  const removed = data.removed_at ? ` Removed on ${day(data.removed_at)}` : '';
  const versions = data.total > 1 ? `${plural(data.total, 'version')}, oldest first.`
    : (removed ? 'One wording while it was in the document.' : 'Unchanged since it was first seen.');
  const status = el('p', { class: 'muted', role: 'status' }, versions, removed,
    data.removed_in ? [' (', el('a', { href: links.change(data.removed_in) }, 'change record'), ')'] : '',
    removed ? '.' : '');
  section.replaceChildren(section.firstChild, status,
    el('ol', { class: 'versions' }, data.versions.map(versionItem)));
}

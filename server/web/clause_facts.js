// The parts of a clause's page that say how far to trust it and what else
// its policy holds (the product page: "6 documented changes in the last 30
// days", provenance, the other risks of the same policy), each from a field
// or a route of the API (docs/API.md "GET /v1/clauses/{id}").
import { el, getJson, hitItem, links, slugify } from './api.js';
import { changesSummary, day } from './history.js';

// How often the clause's document changed, with its last change record and
// a link to all of them (the `changes` of GET /v1/clauses/{id}).
export function documentChanges(record) {
  if (!record.changes) return null;
  const filters = { platform: [slugify(record.platform)], document: [slugify(record.document)] };
  return changesSummary(record.changes, links.changes(filters), 'All changes of this document');
}

// Where the record comes from and when it was seen: its id, its source, and
// for a clause indexed from versions the first and last version that held
// it and the SHA-256 of its text, in full (a reader can check it).
export function provenance(record) {
  const row = (term, value) => (value ? [el('dt', {}, term), el('dd', {}, value)] : null);
  const source = record.source_url && /^https?:\/\//i.test(record.source_url)
    ? el('a', { href: record.source_url, rel: 'noopener noreferrer' }, record.source_url) : record.source_url;
  const date = (d) => (d ? el('time', { datetime: day(d) }, day(d)) : null);
  return el('section', { class: 'provenance', 'aria-labelledby': 'provenance-h' },
    el('h3', { id: 'provenance-h' }, 'Provenance'),
    el('dl', { class: 'facts' },
      row('Record id', el('code', {}, record.id)),
      row('Source', source),
      row('First tracked', date(record.first_seen)),
      row('Last verified', date(record.last_seen)),
      row('This wording since', date(record.version_since)),
      row('SHA-256 of the text', record.content_sha256 ? el('code', { class: 'sha' }, record.content_sha256) : null)));
}

// The document's other clauses of high or critical severity, worst first.
export function otherRisksSection() {
  return el('section', { class: 'other-risks', 'aria-labelledby': 'risks-h' },
    el('h3', { id: 'risks-h' }, 'Other risks of this policy'),
    el('p', { class: 'muted', role: 'status' }, 'Looking for them…'));
}

export async function fillOtherRisks(section, record, isCurrent) {
  const shown = 5;
  let data;
  try {
    data = await getJson('/v1/search', {
      platform: slugify(record.platform), document: slugify(record.document), severity: 'high,critical',
      sort: 'severity', limit: shown + 1, facets: 'false',
    });
  } catch (err) {
    if (isCurrent()) section.querySelector('[role=status]').textContent = `Not available: ${err.message}`;
    return;
  }
  if (!isCurrent()) return;
  const others = data.results.filter((r) => r.id !== record.id).slice(0, shown);
  const total = data.total - (data.results.some((r) => r.id === record.id) ? 1 : 0);
  const status = el('p', { class: 'muted', role: 'status' }, others.length
    ? `${total.toLocaleString('en')} other high or critical clause${total === 1 ? '' : 's'} in ${record.document}`
    : `No other high or critical clause in ${record.document}.`);
  const all = total > others.length
    ? el('p', {}, el('a', { href: `#/?${new URLSearchParams({ platform: slugify(record.platform), severity: 'high,critical', sort: 'severity' })}` },
      `All high and critical clauses of ${record.platform}`))
    : null;
  section.replaceChildren(section.firstChild, status, others.length ? el('ol', { class: 'hits' }, others.map(hitItem)) : '', all || '');
}

// Clause text as a reader sees it, shared by the search page (an ES module
// import) and the widget (import() from its classic script): the clean text
// of a record and the heading of a clause. The API adds text_plain and
// title_plain, the text without markup (docs/API.md); a server without them
// leaves the raw fields, which are still only ever set with textContent.

// Long enough to tell clauses apart in a list, short enough for one line.
const HEADING_MAX = 72;

// The text to show: never the raw `text`, which may hold HTML.
export function plainText(record) {
  return record.text_plain ?? record.text ?? '';
}

// The start of a text on one line, at most `max` characters, cut at a word
// (not mid-word, unless one word fills half the room) with an ellipsis.
export function clip(text, max) {
  const flat = (text || '').replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  const start = flat.slice(0, cut > max / 2 ? cut : max).replace(/[\s,;:–—-]+$/, '');
  return `${start}…`;
}

// A clause's heading: its title, else the start of its text, else the name
// of its document. Never its id: ids are for machines.
export function clauseHeading(record) {
  const title = (record.title_plain ?? record.title ?? '').trim();
  if (title) return title;
  return clip(plainText(record), HEADING_MAX) || record.document || '';
}

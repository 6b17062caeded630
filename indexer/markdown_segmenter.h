// Segments one markdown document into clause records. Pure: no I/O, no
// global state; thread-safe.
//
// A clause is a paragraph, a list item or a table row. The nearest heading
// above it (or a paragraph that is nothing but bold text, as many exports
// write headings) becomes its title. A list item whose lead-in ends with ':'
// carries the lead-in in its text, so that it reads on its own; such lead-ins
// are not emitted alone. Table rows become "Header: cell; Header: cell".
// A long paragraph stays one clause (sentences are never split), unless it
// exceeds the record limit, when it is cut at sentence ends.
//
// Dropped, and counted by reason: tables of contents, navigation (link-only
// lines, crumbs, "back to top"), "last updated"/"effective date" lines,
// fragments with fewer than kMinClauseWords words, code blocks, and blocks
// that reduce to nothing.
//
// Ids are stable: <platform slug>--<document slug>--<hash of the normalised
// text>, with "-2", "-3"... for repeats of the same text in the document. An
// insertion or edit elsewhere leaves every other clause's id unchanged.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "schema/clause_record.h"

namespace clause {

inline constexpr std::size_t kMinClauseWords = 4;

struct Segmented {
  std::vector<ClauseRecord> clauses;
  // Blocks left out, by reason: "table_of_contents", "navigation",
  // "last_updated", "fragment", "code", "empty".
  std::map<std::string, std::size_t> dropped;
  std::size_t lead_ins_merged = 0;  // lead-ins folded into their list items
};

Segmented segment_markdown(std::string_view markdown, const std::string& platform,
                           const std::string& document);

// The start of every id segment_markdown gives the clauses of that document:
// "<platform slug>--<document slug>--". Pruning a re-read document touches
// only ids that start so, never records from other sources (JSONL) that name
// the same platform and document.
std::string document_id_prefix(const std::string& platform, const std::string& document);

// The id of a clause of this text in that document, before any repeat
// suffix: what segment_markdown uses.
std::string clause_id(const std::string& platform, const std::string& document,
                      std::string_view text);

}  // namespace clause

// Fuzzes the clause record parser (one JSONL line -> validated record) and
// what the indexer does next with the text of an accepted record: plain
// text for snippets, slugs of the facet names, the JSON written back.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "schema/clause_record.h"
#include "schema/plain_text.h"
#include "schema/slug.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  auto record = clause::clause_from_json_text(line);
  if (!record) return 0;
  (void)clause::plain_text(record->text);
  (void)clause::slugify(record->platform);
  for (const auto& c : record->categories) (void)clause::slugify(c);
  // An accepted record must serialise and parse back.
  auto again = clause::clause_from_json(clause::clause_to_json(*record));
  if (!again) __builtin_trap();
  return 0;
}

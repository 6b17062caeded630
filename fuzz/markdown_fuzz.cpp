// Fuzzes the markdown segmenter: any bytes must segment without a crash or
// a sanitizer report, and every clause it emits must be a valid record.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/markdown_segmenter.h"
#include "schema/clause_record.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view markdown(reinterpret_cast<const char*>(data), size);
  const clause::Segmented out = clause::segment_markdown(markdown, "Fuzz Platform", "Terms of Service");
  for (const auto& record : out.clauses) {
    if (!clause::clause_from_json(clause::clause_to_json(record))) __builtin_trap();
  }
  return 0;
}

// Fuzzes the bodies of the writes over HTTP (indexer/write_bodies.h), which
// anyone with an admin key can send: the same bytes as a PUT record body, a
// batch's JSON Lines and a POST /v1/documents body. Any bytes must parse or
// be refused with an error naming a field; what is accepted must hold:
// a PUT record is valid and carries the path's id, a batch never yields
// more records than lines, and a document's clauses (segmented under the
// body's own platform and document names) are valid records.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/markdown_segmenter.h"
#include "indexer/write_bodies.h"
#include "schema/clause_record.h"

namespace {

bool still_valid(const clause::ClauseRecord& record) {
  return clause::clause_from_json(clause::clause_to_json(record)).ok();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  if (auto record = clause::record_from_put_body("fuzz-1", body)) {
    if (record->id != "fuzz-1" || !still_valid(*record)) __builtin_trap();
  } else if (record.error().field.empty()) {
    __builtin_trap();
  }

  if (auto batch = clause::read_batch_body(body)) {
    if (batch->records.size() + batch->rejected.size() > clause::kMaxBatchLines) __builtin_trap();
    for (const auto& [line, record] : batch->records) {
      if (line == 0 || !still_valid(record)) __builtin_trap();
    }
  }

  if (auto document = clause::document_from_body(body)) {
    const auto out = clause::segment_markdown(document->markdown, document->platform, document->document);
    for (const auto& record : out.clauses) {
      if (!still_valid(record)) __builtin_trap();
    }
  } else if (document.error().field.empty()) {
    __builtin_trap();
  }
  return 0;
}

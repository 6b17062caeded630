// The bodies of the writes over HTTP (issue 20), parsed and validated
// before any index is touched: a PUT's clause record, a batch's JSON Lines,
// a document's JSON. Pure (no I/O, no Xapian), thread-safe; fuzzed by
// fuzz/write_bodies_fuzz.cpp. Every error names the field at fault.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "schema/clause_record.h"
#include "schema/result.h"

namespace clause {

// The most lines a batch may hold (blank lines included); the body's size
// is bounded by the server's --max-body-bytes.
inline constexpr std::size_t kMaxBatchLines = 10000;

struct RejectedRecord {
  std::size_t line = 0;  // 1-based line of the batch body
  std::string field;     // the field at fault, empty when the line is not a JSON object
  std::string message;
};

// A batch body read line by line with the indexer's JsonlReader: the valid
// records with their line numbers, in order, and the rejected lines.
struct BatchBody {
  std::vector<std::pair<std::size_t, ClauseRecord>> records;
  std::vector<RejectedRecord> rejected;
};

// Errors: too_large ("body") past kMaxBatchLines. Bad lines are not errors:
// they are listed in `rejected`.
Result<BatchBody> read_batch_body(std::string_view body);

// A PUT /v1/clauses/{id} body: one clause record, a JSON object, whose "id",
// when it has one, must be `id` (else it is taken from the path). Errors:
// invalid_argument naming "body", "id" or the record's field.
Result<ClauseRecord> record_from_put_body(const std::string& id, std::string_view body);

// A POST /v1/documents body (docs/API.md): {"platform", "document",
// "markdown", "date"?}. One JSON object rather than a markdown body with
// query parameters, so that every write takes JSON, names with any
// characters need no URL encoding, and an error names its field.
struct DocumentWrite {
  std::string platform;
  std::string document;
  std::string date;      // the version's date, YYYY-MM-DD (optionally a time); empty when not given
  std::string markdown;  // the whole document, front matter included
};

// Errors: invalid_argument naming "body" (not a JSON object), an unknown
// field, or "platform", "document", "date" or "markdown" (missing, not a
// string, empty, too long, a name that slugs to nothing, a bad date). A
// markdown of white space only is refused: taken as a document it would
// remove every clause the document has.
Result<DocumentWrite> document_from_body(std::string_view body);

}  // namespace clause

// Writes that arrive over HTTP (issue 20): one record, one deletion, or a
// JSON Lines batch, each applied as one Xapian transaction with the same
// validation, classification and counts as `clause-indexer FILE.jsonl`.
//
// Sharing Xapian's single writer with clause-indexer (docs/API.md,
// "Writes"): the writer is opened for each request and closed at its end, so
// an indexer can run between two requests. When another process holds the
// lock the write fails at once with an `unavailable` error (HTTP 503 with
// Retry-After): nothing waits on the lock. Writes of this process queue for
// a bounded time, then fail the same way.
//
// This header is Xapian-free so that server/ may use it (layering rule).
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/clause_sink.h"
#include "indexer/write_bodies.h"
#include "schema/classifier.h"
#include "schema/result.h"
#include "schema/type_model.h"

namespace clause {

struct BatchOutcome {
  WriteCounts counts;  // added, updated, unchanged, deleted
  std::vector<RejectedRecord> rejected;
  std::vector<std::string> warnings;  // e.g. an id repeated within the batch (last wins)
};

// What POST /v1/documents did: the counts as `clause-indexer --docs` makes
// them (deleted: the document's clauses its new version no longer has).
struct DocumentOutcome {
  WriteCounts counts;
  std::size_t clauses = 0;  // clauses the version was segmented into
  std::string language;     // the document's, from front matter or detected
  std::map<std::string, std::size_t> dropped;  // blocks left out, by reason (markdown_segmenter.h)
  std::vector<std::string> warnings;
};

// Why the index at db_path cannot take writes over HTTP, or "" when it can:
// a sharded index or a stub file (several databases, no single transaction;
// docs/scaling.md) cannot.
std::string writes_unsupported_reason(const std::string& db_path);

class RecordWriter {
 public:
  // `db_path` is a single index (a sharded one is refused by the caller);
  // the classifier fills in records without categories, as the indexer's
  // default does, and must outlive the writer.
  RecordWriter(std::string db_path, const Classifier& classifier,
               std::chrono::milliseconds queue_wait = std::chrono::seconds(2));

  // A JSON Lines body: valid records are written, bad lines are listed
  // (with their line and field) and skipped, all in one commit. Errors:
  // too_large past kMaxBatchLines, unavailable when the writer is busy.
  Result<BatchOutcome> put_batch(std::string_view body);
  // One record (a JSON object) under `id`: the body's "id", when it has one,
  // must be `id`. Errors: invalid_argument naming the field, unavailable.
  Result<BatchOutcome> put_one(const std::string& id, std::string_view body);
  // Deletes a record. Errors: not_found, unavailable.
  Result<BatchOutcome> remove(const std::string& id);
  // A markdown document (write_bodies.h's DocumentWrite body): segmented,
  // typed and classified as one file of `clause-indexer --docs`, replacing
  // that document's clauses, in one commit. The date, when given, is each
  // clause's `updated`. Errors: invalid_argument naming the field, unavailable.
  Result<DocumentOutcome> put_document(std::string_view body);

  // The warning (empty when none) that the writes' clause-type models
  // predict types the index's recorded models do not know, naming them
  // (schema/clause_typing.h); for the server's start-up log.
  std::string type_models_warning() const;

 private:
  template <class Outcome, class Apply>
  Result<Outcome> in_transaction(Apply&& apply);

  std::string db_path_;
  const Classifier& classifier_;
  // The shipped clause-type models, as clause-indexer applies by default:
  // a record written over HTTP is typed as one indexed by the CLI.
  std::vector<TypeModel> type_models_;
  std::chrono::milliseconds queue_wait_;
  std::timed_mutex mu_;
};

}  // namespace clause

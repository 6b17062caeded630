#include "indexer/record_writes.h"

#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <limits>
#include <sstream>

#include "indexer/index_writer.h"
#include "indexer/indexer_options.h"
#include "indexer/ingest.h"
#include "schema/clause_typing.h"
#include "schema/index_layout.h"
#include "indexer/sharded_index.h"

namespace clause {
namespace {

// The input names in the indexer's own diagnostics ("body:3: warning: ...").
constexpr char kBodyName[] = "body";
constexpr char kDocumentName[] = "markdown";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

std::string writes_unsupported_reason(const std::string& db_path) {
  std::error_code ec;
  if (!std::filesystem::exists(db_path, ec)) return "the index " + db_path + " is missing";
  if (ShardedIndex::is_sharded(db_path)) {
    return "the index is sharded; write with clause-indexer (docs/scaling.md)";
  }
  if (!std::filesystem::is_directory(db_path, ec)) {
    return "the index is a stub file of several databases; write with clause-indexer (docs/scaling.md)";
  }
  return {};
}

RecordWriter::RecordWriter(std::string db_path, const Classifier& classifier,
                           std::chrono::milliseconds queue_wait)
    : db_path_(std::move(db_path)), classifier_(classifier), queue_wait_(queue_wait) {
  // Compiled in and checked by their own tests; were they ever unreadable,
  // writes would still classify, untyped, rather than refuse.
  if (auto models = default_type_models()) type_models_ = std::move(*models);
}

std::string RecordWriter::type_models_warning() const {
  if (type_models_.empty()) return {};
  try {
    const Xapian::Database db(db_path_);
    return unknown_types_warning(
        types_unknown_to_index(db.get_metadata(std::string(layout::kTypeModelsKey)), type_models_));
  } catch (const Xapian::Error&) {
    return {};  // the index's own errors are the writes' to report
  }
}

// Takes this process's turn, then Xapian's lock (failing at once when
// another process has it), runs apply(writer, outcome) in a transaction and
// commits it whole: a crash or an error before the commit leaves nothing.
template <class Outcome, class Apply>
Result<Outcome> RecordWriter::in_transaction(Apply&& apply) {
  std::unique_lock turn(mu_, std::defer_lock);
  if (!turn.try_lock_for(queue_wait_)) {
    return Error::unavailable("the index is busy with other writes; retry shortly");
  }
  // The writer would create an index where there is none: a write must
  // never replace a missing one with an empty one.
  if (auto off = writes_unsupported_reason(db_path_); !off.empty()) return Error::unavailable(off);
  WriterOptions options;
  options.batch_size = std::numeric_limits<std::size_t>::max();  // one commit: ours
  auto writer = IndexWriter::open(db_path_, options);
  if (!writer) return writer.error();
  try {
    Xapian::WritableDatabase& db = (*writer)->database();
    db.begin_transaction();
    Outcome outcome;
    if (auto failed = apply(**writer, outcome)) return *failed;
    IndexWriter::stamp(db);
    db.commit_transaction();
    outcome.counts = (*writer)->counts();
    return outcome;
  } catch (const Xapian::Error& e) {
    return Error::unavailable("the write failed and was not applied: " + e.get_description());
  }
}

Result<BatchOutcome> RecordWriter::put_batch(std::string_view body) {
  auto batch = read_batch_body(body);
  if (!batch) return batch.error();
  return in_transaction<BatchOutcome>([&](IndexWriter& writer, BatchOutcome& outcome) -> std::optional<Error> {
    // The indexer's own Ingest: the same classification of records without
    // categories, the same last-wins rule (and warning) for an id given twice.
    const IndexerOptions options;
    const std::atomic<bool> stop{false};
    std::ostringstream diag;
    Ingest ingest(writer, options, diag, stop);
    ingest.set_classifier(&classifier_);
    if (!type_models_.empty()) ingest.set_type_models(&type_models_);
    for (const auto& [line, record] : batch->records) ingest.accept(record, kBodyName, line);
    outcome.rejected = std::move(batch->rejected);
    outcome.warnings = lines_of(diag.str());
    return std::nullopt;
  });
}

Result<BatchOutcome> RecordWriter::put_one(const std::string& id, std::string_view body) {
  auto record = record_from_put_body(id, body);
  if (!record) return record.error();
  // The type first, as Ingest does: its severity is the type's rating.
  if (!type_models_.empty()) assign_clause_type(*record, type_models_);
  if (record->categories.empty()) classifier_.apply(*record);
  return in_transaction<BatchOutcome>([&](IndexWriter& writer, BatchOutcome&) -> std::optional<Error> {
    writer.upsert(*record);
    return std::nullopt;
  });
}

Result<DocumentOutcome> RecordWriter::put_document(std::string_view body) {
  auto document = document_from_body(body);
  if (!document) return document.error();
  return in_transaction<DocumentOutcome>([&](IndexWriter& writer, DocumentOutcome& outcome) -> std::optional<Error> {
    // The --docs path itself (indexer/ingest_docs.cpp), one document long.
    IndexerOptions options;
    options.quiet = true;  // no progress lines among the warnings
    const std::atomic<bool> stop{false};
    std::ostringstream diag;
    Ingest ingest(writer, options, diag, stop);
    ingest.set_classifier(&classifier_);
    if (!type_models_.empty()) ingest.set_type_models(&type_models_);
    if (!ingest.accept_document(document->platform, document->document, document->markdown, kDocumentName,
                                document->date)) {
      // As --docs: a document without clauses removes nothing (a failed
      // fetch would wipe it); clauses are removed by DELETE, on purpose.
      return Error::invalid("markdown", "field 'markdown': no clauses found in this document; nothing was "
                                        "changed (to remove its clauses, DELETE them)");
    }
    const DocsSummary& docs = ingest.summary().docs;
    outcome.clauses = docs.clauses;
    if (!docs.documents_by_language.empty()) outcome.language = docs.documents_by_language.begin()->first;
    outcome.dropped = docs.dropped;
    outcome.warnings = lines_of(diag.str());
    return std::nullopt;
  });
}

Result<BatchOutcome> RecordWriter::remove(const std::string& id) {
  return in_transaction<BatchOutcome>([&](IndexWriter& writer, BatchOutcome&) -> std::optional<Error> {
    if (!writer.remove(id)) return Error::not_found("id", "no clause with id '" + id + "'");
    return std::nullopt;
  });
}

}  // namespace clause

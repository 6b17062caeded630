// One indexing run: reads the inputs, sends their records to a ClauseSink
// (an IndexWriter or a ShardedBuilder), then prunes and deletes as asked, and summarises.
//
// Diagnostics go to `diag` in the form "FILE:LINE: error: MESSAGE"; progress
// lines too (unless quiet). An id given twice in one run is last-wins, with
// "FILE:LINE: warning: id 'x' repeats FILE:LINE; the later record wins". The run stops early, after committing, when
// `stop` becomes true (SIGINT/SIGTERM).
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <istream>
#include <map>
#include <ostream>
#include <set>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "schema/classifier.h"
#include "schema/type_model.h"
#include "indexer/clause_sink.h"
#include "indexer/document_tree.h"
#include "indexer/indexer_options.h"

namespace clause {

// What the document trees (--docs) gave.
struct DocsSummary {
  std::size_t documents = 0;
  std::size_t clauses = 0;
  std::size_t lead_ins_merged = 0;
  std::map<std::string, std::size_t> clauses_by_document;  // by document type
  std::map<std::string, std::size_t> dropped;              // by reason
  std::map<std::string, std::size_t> documents_by_language;  // by ISO 639-1 code
  std::size_t skipped_entries = 0;                         // not <Platform>/<Doc>.md
  double seconds = 0;                                      // reading, segmenting, writing
};

struct IngestSummary {
  WriteCounts counts;
  DocsSummary docs;
  std::size_t classified = 0;    // records written with categories from the taxonomy
  std::size_t typed = 0;         // records written with a predicted clause type
  std::size_t rejected = 0;      // bad records skipped
  std::size_t repeated = 0;      // records whose id an earlier record of this run had
  std::size_t files_failed = 0;  // unreadable files, or files refused whole by --strict
  // Documents (--docs) that gave no clause: an error, their indexed clauses
  // kept (an empty or truncated file is more likely a failed crawl than a
  // document that says nothing).
  std::size_t documents_without_clauses = 0;
  double seconds = 0;
  bool interrupted = false;

  // Input that was not all read as given: --prune is skipped, exit status 1.
  bool had_errors() const { return rejected > 0 || files_failed > 0 || documents_without_clauses > 0; }
};

class Ingest {
 public:
  Ingest(ClauseSink& sink, const IndexerOptions& options, std::ostream& diag,
         const std::atomic<bool>& stop);

  IngestSummary run();

  // With a classifier, records without categories get them (and a severity,
  // unless they bring one) before they are written; records with categories
  // are written as given. The classifier must outlive the run.
  void set_classifier(const Classifier* classifier) { classifier_ = classifier; }
  // With type models, records without a clause type get a predicted one (or
  // none) before they are classified (schema/clause_typing.h). The models
  // must outlive the run.
  void set_type_models(const std::vector<TypeModel>* models) { type_models_ = models; }

  // Sends one record from any reader (JSONL, documents), remembering its id
  // and platform for --prune and where it came from (file and line, 0 when
  // there is no line) to name both places when the id comes again.
  void accept(const ClauseRecord& record, const std::string& file, std::size_t line);

  // One markdown document given whole (POST /v1/documents), treated exactly
  // as one file of a --docs tree: front matter, segmentation, language,
  // accept() of each clause, then prune_document() of the clauses it no
  // longer has. `name` stands for the file in diagnostics. `updated`, when
  // not empty, is the version's date (YYYY-MM-DD, checked by the caller),
  // set on every clause as its `updated` field: where change history reads it.
  // False when the document gives no clause: then nothing is sent or
  // pruned, and the error is reported as for a --docs file.
  bool accept_document(const std::string& platform, const std::string& document,
                       std::string_view markdown, const std::string& name, const std::string& updated = "");
  // What this run has read so far (counts are the sink's: sink.counts()).
  const IngestSummary& summary() const { return summary_; }

 private:
  void ingest_path(const std::string& path);
  void ingest_tree(const std::string& dir);  // ingest_docs.cpp
  // False when the document could not be read or gave no clause (then
  // nothing of it is sent).
  bool ingest_document(const SourceDocument& source, std::unordered_set<std::string>& ids);
  // Segments one document's text and accepts its clauses (ids collects
  // them). False, with an error, when it gives no clause.
  bool ingest_markdown(const std::string& platform, const std::string& document, std::string_view text,
                       const std::string& name, const std::string& updated,
                       std::unordered_set<std::string>& ids);
  void ingest_stream(std::istream& in, const std::string& name, std::size_t total_bytes);
  bool stream_is_clean(std::istream& in, const std::string& name);
  void report(const std::string& name, std::size_t line, const Error& error);
  void maybe_progress(std::size_t bytes_done, std::size_t total_bytes);
  void finish();

  ClauseSink& sink_;
  const IndexerOptions& options_;
  std::ostream& diag_;
  const std::atomic<bool>& stop_;
  IngestSummary summary_;
  const Classifier* classifier_ = nullptr;
  const std::vector<TypeModel>* type_models_ = nullptr;
  // Where an id was first seen: an index into files_ and a line. Keys view
  // the strings of seen_ids_ (stable in a node-based set), so each id is
  // stored once however many places are kept.
  struct Place {
    std::uint32_t file;
    std::uint32_t line;
  };
  std::unordered_set<std::string> seen_ids_;
  std::unordered_map<std::string_view, Place> first_place_;
  std::vector<std::string> files_;
  std::set<std::string> seen_platforms_;  // slugs
  std::size_t records_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_progress_;
};

// "added 3, updated 0, unchanged 5, deleted 0, rejected 1, repeated 0 in 0.2 s (40 records/s)",
// then ", 1 file not read (see the errors above)" when files_failed > 0, and
// ", 1 document without clauses kept as indexed (...)" for those.
std::string format_summary(const IngestSummary& summary);

// Lines describing the document trees: documents, clauses/s, clauses per
// document type, what was dropped and why. Empty without --docs.
std::string format_docs_summary(const DocsSummary& docs);

}  // namespace clause

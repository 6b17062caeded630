// VersionRecorder: records a new version of one document against the clauses
// the index holds for it — the one mechanism behind --history (each commit's
// files) and --docs --as-of (a crawler's snapshot).
//
// Each clause of the version is aligned with the held ones
// (clause_alignment.h). A provision keeps one id across its edits: the id of
// the clause that first had it. Each clause written carries, as extra
// fields, provision_id, content_sha256 (the full SHA-256 of its text, hex),
// first_seen (the provision's) and version_since (when its current wording
// appeared). Its last_seen (the last version that held it) is its document's
// last version, kept once per document (layout::kDocumentLastSeenPrefix,
// with the order of its clauses) and added to the clause when it is read
// (search/versioned_fields.h): so a version rewrites only the clauses it
// changed, not every clause of the document. The versions of
// a provision are kept in the index metadata (schema/provision_store.h: a
// small list, and each version's text written once), so a removed
// provision stays fetchable with its history; its last clause, with
// removed_at, removed_in and its last_seen, is kept as a document of its own
// kind (IndexWriter::keep_removed) that searches leave out unless they ask
// for removed clauses (include_removed=true).
// A version that added, removed or modified a clause (formatting aside)
// becomes a change record (change_record.h), its own kind of document.
//
// Writes go through the writer without committing: the caller commits
// (a replay commits with the last commit id, so a run killed at any point
// resumes where its last commit left it). Not thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/clause_alignment.h"
#include "indexer/index_writer.h"
#include "schema/clause_record.h"
#include "schema/sha256.h"

namespace clause {

struct DocumentVersion {
  std::string platform;
  std::string document;
  std::string markdown;  // the whole file, front matter allowed
  std::string date;      // ISO date or date-time (UTC)
  std::string source;    // the commit id, or "snapshot"
  bool deleted = false;  // the document left the archive: all its provisions are removed
};

// A version cut into clauses with its language: all that can be done
// before the index is read, so a replay does it on another thread
// (replay_reader.h). A reader that knows the document's last version may
// also align the clauses with it (`alignment`, made against the texts
// `aligned_with`) and give the new and reworded ones their types and
// categories (`enriched[j]`); apply uses both only when the index holds
// exactly those texts, and does the rest itself.
struct PreparedVersion {
  DocumentVersion version;  // its markdown is dropped once cut
  std::vector<ClauseRecord> clauses;
  std::string language = "en";
  std::optional<Alignment> alignment;
  std::vector<std::string> aligned_with;
  std::vector<char> enriched;
  // What the caller should warn of, without the place (it knows the file
  // and commit): an unclosed front matter (front_matter.h). Empty when none.
  std::string warning;
};

// A document's key among the documents a recorder holds: as the index finds
// a document's clauses, by the slugs of its names (two names that slug
// alike are one document).
std::string held_key(const std::string& platform, const std::string& document);

// Front matter read, body segmented, language given or detected. Pure and
// thread-safe.
PreparedVersion prepare_version(DocumentVersion version);

struct VersionOutcome {
  std::size_t unchanged = 0, formatting = 0, modified = 0, added = 0, removed = 0;
  std::optional<std::string> change_id;  // the change record written, if any
};

class VersionRecorder {
 public:
  // Gives a new or reworded clause its types and categories (the run's
  // models and classifier); unchanged clauses keep those they have.
  using Enrich = std::function<void(ClauseRecord&)>;

  VersionRecorder(IndexWriter& writer, Enrich enrich) : writer_(writer), enrich_(std::move(enrich)) {}

  VersionOutcome apply(DocumentVersion version) { return apply_prepared(prepare_version(std::move(version))); }
  VersionOutcome apply_prepared(PreparedVersion prepared);

  // What the index holds for a document: its clauses in document order and
  // the date of its last version.
  struct HeldDocument {
    std::vector<ClauseRecord> clauses;
    std::string last_seen;
  };

 private:
  // The document as held: read from the index the first time, then the
  // clauses this recorder last wrote for it (exactly what a read gives back:
  // a recorder is its index's only writer while it lives). Reading and
  // parsing every clause of a document for each of its versions was 8% of a
  // replay's time (docs/benchmarks.md).
  HeldDocument take_held(const std::string& platform, const std::string& document);
  void keep_held(const DocumentVersion& v, std::vector<ClauseRecord> clauses);

  IndexWriter& writer_;
  Enrich enrich_;
  std::unordered_map<std::string, HeldDocument> held_;
  std::size_t held_clauses_ = 0;
};

}  // namespace clause

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

  VersionOutcome apply(const DocumentVersion& version);

 private:
  IndexWriter& writer_;
  Enrich enrich_;
};

}  // namespace clause

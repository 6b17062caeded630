// What the history tests do with a repository once made (tests/test_repo.h):
// replay it into an index as `clause-indexer --history` does, and read back
// the change records it made.
#pragma once

#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "indexer/history_command.h"
#include "schema/change_diffs.h"
#include "schema/index_layout.h"

namespace clause {

struct Replay {
  int status;
  std::string log;
};

// Replays `repo` (a path or a URL) into the index at `db`, quietly.
inline Replay replay_history(const std::filesystem::path& db, const std::string& repo,
                             const VersionRecorder::Enrich& enrich = [](ClauseRecord&) {}) {
  IndexerOptions options;
  options.db_path = db.string();
  options.history_repo = repo;
  options.quiet = true;
  std::ostringstream log;
  std::atomic<bool> stop{false};
  const int status = run_history(options, enrich, log, stop);
  return {status, log.str()};
}

// Every change record of the index in docid order, as stored (diffs
// mostly as references to provision versions) or as served (diffs rebuilt,
// schema/change_diffs.h).
enum class RecordForm { stored, served };
inline std::vector<nlohmann::json> change_records(const std::filesystem::path& db_path,
                                                  RecordForm form = RecordForm::served) {
  Xapian::Database db(db_path.string());
  std::vector<nlohmann::json> out;
  const std::string kind(layout::kChangeKindTerm);
  for (auto it = db.postlist_begin(kind); it != db.postlist_end(kind); ++it) {
    out.push_back(nlohmann::json::parse(db.get_document(*it).get_data()));
    if (form == RecordForm::served) changes::restore_diffs(db, out.back());
  }
  return out;
}

}  // namespace clause

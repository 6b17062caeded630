// A replay into a new index ends compacted (indexer/compact_in_place.h): the
// same documents and metadata, nothing left beside the index, a
// continuation not compacted again, and a failed compaction leaving the
// index as it was.
#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <string>

#include "indexer/compact_in_place.h"
#include "tests/history_support.h"
#include "tests/test_repo.h"
#include "tests/test_support.h"

namespace clause {
namespace {

namespace fs = std::filesystem;

const std::string kCollect = "We collect the information you give us when you create an account.\n\n";
const std::string kDelaware = "Any dispute will be resolved by binding arbitration in the State of Delaware.\n";
const std::string kOhio = "Any dispute will be resolved by binding arbitration in the State of Ohio.\n";

// Every document's data by docid, and every metadata entry.
std::map<std::string, std::string> contents(const fs::path& db_path) {
  Xapian::Database db(db_path.string());
  std::map<std::string, std::string> out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    out["doc " + std::to_string(*it)] = db.get_document(*it).get_data();
  }
  for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
    out["meta " + *key] = db.get_metadata(*key);
  }
  return out;
}

TEST(CompactInPlace, AReplayIntoANewIndexEndsCompactedAndAContinuationDoesNot) {
  testing::TempDir dir;
  TestRepo repo(dir.path() / "repo");
  repo.commit({{"Acme/Terms.md", "# Terms\n\n" + kCollect + kDelaware}}, "2025-01-10");
  repo.commit({{"Acme/Terms.md", "# Terms\n\n" + kCollect + kOhio}}, "2025-02-20");
  const fs::path db = dir.path() / "db";
  fs::create_directories(compaction_staging_path(db.string()));  // left by a killed run
  const Replay first = replay_history(db, (dir.path() / "repo").string());
  ASSERT_EQ(first.status, 0) << first.log;
  EXPECT_NE(first.log.find("compacted the new index"), std::string::npos) << first.log;
  EXPECT_FALSE(fs::exists(compaction_staging_path(db.string()))) << "nothing left beside the index";
  EXPECT_EQ(change_records(db).size(), 1u) << "the record of the edit, in the compacted index";

  repo.commit({{"Acme/Terms.md", "# Terms\n\n" + kCollect}}, "2025-03-01");
  const Replay more = replay_history(db, (dir.path() / "repo").string());
  ASSERT_EQ(more.status, 0) << more.log;
  EXPECT_EQ(more.log.find("compacted"), std::string::npos) << "a continuation is not a new index: " << more.log;
  EXPECT_EQ(change_records(db).size(), 2u);
}

TEST(CompactInPlace, ExchangesTheIndexForItsCompactedCopyWithTheSameContents) {
  testing::TempDir dir;
  const fs::path db = dir.path() / "db";
  {
    Xapian::WritableDatabase w(db.string(), Xapian::DB_CREATE);
    for (int commit = 0; commit < 20; ++commit) {
      for (int i = 0; i < 50; ++i) {
        Xapian::Document doc;
        doc.set_data("clause " + std::to_string(i));
        doc.add_term("XK" + std::to_string(i % 7));
        w.replace_document("Q" + std::to_string(i), doc);  // rewritten in place, as a replay does
      }
      w.set_metadata("clause:history:last_commit", std::to_string(commit));
      w.commit();
    }
  }
  const auto before = contents(db);
  auto sizes = compact_and_exchange(db.string());
  ASSERT_TRUE(sizes.ok()) << sizes.error().message;
  EXPECT_LT(sizes->after, sizes->before);
  EXPECT_EQ(contents(db), before);
  ASSERT_TRUE(fs::exists(compaction_staging_path(db.string()))) << "the index as written, for the caller to drop";
  EXPECT_EQ(contents(compaction_staging_path(db.string())), before);
  remove_stale_compaction(db.string());
  EXPECT_FALSE(fs::exists(compaction_staging_path(db.string())));
}

TEST(CompactInPlace, AFailureLeavesTheIndexAsItWasAndNothingBesideIt) {
  testing::TempDir dir;
  const fs::path db = dir.path() / "not-an-index";
  fs::create_directories(db);
  auto sizes = compact_and_exchange(db.string());
  ASSERT_FALSE(sizes.ok());
  EXPECT_NE(sizes.error().message.find("left as written"), std::string::npos) << sizes.error().message;
  EXPECT_TRUE(fs::is_directory(db));
  EXPECT_FALSE(fs::exists(compaction_staging_path(db.string())));
}

}  // namespace
}  // namespace clause

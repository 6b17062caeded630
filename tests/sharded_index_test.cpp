// ShardedIndex: platform routing by a fixed hash, upsert semantics per
// shard, a clause that changes platform, prune and delete across shards, the
// stub that opens as one database, and refusals.
#include "indexer/sharded_index.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "indexer/shard_router.h"
#include "schema/index_layout.h"
#include "schema/slug.h"
#include "tests/fixture_index.h"

namespace clause {
namespace {

using clause::testing::TempDir;

std::unique_ptr<ShardedIndex> open_sharded(const std::string& dir, std::size_t shards,
                                           std::vector<std::string> remotes = {}) {
  auto index = ShardedIndex::open(dir, {shards, std::move(remotes)}, {});
  EXPECT_TRUE(index.ok()) << index.error().message;
  return index.ok() ? std::move(*index) : nullptr;
}

WriteCounts write_all(ShardedIndex& index, const std::vector<ClauseRecord>& records) {
  for (const auto& r : records) index.put(r);
  index.commit();
  return index.counts();
}

std::size_t holders(const std::string& dir, std::size_t shards, const std::string& term,
                    std::size_t* where = nullptr) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < shards; ++i) {
    Xapian::Database shard(dir + "/shard-" + std::to_string(i));
    if (shard.term_exists(term)) {
      ++n;
      if (where) *where = i;
    }
  }
  return n;
}

TEST(ShardRouter, IsFnv1a64OfTheSlug) {
  // Published FNV-1a 64 test vectors: the routing must never change.
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(shard_of_platform("a", 2), 0xaf63dc4c8601ec8cULL % 2);
}

TEST(ShardedIndex, KeepsEachPlatformInTheShardItsHashNames) {
  TempDir dir;
  const auto records = clause::testing::fixture_records();
  auto index = open_sharded(dir.file("idx"), 3);
  const WriteCounts counts = write_all(*index, records);
  EXPECT_EQ(counts.added, records.size());
  for (const auto& r : records) {
    std::size_t where = 99;
    EXPECT_EQ(holders(dir.file("idx"), 3, layout::id_term(r.id), &where), 1u) << r.id;
    EXPECT_EQ(where, shard_of_platform(slugify(r.platform), 3)) << r.id;
  }
}

TEST(ShardedIndex, OpensAsOneDatabaseWithNamesAndSpellingOfEveryShard) {
  TempDir dir;
  const auto records = clause::testing::fixture_records();
  write_all(*open_sharded(dir.file("idx"), 2), records);
  Xapian::Database db(dir.file("idx"));  // the directory's XAPIANDB stub
  EXPECT_EQ(db.get_doccount(), records.size());
  EXPECT_EQ(db.get_metadata(std::string(layout::kSchemaVersionKey)), layout::schema_version_string());
  for (const auto& r : records) {
    EXPECT_EQ(db.get_metadata(layout::name_key(layout::Facet::platform, slugify(r.platform))),
              r.platform);
  }
  EXPECT_EQ(db.get_spelling_suggestion("arbitraton"), "arbitration");
  EXPECT_NE(db.get_metadata(std::string(layout::kStatsKey)).find("\"clauses\":12"), std::string::npos);
}

TEST(ShardedIndex, ReRunIsUnchangedAndAChangeIsAnUpdate) {
  TempDir dir;
  auto records = clause::testing::fixture_records();
  write_all(*open_sharded(dir.file("idx"), 2), records);
  auto again = open_sharded(dir.file("idx"), 0);  // finds its two shards
  ASSERT_TRUE(again);
  EXPECT_EQ(again->shard_count(), 2u);
  records[0].text += " Changed.";
  const WriteCounts counts = write_all(*again, records);
  EXPECT_EQ(counts.added, 0u);
  EXPECT_EQ(counts.updated, 1u);
  EXPECT_EQ(counts.unchanged, records.size() - 1);
  EXPECT_EQ(Xapian::Database(dir.file("idx")).get_doccount(), records.size());
}

TEST(ShardedIndex, AClauseThatChangesPlatformLeavesNoCopyBehind) {
  TempDir dir;
  auto record = clause::testing::fixture_records().front();
  // Another platform name that routes elsewhere (found, not assumed).
  std::string other = "Platform 0";
  for (int i = 1; shard_of_platform(slugify(other), 2) == shard_of_platform(slugify(record.platform), 2); ++i) {
    other = "Platform " + std::to_string(i);
  }
  write_all(*open_sharded(dir.file("idx"), 2), {record});
  record.platform = other;
  auto index = open_sharded(dir.file("idx"), 2);
  const WriteCounts counts = write_all(*index, {record});
  EXPECT_EQ(counts.updated, 1u);
  EXPECT_EQ(counts.added, 0u);
  std::size_t where = 99;
  EXPECT_EQ(holders(dir.file("idx"), 2, layout::id_term(record.id), &where), 1u);
  EXPECT_EQ(where, shard_of_platform(slugify(other), 2));
  Xapian::Database db(dir.file("idx"));
  EXPECT_EQ(db.get_doccount(), 1u);
  EXPECT_FALSE(db.term_exists(layout::facet_term(layout::Facet::platform, "Acme")));
}

TEST(ShardedIndex, DeletesAndPrunesAcrossShards) {
  TempDir dir;
  const auto records = clause::testing::fixture_records();
  auto index = open_sharded(dir.file("idx"), 2);
  write_all(*index, records);
  EXPECT_TRUE(index->remove(records[0].id));
  EXPECT_FALSE(index->remove("no-such-id"));
  // Keep only the first three: every other record goes, whatever its shard.
  std::unordered_set<std::string> keep{records[0].id, records[1].id, records[2].id};
  EXPECT_EQ(index->prune(keep, nullptr), records.size() - 3);
  index->commit();
  EXPECT_EQ(Xapian::Database(dir.file("idx")).get_doccount(), 2u);
}

TEST(ShardedIndex, RefusesAnotherShardCountAnUnshardedIndexAndBadRemotes) {
  TempDir dir;
  write_all(*open_sharded(dir.file("idx"), 2), clause::testing::fixture_records());
  auto resharded = ShardedIndex::open(dir.file("idx"), {3, {}}, {});
  ASSERT_FALSE(resharded.ok());
  EXPECT_NE(resharded.error().message.find("re-sharding"), std::string::npos);

  const std::string single = clause::testing::build_index(dir, clause::testing::fixture_records(), "single");
  EXPECT_FALSE(ShardedIndex::open(single, {2, {}}, {}).ok());
  EXPECT_FALSE(ShardedIndex::open(dir.file("new"), {0, {}}, {}).ok());  // how many?
  EXPECT_FALSE(ShardedIndex::open(dir.file("new"), {2, {"h:1"}}, {}).ok());
}

TEST(ShardedIndex, WritesARemoteStubInShardOrder) {
  TempDir dir;
  write_all(*open_sharded(dir.file("idx"), 2, {"10.0.0.1:7001", "10.0.0.2:7002"}), {});
  std::ifstream in(dir.file("idx/remote.stub"));
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const auto meta = text.find("auto meta\n");
  const auto first = text.find("remote 10.0.0.1:7001\n");
  const auto second = text.find("remote 10.0.0.2:7002\n");
  ASSERT_NE(meta, std::string::npos);
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(meta, first);
  EXPECT_LT(first, second);
}

}  // namespace
}  // namespace clause

// Opening a stub of local shards so that its state has a key
// (schema/index_open.h): the stub's parts, the shards' revisions, and
// revision_key() inside and outside a RevisionScope; and reopen(), which
// reopens only when a commit replaced a version file.
#include "schema/index_open.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "schema/schema_version.h"
#include "test_support.h"

namespace clause::layout {
namespace {

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

void add_clause(const std::string& path, const std::string& term) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document doc;
  doc.add_term(term);
  db.add_document(doc);
  db.commit();
}

// Two one-clause shards "a" (x) and "b" (y) and the stub that lists them.
std::string two_shard_stub(const testing::TempDir& dir) {
  add_clause(dir.file("a"), "x");
  add_clause(dir.file("b"), "y");
  write_file(dir.file("two.stub"), "auto a\nauto b\n");
  return dir.file("two.stub");
}

TEST(IndexOpen, StubPartsAreLocalPathsResolvedAgainstTheStubsFolder) {
  testing::TempDir dir;
  write_file(dir.file("two.stub"), "# shards\nauto a\n\nglass /abs/b\n");
  const auto parts = local_stub_parts(dir.file("two.stub"));
  ASSERT_TRUE(parts.has_value());
  EXPECT_EQ(*parts, (std::vector<std::string>{dir.file("a"), "/abs/b"}));
  write_file(dir.file("remote.stub"), "auto meta\nremote 127.0.0.1:7001\n");
  EXPECT_FALSE(local_stub_parts(dir.file("remote.stub")).has_value());
  write_file(dir.file("one.stub"), "auto a\n");
  EXPECT_FALSE(local_stub_parts(dir.file("one.stub")).has_value());  // Xapian gives it a revision itself
  add_clause(dir.file("a"), "x");
  EXPECT_FALSE(local_stub_parts(dir.file("a")).has_value());        // a database, not a stub
  EXPECT_FALSE(local_stub_parts(dir.file("missing")).has_value());
  // A folder holding a stub named XAPIANDB, as `clause-indexer --shards` writes.
  std::filesystem::create_directory(dir.file("sharded"));
  write_file(dir.file("sharded/XAPIANDB"), "auto shard-0\nauto shard-1\n");
  const auto in_folder = local_stub_parts(dir.file("sharded"));
  ASSERT_TRUE(in_folder.has_value());
  EXPECT_EQ(in_folder->front(), dir.file("sharded/shard-0"));
}

TEST(IndexOpen, ShardsKeyTheCombinedDatabaseAndFollowItsReopen) {
  testing::TempDir dir;
  OpenedIndex index(two_shard_stub(dir));
  EXPECT_EQ(index.db().size(), 2u);
  EXPECT_EQ(index.db().get_doccount(), 2u);
  const std::string before = index.revision_key();
  EXPECT_EQ(before, Xapian::Database(dir.file("a")).get_uuid() + ":1;" +
                        Xapian::Database(dir.file("b")).get_uuid() + ":1");
  // Outside a scope revision_key() sees only a database of two shards.
  EXPECT_EQ(revision_key(index.db()), "");
  {
    const RevisionScope scope(index);
    EXPECT_EQ(revision_key(index.db()), before);
    const Xapian::Database other(dir.file("two.stub"));  // opened by Xapian: no shards of its own
    EXPECT_EQ(revision_key(other), "");
  }
  EXPECT_EQ(revision_key(index.db()), "");
  // A commit to one shard: the combined database's reopen() moves the key.
  add_clause(dir.file("b"), "z");
  EXPECT_EQ(index.revision_key(), before);
  index.db().reopen();
  EXPECT_NE(index.revision_key(), before);
  EXPECT_EQ(index.db().get_doccount(), 3u);
  EXPECT_EQ(index.revision_key(), OpenedIndex(dir.file("two.stub")).revision_key());
  // A single database keeps its own key.
  OpenedIndex single(dir.file("a"));
  EXPECT_EQ(single.revision_key(), revision_key(single.db()));
  EXPECT_FALSE(single.revision_key().empty());
}

// OpenedIndex::reopen() reopens only when a commit replaced a version file:
// every commit is seen, also two between reopens (glass soon gives a new
// version file the inode number of the one before last: the pin must hold
// it), and an unchanged index is not reopened at all.
TEST(IndexOpen, ReopensExactlyWhenACommitReplacedAVersionFile) {
  testing::TempDir dir;
  add_clause(dir.file("a"), "x");
  OpenedIndex index(dir.file("a"));
  EXPECT_FALSE(index.reopen());
  Xapian::WritableDatabase writer(dir.file("a"), Xapian::DB_OPEN);
  Xapian::doccount expected = 1;
  for (int round = 0; round < 12; ++round) {
    const int commits = 1 + round % 3;
    for (int c = 0; c < commits; ++c) {
      writer.add_document(Xapian::Document());
      writer.commit();
      ++expected;
    }
    EXPECT_TRUE(index.reopen()) << "round " << round;
    EXPECT_EQ(index.db().get_doccount(), expected) << "round " << round;
    EXPECT_FALSE(index.reopen()) << "round " << round;
  }
  // The version file rewritten in place, which no commit does: Xapian's own
  // check would read it and fail; an unchanged inode is not looked into.
  const std::string version = dir.file("a/iamglass");
  std::string saved;
  {
    std::ifstream in(version, std::ios::binary);
    saved.assign(std::istreambuf_iterator<char>(in), {});
  }
  {
    std::fstream out(version, std::ios::in | std::ios::out | std::ios::binary);
    out << std::string(saved.size(), 'x');
  }
  EXPECT_NO_THROW(EXPECT_FALSE(index.reopen()));
  EXPECT_THROW(index.reopen(/*force=*/true), Xapian::DatabaseError);
  {
    std::fstream out(version, std::ios::in | std::ios::out | std::ios::binary);
    out << saved;
  }
  EXPECT_NO_THROW(index.reopen(/*force=*/true));
  EXPECT_EQ(index.db().get_doccount(), expected);
}

TEST(IndexOpen, AStubOfShardsReopensWhenAnyShardCommits) {
  testing::TempDir dir;
  OpenedIndex index(two_shard_stub(dir));
  EXPECT_FALSE(index.reopen());
  add_clause(dir.file("b"), "z");
  EXPECT_TRUE(index.reopen());
  EXPECT_EQ(index.db().get_doccount(), 3u);
  EXPECT_FALSE(index.reopen());
  add_clause(dir.file("a"), "w");
  add_clause(dir.file("a"), "v");
  EXPECT_TRUE(index.reopen());
  EXPECT_EQ(index.db().get_doccount(), 5u);
}

}  // namespace
}  // namespace clause::layout

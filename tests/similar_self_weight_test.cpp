// The self weight (similar/bm25.h): the weight Xapian itself gives
// the query clause's own document for the similarity query, on a single
// index and on the same clauses split over two shards.
#include <gtest/gtest.h>

#include <cmath>

#include "indexer/index_writer.h"
#include "schema/index_layout.h"
#include "schema/plain_text.h"
#include "similar/query.h"
#include "test_support.h"
#include "tests/similar_support.h"

namespace clause::similar {
namespace {

ClauseRecord rec(std::string id, std::string platform, std::string title, std::string text) {
  return testing::similar_record(std::move(id), std::move(platform), std::move(text), {}, {}, std::move(title));
}

// Repeated words (wqf > 1), a title, a frequent word ("data", in more than a
// third of the clauses) and the platform's own name.
std::vector<ClauseRecord> clauses() {
  return {
      rec("a1", "Acme", "Selling data", "Acme may sell your data, your personal data, to brokers."),
      rec("a2", "Acme", "", "Acme keeps logs of your data for 90 days."),
      rec("b1", "Beta", "", "Beta sells data to advertisers and data brokers."),
      rec("c1", "Gamma", "Arbitration", "Disputes go to binding arbitration; no class action."),
      rec("d1", "Delta", "", "We never sell data."),
      rec("e1", "Echo", "Cookies", "Cookies and similar trackers follow you across sites and apps."),
  };
}

void write(const std::string& path, const std::vector<ClauseRecord>& records) {
  testing::write_index(path, records);
}

struct SelfCheck {
  double self = 0;     // the computed self weight
  double xapian = 0;   // Xapian's weight of the clause's own document
};

// Builds the similarity query of clause `id` as the engine does and weighs
// its own document with Xapian (the query filtered to that document).
SelfCheck check(const Xapian::Database& db, const ClauseRecord& r, const SimilarityOptions& options) {
  QueryBuilder builder(db, options);
  const std::string id_term = layout::id_term(r.id);
  const Xapian::docid doc = *db.postlist_begin(id_term);
  const Xapian::Query query = builder.build(plain_text(r.title) + "\n" + plain_text(r.text),
                                            "", db.get_doclength(doc));
  const Xapian::MSet mset = builder.search(
      Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(id_term)), 10);
  EXPECT_EQ(mset.size(), 1u) << r.id;
  return {builder.self_weight(), mset.empty() ? 0.0 : mset.begin().get_weight()};
}

TEST(SimilarSelfWeight, EqualsXapiansWeightOfTheClauseItselfOnAnyLayout) {
  testing::TempDir dir;
  const auto all = clauses();
  write(dir.file("single"), all);
  write(dir.file("shard0"), {all.begin(), all.begin() + 3});
  write(dir.file("shard1"), {all.begin() + 3, all.end()});
  const Xapian::Database single(dir.file("single"));
  Xapian::Database sharded(dir.file("shard0"));
  sharded.add_database(Xapian::Database(dir.file("shard1")));

  SimilarityOptions baseline, other_params;
  baseline.method = SimilarityMethod::bm25_or;
  other_params.k1 = 1.6;
  other_params.b = 0.8;
  for (const SimilarityOptions& options : {SimilarityOptions{}, baseline, other_params}) {
    for (const auto& r : all) {
      const SelfCheck one = check(single, r, options), two = check(sharded, r, options);
      ASSERT_GT(one.self, 0.0) << r.id;
      EXPECT_NEAR(one.self, one.xapian, 1e-9 * one.xapian) << r.id;
      EXPECT_NEAR(two.self, two.xapian, 1e-9 * two.xapian) << r.id;
      EXPECT_NEAR(one.self, two.self, 1e-12 * one.self) << r.id;
      if (r.title.empty()) {
        // Free text counts its own length as the indexer would.
        QueryBuilder text_builder(single, options);
        ASSERT_FALSE(text_builder.build(plain_text(r.text), "").empty());
        EXPECT_NEAR(text_builder.self_weight(), one.self, 1e-12 * one.self) << r.id;
      }
    }
  }
}

TEST(SimilarSelfWeight, ShareIsTheWeightOverTheSelfWeightCapped) {
  testing::TempDir dir;
  write(dir.file("db"), clauses());
  const Xapian::Database db(dir.file("db"));
  QueryBuilder builder(db, SimilarityOptions{});
  // Free text: its own length counts.
  ASSERT_FALSE(builder.build("sell your data to brokers", "").empty());
  const double self = builder.self_weight();
  ASSERT_GT(self, 0.0);
  EXPECT_DOUBLE_EQ(builder.share(self / 4), 0.25);
  EXPECT_DOUBLE_EQ(builder.share(self * 2), 1.0);  // a shorter clause may outweigh the query's own
  EXPECT_DOUBLE_EQ(builder.share(0), 0.0);
}

}  // namespace
}  // namespace clause::similar

// The page of a match sorted by weight alone, put in relevance-then-platform
// order (search/relevance_page.h), against Xapian's own relevance-then-value
// sort on an index full of equal weights: the same documents in the same
// order for every offset and limit, or nullopt only where more equal weights
// may follow than the match fetched.
#include "search/relevance_page.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace clause::search {
namespace {

constexpr Xapian::valueno kSlot = 3;

// Groups of documents of equal weight (the same wdf and length), from 1 to
// 40 documents a group, so that a group straddles most page ends; values
// out of docid order, some equal.
Xapian::Database tied_index() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  const std::vector<int> group_sizes = {1, 3, 7, 2, 12, 40, 1, 5, 25, 9};
  int n = 0;
  for (std::size_t g = 0; g < group_sizes.size(); ++g) {
    for (int i = 0; i < group_sizes[g]; ++i, ++n) {
      Xapian::Document doc;
      doc.add_term("word", static_cast<Xapian::termcount>(g + 1));
      doc.add_term("filler", 3);
      doc.add_value(kSlot, "p" + std::to_string((n * 7919) % 13));
      db.add_document(doc);
    }
  }
  return db;
}

std::vector<Xapian::docid> by_xapian(const Xapian::Database& db, Xapian::doccount offset, Xapian::doccount limit) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("word"));
  enquire.set_sort_by_relevance_then_value(kSlot, false);
  const auto mset = enquire.get_mset(offset, limit, db.get_doccount());
  return {mset.begin(), mset.end()};
}

TEST(RelevancePageTest, SameOrderAsXapiansRelevanceThenValueSort) {
  const auto db = tied_index();
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("word"));
  int pages = 0, undecided = 0;
  for (Xapian::doccount offset : {0u, 1u, 4u, 10u, 13u, 25u, 60u, 100u, 104u, 200u}) {
    for (Xapian::doccount limit : {1u, 5u, 10u, 30u}) {
      const auto mset = enquire.get_mset(0, relevance_fetch(offset, limit), db.get_doccount());
      const auto page = relevance_then_value_page(mset, offset, limit, kSlot);
      if (!page) {
        ++undecided;
        // Only when the fetched items after the page all weigh as much as
        // its last one and the match has more.
        ASSERT_EQ(mset.size(), relevance_fetch(offset, limit));
        EXPECT_EQ(mset[offset + limit - 1].get_weight(), mset[mset.size() - 1].get_weight());
        continue;
      }
      ++pages;
      std::vector<Xapian::docid> ids;
      for (const auto& it : *page) ids.push_back(*it);
      EXPECT_EQ(ids, by_xapian(db, offset, limit)) << "offset " << offset << ", limit " << limit;
    }
  }
  EXPECT_GT(pages, 30);
  EXPECT_GT(undecided, 0);  // the 40-document group is longer than the lookahead
}


// sort=severity/updated: the value slot first (descending, as those sorts
// go), then weight; equal ones by platform (kSlot), then docid. The index
// of tied_index() with a sort value of 3 levels on top, compared with the
// whole match put in that order by hand.
TEST(RelevancePageTest, ValueSortedPagesOrderTiesByPlatform) {
  constexpr Xapian::valueno kSortSlot = 4;
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  {
    const auto base = tied_index();
    for (Xapian::docid did = 1; did <= base.get_lastdocid(); ++did) {
      Xapian::Document doc = base.get_document(did);
      doc.add_value(kSortSlot, std::to_string(did % 3));
      db.add_document(doc);
    }
  }
  struct Expected {
    std::string key, platform;
    double weight;
    Xapian::docid did;
  };
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query("word"));
  enquire.set_sort_by_value_then_relevance(kSortSlot, true);
  const auto all = enquire.get_mset(0, db.get_doccount());
  std::vector<Expected> expected;
  for (auto it = all.begin(); it != all.end(); ++it) {
    const auto doc = it.get_document();
    expected.push_back({doc.get_value(kSortSlot), doc.get_value(kSlot), it.get_weight(), *it});
  }
  std::sort(expected.begin(), expected.end(), [](const Expected& a, const Expected& b) {
    if (a.key != b.key) return a.key > b.key;
    if (a.weight != b.weight) return a.weight > b.weight;
    if (a.platform != b.platform) return a.platform < b.platform;
    return a.did < b.did;
  });
  int pages = 0, undecided = 0;
  for (Xapian::doccount offset : {0u, 1u, 4u, 10u, 13u, 25u, 60u, 100u, 104u}) {
    for (Xapian::doccount limit : {1u, 5u, 10u, 30u}) {
      const Xapian::doccount fetched = relevance_fetch(offset, limit);
      const auto mset = enquire.get_mset(0, fetched, db.get_doccount());
      const auto page = value_then_relevance_page(mset, offset, limit, fetched, kSlot);
      if (!page) {
        ++undecided;
        ASSERT_EQ(mset.size(), fetched);
        continue;
      }
      ++pages;
      std::vector<Xapian::docid> ids, want;
      for (const auto& it : *page) ids.push_back(*it);
      for (auto i = offset; i < std::min<Xapian::doccount>(offset + limit, expected.size()); ++i) {
        want.push_back(expected[i].did);
      }
      EXPECT_EQ(ids, want) << "offset " << offset << ", limit " << limit;
    }
  }
  EXPECT_GT(pages, 25);
  // The whole match fetched always decides.
  EXPECT_TRUE(value_then_relevance_page(all, 100, 30, db.get_doccount() + 1, kSlot).has_value());
}

}  // namespace
}  // namespace clause::search

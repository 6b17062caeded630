// SimilarityEngine on a small index built in a temporary directory.
#include "similar/engine.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "indexer/index_writer.h"
#include "test_support.h"
#include "tests/similar_support.h"

namespace clause {
namespace {

std::vector<ClauseRecord> fixture() { return testing::six_platforms(); }

class SimilarityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_index(dir_.file("db"), fixture());
    db_ = Xapian::Database(dir_.file("db"));
  }

  static std::vector<std::string> platforms(const SimilarResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.results) out.push_back(h.platform);
    return out;
  }

  testing::TempDir dir_;
  Xapian::Database db_;
};

TEST_F(SimilarityTest, NeverReturnsTheOwnPlatformAndOneClausePerPlatform) {
  const SimilarityEngine engine(db_);
  auto r = engine.similar_to_id("a1", 100, false);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const auto ps = platforms(*r);
  EXPECT_EQ(std::count(ps.begin(), ps.end(), "acme"), 0);
  EXPECT_EQ(std::set<std::string>(ps.begin(), ps.end()).size(), ps.size());
  EXPECT_EQ(std::count(ps.begin(), ps.end(), "beta"), 1);
  EXPECT_EQ(r->platforms_total, 5u);  // the 6 platforms but acme, the clause's own
  ASSERT_TRUE(r->clause_json.has_value());
  EXPECT_NE(r->clause_json->find("\"a1\""), std::string::npos);
}

TEST_F(SimilarityTest, SameTypeClausesComeFirstThenText) {
  const SimilarityEngine engine(db_);
  auto r = engine.similar_to_id("a1", 100, false);
  ASSERT_TRUE(r.ok());
  ASSERT_GE(r->results.size(), 3u);
  // Beta's typed clause shares few words, yet ranks above Foxtrot's near copy.
  EXPECT_EQ(r->results[0].id, "b1");
  EXPECT_TRUE(r->results[0].same_type);
  EXPECT_FALSE(r->results[1].same_type);
  const auto ps = platforms(*r);
  EXPECT_LT(std::find(ps.begin(), ps.end(), "foxtrot") - ps.begin(),
            std::find(ps.begin(), ps.end(), "delta") - ps.begin());
}

TEST_F(SimilarityTest, LimitCutsResultsButNotTheCount) {
  const SimilarityEngine engine(db_);
  auto all = engine.similar_to_id("a1", 100, false);
  auto one = engine.similar_to_id("a1", 1, false);
  ASSERT_TRUE(all.ok() && one.ok());
  EXPECT_EQ(one->results.size(), 1u);
  // Type-led: only Beta holds a clause of a1's type ("Sells data").
  EXPECT_EQ(one->platforms_with_similar, 1u);
  EXPECT_EQ(one->platforms_with_similar, all->platforms_with_similar);
  EXPECT_LE(all->platforms_with_similar, all->results.size());
  // The text method counts by the bar: Echo and Foxtrot too.
  SimilarityOptions text_only;
  text_only.use_types = false;
  auto text_all = SimilarityEngine(db_, text_only).similar_to_id("a1", 100, false);
  auto text_one = SimilarityEngine(db_, text_only).similar_to_id("a1", 1, false);
  ASSERT_TRUE(text_all.ok() && text_one.ok());
  EXPECT_GE(text_one->platforms_with_similar, 3u);
  EXPECT_EQ(text_one->platforms_with_similar, text_all->platforms_with_similar);
}

TEST_F(SimilarityTest, BarIsASetting) {
  SimilarityOptions strict;
  strict.bar = 1.01;  // nothing passes on text alone; same type still counts
  auto r = SimilarityEngine(db_, strict).similar_to_id("a1", 10, false);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->platforms_with_similar, 1u);
}

TEST_F(SimilarityTest, SameCategoryKeepsResultsInsideTheClauseCategories) {
  const SimilarityEngine engine(db_);
  auto r = engine.similar_to_id("a1", 100, true);
  ASSERT_TRUE(r.ok());
  const auto ps = platforms(*r);
  EXPECT_EQ(std::count(ps.begin(), ps.end(), "echo"), 0);
  EXPECT_EQ(std::count(ps.begin(), ps.end(), "delta"), 0);
  EXPECT_EQ(std::count(ps.begin(), ps.end(), "foxtrot"), 1);
  auto unfiltered = engine.similar_to_id("a1", 100, false);
  const auto all = platforms(*unfiltered);
  EXPECT_EQ(std::count(all.begin(), all.end(), "echo"), 1);
}

TEST_F(SimilarityTest, FreeTextSearchesEveryPlatform) {
  const SimilarityEngine engine(db_);
  auto r = engine.similar_to_text("They may sell personal data to advertisers", 10);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->clause_json.has_value());
  const auto ps = platforms(*r);
  EXPECT_EQ(std::count(ps.begin(), ps.end(), "acme"), 1);
  EXPECT_EQ(std::set<std::string>(ps.begin(), ps.end()).size(), ps.size());
  for (const auto& h : r->results) {
    EXPECT_GE(h.score, 0.0);
    EXPECT_LE(h.score, 1.0);
  }
  EXPECT_GE(r->results.front().score, r->results.back().score);
}

TEST_F(SimilarityTest, ErrorsNameTheFault) {
  const SimilarityEngine engine(db_);
  auto unknown = engine.similar_to_id("nope", 10, false);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::not_found);

  for (const std::string text : {"", "   \n", "<p></p>"}) {
    auto empty = engine.similar_to_text(text, 10);
    ASSERT_FALSE(empty.ok()) << text;
    EXPECT_EQ(empty.error().kind, ErrorKind::invalid_argument);
    EXPECT_EQ(empty.error().field, "text");
  }
  auto big = engine.similar_to_text(std::string(kMaxTextBytes + 1, 'a'), 10);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind, ErrorKind::too_large);
  EXPECT_EQ(big.error().field, "text");

  for (std::size_t limit : {0, 101}) {
    auto bad = engine.similar_to_id("a1", limit, false);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().kind, ErrorKind::invalid_argument);
    EXPECT_EQ(bad.error().field, "limit");
  }
}

TEST_F(SimilarityTest, TextWithoutIndexedWordsIsAnError) {
  auto r = SimilarityEngine(db_).similar_to_text("zzqx qqzz", 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "text");
}

TEST_F(SimilarityTest, BaselineMethodKeepsTheContract) {
  SimilarityOptions options;
  options.method = SimilarityMethod::bm25_or;
  auto r = SimilarityEngine(db_, options).similar_to_id("a1", 100, false);
  ASSERT_TRUE(r.ok());
  const auto ps = platforms(*r);
  EXPECT_EQ(std::count(ps.begin(), ps.end(), "acme"), 0);
  EXPECT_EQ(std::set<std::string>(ps.begin(), ps.end()).size(), ps.size());
}

// Feedback from the re-ranked first pass (SimilarityOptions::feedback_reranked).
// Xray's clause holds every word of the query but in another order, so BM25
// puts it first while the re-rank (shared word pairs) prefers Yankee's near
// copy. One feedback clause and one expansion term: Xray's own extra word
// ("zebra") or Yankee's ("lion") is added to the query, and only the clause
// holding that word (Whiskey's or Zulu's, no query word) can then be found.
TEST(SimilarityFeedback, TakesTheFeedbackClauseAfterTheReRank) {
  testing::TempDir dir;
  auto rec = [](auto... args) { return testing::similar_record(args...); };
  testing::write_index(dir.file("db"),
                       {rec("q1", "Quebec", "members may export their saved playlists as a file at any time"),
                        rec("x1", "Xray", "time any at file a as playlists saved their export may members zebra"),
                        rec("y1", "Yankee", "members may export their saved playlists as a lion at any time"),
                        rec("w1", "Whiskey", "zebra crossing ahead"), rec("z1", "Zulu", "lion sleeps tonight")});
  const Xapian::Database db(dir.file("db"));
  auto platforms_for = [&](bool reranked) {
    SimilarityOptions options;
    options.feedback_docs = 1;
    options.feedback_terms = 1;
    options.feedback_reranked = reranked;
    auto r = SimilarityEngine(db, options).similar_to_id("q1", 10, false);
    EXPECT_TRUE(r.ok());
    std::set<std::string> out;
    if (r.ok()) {
      for (const auto& h : r->results) out.insert(h.platform);
    }
    return out;
  };
  const auto by_bm25 = platforms_for(false);
  EXPECT_EQ(by_bm25, (std::set<std::string>{"xray", "yankee", "whiskey"}));
  const auto by_rerank = platforms_for(true);
  EXPECT_EQ(by_rerank, (std::set<std::string>{"xray", "yankee", "zulu"}));
}

// Papa's clause is about cancelling; its sibling about suspending accounts.
// Romeo's clause shares more of the query's words but makes the sibling's
// point; Sierra's shares fewer and makes the query's. The contrast moves
// Romeo down and Sierra up (docs/similarity.md, sixth round), also for the
// same words sent as text from Papa.
TEST(SimilaritySiblings, ACandidateMakingASiblingsPointMovesDown) {
  testing::TempDir dir;
  auto rec = [](auto... args) { return testing::similar_record(args...); };
  testing::write_index(
      dir.file("db"),
      {rec("p1", "Papa", "you may cancel your subscription at any time from your account settings"),
       rec("p2", "Papa", "we may suspend your account at any time if you breach these terms"),
       rec("r1", "Romeo", "we may suspend your account at any time if you breach our terms"),
       rec("s1", "Sierra", "you can cancel a subscription from the account settings page"),
       rec("t1", "Tango", "prices of the subscription may change")});
  const Xapian::Database db(dir.file("db"));
  auto scores = [&](double contrast) {
    SimilarityOptions options;
    options.sibling_contrast = contrast;
    auto r = SimilarityEngine(db, options).similar_to_id("p1", 10, false);
    EXPECT_TRUE(r.ok());
    std::map<std::string, double> out;
    if (r.ok()) {
      for (const auto& h : r->results) out[h.platform] = h.score;
    }
    return out;
  };
  auto off = scores(0.0), on = scores(0.5);
  ASSERT_TRUE(off.count("romeo") && off.count("sierra") && on.count("romeo") && on.count("sierra"));
  EXPECT_GT(off["romeo"], off["sierra"]);
  EXPECT_LT(on["romeo"], on["sierra"]);
  // Free text without a platform has no siblings: the option changes nothing.
  auto text_scores = [&](double contrast, const std::string& platform) {
    SimilarityOptions options;
    options.sibling_contrast = contrast;
    auto r = SimilarityEngine(db, options).similar_to_text("you may cancel your subscription at any time", 10,
                                                           platform);
    EXPECT_TRUE(r.ok());
    std::map<std::string, double> out;
    if (r.ok()) {
      for (const auto& h : r->results) out[h.platform] = h.score;
    }
    return out;
  };
  EXPECT_EQ(text_scores(0.5, ""), text_scores(0.0, ""));
  // Text from Papa (a new version of p1): Papa is left out, p1 is the text
  // again (no sibling), and p2 is the sibling that moves Romeo down.
  auto text_off = text_scores(0.0, "Papa"), text_on = text_scores(0.5, "Papa");
  EXPECT_EQ(text_off.count("papa") + text_on.count("papa"), 0u);
  ASSERT_TRUE(text_off.count("romeo") && text_off.count("sierra") && text_on.count("romeo") && text_on.count("sierra"));
  EXPECT_LT(text_on["romeo"] - text_on["sierra"], text_off["romeo"] - text_off["sierra"]);
}

}  // namespace
}  // namespace clause

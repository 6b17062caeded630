// The similarity snapshot (similar/snapshot.h): it holds what the index
// holds, the engine answers the same from it as from Xapian (fixture and
// shared corpora), and SnapshotCache (similar/snapshot_cache.h) follows the
// index's revisions.
#include "similar/snapshot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "indexer/index_writer.h"
#include "schema/index_layout.h"
#include "schema/schema_version.h"
#include "similar/match.h"
#include "similar/rerank.h"
#include "similar/engine.h"
#include "similar/snapshot_cache.h"
#include "test_support.h"
#include "tests/similar_support.h"
#include "tests/scale_out_support.h"

namespace clause {
namespace {

using similar::Snapshot;
using similar::SnapshotCache;

ClauseRecord rec(std::string id, std::string platform, std::string text, std::string type = {},
                 std::vector<std::string> categories = {}) {
  return testing::similar_record(std::move(id), std::move(platform), std::move(text), std::move(type),
                                 std::move(categories));
}

// The six platforms of the engine's tests, and more: a second clause of a
// type, an untyped clause without categories, and one platform with two
// clauses of equal wording (a weight tie inside a platform).
std::vector<ClauseRecord> fixture() {
  auto records = testing::six_platforms();
  const std::vector<std::string> sharing = {"Data sharing"};
  records.push_back(rec("d2", "Delta", "You waive any class action; disputes go to arbitration.", "Arbitration",
                        {"Dispute resolution"}));
  records.push_back(rec("e2", "Echo", "Any dispute will be resolved by arbitration, not in court."));
  records.push_back(rec("g1", "Golf", "We may sell your data.", "", sharing));
  records.push_back(rec("g2", "Golf", "We may sell your data.", "", sharing));
  return records;
}

std::unique_ptr<Snapshot> snapshot_of(const Xapian::Database& db) {
  const std::atomic<bool> cancel{false};
  return Snapshot::build(db, layout::revision_key(db), similar::Bm25Params{}, cancel);
}

void expect_same(const Result<SimilarResult>& expected, const Result<SimilarResult>& actual, const std::string& what) {
  ASSERT_EQ(expected.ok(), actual.ok()) << what;
  if (!expected.ok()) {
    EXPECT_EQ(expected.error().message, actual.error().message) << what;
    return;
  }
  EXPECT_EQ(expected->platforms_total, actual->platforms_total) << what;
  EXPECT_EQ(expected->platforms_with_similar, actual->platforms_with_similar) << what;
  ASSERT_EQ(expected->results.size(), actual->results.size()) << what;
  for (std::size_t i = 0; i < expected->results.size(); ++i) {
    const auto& e = expected->results[i];
    const auto& a = actual->results[i];
    EXPECT_EQ(e.id, a.id) << what << " #" << i;
    EXPECT_EQ(e.platform, a.platform) << what << " #" << i;
    EXPECT_NEAR(e.score, a.score, 1e-9) << what << " #" << i;
    EXPECT_EQ(e.same_type, a.same_type) << what << " #" << i;
  }
}

// Every id asked with and without same_category, at two limits, and two
// free texts, for both methods: the snapshot's answers are the index's.
void expect_same_engines(const Xapian::Database& db, const Snapshot& snapshot, const std::vector<std::string>& ids) {
  for (const auto method : {SimilarityMethod::tuned, SimilarityMethod::bm25_or}) {
    SimilarityOptions options;
    options.method = method;
    const SimilarityEngine xapian(db, options);
    const SimilarityEngine memory(db, options, nullptr, &snapshot);
    const std::string m = method == SimilarityMethod::tuned ? "tuned " : "bm25 ";
    for (const auto& id : ids) {
      for (const bool same_category : {false, true}) {
        for (const std::size_t limit : {std::size_t{3}, std::size_t{100}}) {
          expect_same(xapian.similar_to_id(id, limit, same_category), memory.similar_to_id(id, limit, same_category),
                      m + id + (same_category ? " same_category" : "") + " limit " + std::to_string(limit));
        }
      }
    }
    for (const std::string text : {"Can they sell my personal data to advertisers?",
                                   "All disputes go to binding arbitration; no class action."}) {
      expect_same(xapian.similar_to_text(text, 10), memory.similar_to_text(text, 10), m + text);
      expect_same(xapian.similar_to_text(text, 10, "Acme"), memory.similar_to_text(text, 10, "Acme"),
                  m + text + " from Acme");
    }
    expect_same(xapian.similar_to_id("nope", 10, false), memory.similar_to_id("nope", 10, false), m + "unknown");
  }
}

// Query expansion from the snapshot against Xapian's own ESet, for feedback
// sets of 1 to 5 clauses (terms and order; ties are frequent in small sets).
void expect_same_expansion(const Xapian::Database& db, const Snapshot& snapshot) {
  struct Words : Xapian::ExpandDecider {
    bool operator()(const std::string& term) const override { return similar::is_match_term(term); }
  } words;
  const Xapian::docid last = std::min<Xapian::docid>(db.get_lastdocid(), 400);
  for (Xapian::docid start = 1; start <= last; start += 3) {
    for (const Xapian::docid size : {1u, 3u, 5u}) {
      std::vector<Xapian::docid> top;
      Xapian::RSet rset;
      for (Xapian::docid d = start; d < start + 2 * size && d <= last; d += 2) {
        top.push_back(d);
        rset.add_document(d);
      }
      Xapian::Enquire enquire(db);
      const auto eset = enquire.get_eset(10, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &words);
      std::vector<std::string> expected;
      for (auto it = eset.begin(); it != eset.end(); ++it) expected.push_back(*it);
      EXPECT_EQ(similar::snapshot_expansion(snapshot, top, 10, [&](const std::string& t) { return words(t); }),
                expected)
          << "feedback from " << top.size() << " clauses from docid " << start;
    }
  }
}

// The fixture's index and its snapshot.
class SimilarSnapshot : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_index(dir_.file("db"), fixture());
    db_ = Xapian::Database(dir_.file("db"));
    snapshot_ = snapshot_of(db_);
    ASSERT_NE(snapshot_, nullptr);
  }
  testing::TempDir dir_;
  Xapian::Database db_;
  std::unique_ptr<Snapshot> snapshot_;
};

TEST_F(SimilarSnapshot, HoldsWhatTheIndexHolds) {
  const Xapian::Database& db = db_;
  const auto& s = snapshot_;
  EXPECT_EQ(s->key(), layout::revision_key(db));
  EXPECT_EQ(s->doccount(), db.get_doccount());
  EXPECT_EQ(s->platform_ids() - 1, 7u);
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const Xapian::Document doc = db.get_document(*d);
    EXPECT_EQ(s->doclength(*d), db.get_doclength(*d));
    EXPECT_EQ(s->platform_slug(s->platform(*d)), doc.get_value(layout::kPlatformSlot));
    // The termlist: every match term with its wdf, in the index's order.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> expected, actual;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
      if (!similar::is_match_term(*t)) continue;
      const auto id = s->term_id(*t);
      ASSERT_TRUE(id.has_value()) << *t;
      EXPECT_EQ(s->termfreq(*id), db.get_termfreq(*t)) << *t;
      expected.emplace_back(*id, t.get_wdf());
    }
    for (const auto& t : s->termlist(*d)) actual.emplace_back(t.term, t.wdf);
    EXPECT_EQ(actual, expected);
    const auto f = similar::text_features(similar::record_text(doc.get_data()), true);
    const auto pairs = s->pairs(*d);
    EXPECT_EQ(std::vector<std::uint64_t>(pairs.begin(), pairs.end()), f.pairs);
    EXPECT_EQ(s->words(*d), f.words);
    EXPECT_EQ(s->negated(*d), f.negated);
    EXPECT_EQ(s->topics(*d), f.topics);
    EXPECT_EQ(s->categories(*d).size(), layout::split_list(doc.get_value(layout::kCategoriesSlot)).size());
  }
  EXPECT_FALSE(s->term_id("Znotaword").has_value());
  const auto acme = s->platform_id("acme");
  ASSERT_TRUE(acme.has_value());
  EXPECT_EQ(s->platform_slug(*acme), "acme");
  const auto type = s->type_id(slugify("Arbitration"));
  ASSERT_TRUE(type.has_value());
  EXPECT_EQ(s->clauses_of_type(*type).size(), 2u);
  // Each platform's clauses by term: its clauses in docid order, and the
  // unit tf-idf weights the cosine gives them.
  similar::CosineScorer cosine(db, {}, nullptr, s.get());
  std::size_t clauses = 0;
  for (std::uint32_t p = 1; p < s->platform_ids(); ++p) {
    const auto& docs = s->clauses_of_platform(p);
    EXPECT_TRUE(std::is_sorted(docs.begin(), docs.end()));
    clauses += docs.size();
    for (std::size_t c = 0; c < docs.size(); ++c) {
      EXPECT_EQ(s->platform(docs[c]), p);
      similar::TermVector unit;
      cosine.score(docs[c], &unit);
      for (const auto& [term, w] : unit) {
        const auto with = s->platform_term(p, term);
        const auto it = std::find_if(with.begin(), with.end(), [&](const auto& x) { return x.clause == c; });
        ASSERT_NE(it, with.end()) << s->term(term);
        EXPECT_EQ(it->weight, static_cast<float>(w));
      }
    }
  }
  EXPECT_EQ(clauses, db.get_doccount());
  EXPECT_TRUE(s->platform_term(*acme, *s->term_id("Zarbitr")).empty());  // no Acme clause holds it
}

// Two snapshots of db hold the same size, platforms and re-rank features.
void expect_same_clauses(const Xapian::Database& db, const Snapshot& expected, const Snapshot& actual) {
  EXPECT_EQ(actual.memory_bytes(), expected.memory_bytes());
  for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
    const auto a = expected.pairs(*d), b = actual.pairs(*d);
    EXPECT_EQ(std::vector<std::uint64_t>(a.begin(), a.end()), std::vector<std::uint64_t>(b.begin(), b.end()));
    EXPECT_EQ(expected.words(*d), actual.words(*d));
    EXPECT_EQ(expected.negated(*d), actual.negated(*d));
    EXPECT_EQ(expected.topics(*d), actual.topics(*d));
    EXPECT_EQ(expected.platform_slug(expected.platform(*d)), actual.platform_slug(actual.platform(*d)));
  }
}

// The features are computed on several threads; the snapshot is the same.
TEST_F(SimilarSnapshot, IsTheSameBuiltOnSeveralThreads) {
  const Xapian::Database& db = db_;
  const std::atomic<bool> cancel{false};
  const auto many = Snapshot::build(db, layout::revision_key(db), similar::Bm25Params{}, cancel, 3);
  ASSERT_NE(many, nullptr);
  expect_same_clauses(db, *snapshot_, *many);
}

// After a commit, a snapshot built from its predecessor copies the features
// of the unchanged clauses only, and equals one built afresh.
TEST_F(SimilarSnapshot, RebuiltFromItsPredecessorIsTheSameAsBuiltAfresh) {
  const std::atomic<bool> cancel{false};
  {
    WriterOptions options;
    options.spelling = false;
    auto writer = IndexWriter::open(dir_.file("db"), options);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    (*writer)->upsert(rec("d2", "Delta", "Delta may end your account for any reason, without notice."));
    ASSERT_TRUE((*writer)->remove("e2"));
    (*writer)->upsert(rec("h1", "Hotel", "Hotel shares your location with advertisers.", "", {"Tracking"}));
    (*writer)->commit();
  }
  db_.reopen();
  const Xapian::Database& db = db_;
  const auto fresh = Snapshot::build(db, layout::revision_key(db), similar::Bm25Params{}, cancel);
  const auto next = Snapshot::build(db, layout::revision_key(db), similar::Bm25Params{}, cancel, 2, snapshot_.get());
  ASSERT_NE(fresh, nullptr);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(fresh->reused(), 0u);
  EXPECT_EQ(next->reused(), db.get_doccount() - 2);  // all but the changed and the new clause
  expect_same_clauses(db, *fresh, *next);
  // The changed clause kept its docid: its features are not its old ones.
  const Xapian::docid changed = *db.postlist_begin(layout::id_term("d2"));
  EXPECT_NE(snapshot_->words(changed), next->words(changed));
  std::vector<std::string> ids;
  for (const auto& r : fixture()) {
    if (r.id != "e2") ids.push_back(r.id);
  }
  ids.push_back("h1");
  expect_same_engines(db, *next, ids);
}

TEST_F(SimilarSnapshot, AnswersAsTheIndexDoesOnTheFixture) {
  const Xapian::Database& db = db_;
  const auto& s = snapshot_;
  expect_same_expansion(db, *s);
  std::vector<std::string> ids;
  for (const auto& r : fixture()) ids.push_back(r.id);
  expect_same_engines(db, *s, ids);
  // Postings of other BM25 parameters: the engine matches on Xapian then,
  // and still answers the same.
  similar::Bm25Params other;
  other.k1 = 1.2;
  other.b = 0.75;
  const std::atomic<bool> cancel{false};
  const auto s2 = Snapshot::build(db, layout::revision_key(db), other, cancel);
  ASSERT_NE(s2, nullptr);
  expect_same_engines(db, *s2, ids);
}

// Real clauses (labelled, so the typed pass runs), every 40th asked: the
// weights are summed in another order than Xapian's, so this checks that
// nothing but the last bits differ, on thousands of candidates.
TEST(SimilarSnapshotShared, AnswersAsTheIndexDoesOnTheSharedCorpora) {
  CLAUSE_REQUIRE_SHARED("tosdr/clauses.jsonl");
  CLAUSE_REQUIRE_SHARED("claudette/clauses.jsonl");
  for (const char* corpus : {"tosdr/clauses.jsonl", "claudette/clauses.jsonl"}) {
    testing::TempDir dir;
    const auto records = testing::read_jsonl((testing::shared_data_dir() / corpus).string());
    ASSERT_GT(records.size(), 1000u);
    testing::build_single(dir.file("db"), records);
    const Xapian::Database db(dir.file("db"));
    const auto s = snapshot_of(db);
    ASSERT_NE(s, nullptr);
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < records.size(); i += 40) ids.push_back(records[i].id);
    SCOPED_TRACE(corpus);
    expect_same_expansion(db, *s);
    expect_same_engines(db, *s, ids);
  }
}

TEST(SimilarSnapshotCache, BuildsInTheBackgroundAndFollowsTheRevision) {
  testing::TempDir dir;
  auto records = fixture();
  testing::write_index(dir.file("db"), records);
  SnapshotCache cache(dir.file("db"), 1000, {});
  Xapian::Database db(dir.file("db"));
  cache.get(db);  // none yet: the build starts
  ASSERT_TRUE(cache.wait_idle(60));
  const auto ready = cache.get(db);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(ready->key(), layout::revision_key(db));
  EXPECT_EQ(ready->doccount(), records.size());

  // A commit: the old snapshot is not used for the new revision, and the
  // next one is built from it.
  testing::write_index(dir.file("db"), {rec("h1", "Hotel", "Hotel may sell your personal data.")});
  db.reopen();
  EXPECT_EQ(cache.get(db), nullptr);
  ASSERT_TRUE(cache.wait_idle(60));
  const auto next = cache.get(db);
  ASSERT_NE(next, nullptr);
  EXPECT_EQ(next->doccount(), records.size() + 1);
  EXPECT_NE(next->key(), ready->key());
  EXPECT_EQ(next->reused(), records.size());
}

// Watching, the cache builds a commit's snapshot without waiting for a
// request to ask for that revision.
TEST(SimilarSnapshotCache, WatchingBuildsTheSnapshotOfACommitBeforeAnyRequest) {
  testing::TempDir dir;
  auto records = fixture();
  testing::write_index(dir.file("db"), records);
  SnapshotCache cache(dir.file("db"), 1000, {});
  cache.warm();
  ASSERT_TRUE(cache.wait_idle(60));
  const std::string first = cache.status().revision;
  ASSERT_FALSE(first.empty());
  cache.watch(0.05);
  testing::write_index(dir.file("db"), {rec("h1", "Hotel", "Hotel may sell your personal data.")});
  const Xapian::Database db(dir.file("db"));
  const std::string next = layout::revision_key(db);
  ASSERT_NE(next, first);
  for (int i = 0; i < 600 && cache.status().revision != next; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(cache.status().state, "ready");
  EXPECT_EQ(cache.status().revision, next);
  const auto ready = cache.get(db);
  ASSERT_NE(ready, nullptr);
  EXPECT_EQ(ready->reused(), records.size());
}

TEST(SimilarSnapshotCache, RefusesAnIndexAboveTheLimitAndCanBeOff) {
  testing::TempDir dir;
  testing::write_index(dir.file("db"), fixture());
  const Xapian::Database db(dir.file("db"));
  SnapshotCache small(dir.file("db"), 3, {});
  EXPECT_EQ(small.get(db), nullptr);
  ASSERT_TRUE(small.wait_idle(60));
  EXPECT_EQ(small.get(db), nullptr);  // refused, and not rebuilt for this revision
  EXPECT_TRUE(small.wait_idle(0.01));
  SnapshotCache off(dir.file("db"), 0, {});
  off.warm();
  EXPECT_EQ(off.get(db), nullptr);
  EXPECT_TRUE(off.wait_idle(0.01));
}

TEST(SimilarSnapshotCache, GivesNoneForSeveralShards) {
  testing::TempDir dir;
  testing::write_index(dir.file("one"), fixture());
  testing::write_index(dir.file("two"), {rec("h1", "Hotel", "Hotel may sell your personal data.")});
  Xapian::Database db(dir.file("one"));
  db.add_database(Xapian::Database(dir.file("two")));
  SnapshotCache cache(dir.file("one"), 1000, {});
  EXPECT_EQ(cache.get(db), nullptr);
  EXPECT_TRUE(cache.wait_idle(0.01));  // nothing was started
}

}  // namespace
}  // namespace clause

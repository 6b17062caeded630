// /similar led by clause types (docs/similarity.md "Types") on hand-made
// corpora whose truth is known: which platforms hold a clause of the
// query's type, so the count and the order can be checked exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>

#include "schema/clause_typing.h"
#include "schema/slug.h"
#include "schema/schema_version.h"
#include "similar/engine.h"
#include "test_support.h"
#include "tests/similar_support.h"

namespace clause {
namespace {

using testing::similar_record;

// Eight platforms. Five hold an arbitration clause (type given); three do
// not, but two of those have clauses sharing many of its words (a court
// clause, a dispute-notice clause), which the text method alone ranks high.
std::vector<ClauseRecord> arbitration_corpus() {
  const std::string arb = "Arbitration";
  return {
      similar_record("a1", "Alpha", "Any dispute arising from these terms shall be resolved by binding arbitration.", arb),
      similar_record("a2", "Alpha", "We may change these terms at any time."),
      similar_record("b1", "Bravo", "Claims are settled through individual arbitration, not in court.", arb),
      similar_record("c1", "Charlie", "You and we agree to arbitrate all claims before a single arbitrator.", arb),
      similar_record("d1", "Delta", "Binding arbitration administered by an arbitration body decides disputes.", arb),
      similar_record("e1", "Echo", "Disputes go to arbitration; you waive any class action.", arb),
      similar_record("f1", "Foxtrot", "Any dispute arising from these terms shall be resolved by the courts of our city."),
      similar_record("g1", "Golf", "Any dispute arising from these terms must first be notified to us in writing."),
      similar_record("h1", "Hotel", "We collect your email address to send newsletters."),
  };
}

std::vector<std::string> platforms_of(const SimilarResult& r) {
  std::vector<std::string> out;
  for (const auto& h : r.results) out.push_back(h.platform);
  return out;
}

// The same query ("c1", 10 results) answered from a snapshot of db (the
// server's path) with `options`: the same ids and scores as `expected`.
// The snapshot's answer, for more checks; nothing after a failure.
std::optional<SimilarResult> expect_snapshot_answers_alike(const Xapian::Database& db, const SimilarityOptions& options,
                                                           const SimilarResult& expected) {
  const std::atomic<bool> cancel{false};
  const auto snapshot = similar::Snapshot::build(db, layout::revision_key(db), similar::bm25_params(options), cancel);
  EXPECT_NE(snapshot, nullptr);
  if (!snapshot) return std::nullopt;
  auto from_snapshot = SimilarityEngine(db, options, nullptr, snapshot.get()).similar_to_id("c1", 10, false);
  EXPECT_TRUE(from_snapshot.ok());
  if (!from_snapshot.ok()) return std::nullopt;
  EXPECT_EQ(from_snapshot->results.size(), expected.results.size());
  if (from_snapshot->results.size() != expected.results.size()) return std::nullopt;
  for (std::size_t i = 0; i < expected.results.size(); ++i) {
    EXPECT_EQ(from_snapshot->results[i].id, expected.results[i].id);
    EXPECT_EQ(from_snapshot->results[i].score, expected.results[i].score);
  }
  return *from_snapshot;
}

TEST(SimilarTypes, GivenTypeLeadsAndCountsThePlatformsHoldingIt) {
  testing::TempDir dir;
  testing::write_index(dir.file("db"), arbitration_corpus());
  const Xapian::Database db(dir.file("db"));
  auto r = SimilarityEngine(db).similar_to_id("a1", 10, false);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->type_led);
  EXPECT_EQ(r->type, "arbitration");
  EXPECT_EQ(r->type_source, "given");
  EXPECT_FALSE(r->type_confidence.has_value());
  // 4 of the 7 other platforms hold an arbitration clause.
  EXPECT_EQ(r->platforms_with_similar, 4u);
  EXPECT_EQ(r->platforms_total, 7u);  // "4 of 7": other platforms only
  ASSERT_GE(r->results.size(), 4u);
  const auto order = platforms_of(*r);
  EXPECT_EQ(std::set<std::string>(order.begin(), order.begin() + 4),
            (std::set<std::string>{"bravo", "charlie", "delta", "echo"}));
  for (std::size_t i = 0; i < r->results.size(); ++i) EXPECT_EQ(r->results[i].same_type, i < 4) << i;
  // The rest follow, by text: Foxtrot's and Golf's near-copies of the words.
  EXPECT_TRUE(std::count(order.begin() + 4, order.end(), "foxtrot") == 1);

  // Today's method, for contrast: the text alone puts Foxtrot's court clause
  // (nearly the same words) first and counts by the bar.
  SimilarityOptions text_only;
  text_only.use_types = false;
  auto t = SimilarityEngine(db, text_only).similar_to_id("a1", 10, false);
  ASSERT_TRUE(t.ok());
  EXPECT_FALSE(t->type_led);
  ASSERT_FALSE(t->results.empty());
  EXPECT_EQ(t->results.front().platform, "foxtrot");
}

TEST(SimilarTypes, AClauseOfATypeNoOtherPlatformHoldsIsUnique) {
  testing::TempDir dir;
  auto corpus = arbitration_corpus();
  corpus.push_back(similar_record("h2", "Hotel", "Newsletters are sent weekly.", "Newsletter"));
  testing::write_index(dir.file("db"), corpus);
  const Xapian::Database db(dir.file("db"));
  auto r = SimilarityEngine(db).similar_to_id("h2", 10, false);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->type_led);
  EXPECT_EQ(r->platforms_with_similar, 0u);  // "Unique · 0 of 8"
}

// A predicted type leads only with at least type_min_confidence; below it
// the answer names the type and how sure, and falls back to the text method.
TEST(SimilarTypes, PredictedTypeLeadsOnlyWhenConfident) {
  auto corpus = arbitration_corpus();
  for (auto& r : corpus) {
    if (r.id == "a1" || r.id == "c1") {
      r.type_source = "predicted";
      r.type_confidence = r.id == "a1" ? 0.9 : 0.4;
      r.type_band = r.id == "a1" ? "high" : "low";
    }
  }
  testing::TempDir dir;
  testing::write_index(dir.file("db"), corpus);
  const Xapian::Database db(dir.file("db"));
  auto sure = SimilarityEngine(db).similar_to_id("a1", 10, false);
  ASSERT_TRUE(sure.ok());
  EXPECT_TRUE(sure->type_led);
  EXPECT_EQ(sure->type_source, "predicted");
  EXPECT_DOUBLE_EQ(sure->type_confidence.value_or(0), 0.9);
  EXPECT_EQ(sure->platforms_with_similar, 4u);

  // The first round's fallback (no agreement, the bar's count) is today's answer.
  SimilarityOptions first_round;
  first_round.type_count = SimilarityOptions::TypeCount::led;
  first_round.type_agreement = 0;
  first_round.type_candidates = 0;
  auto unsure = SimilarityEngine(db, first_round).similar_to_id("c1", 10, false);
  ASSERT_TRUE(unsure.ok());
  EXPECT_FALSE(unsure->type_led);
  EXPECT_EQ(unsure->type, "arbitration");
  EXPECT_DOUBLE_EQ(unsure->type_confidence.value_or(0), 0.4);
  EXPECT_EQ(unsure->count_method, "bar");
  for (const auto& h : unsure->results) EXPECT_FALSE(h.same_type);
  SimilarityOptions text_only;
  text_only.use_types = false;
  auto text = SimilarityEngine(db, text_only).similar_to_id("c1", 10, false);
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(platforms_of(*unsure), platforms_of(*text));
  EXPECT_EQ(unsure->platforms_with_similar, text->platforms_with_similar);
}

// Not confident, the count is the expected number of platforms: without the
// models, the stored type at its confidence (0.4) holds 4 other platforms,
// and the share left (0.6) goes by the bar's count.
TEST(SimilarTypes, AnUnsureTypeCountsTheExpectedNumberOfPlatforms) {
  auto corpus = arbitration_corpus();
  for (auto& r : corpus) {
    if (r.id == "c1") r.type_source = "predicted", r.type_confidence = 0.4, r.type_band = "low";
  }
  testing::TempDir dir;
  testing::write_index(dir.file("db"), corpus);
  const Xapian::Database db(dir.file("db"));
  auto r = SimilarityEngine(db).similar_to_id("c1", 10, false);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->type_led);
  EXPECT_EQ(r->count_method, "expected");
  ASSERT_EQ(r->type_estimate.size(), 1u);
  EXPECT_EQ(r->type_estimate[0].type, "arbitration");
  EXPECT_DOUBLE_EQ(r->type_estimate[0].share, 0.4);
  EXPECT_EQ(r->type_estimate[0].platforms, 4u);  // Alpha, Bravo, Delta, Echo: not Charlie's own
  ASSERT_TRUE(r->bar_count.has_value());
  EXPECT_LE(*r->bar_count, 7u);
  EXPECT_EQ(r->platforms_with_similar, static_cast<std::size_t>(std::llround(0.4 * 4 + 0.6 * double(*r->bar_count))));

  // A platform count of 0 for the type is the expected count of the bar's part alone.
  SimilarityOptions led_count;
  led_count.type_count = SimilarityOptions::TypeCount::led;
  auto bar = SimilarityEngine(db, led_count).similar_to_id("c1", 10, false);
  ASSERT_TRUE(bar.ok());
  EXPECT_EQ(bar->count_method, "bar");
  EXPECT_TRUE(bar->type_estimate.empty());
  EXPECT_EQ(bar->platforms_with_similar, *r->bar_count);  // the same ranking, counted by the bar
}

// The soft agreement lifts a candidate by type_agreement x the query's share
// of its type x its own confidence: a given arbitration clause (confidence
// 1) gains 0.5 x 0.4 = 0.2 for a query predicted arbitration at 0.4; the
// others gain nothing. (Feedback, centroid and topics off: they would move
// scores by the ranking itself.)
// The arbitration corpus with c1, the query of the next tests, predicted
// arbitration at 0.4 only: no confident type.
void write_unsure_query_index(const std::string& path) {
  auto corpus = arbitration_corpus();
  for (auto& r : corpus) {
    if (r.id == "c1") r.type_source = "predicted", r.type_confidence = 0.4, r.type_band = "low";
  }
  testing::write_index(path, corpus);
}

// Feedback, centroid and topics off (they move scores by the ranking
// itself); the text's candidates alone.
SimilarityOptions text_alone() {
  SimilarityOptions o;
  o.feedback_docs = 0;
  o.centroid_mix = 0;
  o.topic_bonus = o.topic_penalty = 0;
  o.type_candidates = 0;
  return o;
}

TEST(SimilarTypes, AnUnsureTypeLiftsTheCandidatesOfItsTypeByItsShare) {
  testing::TempDir dir;
  write_unsure_query_index(dir.file("db"));
  const Xapian::Database db(dir.file("db"));
  SimilarityOptions plain = text_alone();
  plain.type_agreement = 0;
  SimilarityOptions agreeing = plain;
  agreeing.type_agreement = 0.5;
  auto before = SimilarityEngine(db, plain).similar_to_id("c1", 10, false);
  auto after = SimilarityEngine(db, agreeing).similar_to_id("c1", 10, false);
  ASSERT_TRUE(before.ok() && after.ok());
  ASSERT_EQ(before->results.size(), after->results.size());
  std::map<std::string, double> score;
  for (const auto& h : before->results) score[h.platform] = h.score;
  // The re-rank sees only what the text finds: Alpha's arbitration clause
  // shares no word with the query, so its other clause stays its best.
  const std::set<std::string> arbitration{"b1", "d1", "e1"};
  std::size_t lifted = 0;
  for (const auto& h : after->results) {
    const double lift = arbitration.count(h.id) ? 0.2 : 0.0;
    lifted += lift > 0;
    EXPECT_NEAR(h.score, std::min(1.0, score.at(h.platform) + lift), 1e-9) << h.id;
  }
  EXPECT_EQ(lifted, 3u);
  // So the arbitration clauses come first.
  for (std::size_t i = 0; i < after->results.size(); ++i) {
    EXPECT_EQ(arbitration.count(after->results[i].id) == 1, i < 3) << i;
  }
  // The snapshot (the server's path) reads the same types and confidences.
  expect_snapshot_answers_alike(db, agreeing, *after);
}

// The clauses of the query's most probable type join the candidates
// (type_candidates): Alpha's arbitration clause, which shares no word with
// the query, is re-scored too, lifted by the agreement, and becomes Alpha's
// best; without them the text leaves it out. Same answers on the snapshot.
TEST(SimilarTypes, AnUnsureTypeBringsItsClausesThatShareNoWord) {
  testing::TempDir dir;
  write_unsure_query_index(dir.file("db"));
  const Xapian::Database db(dir.file("db"));
  const SimilarityOptions text_candidates = text_alone();
  SimilarityOptions typed_candidates = text_candidates;
  typed_candidates.type_candidates = 1;
  auto before = SimilarityEngine(db, text_candidates).similar_to_id("c1", 10, false);
  auto after = SimilarityEngine(db, typed_candidates).similar_to_id("c1", 10, false);
  ASSERT_TRUE(before.ok() && after.ok());
  std::map<std::string, std::string> best_of;  // platform -> clause id
  for (const auto& h : before->results) best_of[h.platform] = h.id;
  EXPECT_EQ(best_of["alpha"], "a2");
  for (const auto& h : after->results) best_of[h.platform] = h.id;
  EXPECT_EQ(best_of["alpha"], "a1");
  // The four other arbitration clauses first, none of them led (an unsure type).
  EXPECT_FALSE(after->type_led);
  ASSERT_GE(after->results.size(), 4u);
  std::set<std::string> first;
  for (std::size_t i = 0; i < 4; ++i) {
    first.insert(after->results[i].id);
    EXPECT_FALSE(after->results[i].same_type) << i;
  }
  EXPECT_EQ(first, (std::set<std::string>{"a1", "b1", "d1", "e1"}));
  // Only the clause of the type was added: the other platforms keep theirs, and their scores.
  std::map<std::string, double> score;
  for (const auto& h : before->results) score[h.id] = h.score;
  for (const auto& h : after->results) {
    if (h.id != "a1") {
      EXPECT_DOUBLE_EQ(h.score, score.at(h.id)) << h.id;
    }
  }
  const auto from_snapshot = expect_snapshot_answers_alike(db, typed_candidates, *after);
  ASSERT_TRUE(from_snapshot.has_value());
  EXPECT_EQ(from_snapshot->platforms_with_similar, after->platforms_with_similar);
}

// A model that knows "none" (the shipped CLAUDETTE model) gives a sentence
// a share of "none of these", which the answer states. By default that
// share is counted by the bar, as the rest of the distribution's: a clause
// of none of the types is not given a type's platforms. With
// type_count_given_type it is left out and the rest scaled to 1.
TEST(SimilarTypes, TheNoneShareIsCountedByTheBarUnlessTheCountIsGivenAType) {
  auto models = default_type_models();
  ASSERT_TRUE(models.ok());
  if (models->empty()) GTEST_SKIP() << "built without shipped type models";
  testing::TempDir dir;
  testing::write_index(dir.file("db"), arbitration_corpus());
  const Xapian::Database db(dir.file("db"));
  SimilarityOptions given_a_type;
  given_a_type.type_count_given_type = true;
  std::size_t with_none = 0;
  for (const std::string text : {"We may update this page from time to time.", "Thank you for reading our terms.",
                                 "The app is available in several countries.", "Please read these terms carefully.",
                                 "Any dispute may be brought before the courts of your city."}) {
    auto r = SimilarityEngine(db, given_a_type, nullptr, nullptr, &*models).similar_to_text(text, 10, "Alpha");
    auto old = SimilarityEngine(db, {}, nullptr, nullptr, &*models).similar_to_text(text, 10, "Alpha");
    ASSERT_TRUE(r.ok() && old.ok()) << text;
    if (r->count_method != "expected") continue;
    ASSERT_TRUE(r->type_none_share.has_value() && r->bar_count.has_value()) << text;
    const double none = *r->type_none_share;
    double expected = 0, rest = 1;
    for (const auto& e : r->type_estimate) expected += e.share * double(e.platforms), rest -= e.share;
    const double bar = double(*r->bar_count);
    if (none > 0) {
      ++with_none;
      EXPECT_EQ(r->platforms_with_similar, std::size_t(std::llround((expected + std::max(0.0, rest - none) * bar) /
                                                                    (1 - none)))) << text;
    } else {
      EXPECT_EQ(r->platforms_with_similar, std::size_t(std::llround(expected + std::max(0.0, rest) * bar))) << text;
    }
    ASSERT_EQ(old->count_method, "expected");
    ASSERT_TRUE(old->bar_count.has_value());
    double old_expected = 0, old_rest = 1;
    for (const auto& e : old->type_estimate) old_expected += e.share * double(e.platforms), old_rest -= e.share;
    EXPECT_EQ(old->platforms_with_similar,
              std::size_t(std::llround(old_expected + std::max(0.0, old_rest) * double(*old->bar_count))))
        << text;
  }
  EXPECT_GE(with_none, 1u);  // the sentences above include one the CLAUDETTE model calls "none"
}

// A sentence the shipped models type with a confident (leading) type.
constexpr const char* kArbitrationText = "Any dispute shall be resolved by binding individual arbitration, not in court.";

// `text` typed by `models` as the indexer types a record; its clause_type
// is empty (and a failure reported) unless the type would lead.
ClauseRecord typed_confidently(const std::string& text, const std::vector<TypeModel>& models) {
  ClauseRecord probe;
  probe.text = text;
  const bool typed = assign_clause_type(probe, models);
  EXPECT_TRUE(typed && probe.type_confidence.value_or(0) >= SimilarityOptions{}.type_min_confidence) << text;
  if (!typed || probe.type_confidence.value_or(0) < SimilarityOptions{}.type_min_confidence) probe.clause_type.clear();
  return probe;
}

// Free text is typed by the models passed in, as the indexer types a record;
// the shipped models are used, and the corpus is labelled with the type
// they predict, so the truth is known whatever that type is.
TEST(SimilarTypes, FreeTextIsTypedByTheModels) {
  auto models = default_type_models();
  ASSERT_TRUE(models.ok());
  if (models->empty()) GTEST_SKIP() << "built without shipped type models";
  const std::string text = kArbitrationText;
  const ClauseRecord probe = typed_confidently(text, *models);
  ASSERT_FALSE(probe.clause_type.empty());
  auto corpus = arbitration_corpus();
  for (auto& r : corpus) {
    if (r.clause_type == "Arbitration") r.clause_type = probe.clause_type;
  }
  testing::TempDir dir;
  testing::write_index(dir.file("db"), corpus);
  const Xapian::Database db(dir.file("db"));
  auto r = SimilarityEngine(db, {}, nullptr, nullptr, &*models).similar_to_text(text, 10, "Alpha");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->type_led);
  EXPECT_EQ(r->type, slugify(probe.clause_type));
  EXPECT_EQ(r->type_source, "predicted");
  EXPECT_DOUBLE_EQ(r->type_confidence.value_or(0), *probe.type_confidence);
  EXPECT_EQ(r->platforms_with_similar, 4u);
  ASSERT_GE(r->results.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_TRUE(r->results[i].same_type) << i;

  // The type's share is the calibrated confidence; the next types share the
  // rest, best first.
  const auto shares = type_shares(text, *models, 5);
  ASSERT_FALSE(shares.empty());
  EXPECT_EQ(shares.front().type, probe.clause_type);
  EXPECT_DOUBLE_EQ(shares.front().share, *probe.type_confidence);
  double total = 0;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    total += shares[i].share;
    if (i > 0) {
      EXPECT_LE(shares[i].share, shares[i - 1].share) << i;
    }
  }
  EXPECT_LE(total, 1.0 + 1e-9);

  // Without models, free text has no type and the text method answers.
  auto plain = SimilarityEngine(db).similar_to_text(text, 10, "Alpha");
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(plain->type_led);
  EXPECT_TRUE(plain->type.empty());
}

// An index whose clauses brought types of their own taxonomy ("Arbitration"
// here; the demo corpus's) holds none of the models' types: free text the
// models type confidently must not lead with a type no clause has, which
// would say "0 of M" of a clause most platforms hold. The text method
// answers and counts, the type still shown with its confidence.
TEST(SimilarTypes, AModelTypeNoClauseOfTheIndexHasDoesNotLeadNorCount) {
  auto models = default_type_models();
  ASSERT_TRUE(models.ok());
  if (models->empty()) GTEST_SKIP() << "built without shipped type models";
  const std::string text = kArbitrationText;
  const ClauseRecord probe = typed_confidently(text, *models);
  ASSERT_FALSE(probe.clause_type.empty());
  ASSERT_NE(slugify(probe.clause_type), "arbitration");
  testing::TempDir dir;
  testing::write_index(dir.file("db"), arbitration_corpus());
  const Xapian::Database db(dir.file("db"));
  auto r = SimilarityEngine(db, {}, nullptr, nullptr, &*models).similar_to_text(text, 10, "Alpha");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->type_led);
  EXPECT_EQ(r->type, slugify(probe.clause_type));
  EXPECT_DOUBLE_EQ(r->type_confidence.value_or(0), *probe.type_confidence);
  EXPECT_EQ(r->count_method, "expected");
  EXPECT_TRUE(r->type_estimate.empty());
  ASSERT_TRUE(r->bar_count.has_value());
  EXPECT_EQ(r->platforms_with_similar, *r->bar_count);
  EXPECT_GE(r->platforms_with_similar, 2u);  // the other arbitration clauses pass the bar
  ASSERT_FALSE(r->results.empty());
  const std::set<std::string> arbitration{"bravo", "charlie", "delta", "echo"};
  EXPECT_TRUE(arbitration.count(r->results.front().platform)) << r->results.front().platform;
}

}  // namespace
}  // namespace clause

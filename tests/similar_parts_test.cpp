// The similarity engine's parts: term selection, own-name words, shingles,
// negation, centroid agreement, topic agreement and sibling contrast
// (similar/terms.h, similar/rerank.h, similar/topics.h,
// similar/siblings.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "similar/idf.h"
#include "similar/rerank.h"
#include "similar/siblings.h"
#include "similar/terms.h"
#include "similar/topics.h"

namespace clause::similar {
namespace {

bool holds(const std::vector<QueryTerm>& terms, const std::string& term) {
  return std::any_of(terms.begin(), terms.end(), [&](const QueryTerm& t) { return t.term == term; });
}

TEST(SimilarParts, KeepsTheMostDiscriminativeTermsInOrder) {
  std::vector<QueryTerm> terms = {{"Zthe", 3, 900}, {"Zarbitr", 1, 5}, {"Zyou", 2, 800}, {"Zwaiv", 2, 20}};
  keep_most_discriminative(terms, 2, 1000);
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].term, "Zarbitr");
  EXPECT_EQ(terms[1].term, "Zwaiv");
  std::vector<QueryTerm> few = {{"Zthe", 1, 900}};
  keep_most_discriminative(few, 2, 1000);
  EXPECT_EQ(few.size(), 1u);
  keep_most_discriminative(terms, 0, 1000);  // 0 keeps all
  EXPECT_EQ(terms.size(), 2u);
}

TEST(SimilarParts, OwnNameWordsMatchStemsAndDottedForms) {
  const auto words = name_words("Acme Clouds", "acme-clouds");
  const auto text = terms_of_text(nullptr, "Acme clouds at acme.com share data").terms;
  ASSERT_TRUE(holds(text, "Zcloud"));
  for (const auto& t : text) {
    const bool name = t.term.find("acm") != std::string::npos || t.term.find("cloud") != std::string::npos;
    EXPECT_EQ(names_any(t.term, words), name) << t.term;
  }
  EXPECT_TRUE(names_any("Zacme.com", words));
  EXPECT_TRUE(names_any("acme.com", words));
  EXPECT_FALSE(names_any("Zexample.com", words));
}

TEST(SimilarParts, NegationIsFoundInWordsAndContractions) {
  EXPECT_TRUE(has_negation(terms_of_text(nullptr, "We never sell your data").words));
  EXPECT_TRUE(has_negation(terms_of_text(nullptr, "We don't sell your data").words));
  EXPECT_FALSE(has_negation(terms_of_text(nullptr, "We sell your data to advertisers").words));
}

TEST(SimilarParts, ShinglesRewardSharedWordPairs) {
  const ShingleScorer scorer(terms_of_text(nullptr, "You waive any class action against us").words);
  const auto same_pairs = scorer.score(R"({"text": "Users waive the right to a class action."})");
  const auto same_words = scorer.score(R"({"text": "An action of a class: we waive nothing."})");
  EXPECT_GT(same_pairs.dice, same_words.dice);
  EXPECT_FALSE(same_pairs.negation_differs);
  EXPECT_TRUE(same_words.negation_differs);
  const auto all = scorer.score(R"({"text": "You waive any class action against us"})");
  EXPECT_DOUBLE_EQ(all.dice, 1.0);
  EXPECT_EQ(scorer.score("not json").dice, 0.0);
}

TEST(SimilarParts, IdfCacheFollowsTheIndexState) {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  Xapian::Document doc;
  doc.add_term("Zdata");
  db.add_document(doc);
  db.add_document(Xapian::Document());
  IdfCache cache;
  cache.bind(db);
  EXPECT_DOUBLE_EQ(cache.idf(db, "Zdata"), std::log(3.0 / 1.0));
  EXPECT_DOUBLE_EQ(cache.idf(db, "Zabsent"), 0.0);
  db.add_document(doc);  // a new state: df 2 of 3
  cache.bind(db);
  EXPECT_DOUBLE_EQ(cache.idf(db, "Zdata"), std::log(4.0 / 2.0));
}

TEST(SimilarParts, CentroidAgreementFavoursTheConsensusAndLeavesItselfOut) {
  // Terms by id: 1 "arbitration", 2 "waive", 3 "cookie".
  const TermVector a = {{1, 1.0}};
  const TermVector b = {{1, std::sqrt(0.5)}, {2, std::sqrt(0.5)}};
  const TermVector c = {{3, 1.0}};
  const TermVector empty;
  // Ranked a, b, c, empty; the centroid of the best two.
  const auto agree = centroid_agreement({&a, &b, &c, &empty}, 2);
  ASSERT_EQ(agree.size(), 4u);
  EXPECT_NEAR(agree[0], std::sqrt(0.5), 1e-12);  // a against b alone
  EXPECT_NEAR(agree[1], std::sqrt(0.5), 1e-12);  // b against a alone
  EXPECT_EQ(agree[2], 0.0);                      // nothing in common
  EXPECT_EQ(agree[3], 0.0);
  const TermVector a2 = {{1, 1.0}};
  const auto outside = centroid_agreement({&a, &b, &a2}, 2);
  EXPECT_GT(outside[2], outside[1]);  // a2 is like the consensus of a and b
  EXPECT_EQ(centroid_agreement({&a}, 3), std::vector<double>{0.0});
}

TEST(SimilarParts, TopicsAgreeOnASharedCategoryAndDisagreeOnDisjointOnes) {
  const TopicScorer scorer("Any dispute shall be settled by binding arbitration, and you waive any class action.");
  ASSERT_TRUE(scorer.query_has_topics());
  EXPECT_EQ(scorer.agreement("Disputes go to arbitration in London."), 1);
  EXPECT_EQ(scorer.agreement("We use cookies and similar tracking technologies to track your activity."), -1);
  EXPECT_EQ(scorer.agreement("Hello."), 0);
  EXPECT_FALSE(TopicScorer("Hello there.").query_has_topics());
  EXPECT_EQ(TopicScorer("Hello there.").agreement("Disputes go to arbitration."), 0);
}

TEST(SimilarParts, SiblingContrastIsTheQueryCosineLessTheNearestSiblings) {
  // Terms by id: 1 "cancel", 2 "suspend", 3 "breach", 4 "cookie", 6 "fee".
  // The platform's clauses: two siblings, the query clause itself, and a
  // near copy of it (cosine 0.9 with it), which is no sibling either.
  const TermVector query = {{1, 1.0}};
  const TermVector copy = {{1, 0.9}, {6, std::sqrt(1 - 0.81)}};
  const std::vector<TermVector> clauses = {{{2, std::sqrt(0.5)}, {3, std::sqrt(0.5)}}, {{4, 1.0}}, query, copy};
  const SiblingContrast contrast(query, clauses);
  EXPECT_EQ(contrast.siblings(), 2u);
  EXPECT_NEAR(contrast.score({{1, 1.0}}), 1.0, 1e-6);              // the query's point, no sibling's
  EXPECT_NEAR(contrast.score({{2, 1.0}}), -std::sqrt(0.5), 1e-6);  // a sibling's point
  EXPECT_NEAR(contrast.score({{2, 0.8}, {1, 0.6}}), 0.6 - 0.8 * std::sqrt(0.5), 1e-6);  // any key order
  EXPECT_NEAR(contrast.score({{5, 1.0}}), 0.0, 1e-6);              // nothing shared
  EXPECT_NEAR(contrast.score({{6, 1.0}}), 0.0, 1e-6);              // like the copy only: no penalty
  // A clause just below the bar is a sibling.
  const TermVector near = {{1, 0.7}, {6, std::sqrt(1 - 0.49)}};
  EXPECT_EQ(SiblingContrast(query, {query, near}).siblings(), 1u);
  // Without siblings, the cosine with the query alone.
  EXPECT_NEAR(SiblingContrast(query, {query}).score({{1, 0.6}, {2, 0.8}}), 0.6, 1e-6);
}

}  // namespace
}  // namespace clause::similar

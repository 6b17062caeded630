// The similarity engine's parts: term selection, own-name words, shingles
// and negation (server/similar_terms.h, server/similar_rerank.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "server/similar_idf.h"
#include "server/similar_rerank.h"
#include "server/similar_terms.h"

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

}  // namespace
}  // namespace clause::similar

// Word pairs (schema/pair_words.h, search/phrase_pairs.h): the pair terms a
// document gets, which indexes get them, and phrases matched through them
// against the same phrases matched by positions: the same documents with
// the same weights.
#include "search/phrase_pairs.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "indexer/document_builder.h"
#include "indexer/index_writer.h"
#include "schema/index_layout.h"
#include "schema/pair_words.h"
#include "schema/type_features.h"
#include "search/query_text.h"
#include "search/search_service.h"
#include "server/search_params.h"
#include "tests/fixture_index.h"

namespace clause {
namespace {

using testing::TempDir;

bool has_term(const Xapian::Document& doc, const std::string& term) {
  auto it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

std::size_t pair_terms(const Xapian::Database& db) {
  std::size_t n = 0;
  const std::string prefix(layout::kPairPrefix);
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) ++n;
  return n;
}

// The pair terms of a document found by reading its terms and positions
// back (how the indexer found them before it kept each pass's stems): the
// reference the builder's pairs are compared with.
void add_pair_terms_by_positions(const PairWords& words, Xapian::Document& doc) {
  std::vector<std::pair<Xapian::termpos, std::string>> listed;  // (position, stem), listed stems only
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    const std::string name = *term;
    const std::string_view stem = text_stem(name);
    if (stem.empty() || !words.contains(stem)) continue;
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
      listed.emplace_back(*pos, std::string(stem));
    }
  }
  std::sort(listed.begin(), listed.end());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    for (std::size_t j = i + 1; j < listed.size() && listed[j].first <= listed[i].first + 1; ++j) {
      if (listed[j].first == listed[i].first + 1) doc.add_boolean_term(layout::pair_term(listed[i].second, listed[j].second));
    }
  }
}

ClauseRecord record(const std::string& id, const std::string& title, const std::string& text) {
  return testing::acme_record(id, title, text);
}

TEST(PairWords, ParsesOneStemALineWithComments) {
  const auto words = PairWords::parse("# header\nthird\n\nparti  # a comment\n");
  EXPECT_TRUE(words.contains("third"));
  EXPECT_TRUE(words.contains("parti"));
  EXPECT_FALSE(words.contains("header"));
  EXPECT_EQ(words.to_metadata(), "parti\nthird\n");
}

TEST(PairWords, TheShippedListHoldsCommonWordsOfTerms) {
  const auto words = PairWords::parse(default_pair_words_text());
  for (const char* stem : {"third", "parti", "person", "data", "the", "of", "ani", "time"}) {
    EXPECT_TRUE(words.contains(stem)) << stem;
  }
  EXPECT_FALSE(words.contains("arbitr_not_a_stem"));
}

TEST(PairWords, ADocumentGetsThePairsOfAdjacentListedStemsOnly) {
  const auto words = PairWords::parse("third\nparti\nyour\ndata\n");
  DocumentBuilder builder;
  builder.use_pair_words(words);
  const auto doc = builder.build(record("a-1", "Your data", "We share data with third parties. Third, your account."),
                                 "hash", "{}");
  EXPECT_TRUE(has_term(doc, layout::pair_term("third", "parti")));
  EXPECT_TRUE(has_term(doc, layout::pair_term("your", "data")));   // the title's
  EXPECT_FALSE(has_term(doc, layout::pair_term("data", "third")));  // "with" between
  EXPECT_FALSE(has_term(doc, layout::pair_term("data", "share")));  // "share" is not listed
  // The title's last word and the text's first are not a phrase.
  const auto across = builder.build(record("a-2", "Third", "parties may see it."), "hash", "{}");
  EXPECT_FALSE(has_term(across, layout::pair_term("third", "parti")));
  // Pair terms add nothing to the document's length: weights stay as they were.
  DocumentBuilder plain;
  const auto without = plain.build(record("a-1", "Your data", "We share data with third parties. Third, your account."),
                                   "hash", "{}");
  Xapian::termcount with_wdf = 0, without_wdf = 0;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) with_wdf += it.get_wdf();
  for (auto it = without.termlist_begin(); it != without.termlist_end(); ++it) without_wdf += it.get_wdf();
  EXPECT_EQ(with_wdf, without_wdf);
}

// The builder takes each free-text pass's stems for the pairs (issue 21):
// the same pair terms as reading the document's positions back
// (add_pair_terms_by_positions), with a title or not, from typing's stems or not, in
// English or French.
TEST(PairWords, TheBuildersPairsAreThoseOfItsPositions) {
  const auto words = PairWords::parse(default_pair_words_text());
  DocumentBuilder builder;
  builder.use_pair_words(words);
  std::vector<ClauseRecord> records = {
      record("b-1", "Your data and the third party", "We share the data of your account with any third party at any time."),
      record("b-2", "", "The terms of the service: you may not use the service, and we may end it at any time."),
      record("b-3", "Personal data", "Personal data -- personal data; your personal data, of the users, is the data of you."),
  };
  records.push_back(testing::acme_record("b-4", "Données", "Nous pouvons partager vos données avec des tiers.", "fr"));
  const std::string pair_prefix(layout::kPairPrefix);
  std::size_t pairs_seen = 0;
  for (const bool typed : {false, true}) {
    for (ClauseRecord r : records) {
      if (typed) type_feature_hashes(r.text, {}, &r.text_stems.stems);
      const Xapian::Document built = builder.build(r, "hash", "{}");
      Xapian::Document reread;
      std::vector<std::string> built_pairs, reread_pairs;
      for (auto t = built.termlist_begin(); t != built.termlist_end(); ++t) {
        if ((*t).rfind(pair_prefix, 0) == 0) {
          built_pairs.push_back(*t);
          continue;
        }
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) reread.add_posting(*t, *p, 0);
        reread.add_term(*t, 0);
      }
      add_pair_terms_by_positions(words, reread);
      for (auto t = reread.termlist_begin(); t != reread.termlist_end(); ++t) {
        if ((*t).rfind(pair_prefix, 0) == 0) reread_pairs.push_back(*t);
      }
      EXPECT_EQ(built_pairs, reread_pairs) << r.id << (typed ? " typed" : "");
      pairs_seen += built_pairs.size();
    }
  }
  EXPECT_GT(pairs_seen, 10u);
}

TEST(PairWords, OnlyAnIndexCreatedWithTheListGetsPairs) {
  TempDir dir;
  const auto records = testing::fixture_records();
  const std::string with = testing::build_index(dir, records, "with");
  EXPECT_FALSE(Xapian::Database(with).get_metadata(std::string(layout::kPairWordsKey)).empty());
  EXPECT_GT(pair_terms(Xapian::Database(with)), 0u);

  // An index written without pairs (as before them) stays without, even
  // when a later writer adds to it.
  const std::string without = dir.file("without");
  {
    WriterOptions options;
    options.pair_words = false;
    auto writer = IndexWriter::open(without, options);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    (*writer)->upsert(records[0]);
    (*writer)->commit();
  }
  testing::add_to_index(without, records);
  const Xapian::Database old(without);
  EXPECT_TRUE(old.get_metadata(std::string(layout::kPairWordsKey)).empty());
  EXPECT_EQ(pair_terms(old), 0u);
}

// (docid, weight) of every match, in Xapian's order.
std::vector<std::pair<Xapian::docid, double>> matches(const Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::vector<std::pair<Xapian::docid, double>> out;
  const auto mset = enquire.get_mset(0, db.get_doccount(), db.get_doccount());
  for (auto it = mset.begin(); it != mset.end(); ++it) out.emplace_back(*it, it.get_weight());
  return out;
}

class PhrasePairs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    path_ = new std::string(testing::build_index(*dir_, testing::demo_records()));
  }
  static void TearDownTestSuite() {
    delete path_;
    delete dir_;
  }
  static Xapian::Query parsed(const Xapian::Database& db, const std::string& q) {
    std::optional<std::string> corrected;
    auto query = search::parse_text(db, q, "en", corrected);
    EXPECT_TRUE(query.ok());
    return query.ok() ? *query : Xapian::Query();
  }
  static TempDir* dir_;
  static std::string* path_;
};
TempDir* PhrasePairs::dir_ = nullptr;
std::string* PhrasePairs::path_ = nullptr;

TEST_F(PhrasePairs, PhrasesMatchTheSameDocumentsWithTheSameWeights) {
  const Xapian::Database db(*path_);
  int rewritten = 0;
  for (const char* q : {"\"third parties\"", "\"personal data\"", "\"the laws of\"", "\"at any time\"",
                        "\"as is\"", "\"of the\"", "\"the the\"", "third-party cookies", "\"sole discretion\" notice",
                        "\"your data\" OR \"our services\"", "\"personal data\" -\"third parties\"",
                        "title:\"third parties\"", "\"arbitration clause\""}) {
    const Xapian::Query by_positions = parsed(db, q);
    const Xapian::Query by_pairs = search::with_pair_terms(db, by_positions);
    if (by_pairs.get_description() != by_positions.get_description()) ++rewritten;
    const auto expected = matches(db, by_positions);
    EXPECT_EQ(matches(db, by_pairs), expected) << q;
    const bool may_be_empty = std::string(q) == "\"the the\"" || std::string(q) == "\"arbitration clause\"";
    EXPECT_TRUE(may_be_empty || !expected.empty()) << q << " matches nothing: the comparison proves little";
  }
  EXPECT_GE(rewritten, 9);
}

TEST_F(PhrasePairs, ATwoWordPhraseOfListedWordsNeedsNoPositions) {
  const Xapian::Database db(*path_);
  const auto description = search::with_pair_terms(db, parsed(db, "\"third parties\"")).get_description();
  EXPECT_EQ(description.find("PHRASE"), std::string::npos) << description;
  EXPECT_NE(description.find(layout::pair_term("third", "parti")), std::string::npos) << description;
  // A longer phrase keeps its position check, behind the pairs' filter.
  const auto longer = search::with_pair_terms(db, parsed(db, "\"terms of service\"")).get_description();
  EXPECT_NE(longer.find("PHRASE"), std::string::npos) << longer;
  EXPECT_NE(longer.find(layout::pair_term("of", "servic")), std::string::npos) << longer;
  // Words off the list, a field's phrase and NEAR are left as they are.
  for (const char* q : {"\"arbitration clause\"", "title:\"third parties\"", "third NEAR parties"}) {
    const auto query = parsed(db, q);
    EXPECT_EQ(search::with_pair_terms(db, query).get_description(), query.get_description()) << q;
  }
}

// A lone two-word phrase matches exactly the documents of its pair term, so
// facets=false takes its total from the term's frequency (issue 21); any
// other shape is counted by its match.
TEST_F(PhrasePairs, ALoneTwoWordPhraseIsCountedByItsPairTerm) {
  const Xapian::Database db(*path_);
  for (const char* q : {"\"third parties\"", "\"personal data\"", "\"as is\""}) {
    const Xapian::Query rewritten = search::with_pair_terms(db, parsed(db, q));
    const auto pair = search::lone_pair_term(rewritten);
    ASSERT_TRUE(pair.has_value()) << q << ": " << rewritten.get_description();
    const auto by_positions = matches(db, parsed(db, q));
    EXPECT_FALSE(by_positions.empty()) << q;
    EXPECT_EQ(db.get_termfreq(*pair), by_positions.size()) << q;
  }
  const Xapian::Query third_parties = search::with_pair_terms(db, parsed(db, "\"third parties\""));
  for (const Xapian::Query& other :
       {search::with_pair_terms(db, parsed(db, "\"third parties\" notice")),
        search::with_pair_terms(db, parsed(db, "\"terms of service\"")),
        search::with_pair_terms(db, parsed(db, "third parties")),
        Xapian::Query(Xapian::Query::OP_FILTER, third_parties,
                      Xapian::Query(layout::facet_term(layout::Facet::severity, "high")))}) {
    EXPECT_FALSE(search::lone_pair_term(other).has_value()) << other.get_description();
  }
}

TEST(PhrasePairsWithoutList, AnIndexWithoutPairsIsSearchedByPositions) {
  TempDir dir;
  const std::string path = dir.file("old");
  {
    WriterOptions options;
    options.pair_words = false;
    auto writer = IndexWriter::open(path, options);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    for (const auto& r : testing::fixture_records()) (*writer)->upsert(r);
    (*writer)->commit();
  }
  const Xapian::Database db(path);
  std::optional<std::string> corrected;
  const auto query = search::parse_text(db, "\"third parties\"", "en", corrected);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(search::with_pair_terms(db, *query).get_description(), query->get_description());
  EXPECT_FALSE(matches(db, *query).empty());
}

// The whole search, pairs or not: the same total, hits, scores, snippets and
// facet counts from an index with pair terms as from one without.
TEST(PhrasePairsSearch, AnswersAreThoseOfAnIndexWithoutPairs) {
  TempDir dir;
  const auto records = testing::demo_records();
  const std::string with = testing::build_index(dir, records, "with");
  const std::string without = dir.file("without");
  {
    WriterOptions options;
    options.pair_words = false;
    auto writer = IndexWriter::open(without, options);
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    for (const auto& r : records) (*writer)->upsert(r);
    (*writer)->commit();
  }
  // No similarity snapshot: these searches do not use it.
  SimilarityOptions no_snapshot;
  no_snapshot.snapshot_max_clauses = 0;
  auto by_pairs = search::SearchService::open(with, no_snapshot);
  auto by_positions = search::SearchService::open(without, no_snapshot);
  ASSERT_TRUE(by_pairs.ok() && by_positions.ok());
  const auto answer = [](const search::SearchService& service, const server::ParamMap& params) {
    auto request = server::parse_search(params);
    EXPECT_TRUE(request.ok());
    auto result = service.search(*request);
    EXPECT_TRUE(result.ok());
    nlohmann::json out = {{"total", result->total}};
    for (const auto& h : result->hits) out["hits"].push_back({h.record.value("id", ""), h.score, h.snippet});
    for (const auto* facet : {&result->category, &result->severity, &result->platform}) {
      for (const auto& e : facet->entries) out["facets"].push_back({e.slug, e.count});
    }
    return out;
  };
  for (const server::ParamMap& params :
       {server::ParamMap{{"q", "\"third parties\""}}, server::ParamMap{{"q", "\"personal data\""}, {"severity", "high"}},
        server::ParamMap{{"q", "\"at any time\" account"}}, server::ParamMap{{"q", "\"the laws of\""}, {"limit", "30"}},
        server::ParamMap{{"q", "\"third party\""}, {"collapse", "platform"}},
        server::ParamMap{{"q", "\"third parties\""}, {"facets", "false"}},
        server::ParamMap{{"q", "\"personal data\""}, {"facets", "false"}, {"limit", "1"}, {"offset", "2"}},
        server::ParamMap{{"q", "\"personal data\""}, {"facets", "false"}, {"sort", "severity"}}}) {
    const auto expected = answer(**by_positions, params);
    EXPECT_GT(expected["total"].get<std::size_t>(), 0u) << params.begin()->second;
    EXPECT_EQ(answer(**by_pairs, params), expected) << params.begin()->second;
  }
}

}  // namespace
}  // namespace clause

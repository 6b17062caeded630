// Records in several languages: each is stemmed in its own language, a query
// chooses its language with `lang`, and the language is a facet, a filter
// and a field of the stored record.
#include <gtest/gtest.h>

#include <xapian.h>

#include <set>

#include "schema/index_terms.h"
#include "search/search_service.h"
#include "server/search_params.h"
#include "tests/fixture_index.h"

namespace clause::search {
namespace {

using server::ParamMap;

class LanguageSearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto records = testing::fixture_records();
    for (auto& r : testing::multilingual_records()) records.push_back(std::move(r));
    path_ = testing::build_index(dir_, records);
    auto opened = SearchService::open(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
  }

  SearchResult search(const ParamMap& params) {
    auto request = server::parse_search(params);
    EXPECT_TRUE(request.ok()) << request.error().message;
    if (!request) return {};
    auto result = service_->search(*request);
    EXPECT_TRUE(result.ok()) << result.error().message;
    return result.ok() ? *result : SearchResult{};
  }

  static std::set<std::string> ids(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.record["id"].get<std::string>());
    return out;
  }

  testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<SearchService> service_;
};

// "résilier" and the record's "résiliation" share a French stem (résili)
// but not an English one (résilier, résiliat): found only when the record
// was stemmed in French and the query is read in French.
TEST_F(LanguageSearchTest, AFrenchRecordIsFoundByAFrenchQueryThroughFrenchStems) {
  EXPECT_EQ(ids(search({{"q", "résilier"}, {"lang", "fr"}})), std::set<std::string>{"lune-1"});
  EXPECT_EQ(ids(search({{"q", "personnel collecter"}, {"lang", "fr"}})), std::set<std::string>{"lune-2"});
  // Read in English (the default), the same words find nothing.
  EXPECT_EQ(search({{"q", "résilier"}}).total, 0u);

  Xapian::Database db(path_);
  const auto doc = layout::clause_docid(db, "lune-1");
  ASSERT_TRUE(doc.has_value());
  const Xapian::Document stored = db.get_document(*doc);
  const auto has_term = [&](const std::string& term) {
    auto it = stored.termlist_begin();
    it.skip_to(term);
    return it != stored.termlist_end() && *it == term;
  };
  EXPECT_TRUE(has_term("Zrésili"));     // French stem
  EXPECT_FALSE(has_term("Zrésiliat"));  // English stem
}

TEST_F(LanguageSearchTest, SnippetsMarkWordsByTheRecordsOwnStems) {
  const auto r = search({{"q", "résilier"}, {"lang", "fr"}});
  ASSERT_EQ(r.hits.size(), 1u);
  EXPECT_NE(r.hits[0].snippet.find("<mark>résiliation</mark>"), std::string::npos) << r.hits[0].snippet;
}

TEST_F(LanguageSearchTest, TheLanguageIsAFacetAFilterAndAField) {
  // The language facet is counted when the request names it (facets=).
  const auto all = search({{"facets", "language"}});
  std::map<std::string, std::size_t> counts;
  std::size_t sum = 0;
  for (const auto& e : all.language.entries) {
    counts[e.slug] = e.count;
    sum += e.count;
    if (e.slug == "fr") {
      EXPECT_EQ(e.value, "French");
    }
  }
  EXPECT_EQ(sum, all.total);
  EXPECT_EQ(counts["fr"], 2u);
  EXPECT_EQ(counts["nl"], 1u);
  EXPECT_EQ(counts["it"], 1u);
  EXPECT_EQ(counts["en"], all.total - 4);

  EXPECT_EQ(ids(search({{"language", "fr"}})), (std::set<std::string>{"lune-1", "lune-2"}));
  EXPECT_EQ(ids(search({{"q", "language:nl"}})), std::set<std::string>{"maan-1"});
  const auto clause = service_->clause("lune-2");
  ASSERT_TRUE(clause.ok());
  EXPECT_EQ((*clause)["language"], "fr");
  // The facet of a filtered search counts the other languages too.
  const auto french = search({{"language", "fr"}, {"facets", "language"}});
  EXPECT_EQ(french.total, 2u);
  EXPECT_GE(french.language.entries.size(), 4u);
}

// The record's `language` field wins over what its text looks like.
TEST_F(LanguageSearchTest, AnExplicitLanguageFieldWins) {
  EXPECT_EQ(ids(search({{"language", "it"}})), std::set<std::string>{"luna-1"});
  const auto clause = service_->clause("luna-1");
  ASSERT_TRUE(clause.ok());
  EXPECT_EQ((*clause)["language"], "it");
}

TEST_F(LanguageSearchTest, EnglishRecordsAreFoundAsBefore) {
  const auto r = search({{"q", "arbitration"}});
  EXPECT_TRUE(ids(r).count("acme-1"));
  for (const auto& h : r.hits) EXPECT_EQ(h.record["language"], "en");
}

}  // namespace
}  // namespace clause::search

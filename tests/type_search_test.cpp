// Clause types in search: the type_source facet and min_type_confidence
// filter of /v1/search, and GET /v1/types, /v1/types/{slug}, on a hand-made
// index whose counts are known. The records carry their types as the
// indexer's models would leave them (source, confidence), so each count
// below is checked against a truth written out here.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <optional>

#include "search/search_service.h"
#include "server/cors.h"
#include "server/http_api.h"
#include "server/metrics.h"
#include "tests/fixture_index.h"

namespace clause {
namespace {

using layout::Facet;

ClauseRecord typed(const std::string& id, const std::string& platform, const std::string& type,
                   std::optional<double> predicted_confidence) {
  ClauseRecord r;
  r.id = id;
  r.platform = platform;
  r.document = "Terms";
  r.text = "Clause " + id + " of " + platform + " about disputes and cookies.";
  r.clause_type = type;
  if (!type.empty()) r.type_source = predicted_confidence ? "predicted" : "given";
  r.type_confidence = predicted_confidence;
  if (predicted_confidence) r.type_band = *predicted_confidence >= 0.8 ? "high" : "medium";
  return r;
}

// Arbitration: given on Alpha, Bravo, Charlie; predicted on Delta (0.9) and
// twice on Echo (0.6, 0.4). Cookies: predicted on Alpha (0.95) and Foxtrot
// (0.35). Golf and Hotel have no typed clause.
std::vector<ClauseRecord> typed_corpus() {
  return {typed("a1", "Alpha", "Arbitration", std::nullopt), typed("b1", "Bravo", "Arbitration", std::nullopt),
          typed("c1", "Charlie", "Arbitration", std::nullopt), typed("d1", "Delta", "Arbitration", 0.9),
          typed("e1", "Echo", "Arbitration", 0.4),             typed("e2", "Echo", "Arbitration", 0.6),
          typed("a2", "Alpha", "Cookies", 0.95),               typed("f1", "Foxtrot", "Cookies", 0.35),
          typed("g1", "Golf", "", std::nullopt),                typed("h1", "Hotel", "", std::nullopt)};
}

class TypeSearch : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    auto opened = search::SearchService::open(testing::build_index(dir_, typed_corpus()));
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
    api_ = std::make_unique<server::Api>(*service_, metrics_, server::CorsPolicy{});
  }

  search::SearchResult search(std::vector<std::string> sources, std::optional<double> min) {
    search::SearchRequest req;
    req.filters[Facet::type_source] = std::move(sources);
    req.min_type_confidence = min;
    req.facets = {Facet::clause_type, Facet::type_source, Facet::platform};
    auto r = service_->search(req);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : search::SearchResult{};
  }

  nlohmann::json get(const std::string& path, server::ParamMap params, int status = 200) {
    server::ApiRequest req;
    req.method = "GET";
    req.path = path;
    req.params = std::move(params);
    const auto res = api_->handle(req);
    EXPECT_EQ(res.status, status) << path << ": " << res.body;
    return nlohmann::json::parse(res.body);
  }

  static std::size_t count_of(const search::FacetList& list, const std::string& slug) {
    for (const auto& e : list.entries) {
      if (e.slug == slug) return e.count;
    }
    return 0;
  }

  testing::TempDir dir_;
  std::unique_ptr<search::SearchService> service_;
  server::Metrics metrics_;
  std::unique_ptr<server::Api> api_;
};

TEST_F(TypeSearch, CountsTheTypeFacetAndItsSourcesExactly) {
  const auto all = search({}, std::nullopt);
  EXPECT_EQ(all.total, 10u);
  EXPECT_EQ(count_of(all.clause_type, "arbitration"), 6u);
  EXPECT_EQ(count_of(all.clause_type, "cookies"), 2u);
  EXPECT_EQ(count_of(all.type_source, "given"), 3u);
  EXPECT_EQ(count_of(all.type_source, "predicted"), 5u);
}

TEST_F(TypeSearch, FiltersByTypeSourceKeepingTheSourceFacetsAlternatives) {
  const auto predicted = search({"predicted"}, std::nullopt);
  EXPECT_EQ(predicted.total, 5u);
  EXPECT_EQ(count_of(predicted.clause_type, "arbitration"), 3u);
  EXPECT_EQ(count_of(predicted.clause_type, "cookies"), 2u);
  // The source facet is counted without its own filter: the alternative shows.
  EXPECT_EQ(count_of(predicted.type_source, "given"), 3u);
}

TEST_F(TypeSearch, MinimumConfidenceFiltersResultsAndEveryCount) {
  const auto sure = search({}, 0.8);
  // Given types count as confidence 1: a1 b1 c1, then d1 (0.9) and a2 (0.95).
  EXPECT_EQ(sure.total, 5u);
  EXPECT_EQ(count_of(sure.clause_type, "arbitration"), 4u);
  EXPECT_EQ(count_of(sure.clause_type, "cookies"), 1u);
  EXPECT_EQ(count_of(sure.type_source, "predicted"), 2u);
  EXPECT_EQ(count_of(sure.platform, "echo"), 0u);
  EXPECT_EQ(search({"predicted"}, 0.5).total, 3u);  // d1, e2, a2
  EXPECT_EQ(search({}, 0.0).total, 8u);              // every typed clause, none untyped
}

TEST_F(TypeSearch, BadTypeParametersAreNamed) {
  EXPECT_EQ(get("/v1/search", {{"type_source", "guessed"}}, 400)["error"]["parameter"], "type_source");
  for (const char* bad : {"1.5", "-0.1", "high", "", "0.5x", "nan"}) {
    EXPECT_EQ(get("/v1/search", {{"min_type_confidence", bad}}, 400)["error"]["parameter"], "min_type_confidence")
        << bad;
    EXPECT_EQ(get("/v1/types", {{"min_type_confidence", bad}}, 400)["error"]["parameter"], "min_type_confidence");
  }
  EXPECT_EQ(get("/v1/types/arbitration", {{"colour", "red"}}, 400)["error"]["parameter"], "colour");
}

TEST_F(TypeSearch, ListsEveryTypeWithItsPlatformAndClauseCounts) {
  const auto body = get("/v1/types", {});
  ASSERT_EQ(body["total"], 2);
  const auto& arbitration = body["types"][0];  // most platforms first
  EXPECT_EQ(arbitration["slug"], "arbitration");
  EXPECT_EQ(arbitration["name"], "Arbitration");
  EXPECT_EQ(arbitration["platforms"], 5);
  EXPECT_EQ(arbitration["clauses"], 6);
  EXPECT_EQ(arbitration["given"], 3);
  EXPECT_EQ(arbitration["predicted"], 3);
  EXPECT_TRUE(arbitration["model"].is_null());  // the index records no model
  EXPECT_EQ(body["types"][1]["platforms"], 2);

  const auto sure = get("/v1/types", {{"min_type_confidence", "0.5"}});
  EXPECT_EQ(sure["types"][0]["clauses"], 5);
  EXPECT_EQ(sure["types"][0]["platforms"], 5);
  EXPECT_EQ(sure["types"][1]["platforms"], 1);  // Foxtrot's 0.35 is out
  EXPECT_EQ(get("/v1/types", {{"min_type_confidence", "0.99"}})["total"], 1);  // cookies has none left
}

TEST_F(TypeSearch, OneTypeGivesTheBestClauseOfEachPlatformMostConfidentFirst) {
  const auto body = get("/v1/types/Arbitration", {});
  EXPECT_EQ(body["total"], 5);
  EXPECT_EQ(body["type"]["clauses"], 6);
  std::vector<std::string> platforms, best;
  for (const auto& row : body["results"]) {
    platforms.push_back(row["platform"]["slug"]);
    best.push_back(row["best"]["id"]);
  }
  EXPECT_EQ(platforms, (std::vector<std::string>{"alpha", "bravo", "charlie", "delta", "echo"}));
  EXPECT_EQ(best, (std::vector<std::string>{"a1", "b1", "c1", "d1", "e2"}));  // e2 (0.6) beats e1 (0.4)
  EXPECT_EQ(body["results"][4]["clauses"], 2);
  EXPECT_EQ(body["results"][4]["best"]["type_source"], "predicted");

  const auto page = get("/v1/types/arbitration", {{"offset", "3"}, {"limit", "1"}});
  ASSERT_EQ(page["results"].size(), 1u);
  EXPECT_EQ(page["results"][0]["platform"]["slug"], "delta");
  EXPECT_EQ(page["total"], 5);
  const auto sure = get("/v1/types/arbitration", {{"min_type_confidence", "0.95"}});
  EXPECT_EQ(sure["total"], 3);
}

TEST_F(TypeSearch, AnUnknownTypeIsNotFound) {
  EXPECT_EQ(get("/v1/types/nothing-like-it", {}, 404)["error"]["code"], "not_found");
}

}  // namespace
}  // namespace clause

// Removed provisions (issue 18): they leave search by default,
// include_removed=true brings them back with removed_at, and no count
// anywhere sees them. Two indexes, each served by the real server on a
// loopback port: one replays a repository whose versions removed clauses
// (and deleted a whole platform's document), the other holds only the final
// versions; every count must be the same on both.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/history_command.h"
#include "schema/classifier.h"
#include "schema/clause_typing.h"
#include "schema/taxonomy.h"
#include "tests/running_server.h"
#include "tests/history_support.h"
#include "tests/test_repo.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using nlohmann::json;

const std::string kCollect = "We collect the information you give us when you create an account.\n\n";
const std::string kDelaware = "Any dispute will be resolved by binding arbitration in the State of Delaware.\n\n";
const std::string kCalifornia = "Any dispute will be resolved by binding arbitration in the State of California.\n\n";
const std::string kNewYork = "These terms are governed by the laws of the State of New York.\n\n";
const std::string kAds = "We share your personal data with advertising partners to show you relevant ads.\n\n";
const std::string kTerminate = "We may suspend or terminate your account at any time for any reason.\n";

const std::string kTermsV1 = "# Terms\n\n" + kCollect + kDelaware + kNewYork;
const std::string kTermsV2 = "# Terms\n\n" + kCollect + kCalifornia + kAds;  // New York removed
const std::string kTermsV3 = "# Terms\n\n" + kCollect + kAds + kTerminate;   // arbitration removed
const std::string kGone = "# Terms\n\nWe may sell your personal data to data brokers without asking.\n";

// The indexer's enrichment: the shipped type models, then the default
// taxonomy's categories, so that the counts compared below are not empty.
VersionRecorder::Enrich default_enrich() {
  auto taxonomy = parse_taxonomy(default_taxonomy_json(), "taxonomy.json");
  auto models = default_type_models();
  EXPECT_TRUE(taxonomy.ok() && models.ok());
  auto classifier = std::make_shared<Classifier>(*taxonomy);
  auto shared_models = std::make_shared<std::vector<TypeModel>>(std::move(*models));
  return [classifier, shared_models](ClauseRecord& r) {
    assign_clause_type(r, *shared_models);
    if (r.categories.empty()) classifier->apply(r);
  };
}

void replay(const std::filesystem::path& repo, const std::filesystem::path& db) {
  const Replay run = replay_history(db, repo.string(), default_enrich());
  ASSERT_EQ(run.status, 0) << run.log;
}

struct Answer {
  int status = 0;
  json body;
};

Answer get(const testing::RunningServer& server, const std::string& path) {
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get(path.c_str());
  if (!res) return {0, nullptr};
  return {res->status, json::parse(res->body, nullptr, false)};
}

class RemovedProvisions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    dir_ = new testing::TempDir();
    {
      TestRepo repo(dir_->path() / "history");
      repo.commit({{"Acme/Terms.md", kTermsV1}, {"Zenith/Terms.md", kTermsV1}, {"Gone/Terms.md", kGone}},
                  "2025-01-10");
      repo.commit({{"Acme/Terms.md", kTermsV2}}, "2025-02-20");
      repo.commit({{"Gone/Terms.md", ""}}, "2025-03-01");  // the document leaves the archive
      repo.commit({{"Acme/Terms.md", kTermsV3}}, "2025-04-01");
      TestRepo final_only(dir_->path() / "final");
      final_only.commit({{"Acme/Terms.md", kTermsV3}, {"Zenith/Terms.md", kTermsV1}}, "2025-04-01");
    }
    replay(dir_->path() / "history", dir_->path() / "history-db");
    replay(dir_->path() / "final", dir_->path() / "final-db");
    history_ = new testing::RunningServer((dir_->path() / "history-db").string());
    final_ = new testing::RunningServer((dir_->path() / "final-db").string());
  }
  static void TearDownTestSuite() {
    delete history_;
    delete final_;
    delete dir_;
  }

  static Answer search(const std::string& query) { return get(*history_, "/v1/search?" + query); }
  // The hits of a search, by platform slug.
  static std::map<std::string, json> by_platform(const Answer& a) {
    std::map<std::string, json> hits;
    for (const auto& hit : a.body["results"]) hits[slugify(hit["platform"].get<std::string>())] = hit;
    return hits;
  }

  static testing::TempDir* dir_;
  static testing::RunningServer* history_;
  static testing::RunningServer* final_;
};
testing::TempDir* RemovedProvisions::dir_ = nullptr;
testing::RunningServer* RemovedProvisions::history_ = nullptr;
testing::RunningServer* RemovedProvisions::final_ = nullptr;

// An answer without its timing, for comparing two answers.
json untimed(json body) {
  if (body.is_object()) body.erase("took_ms");
  return body;
}

TEST_F(RemovedProvisions, LeaveSearchByDefault) {
  const auto live = search("q=arbitration");
  ASSERT_EQ(live.status, 200) << live.body;
  EXPECT_EQ(live.body["total"], 1) << "Zenith's only: Acme's arbitration clause was removed";
  EXPECT_EQ(live.body["results"][0]["platform"], "Zenith");
  EXPECT_FALSE(live.body["results"][0].contains("removed_at")) << "a search without removed clauses is as before";
  EXPECT_EQ(untimed(search("q=arbitration&include_removed=false").body), untimed(live.body));
  EXPECT_EQ(search("q=brokers").body["total"], 0) << "a deleted document's clauses too";
  EXPECT_EQ(search("platform=gone").status, 400) << "a platform with removed clauses only is no filter value";
}

TEST_F(RemovedProvisions, IncludeRemovedBringsThemBackWithTheirRemoval) {
  const auto all = search("q=arbitration&include_removed=true");
  ASSERT_EQ(all.status, 200) << all.body;
  ASSERT_EQ(all.body["total"], 2);
  auto hits = by_platform(all);
  ASSERT_TRUE(hits.count("acme") && hits.count("zenith")) << all.body;
  EXPECT_TRUE(hits["zenith"]["removed_at"].is_null()) << "every hit says whether it was removed";
  const json& removed = hits["acme"];
  EXPECT_EQ(removed["removed_at"], "2025-04-01T12:00:00Z");
  EXPECT_NE(removed["text"].get<std::string>().find("California"), std::string::npos) << "its last version";
  EXPECT_EQ(removed["last_seen"], "2025-02-20T12:00:00Z") << "its own: the last version that held it";
  EXPECT_EQ(removed["first_seen"], "2025-01-10T12:00:00Z");
  EXPECT_NE(removed["snippet"].get<std::string>().find("<mark>"), std::string::npos);
  // Its removal is a change record of Acme's Terms, and its history is
  // fetchable by the id the hit gives; the clause itself is not live.
  const auto acme = get(*history_, "/v1/platforms/acme?as_of=2025-04-01");
  EXPECT_EQ(removed["removed_in"], acme.body["changes"]["last_change"]["id"]);
  const std::string id = removed["id"];
  const auto history = get(*history_, "/v1/clauses/" + id + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.body["removed_at"], "2025-04-01T12:00:00Z");
  EXPECT_EQ(history.body["provision_id"], removed["provision_id"]);
  EXPECT_EQ(history.body["versions"].back()["clause_id"], id);
  EXPECT_EQ(removed["last_seen"], history.body["versions"].back()["last_seen"]);
}

// A removed clause stays fetchable, as its last version with its removal,
// by the id its search hit gives and by its provision's id (its first
// version's); a live clause says removed_at null.
TEST_F(RemovedProvisions, ARemovedClauseIsFetchedAsItsLastVersionWithItsRemoval) {
  const auto hits = by_platform(search("q=arbitration&include_removed=true"));
  ASSERT_TRUE(hits.count("acme") && hits.count("zenith"));
  const json& hit = hits.at("acme");
  const std::string id = hit["id"], provision = hit["provision_id"];
  ASSERT_NE(id, provision) << "the provision was reworded before its removal";
  for (const std::string& asked : {id, provision}) {
    const auto clause = get(*history_, "/v1/clauses/" + asked);
    ASSERT_EQ(clause.status, 200) << asked << ": " << clause.body;
    EXPECT_EQ(clause.body["id"], id);
    EXPECT_EQ(clause.body["removed_at"], "2025-04-01T12:00:00Z");
    EXPECT_EQ(clause.body["removed_in"], hit["removed_in"]);
    EXPECT_EQ(clause.body["last_seen"], "2025-02-20T12:00:00Z");
    EXPECT_EQ(clause.body["text"], hit["text"]);
    EXPECT_NE(clause.body["text_plain"].get<std::string>().find("California"), std::string::npos);
    EXPECT_TRUE(clause.body.contains("changes")) << "its document's changes, as a live clause's";
  }
  EXPECT_EQ(get(*history_, "/v1/clauses/" + id + "/history").body["versions"][0]["clause_id"], provision)
      << "a provision's id is its first version's";
  const auto live = get(*history_, "/v1/clauses/" + hits.at("zenith")["id"].get<std::string>());
  ASSERT_EQ(live.status, 200);
  EXPECT_TRUE(live.body.contains("removed_at") && live.body["removed_at"].is_null()) << live.body;
}

TEST_F(RemovedProvisions, FiltersFieldsAndFacetsOfASearchWithRemovedClausesCountThem) {
  EXPECT_EQ(search("q=arbitration&platform=acme").body["total"], 0);
  EXPECT_EQ(search("q=arbitration&platform=acme&include_removed=true").body["total"], 1);
  EXPECT_EQ(search("q=platform:zenith%20arbitration").body["total"], 1) << "a field and a word";
  EXPECT_EQ(search("q=platform:acme%20arbitration&include_removed=true").body["total"], 1) << "the query's fields";
  EXPECT_EQ(search("q=platform:acme%20arbitration").body["total"], 0);
  const auto gone = search("platform=gone&include_removed=true");
  ASSERT_EQ(gone.status, 200) << gone.body;
  EXPECT_EQ(gone.body["total"], 1) << "the deleted document's clause";
  EXPECT_EQ(gone.body["results"][0]["removed_at"], "2025-03-01T12:00:00Z");

  // Browsing: every live clause, then each removed provision once (New
  // York, the arbitration clause, Gone's clause), counted in the facets.
  const auto live = search("facets=platform,category");
  const auto with_removed = search("facets=platform,category&include_removed=true");
  ASSERT_EQ(with_removed.status, 200) << with_removed.body;
  EXPECT_EQ(with_removed.body["total"].get<int>(), live.body["total"].get<int>() + 3);
  const auto count_of = [](const json& facet, const std::string& slug) {
    for (const auto& entry : facet) {
      if (entry["slug"] == slug) return entry["count"].get<int>();
    }
    return 0;
  };
  EXPECT_EQ(count_of(with_removed.body["facets"]["platform"], "acme"),
            count_of(live.body["facets"]["platform"], "acme") + 2);
  EXPECT_EQ(count_of(with_removed.body["facets"]["platform"], "gone"), 1);
  EXPECT_EQ(count_of(live.body["facets"]["platform"], "gone"), 0);
  EXPECT_EQ(count_of(with_removed.body["facets"]["category"], "dispute-resolution"),
            count_of(live.body["facets"]["category"], "dispute-resolution") + 1);
  const auto collapsed = search("q=arbitration&include_removed=true&collapse=platform");
  EXPECT_EQ(collapsed.body["results"].size(), 2u);
}

TEST_F(RemovedProvisions, ABadValueIsA400NamingTheParameter) {
  for (const std::string bad : {"include_removed=maybe", "include_removed=", "include_removed=true&include_removed=false"}) {
    const auto refused = search("q=arbitration&" + bad);
    EXPECT_EQ(refused.status, 400) << bad;
    EXPECT_EQ(refused.body["error"]["parameter"], "include_removed") << refused.body;
  }
  EXPECT_EQ(search("q=arbitration&include_removed=1").body["total"], 2);
  EXPECT_EQ(get(*history_, "/v1/categories?include_removed=true").status, 400) << "search only";
}

// The removed provisions' kept clauses are documents of the index: no count
// may see them. The index that replayed the removals answers every count as
// the index that only ever held the final versions.
TEST_F(RemovedProvisions, EveryCountIsThatOfAnIndexThatNeverHeldThem) {
  const auto health = get(*history_, "/healthz");
  ASSERT_EQ(health.status, 200);
  for (const char* field : {"clauses", "platforms", "categories"}) {
    EXPECT_EQ(health.body["index"][field], get(*final_, "/healthz").body["index"][field]) << field;
  }
  for (const std::string path :
       {"/v1/platforms", "/v1/categories", "/v1/types", "/v1/categories/dispute-resolution",
        "/v1/search?facets=category,severity,platform,document,clause_type,language,type_source",
        "/v1/search?q=arbitration&facets=category,platform", "/v1/compare?category=dispute-resolution"}) {
    const auto replayed = get(*history_, path), final_only = get(*final_, path);
    ASSERT_EQ(replayed.status, 200) << path << replayed.body;
    // The counts of each answer: lists with their counts, a category's
    // clause and platform counts, the compare rows' platforms and clauses
    // (the clauses' dates differ: one index saw them earlier).
    for (const char* part : {"total", "platforms", "categories", "types", "facets", "category", "rows"}) {
      const auto part_of = [&](const json& body) {
        json out = body.contains(part) ? body.at(part) : json();
        if (std::string(part) != "rows" || !out.is_array()) return out;
        for (auto& row : out) {
          json ids = json::array();
          for (const auto& clause : row["results"]) ids.push_back(clause["id"]);
          row["results"] = ids;
        }
        return out;
      };
      EXPECT_EQ(part_of(replayed.body), part_of(final_only.body)) << path << " " << part;
    }
  }
  // "How do other platforms handle this": Zenith's arbitration clause finds
  // no removed clause of Acme's, and the platform total is the live one.
  const std::string zenith = search("q=arbitration").body["results"][0]["id"];
  const auto similar = get(*history_, "/v1/clauses/" + zenith + "/similar");
  ASSERT_EQ(similar.status, 200) << similar.body;
  EXPECT_EQ(similar.body["platforms_total"], get(*final_, "/v1/clauses/" + zenith + "/similar").body["platforms_total"]);
  for (const auto& hit : similar.body["results"]) {
    EXPECT_FALSE(hit.contains("removed_at")) << hit;
    EXPECT_EQ(get(*history_, "/v1/clauses/" + hit["id"].get<std::string>()).status, 200) << "a live clause";
  }
}

// A removed provision's last wording that comes back revives it: one
// provision, whose history goes on, and no removed copy beside the live one.
TEST(RemovedWordingReturns, RevivesItsProvision) {
  spdlog::set_level(spdlog::level::warn);
  testing::TempDir dir;
  {
    TestRepo repo(dir.path() / "repo");
    repo.commit({{"Acme/Terms.md", "# Terms\n\n" + kCollect + kDelaware}}, "2025-01-10");
    repo.commit({{"Acme/Terms.md", "# Terms\n\n" + kCollect + kCalifornia}}, "2025-02-20");
    repo.commit({{"Acme/Terms.md", "# Terms\n\n" + kCollect}}, "2025-03-01");                // removed
    repo.commit({{"Acme/Terms.md", "# Terms\n\n" + kCollect + kCalifornia}}, "2025-04-01");  // back
  }
  replay(dir.path() / "repo", dir.path() / "db");
  testing::RunningServer server((dir.path() / "db").string());
  const auto found = get(server, "/v1/search?q=arbitration&include_removed=true");
  ASSERT_EQ(found.status, 200) << found.body;
  ASSERT_EQ(found.body["total"], 1) << "the live clause only: " << found.body;
  const json& hit = found.body["results"][0];
  EXPECT_TRUE(hit["removed_at"].is_null());
  const std::string id = hit["id"];
  const auto clause = get(server, "/v1/clauses/" + id);
  EXPECT_EQ(clause.body["first_seen"], "2025-01-10T12:00:00Z") << "the revived provision's";
  const auto history = get(server, "/v1/clauses/" + id + "/history");
  ASSERT_EQ(history.status, 200) << history.body;
  EXPECT_EQ(history.body["provision_id"], clause.body["provision_id"]);
  EXPECT_NE(history.body["provision_id"], id) << "the provision's first wording was Delaware's";
  EXPECT_TRUE(history.body["removed_at"].is_null());
  EXPECT_EQ(history.body["current_clause_id"], id);
  ASSERT_EQ(history.body["versions"].size(), 3u) << history.body;
  EXPECT_EQ(history.body["versions"][2]["change"], "added");
  EXPECT_EQ(history.body["versions"][2]["first_seen"], "2025-04-01T12:00:00Z");
}

}  // namespace
}  // namespace clause

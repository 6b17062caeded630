// GET /v1/clauses/{id}/history and the `changes` of GET /v1/clauses/{id}
// and GET /v1/platforms/{slug} (issue 18), on an index made by really
// replaying a git repository built here (tests/test_repo.h), served by
// the real server on a loopback port.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/history_command.h"
#include "indexer/markdown_segmenter.h"
#include "tests/test_repo.h"
#include "tests/running_server.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using nlohmann::json;

const std::string kCollect = "We collect the information you give us when you create an account.\n\n";
const std::string kArbitrationDelaware =
    "Any dispute will be resolved by binding arbitration in the State of Delaware.\n\n";
const std::string kArbitrationCalifornia =
    "Any dispute will be resolved by binding arbitration in the State of California.\n\n";
const std::string kNewYork = "These terms are governed by the laws of the State of New York.\n\n";
const std::string kAds = "We share your personal data with advertising partners to show you relevant ads.\n\n";
const std::string kNotice = "We may change these terms at any time without telling you first.\n";

const std::string kTermsV1 = "# Terms\n\n" + kCollect + kArbitrationDelaware + kNewYork;
const std::string kTermsV2 = "# Terms\n\n" + kCollect + kArbitrationCalifornia + kAds;  // modified, removed, added
const std::string kTermsV3 = kTermsV2 + kNotice;                                         // added
const std::string kTermsV4 = "# Terms\n\n" + kCollect + kAds + kNotice;                  // California removed
const std::string kPrivacyV1 = "# Privacy\n\nWe keep your messages for thirty days after you delete them.\n";
const std::string kPrivacyV2 = kPrivacyV1 + "\nWe sell aggregated location data to research partners.\n";

class HistoryRoutes : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    dir_ = new testing::TempDir();
    {
      TestRepo repo(dir_->path() / "repo");
      repo.commit({{"Acme/Terms.md", kTermsV1}, {"Acme/Privacy.md", kPrivacyV1}, {"Zenith/Terms.md", kTermsV1}},
                  "2025-01-10");
      repo.commit({{"Acme/Terms.md", kTermsV2}}, "2025-02-20");
      repo.commit({{"Acme/Privacy.md", kPrivacyV2}}, "2025-03-01");
      repo.commit({{"Acme/Terms.md", kTermsV3}}, "2025-03-05");
      repo.commit({{"Acme/Terms.md", kTermsV4}}, "2025-04-01");
    }
    IndexerOptions options;
    options.db_path = (dir_->path() / "db").string();
    options.history_repo = (dir_->path() / "repo").string();
    options.quiet = true;
    std::ostringstream log;
    std::atomic<bool> stop{false};
    ASSERT_EQ(run_history(options, [](ClauseRecord&) {}, log, stop), 0) << log.str();
    server_ = new testing::RunningServer(options.db_path);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }

  struct Answer {
    int status = 0;
    json body;
  };
  static Answer get(const std::string& path) {
    httplib::Client client("127.0.0.1", server_->port());
    auto res = client.Get(path.c_str());
    if (!res) return {0, nullptr};
    return {res->status, json::parse(res->body, nullptr, false)};
  }
  // The id of the live clause whose text holds `words` (through search).
  static std::string clause_id(const std::string& words) {
    std::string phrase = "%22" + words + "%22";
    for (char& c : phrase) c = c == ' ' ? '+' : c;
    const auto found = get("/v1/search?platform=acme&q=" + phrase);
    EXPECT_EQ(found.status, 200);
    EXPECT_EQ(found.body["total"], 1) << words;
    return found.body["results"][0]["id"];
  }

  // The id the segmenter gave the clause with `words` in Acme's Terms (v1 or
  // v2), live or not.
  static std::string clause_id_of_version(const std::string& words) {
    for (const std::string* version : {&kTermsV1, &kTermsV2}) {
      for (const auto& c : segment_markdown(*version, "Acme", "Terms").clauses) {
        if (c.text.find(words) != std::string::npos) return c.id;
      }
    }
    ADD_FAILURE() << "no clause with " << words;
    return {};
  }

  static testing::TempDir* dir_;
  static testing::RunningServer* server_;
};
testing::TempDir* HistoryRoutes::dir_ = nullptr;
testing::RunningServer* HistoryRoutes::server_ = nullptr;

TEST_F(HistoryRoutes, AClauseCountsTheChangesOfItsDocumentUpToAsOf) {
  const std::string id = clause_id("information you give us");
  const auto on = [&](const std::string& as_of) { return get("/v1/clauses/" + id + "?as_of=" + as_of); };
  // Terms changed on 02-20, 03-05 and 04-01; Privacy's 03-01 is another document.
  auto a = on("2025-03-05");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(a.body["changes"]["last_30_days"], 2);
  EXPECT_EQ(a.body["changes"]["last_365_days"], 2);
  EXPECT_EQ(a.body["changes"]["as_of"], "2025-03-05");
  EXPECT_EQ(a.body["changes"]["last_change"]["date"], "2025-03-05T12:00:00Z") << "as_of's whole day is in";
  EXPECT_NE(a.body["changes"]["last_change"]["summary"].get<std::string>().find("added"), std::string::npos);
  EXPECT_EQ(on("2025-03-04").body["changes"]["last_30_days"], 1) << "a change after as_of counts nowhere";
  EXPECT_EQ(on("2025-03-04").body["changes"]["last_change"]["date"], "2025-02-20T12:00:00Z");
  // The 30 days ending with 03-21 start on 02-20; those ending with 03-22 on 02-21.
  EXPECT_EQ(on("2025-03-21").body["changes"]["last_30_days"], 2);
  EXPECT_EQ(on("2025-03-22").body["changes"]["last_30_days"], 1);
  EXPECT_EQ(on("2026-02-19").body["changes"]["last_365_days"], 3);
  EXPECT_EQ(on("2026-02-20").body["changes"]["last_365_days"], 2);
  const auto before = on("2025-02-19");
  EXPECT_EQ(before.body["changes"]["last_365_days"], 0);
  EXPECT_TRUE(before.body["changes"]["last_change"].is_null());
  // The versioned clause's own fields are in its answer.
  EXPECT_EQ(a.body["provision_id"], id) << "never changed: its own id";
  EXPECT_EQ(a.body["content_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(a.body["first_seen"], "2025-01-10T12:00:00Z");
  EXPECT_EQ(a.body["last_seen"], "2025-04-01T12:00:00Z");
}

TEST_F(HistoryRoutes, AsOfDefaultsToTodayInUtcAndAMalformedOneIsRefused) {
  const std::string id = clause_id("information you give us");
  const std::chrono::year_month_day today{std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now())};
  char expected[16];
  std::snprintf(expected, sizeof expected, "%04d-%02u-%02u", static_cast<int>(today.year()),
                static_cast<unsigned>(today.month()), static_cast<unsigned>(today.day()));
  const auto now = get("/v1/clauses/" + id);
  ASSERT_EQ(now.status, 200);
  EXPECT_EQ(now.body["changes"]["as_of"], expected);
  EXPECT_EQ(now.body["changes"]["last_change"]["date"], "2025-04-01T12:00:00Z");
  for (const std::string bad : {"2025-13-01", "yesterday", "2025-02-30", ""}) {
    for (const std::string& path : {"/v1/clauses/" + id, std::string("/v1/platforms/acme")}) {
      const auto refused = get(path + "?as_of=" + bad);
      EXPECT_EQ(refused.status, 400) << path << " as_of=" << bad;
      EXPECT_EQ(refused.body["error"]["parameter"], "as_of") << refused.body;
    }
  }
  EXPECT_EQ(get("/v1/clauses/" + id + "?limit=3").status, 400) << "a clause takes as_of only";
}

TEST_F(HistoryRoutes, APlatformCountsTheChangesOfAllItsDocuments) {
  const auto acme = get("/v1/platforms/acme?as_of=2025-03-05");
  ASSERT_EQ(acme.status, 200) << acme.body;
  EXPECT_EQ(acme.body["changes"]["last_30_days"], 3) << "Terms twice and Privacy once";
  EXPECT_EQ(acme.body["changes"]["last_change"]["date"], "2025-03-05T12:00:00Z");
  EXPECT_EQ(get("/v1/platforms/acme?as_of=2025-03-02").body["changes"]["last_30_days"], 2);
  EXPECT_TRUE(get("/v1/platforms/acme?as_of=2025-03-02&limit=1").body["results"].size() == 1u)
      << "as_of goes with the page's own parameters";
  const auto zenith = get("/v1/platforms/zenith?as_of=2025-03-05");
  ASSERT_EQ(zenith.status, 200);
  EXPECT_EQ(zenith.body["changes"]["last_365_days"], 0) << "a document tracked but never changed";
  EXPECT_TRUE(zenith.body["changes"]["last_change"].is_null());
  EXPECT_EQ(get("/v1/platforms/nowhere?as_of=2025-03-05").status, 404);
}

TEST_F(HistoryRoutes, AnAddedOrNeverChangedClauseAnswersItsSingleVersion) {
  const std::string ads = clause_id("advertising partners");
  const auto added = get("/v1/clauses/" + ads + "/history");
  ASSERT_EQ(added.status, 200) << added.body;
  ASSERT_EQ(added.body["versions"].size(), 1u);
  EXPECT_EQ(added.body["versions"][0]["change"], "added");
  EXPECT_FALSE(added.body["versions"][0]["change_id"].is_null()) << "added by a change record";

  // The arbitration clause: Delaware (01-10), California (02-20), removed 04-01.
  const std::string never = clause_id("information you give us");
  const auto single = get("/v1/clauses/" + never + "/history");
  ASSERT_EQ(single.status, 200);
  ASSERT_EQ(single.body["versions"].size(), 1u) << "a clause never changed is its own single version";
  EXPECT_EQ(single.body["versions"][0]["clause_id"], never);
  EXPECT_EQ(single.body["versions"][0]["last_seen"], "2025-04-01T12:00:00Z");
  EXPECT_EQ(single.body["current_clause_id"], never);
  EXPECT_TRUE(single.body["removed_at"].is_null());
}

TEST_F(HistoryRoutes, ARemovedProvisionStaysFetchableByItsProvisionIdAndItsOldClauseIds) {
  // Find the removed arbitration provision through its change record: the
  // 04-01 change of Acme's Terms removed it.
  const auto acme = get("/v1/platforms/acme?as_of=2025-04-01");
  const std::string removal = acme.body["changes"]["last_change"]["id"];
  EXPECT_EQ(get("/v1/clauses/acme--terms--0123/history").status, 404) << "a document's id prefix alone";
  EXPECT_EQ(get("/v1/clauses/nothing-at-all/history").status, 404);
  EXPECT_EQ(get("/v1/clauses/nothing-at-all").status, 404);

  // The provision id is the Delaware clause's id; the California one is an
  // old clause id that only the provision's versions remember.
  const std::string delaware = clause_id_of_version("Delaware");
  const std::string california = clause_id_of_version("California");
  ASSERT_NE(delaware, california);
  for (const std::string& asked : {delaware, california}) {
    const auto h = get("/v1/clauses/" + asked + "/history");
    ASSERT_EQ(h.status, 200) << asked;
    EXPECT_EQ(h.body["id"], asked);
    EXPECT_EQ(h.body["provision_id"], delaware);
    EXPECT_EQ(h.body["removed_at"], "2025-04-01T12:00:00Z");
    EXPECT_EQ(h.body["removed_in"], removal);
    EXPECT_TRUE(h.body["current_clause_id"].is_null());
    ASSERT_EQ(h.body["versions"].size(), 2u);
    const auto& v = h.body["versions"];
    EXPECT_EQ(v[0]["clause_id"], delaware);
    EXPECT_EQ(v[0]["first_seen"], "2025-01-10T12:00:00Z");
    EXPECT_EQ(v[0]["last_seen"], "2025-01-10T12:00:00Z");
    EXPECT_EQ(v[1]["change"], "modified");
    EXPECT_EQ(v[1]["first_seen"], "2025-02-20T12:00:00Z");
    EXPECT_EQ(v[1]["last_seen"], "2025-03-05T12:00:00Z");
    EXPECT_NE(v[1]["diff"].get<std::string>().find("<del>Delaware.</del> <ins>California.</ins>"),
              std::string::npos)
        << v[1]["diff"];
    EXPECT_EQ(v[1]["content_sha256"].get<std::string>().size(), 64u);
    EXPECT_NE(v[0]["content_sha256"], v[1]["content_sha256"]);
  }
  // The clause route answers the provision's last version with its removal
  // (tests/removed_search_test.cpp has the rest).
  const auto last = get("/v1/clauses/" + california);
  ASSERT_EQ(last.status, 200) << last.body;
  EXPECT_EQ(last.body["removed_at"], "2025-04-01T12:00:00Z");
  EXPECT_EQ(last.body["removed_in"], removal);
  EXPECT_EQ(get("/v1/clauses/" + california + "/history?limit=1").status, 400);
}

}  // namespace
}  // namespace clause

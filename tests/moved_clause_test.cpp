// GET /v1/clauses/{id} for an id that is no current clause (issue 18): a
// live provision's earlier id (its provision id, a reworded clause's old id)
// is a 302 to its current clause, keeping the parameters; an unknown id
// stays a 404. On an index made by replaying a repository built here,
// served by the real server on a loopback port.
#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>

#include "tests/history_support.h"
#include "tests/running_server.h"
#include "tests/test_repo.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using nlohmann::json;

const std::string kCollect = "We collect the information you give us when you create an account.\n\n";
const std::string kV1 = "# Terms\n\n" + kCollect + "Any dispute will be resolved by binding arbitration in Delaware.\n";
const std::string kV2 = "# Terms\n\n" + kCollect + "Any dispute will be resolved by binding arbitration in Ohio.\n";
const std::string kV3 = "# Terms\n\n" + kCollect + "Any dispute will be resolved by binding arbitration in Texas.\n";

class MovedClauses : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);
    dir_ = new testing::TempDir();
    {
      TestRepo repo(dir_->path() / "repo");
      repo.commit({{"Acme/Terms.md", kV1}}, "2025-01-10");
      repo.commit({{"Acme/Terms.md", kV2}}, "2025-02-20");
      repo.commit({{"Acme/Terms.md", kV3}}, "2025-03-20");
    }
    const Replay run = replay_history(dir_->path() / "db", (dir_->path() / "repo").string());
    ASSERT_EQ(run.status, 0) << run.log;
    server_ = new testing::RunningServer((dir_->path() / "db").string());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static httplib::Result get(const std::string& path) {
    httplib::Client client("127.0.0.1", server_->port());
    return client.Get(path.c_str());
  }
  static json body(const httplib::Result& res) { return json::parse(res->body, nullptr, false); }

  static testing::TempDir* dir_;
  static testing::RunningServer* server_;
};
testing::TempDir* MovedClauses::dir_ = nullptr;
testing::RunningServer* MovedClauses::server_ = nullptr;

TEST_F(MovedClauses, AnEarlierIdOfALiveProvisionRedirectsToItsCurrentClause) {
  const auto found = get("/v1/search?q=arbitration");
  ASSERT_TRUE(found);
  const json hit = body(found)["results"][0];
  const std::string current = hit["id"];
  const auto history = body(get("/v1/clauses/" + current + "/history"));
  ASSERT_EQ(history["versions"].size(), 3u) << history;
  // The provision id (the first version's) and the middle version's id.
  for (const std::string& old : {history["versions"][0]["clause_id"].get<std::string>(),
                                history["versions"][1]["clause_id"].get<std::string>()}) {
    ASSERT_NE(old, current);
    const auto moved = get("/v1/clauses/" + old + "?as_of=2025-03-01");
    ASSERT_TRUE(moved);
    EXPECT_EQ(moved->status, 302) << old << ": " << moved->body;
    EXPECT_EQ(moved->get_header_value("Location"), "/v1/clauses/" + current + "?as_of=2025-03-01");
    EXPECT_EQ(body(moved)["moved_to"], current);
    EXPECT_EQ(body(moved)["provision_id"], history["provision_id"]);
  }
  // Followed, it is the current clause.
  httplib::Client client("127.0.0.1", server_->port());
  client.set_follow_location(true);
  const auto followed = client.Get(("/v1/clauses/" + history["provision_id"].get<std::string>()).c_str());
  ASSERT_TRUE(followed);
  EXPECT_EQ(followed->status, 200);
  EXPECT_EQ(body(followed)["id"], current);
  EXPECT_NE(body(followed)["text"].get<std::string>().find("Texas"), std::string::npos);
}

TEST_F(MovedClauses, ACurrentClauseAndAnUnknownIdAnswerAsBefore) {
  const std::string current = body(get("/v1/search?q=arbitration"))["results"][0]["id"];
  EXPECT_EQ(get("/v1/clauses/" + current)->status, 200);
  EXPECT_EQ(get("/v1/clauses/acme--terms--0000000000000000")->status, 404) << "an id of the document's form";
  EXPECT_EQ(get("/v1/clauses/nothing-at-all")->status, 404);
  EXPECT_EQ(get("/v1/clauses/" + current + "?as_of=not-a-date")->status, 400) << "parameters are checked first";
}

}  // namespace
}  // namespace clause

// GET /v1/changes, /v1/changes.atom and /v1/changes/{id} (issue 18) on an
// index made by really replaying a small git repository (libgit2, as
// tests/history_test.cpp): order, paging, filters, exact facets, 400s, 404,
// and the feed read back by expat and checked against RFC 4287's rules.
#include <expat.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "indexer/history_command.h"
#include "search/search_service.h"
#include "server/http_api.h"
#include "test_support.h"
#include "tests/test_repo.h"

namespace clause {
namespace {

using nlohmann::json;
using testing::TempDir;

const std::string kAcme1 =
    "# Terms\n\nWe collect the information you give us when you create an account.\n\n"
    "Any dispute will be resolved by binding arbitration in the State of Delaware.\n\n"
    "These terms are governed by the laws of the State of New York.\n";
const std::string kAcme2 =
    "# Terms\n\nWe collect the information you give us when you create an account.\n\n"
    "Any dispute will be resolved by binding arbitration in the State of California.\n\n"
    "We share your personal data with advertising partners to show you relevant ads.\n";
const std::string kAcme3 = kAcme2 + "\nWe may change these terms at any time without telling you first.\n";
const std::string kBolt1 =
    "# Privacy <em>notice</em>\n\nWe keep your messages for thirty days.\n\n"
    "You can delete your account from the settings page.\n";
const std::string kBolt2 =
    "# Privacy <em>notice</em>\n\nWe keep your messages for ninety days & may read them.\n\n"
    "You can delete your account from the settings page.\n";

class ChangesApi : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::warn);
    TestRepo repo(tmp_.path() / "repo");
    repo.commit({{"Acme/Terms of Service.md", kAcme1}}, "2025-01-10");
    repo.commit({{"Bolt/Privacy Policy.md", kBolt1}}, "2025-01-12");
    repo.commit({{"Acme/Terms of Service.md", kAcme2}}, "2025-02-20");
    repo.commit({{"Bolt/Privacy Policy.md", kBolt2}}, "2025-03-01");
    repo.commit({{"Acme/Terms of Service.md", kAcme3}}, "2025-03-05");
    IndexerOptions options;
    options.db_path = (tmp_.path() / "db").string();
    options.history_repo = (tmp_.path() / "repo").string();
    options.quiet = true;
    std::ostringstream log;
    std::atomic<bool> stop{false};
    ASSERT_EQ(run_history(options, [](ClauseRecord&) {}, log, stop), 0) << log.str();
    auto opened = search::SearchService::open(options.db_path);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
    api_ = std::make_unique<server::Api>(*service_, metrics_);
    api_->set_public_url("https://clauses.example.org");
  }

  server::ApiResponse get(const std::string& path, server::ParamMap params = {}) {
    server::ApiRequest req;
    req.path = path;
    req.params = std::move(params);
    return api_->handle(req);
  }
  json list(server::ParamMap params = {}) {
    const auto r = get("/v1/changes", std::move(params));
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }
  static std::vector<std::string> platforms_in_order(const json& answer) {
    std::vector<std::string> out;
    for (const auto& c : answer["results"]) out.push_back(c["platform"].get<std::string>() + " " + c["date"].get<std::string>());
    return out;
  }
  static std::size_t count_of(const json& facet, const std::string& slug) {
    for (const auto& e : facet) {
      if (e["slug"] == slug) return e["count"];
    }
    return 0;
  }

  TempDir tmp_;
  std::unique_ptr<search::SearchService> service_;
  server::Metrics metrics_;
  std::unique_ptr<server::Api> api_;
};

TEST_F(ChangesApi, ListsNewestFirstWithExactTotalAndFacetsAndPages) {
  const json all = list();
  EXPECT_EQ(all["total"], 3);
  EXPECT_EQ(platforms_in_order(all), (std::vector<std::string>{"Acme 2025-03-05T12:00:00Z", "Bolt 2025-03-01T12:00:00Z",
                                                               "Acme 2025-02-20T12:00:00Z"}));
  for (const auto& c : all["results"]) {
    EXPECT_FALSE(c.contains("clauses")) << "the list leaves the diffs to /v1/changes/{id}";
    EXPECT_TRUE(c.contains("summary") && c.contains("counts") && c.contains("id"));
  }
  EXPECT_EQ(count_of(all["facets"]["platform"], "acme"), 2u);
  EXPECT_EQ(count_of(all["facets"]["platform"], "bolt"), 1u);
  EXPECT_EQ(count_of(all["facets"]["month"], "2025-03"), 2u);
  EXPECT_EQ(count_of(all["facets"]["month"], "2025-02"), 1u);
  EXPECT_EQ(all["facets"]["platform"][0]["value"], "Acme") << "display names";

  const json second = list({{"limit", "1"}, {"offset", "1"}});
  EXPECT_EQ(second["total"], 3);
  ASSERT_EQ(second["results"].size(), 1u);
  EXPECT_EQ(second["results"][0]["id"], all["results"][1]["id"]);
}

TEST_F(ChangesApi, FiltersNarrowTheListAndEachFacetIgnoresItsOwnFilter) {
  const json acme = list({{"platform", "Acme"}});
  EXPECT_EQ(acme["total"], 2);
  EXPECT_EQ(count_of(acme["facets"]["platform"], "bolt"), 1u) << "the alternatives to a choice stay visible";
  EXPECT_EQ(count_of(acme["facets"]["month"], "2025-03"), 1u) << "other facets follow the filter";
  EXPECT_EQ(list({{"since", "2025-03-01"}, {"until", "2025-03-01"}})["total"], 1) << "both days included";
  EXPECT_EQ(list({{"since", "2025-03-02"}})["total"], 1);
  EXPECT_EQ(list({{"q", "ninety"}})["total"], 1);
  // Change records' words have no positions: a phrase matches the records
  // holding all of its words, in any order (docs/API.md).
  EXPECT_EQ(list({{"q", "\"ninety days\""}})["total"], 1);
  EXPECT_EQ(list({{"q", "\"days ninety\""}})["total"], 1);
  EXPECT_EQ(list({{"q", "\"ninety weeks\""}})["total"], 0) << "still every word";
  EXPECT_EQ(list({{"document", "privacy-policy"}})["total"], 1);
  // Severity is exact: the severity facet's count of each value is what its filter returns.
  for (const auto& e : list()["facets"]["severity"]) {
    EXPECT_EQ(list({{"severity", e["slug"].get<std::string>()}})["total"], e["count"]) << e;
  }
  // (This replay classifies nothing, so the category facet is empty here.)
  for (const auto& e : list()["facets"]["category"]) {
    EXPECT_EQ(list({{"category", e["slug"].get<std::string>()}})["total"], e["count"]) << e;
  }
  // A month facet entry is a filter too, and the month facet ignores it.
  for (const auto& e : list()["facets"]["month"]) {
    EXPECT_EQ(list({{"month", e["slug"].get<std::string>()}})["total"], e["count"]) << e;
  }
  const json march = list({{"month", "2025-03"}});
  EXPECT_EQ(platforms_in_order(march),
            (std::vector<std::string>{"Acme 2025-03-05T12:00:00Z", "Bolt 2025-03-01T12:00:00Z"}));
  EXPECT_EQ(count_of(march["facets"]["month"], "2025-02"), 1u) << "the other months stay visible";
  EXPECT_EQ(list({{"month", "2025-02,2025-03"}})["total"], 3) << "months OR";
  EXPECT_EQ(list({{"month", "2024-12"}})["total"], 0) << "a month without changes is empty, not an error";
}

TEST_F(ChangesApi, BadParametersAreA400NamingTheParameter) {
  const auto parameter = [&](server::ParamMap params) {
    const auto r = get("/v1/changes", std::move(params));
    EXPECT_EQ(r.status, 400) << r.body;
    return json::parse(r.body)["error"].value("parameter", "");
  };
  EXPECT_EQ(parameter({{"platform", "Nosuchplatform"}}), "platform");
  EXPECT_EQ(parameter({{"severity", "dire"}}), "severity");
  EXPECT_EQ(parameter({{"since", "2025-02-30"}}), "since");
  EXPECT_EQ(parameter({{"since", "2025-03-02"}, {"until", "2025-03-01"}}), "since");
  EXPECT_EQ(parameter({{"limit", "101"}}), "limit");
  EXPECT_EQ(parameter({{"month", "2025-13"}}), "month");
  EXPECT_EQ(parameter({{"month", "March"}}), "month");
  EXPECT_EQ(parameter({{"categroy", "x"}}), "categroy");
  EXPECT_EQ(get("/v1/changes.atom", {{"facet_limit", "3"}}).status, 400) << "a feed counts no facets";
}

TEST_F(ChangesApi, OneRecordHasItsClausesAndDiffsAndAnUnknownIdIs404) {
  const std::string id = list({{"platform", "bolt"}})["results"][0]["id"];
  const auto r = get("/v1/changes/" + id);
  ASSERT_EQ(r.status, 200);
  const json record = json::parse(r.body);
  ASSERT_FALSE(record["clauses"].empty());
  EXPECT_NE(record["clauses"][0]["diff"].get<std::string>().find("ninety days &amp; may read them.</ins>"),
            std::string::npos)
      << record;
  const auto missing = get("/v1/changes/chg-0000000000000000");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(json::parse(missing.body)["error"]["message"].get<std::string>().find("chg-0000000000000000"),
            std::string::npos);
  EXPECT_EQ(get("/v1/changes/" + id, {{"x", "1"}}).status, 400);
}

TEST_F(ChangesApi, ClauseSearchesStillLeaveChangeRecordsOut) {
  const auto r = get("/v1/search", {{"q", "ninety"}});
  ASSERT_EQ(r.status, 200);
  const json right = json::parse(r.body);
  for (const auto& hit : right["results"]) EXPECT_FALSE(hit["id"].get<std::string>().rfind("chg-", 0) == 0);
  // Nor does the spelling correction that answers a typo without hits.
  const auto typo = get("/v1/search", {{"q", "ninty"}});
  ASSERT_EQ(typo.status, 200);
  const json corrected = json::parse(typo.body);
  EXPECT_EQ(corrected.value("showing_results_for", ""), "ninety") << typo.body;
  EXPECT_EQ(corrected["total"], right["total"]);
  EXPECT_EQ(corrected["facets"], right["facets"]);
  for (const auto& hit : corrected["results"]) EXPECT_FALSE(hit["id"].get<std::string>().rfind("chg-", 0) == 0);
}

// The snapshot holds the change records too (BM25 counts them), but says
// how many clauses it has as the index does.
TEST_F(ChangesApi, TheSnapshotCountsClausesAsTheIndexDoes) {
  ASSERT_TRUE(service_->wait_for_similar_snapshot(60));
  const auto r = get("/healthz");
  ASSERT_EQ(r.status, 200) << r.body;
  const json health = json::parse(r.body);
  ASSERT_EQ(health["similar_snapshot"]["state"], "ready");
  EXPECT_EQ(health["similar_snapshot"]["clauses"], health["index"]["clauses"]) << r.body;
}

// --- the Atom feed, read by expat with namespaces on -----------------------

struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  std::vector<std::unique_ptr<XmlNode>> children;
  std::vector<const XmlNode*> all(const std::string& n) const {
    std::vector<const XmlNode*> out;
    for (const auto& c : children) {
      if (c->name == n) out.push_back(c.get());
    }
    return out;
  }
};

std::unique_ptr<XmlNode> parse_xml(const std::string& xml) {
  struct State {
    std::unique_ptr<XmlNode> root;
    std::vector<XmlNode*> open;
  } state;
  XML_Parser parser = XML_ParserCreateNS("UTF-8", ' ');
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& s = *static_cast<State*>(data);
        auto node = std::make_unique<XmlNode>();
        node->name = name;
        for (int i = 0; attrs[i] != nullptr; i += 2) node->attributes[attrs[i]] = attrs[i + 1];
        XmlNode* raw = node.get();
        if (s.open.empty()) {
          s.root = std::move(node);
        } else {
          s.open.back()->children.push_back(std::move(node));
        }
        s.open.push_back(raw);
      },
      [](void* data, const XML_Char*) { static_cast<State*>(data)->open.pop_back(); });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int len) {
    auto& s = *static_cast<State*>(data);
    if (!s.open.empty()) s.open.back()->text.append(text, static_cast<std::size_t>(len));
  });
  const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  EXPECT_TRUE(ok) << XML_ErrorString(XML_GetErrorCode(parser)) << " at line " << XML_GetCurrentLineNumber(parser);
  XML_ParserFree(parser);
  return std::move(state.root);
}

const std::string kAtom = "http://www.w3.org/2005/Atom ";
const std::regex kRfc3339(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");

// RFC 4287 4.1.1 and 4.1.2: exactly one id, title and updated; updated a
// date-time; an entry without content has an alternate link (ours have both).
void expect_atom_head(const XmlNode& node) {
  for (const char* one : {"id", "title", "updated"}) EXPECT_EQ(node.all(kAtom + one).size(), 1u) << one;
  if (!node.all(kAtom + "updated").empty()) {
    EXPECT_TRUE(std::regex_match(node.all(kAtom + "updated")[0]->text, kRfc3339)) << node.all(kAtom + "updated")[0]->text;
  }
}

// A feed reader that polls with the tag it has hears 304 until the feed's
// bytes change; another feed (other filters) has another tag.
TEST_F(ChangesApi, ThePolledFeedIsNotModifiedUntilItChanges) {
  server::ApiRequest req;
  req.path = "/v1/changes.atom";
  req.params = {{"platform", "acme"}};
  const auto first = api_->handle(req);
  ASSERT_EQ(first.status, 200) << first.body;
  std::string tag;
  for (const auto& [name, value] : first.headers) {
    if (name == "ETag") tag = value;
  }
  ASSERT_FALSE(tag.empty());
  req.if_none_match = tag;
  const auto again = api_->handle(req);
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  req.params = {{"platform", "bolt"}};
  EXPECT_EQ(api_->handle(req).status, 200) << "another feed's bytes: another tag";
}

TEST_F(ChangesApi, TheFeedIsValidAtomWithUniqueIdsDatesAndLinks) {
  const auto r = get("/v1/changes.atom", {{"platform", "acme,bolt"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type.rfind("application/atom+xml", 0), 0u);
  const auto feed = parse_xml(r.body);
  ASSERT_TRUE(feed);
  ASSERT_EQ(feed->name, kAtom + "feed");
  expect_atom_head(*feed);
  EXPECT_EQ(feed->all(kAtom + "author").size(), 1u) << "a feed author, as entries have none";
  // Links by rel and type: RFC 4287 allows one alternate per type.
  std::map<std::string, std::string> links;
  for (const auto* l : feed->all(kAtom + "link")) {
    const std::string key = l->attributes.at("rel") + " " + l->attributes.at("type");
    EXPECT_EQ(links.count(key), 0u) << key;
    links[key] = l->attributes.at("href");
  }
  EXPECT_EQ(links["self application/atom+xml"], "https://clauses.example.org/v1/changes.atom?platform=acme%2Cbolt");
  EXPECT_EQ(links["alternate application/json"], "https://clauses.example.org/v1/changes?platform=acme%2Cbolt");
  EXPECT_EQ(links["alternate text/html"], "https://clauses.example.org/#/changes?platform=acme%2Cbolt")
      << "a feed reader opens the page's Changes view with the same filters";

  const auto entries = feed->all(kAtom + "entry");
  ASSERT_EQ(entries.size(), 3u);
  std::set<std::string> ids;
  const json records = list()["results"];
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const XmlNode& e = *entries[i];
    expect_atom_head(e);
    ids.insert(e.all(kAtom + "id")[0]->text);
    EXPECT_EQ(e.all(kAtom + "id")[0]->text.rfind("urn:uuid:", 0), 0u);
    const auto link = e.all(kAtom + "link");
    ASSERT_EQ(link.size(), 2u);
    const std::string id = records[i]["id"].get<std::string>();
    EXPECT_EQ(link[0]->attributes.at("type"), "text/html") << "the first alternate is what a reader opens";
    EXPECT_EQ(link[0]->attributes.at("href"), "https://clauses.example.org/#/change/" + id);
    EXPECT_EQ(link[1]->attributes.at("type"), "application/json");
    EXPECT_EQ(link[1]->attributes.at("href"), "https://clauses.example.org/v1/changes/" + id);
    EXPECT_EQ(get(link[1]->attributes.at("href").substr(std::string("https://clauses.example.org").size())).status, 200);
    ASSERT_EQ(e.all(kAtom + "content").size(), 1u);
    EXPECT_EQ(e.all(kAtom + "content")[0]->attributes.at("type"), "html");
    EXPECT_EQ(e.all(kAtom + "summary")[0]->text, records[i]["summary"]);
  }
  EXPECT_EQ(ids.size(), entries.size()) << "entry ids are unique";
  EXPECT_EQ(feed->all(kAtom + "updated")[0]->text, "2025-03-05T12:00:00Z") << "the newest entry's date";
  // The diff's markup arrives as text of the content, to be read as HTML.
  const std::string bolt = entries[1]->all(kAtom + "content")[0]->text;
  EXPECT_NE(bolt.find("ninety days &amp; may read them.</ins>"), std::string::npos)
      << "the diff's markup, and its own escaping, survive: " << bolt;
  // A clause's heading is the source's, markup included: shown as its text.
  EXPECT_NE(bolt.find("<h3>Added: Privacy notice</h3>"), std::string::npos) << bolt;
  // Entry ids stay put from one request to the next.
  EXPECT_EQ(parse_xml(get("/v1/changes.atom").body)->all(kAtom + "entry")[0]->all(kAtom + "id")[0]->text,
            entries[0]->all(kAtom + "id")[0]->text);
}

}  // namespace
}  // namespace clause

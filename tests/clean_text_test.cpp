// Clean text for readers (issue 19, item 2): every clause object the API
// returns carries `text_plain` (and `title_plain` when it has a title), the
// text without markup that docs/API.md names as the one to show, and
// snippets hold no tag but <mark>. The fixture's hooli-1 holds tags,
// entities and a script-like title.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "schema/plain_text.h"
#include "server/json_render.h"
#include "tests/api_harness.h"

namespace clause::server {
namespace {

using nlohmann::json;

class CleanTextTest : public clause::testing::ApiHarness {
 protected:
  void SetUp() override { open_api(); }
  json get(const std::string& path, ParamMap params = {}) {
    const auto r = request("GET", path, {}, std::move(params));
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    return json::parse(r.body);
  }
  // The clause objects of every kind of answer, each with the answer it
  // came from.
  std::vector<std::pair<std::string, json>> clause_objects() {
    std::vector<std::pair<std::string, json>> out;
    const auto add = [&out](const std::string& from, const json& list) {
      for (const auto& r : list) out.emplace_back(from, r);
    };
    add("search", get("/v1/search", {{"q", "cookies"}})["results"]);
    out.emplace_back("clause", get("/v1/clauses/hooli-1"));
    out.emplace_back("similar clause", get("/v1/clauses/hooli-1/similar")["clause"]);
    add("similar", get("/v1/clauses/initech-2/similar")["results"]);
    server::ApiRequest post;
    post.method = "POST";
    post.path = "/v1/similar";
    post.body = R"({"text": "Cookies track you and remain text"})";
    add("similar text", json::parse(api_->handle(post).body)["results"]);
    const json compare = get("/v1/compare", {{"category", "tracking-cookies"}, {"platforms", "hooli,initech"}});
    for (const auto& row : compare["rows"]) add("compare", row["results"]);
    add("category", get("/v1/categories/tracking-cookies")["results"]);
    add("platform", get("/v1/platforms/hooli")["results"]);
    return out;
  }
};

TEST_F(CleanTextTest, EveryClauseObjectCarriesItsPlainText) {
  std::set<std::string> with_markup;
  for (const auto& [from, r] : clause_objects()) {
    ASSERT_TRUE(r.contains("text_plain")) << from << ": " << r.dump();
    EXPECT_EQ(r["text_plain"], plain_text(r["text"].get<std::string>())) << from << ": " << r["id"];
    EXPECT_EQ(r.contains("title_plain"), r.contains("title")) << from << ": " << r["id"];
    if (r.contains("title")) {
      EXPECT_EQ(r["title_plain"], plain_text(r["title"].get<std::string>())) << from;
    }
    if (r["id"] != "hooli-1") continue;
    with_markup.insert(from);
    // Entities decoded (the &lt;script&gt; is text that reads "<script>"),
    // the <b> tag gone; the title was nothing but a tag.
    EXPECT_EQ(r["text_plain"], "Cookies and <script>alert(\"pwned\")</script> tags here & \"quotes\" remain text.")
        << from;
    EXPECT_EQ(r["title_plain"], "") << from;
  }
  EXPECT_EQ(with_markup, (std::set<std::string>{"search", "clause", "similar clause", "similar", "similar text",
                                                 "compare", "category", "platform"}));
}

TEST_F(CleanTextTest, SnippetsHoldNoTagButMark) {
  const json found = get("/v1/search", {{"q", "cookies tags"}});
  ASSERT_FALSE(found["results"].empty());
  for (const auto& r : found["results"]) {
    std::string snippet = r["snippet"];
    for (const std::string mark : {"<mark>", "</mark>"}) {
      for (auto at = snippet.find(mark); at != std::string::npos; at = snippet.find(mark)) {
        snippet.erase(at, mark.size());
      }
    }
    EXPECT_EQ(snippet.find('<'), std::string::npos) << r["snippet"];
    EXPECT_EQ(snippet.find("&lt;b&gt;"), std::string::npos) << r["snippet"];
  }
}

TEST(CleanText, TheStoredRecordKeepsItsBytesAndGainsThePlainFields) {
  const std::string stored = R"({"id":"a","text":"x <b>y</b>","title":"T&amp;C"})";
  const std::string out = with_plain_text(stored);
  EXPECT_EQ(out.substr(0, stored.size() - 1), stored.substr(0, stored.size() - 1));
  const json parsed = json::parse(out);
  EXPECT_EQ(parsed["text_plain"], "x y");
  EXPECT_EQ(parsed["title_plain"], "T&C");
  EXPECT_EQ(json::parse(with_plain_text(R"({"id":"b","text":"z"})")).count("title_plain"), 0u);
  EXPECT_EQ(with_plain_text("not json"), "not json");
}

// The stored record is read in one pass without a parsed tree: only the
// top-level fields count, the last of a repeated key wins, and a text that
// is not a string has no plain form (as a parsed object would give).
TEST(CleanText, OnlyTheRecordsOwnTopLevelFieldsAreRead) {
  const auto plain = [](const std::string& stored) { return json::parse(with_plain_text(stored)); };
  EXPECT_EQ(plain(R"({"meta":{"text":"inner","title":"inner"},"text":"outer"})")["text_plain"], "outer");
  EXPECT_EQ(plain(R"({"meta":{"text":"inner","title":"inner"},"text":"outer"})").count("title_plain"), 0u);
  EXPECT_EQ(plain(R"({"list":["text","a"],"text":"b"})")["text_plain"], "b");
  EXPECT_EQ(plain(R"({"text":"first","text":"last &amp; final"})")["text_plain"], "last & final");
  EXPECT_EQ(plain(R"({"text":"a string","text":7})")["text_plain"], "");
  EXPECT_EQ(plain(R"({"text":7})")["text_plain"], "");
  EXPECT_EQ(plain("{}"), json({{"text_plain", ""}}));
  // Not an object, or broken: the bytes as stored.
  EXPECT_EQ(with_plain_text(R"(["text","x"])"), R"(["text","x"])");
  EXPECT_EQ(with_plain_text(R"({"text":"x")"), R"({"text":"x")");
  const auto removed = [](const std::string& stored) {
    return json::parse(with_plain_text(stored, [](const StoredRecordFields& f) {
      return json{{"had_removed_at", f.has_removed_at}};
    }))["had_removed_at"];
  };
  EXPECT_EQ(removed(R"({"text":"x","removed_at":"2026-01-02"})"), true);
  EXPECT_EQ(removed(R"({"text":"x","meta":{"removed_at":1}})"), false);
}

// The answer made from a record rendered once (kept per revision) is byte
// for byte the one made in one go: the extra fields and the plain texts in
// the order of their names, whatever the names, as one dumped object has
// them. The reference is the whole object dumped and joined in.
TEST(CleanText, ARenderedRecordAnswersAsTheRecordItself) {
  const auto reference = [](const std::string& stored, json extra) {
    const json parsed = json::parse(stored);
    extra["text_plain"] = parsed.contains("text") && parsed["text"].is_string()
                              ? plain_text(parsed["text"].get<std::string>()) : std::string();
    if (parsed.contains("title") && parsed["title"].is_string()) {
      extra["title_plain"] = plain_text(parsed["title"].get<std::string>());
    }
    std::string fields = extra.dump(-1, ' ', false, json::error_handler_t::replace);
    fields.front() = parsed.empty() ? ' ' : ',';
    fields.pop_back();
    std::string out = stored;
    out.insert(out.rfind('}'), fields);
    return out;
  };
  const std::vector<std::string> records = {
      R"({"id":"a","text":"x <b>y</b>","title":"T&amp;C"})", R"({"id":"b","text":"z"})", "{}",
      R"({"text":"bad \u00e9 \ud83d\ude00 &lt;i&gt;"})", R"({"title":"only a title"})"};
  const std::vector<json> extras = {
      json::object(), json{{"changes", {{"last_30_days", 2}}}, {"removed_at", nullptr}},
      json{{"aaa", 1}, {"text_plaia", 2}, {"text_plaj", 3}, {"title_plaio", 4}, {"zz", "5"}},
      json{{"text_plain", "not this"}, {"\u00e9", true}}};
  for (const auto& stored : records) {
    for (const auto& extra : extras) {
      const RenderedRecord rendered = render_stored_record(stored);
      EXPECT_EQ(stored_record_answer(rendered, extra), reference(stored, extra)) << stored << " " << extra;
      EXPECT_EQ(with_plain_text(stored, [&](const StoredRecordFields&) { return extra; }),
                reference(stored, extra));
    }
  }
  EXPECT_EQ(stored_record_answer(render_stored_record("not json"), json{{"a", 1}}), "not json");
}

}  // namespace
}  // namespace clause::server

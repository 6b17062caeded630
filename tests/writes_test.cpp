// Writes over HTTP (issue 20), without a socket: PUT and DELETE
// /v1/clauses/{id}, POST /v1/clauses:batch and POST /v1/documents through
// Api::handle on a real index: who may write (401, 403), what a write
// answers (counts, a rejected line's position and field), that a document
// becomes the clauses `clause-indexer --docs` makes of it, that the next
// read sees it, and 503 with
// Retry-After, at once, when another writer holds Xapian's lock.
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "indexer/record_writes.h"
#include "schema/clause_typing.h"
#include "indexer/sharded_index.h"
#include "schema/taxonomy.h"
#include "search/search_service.h"
#include "server/http_api.h"
#include "tests/fixture_index.h"

namespace clause::server {
namespace {

using nlohmann::json;

server::ApiKey make_key(const std::string& name, KeyScope scope, const std::string& secret) {
  ApiKey k;
  k.name = name;
  k.scope = scope;
  k.rate = 1000;
  k.burst = 1000;
  k.digest = key_digest(secret);
  return k;
}

constexpr char kRecord[] =
    R"({"id":"w-1","platform":"Writeco","document":"Terms","text":"We may terminate your account at any time without notice."})";

constexpr char kTerms[] =
    "# Terms\n\nLast updated: 1 May 2024\n\n"
    "## Disputes\n\nAll disputes are settled by binding arbitration in Delaware.\n\n"
    "## Accounts\n\nWe may suspend your account if you break these terms.\n\n"
    "You can close your account at any time from the settings page.\n";

std::string document_body(const std::string& markdown, const std::string& date = "") {
  json body = {{"platform", "Writeco"}, {"document", "Terms of Service"}, {"markdown", markdown}};
  if (!date.empty()) body["date"] = date;
  return body.dump();
}

// The records `clause-indexer --docs` makes of tree/Writeco/Terms of
// Service.md holding `markdown` (with the shipped type models, its default).
std::vector<json> indexed_by_docs(const clause::testing::TempDir& dir, const std::string& markdown) {
  dir.write("tree/Writeco/Terms of Service.md", markdown);
  const std::string db = dir.file("docs-index");
  {
    auto writer = IndexWriter::open(db);
    EXPECT_TRUE(writer.ok());
    IndexerOptions options;
    options.doc_dirs = {dir.file("tree")};
    options.quiet = true;
    std::ostringstream diag;
    const std::atomic<bool> stop{false};
    const Classifier classifier(default_taxonomy());
    const auto models = default_type_models();
    Ingest ingest(**writer, options, diag, stop);
    ingest.set_classifier(&classifier);
    if (models) ingest.set_type_models(&*models);
    ingest.run();
  }
  std::vector<json> records;
  Xapian::Database read(db);
  for (auto it = read.postlist_begin(""); it != read.postlist_end(""); ++it) {
    records.push_back(json::parse(read.get_document(*it).get_data()));
  }
  return records;
}

class WritesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    spdlog::set_level(spdlog::level::off);
    path_ = clause::testing::build_index(dir_, clause::testing::fixture_records());
    auto opened = search::SearchService::open(path_);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    service_ = std::move(*opened);
    api_ = std::make_unique<Api>(*service_, metrics_);
    api_->set_keys(&keys_);
    writer_ = std::make_unique<RecordWriter>(path_, classifier_);
    api_->set_writer(writer_.get());
  }
  ApiResponse call(const std::string& method, const std::string& path, const std::string& body,
                   const std::string& key = "admin-key") {
    ApiRequest req;
    req.method = method;
    req.path = path;
    req.body = body;
    req.api_key = key;
    return api_->handle(req);
  }
  // What a search finds (-1 when it is refused).
  long search_total(ParamMap params) {
    ApiRequest req;
    req.path = "/v1/search";
    req.params = std::move(params);
    req.api_key = "search-key";
    return json::parse(api_->handle(req).body).value("total", -1L);
  }
  static std::string header(const ApiResponse& r, const std::string& name) {
    for (const auto& [n, v] : r.headers) {
      if (n == name) return v;
    }
    return {};
  }

  clause::testing::TempDir dir_;
  std::string path_;
  std::unique_ptr<search::SearchService> service_;
  Metrics metrics_;
  KeyStore keys_{{make_key("site", KeyScope::search, "search-key"), make_key("backend", KeyScope::admin, "admin-key")}};
  Classifier classifier_{default_taxonomy()};
  std::unique_ptr<RecordWriter> writer_;
  std::unique_ptr<Api> api_;
};

TEST_F(WritesTest, OnlyAdminKeysWrite) {
  EXPECT_EQ(call("PUT", "/v1/clauses/w-1", kRecord, "").status, 401);
  const auto search = call("PUT", "/v1/clauses/w-1", kRecord, "search-key");
  EXPECT_EQ(search.status, 403);
  EXPECT_NE(search.body.find("needs an admin key"), std::string::npos) << search.body;
  EXPECT_EQ(call("DELETE", "/v1/clauses/globex-1", "", "search-key").status, 403);
  EXPECT_EQ(call("POST", "/v1/clauses:batch", kRecord, "search-key").status, 403);
  EXPECT_EQ(call("GET", "/v1/clauses/w-1", "").status, 404);  // nothing was written
}

TEST_F(WritesTest, WritesAreOffWithoutKeysOrOnAnIndexThatCannotTakeThem) {
  api_->set_keys(nullptr);
  const auto off = call("PUT", "/v1/clauses/w-1", kRecord);
  EXPECT_EQ(off.status, 403);
  EXPECT_NE(off.body.find("--keys"), std::string::npos) << off.body;
  api_->set_keys(&keys_);
  api_->set_writer(nullptr, "the index is sharded");
  const auto sharded = call("POST", "/v1/clauses:batch", kRecord);
  EXPECT_EQ(sharded.status, 403);
  EXPECT_NE(sharded.body.find("the index is sharded"), std::string::npos) << sharded.body;
  EXPECT_FALSE(writes_unsupported_reason(path_ + "/no-such").empty());
  EXPECT_TRUE(writes_unsupported_reason(path_).empty());
  const std::string sharded_dir = dir_.file("sharded");
  {
    auto built = ShardedIndex::open(sharded_dir, {2, {}}, {});
    ASSERT_TRUE(built.ok()) << built.error().message;
    (*built)->put(clause::testing::fixture_records()[0]);
    (*built)->commit();
  }
  EXPECT_NE(writes_unsupported_reason(sharded_dir).find("sharded"), std::string::npos);
}

TEST_F(WritesTest, PutAddsUpdatesAndTheNextReadSeesIt) {
  const auto added = call("PUT", "/v1/clauses/w-1", kRecord);
  ASSERT_EQ(added.status, 200) << added.body;
  EXPECT_EQ(json::parse(added.body), (json{{"id", "w-1"}, {"result", "added"}}));
  const auto read = call("GET", "/v1/clauses/w-1", "");
  ASSERT_EQ(read.status, 200);
  // Classified as the indexer would: the record brought no categories.
  EXPECT_FALSE(json::parse(read.body)["categories"].empty()) << read.body;
  // And typed by the shipped models as the indexer would: it brought no type.
  const auto typed = call("PUT", "/v1/clauses/w-2",
                          R"({"platform":"Writeco","document":"Terms","text":)"
                          R"("Any dispute shall be resolved by binding arbitration, and you waive any class action."})");
  ASSERT_EQ(typed.status, 200) << typed.body;
  const auto typed_read = json::parse(call("GET", "/v1/clauses/w-2", "").body);
  EXPECT_EQ(typed_read.value("type_source", ""), "predicted") << typed_read.dump();
  EXPECT_FALSE(typed_read.value("clause_type", "").empty()) << typed_read.dump();
  EXPECT_EQ(json::parse(call("PUT", "/v1/clauses/w-1", kRecord).body)["result"], "unchanged");
  // The id may be left to the path.
  const auto updated = call("PUT", "/v1/clauses/w-1",
                            R"({"platform":"Writeco","document":"Terms","text":"We never end accounts."})");
  EXPECT_EQ(json::parse(updated.body)["result"], "updated");
  EXPECT_NE(call("GET", "/v1/search", "").status, 500);
  EXPECT_NE(call("GET", "/v1/clauses/w-1", "").body.find("never end"), std::string::npos);
}

TEST_F(WritesTest, PutRefusesABadRecordNamingTheField) {
  const auto no_text = call("PUT", "/v1/clauses/w-1", R"({"platform":"Writeco","document":"Terms"})");
  EXPECT_EQ(no_text.status, 400);
  EXPECT_EQ(json::parse(no_text.body)["error"]["parameter"], "text") << no_text.body;
  const auto other_id = call("PUT", "/v1/clauses/w-1",
                             R"({"id":"w-2","platform":"Writeco","document":"Terms","text":"x"})");
  EXPECT_EQ(other_id.status, 400);
  EXPECT_EQ(json::parse(other_id.body)["error"]["parameter"], "id");
  const auto no_such_day = call("PUT", "/v1/clauses/w-1",
                                R"({"platform":"Writeco","document":"Terms","text":"x","updated":"2025-02-31"})");
  EXPECT_EQ(no_such_day.status, 400);
  EXPECT_EQ(json::parse(no_such_day.body)["error"]["parameter"], "updated") << no_such_day.body;
  const auto twice = call("PUT", "/v1/clauses/w-1",
                          R"({"platform":"Writeco","platform":"Other","document":"Terms","text":"x"})");
  EXPECT_EQ(twice.status, 400);
  EXPECT_EQ(json::parse(twice.body)["error"]["parameter"], "platform") << twice.body;
  const auto document_twice = call("POST", "/v1/documents",
                                   R"({"platform":"Writeco","document":"Terms","markdown":"# A\n\nOne clause here.","markdown":"x"})");
  EXPECT_EQ(document_twice.status, 400);
  EXPECT_EQ(json::parse(document_twice.body)["error"]["parameter"], "markdown") << document_twice.body;
  const auto not_json = call("PUT", "/v1/clauses/w-1", "id=w-1");
  EXPECT_EQ(not_json.status, 400);
  EXPECT_EQ(json::parse(not_json.body)["error"]["parameter"], "body");
  EXPECT_EQ(call("GET", "/v1/clauses/w-1", "").status, 404);
}

// The writes go through the indexer's validation: a value nested deeper
// than kMaxValueDepth is a 400 (PUT) or a rejected line (batch) naming its
// field, not a stack overflow that takes the server down.
TEST_F(WritesTest, AFieldNestedTooDeepIsRefusedNamingItNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string record = R"({"id":"w-1","platform":"Writeco","document":"Terms","text":"x y","x":)" + deep + "}";
  const auto put = call("PUT", "/v1/clauses/w-1", record);
  EXPECT_EQ(put.status, 400);
  EXPECT_EQ(json::parse(put.body)["error"]["parameter"], "x") << put.body;
  const auto batch = call("POST", "/v1/clauses:batch", std::string(kRecord) + "\n" + record + "\n");
  ASSERT_EQ(batch.status, 200) << batch.body;
  const json out = json::parse(batch.body);
  EXPECT_EQ(out["added"], 1);
  ASSERT_EQ(out["rejected"].size(), 1u) << out.dump();
  EXPECT_EQ(out["rejected"][0]["line"], 2);
  EXPECT_EQ(out["rejected"][0]["field"], "x");
  const auto document = call("POST", "/v1/documents",
                             R"({"platform":"Writeco","document":"Terms","markdown":)" + deep + "}");
  EXPECT_EQ(document.status, 400);
  EXPECT_EQ(json::parse(document.body)["error"]["parameter"], "markdown") << document.body;
}

TEST_F(WritesTest, DeleteRemovesARecordAndAMissingOneIs404) {
  ASSERT_EQ(call("GET", "/v1/clauses/globex-1", "").status, 200);
  const auto deleted = call("DELETE", "/v1/clauses/globex-1", "");
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(json::parse(deleted.body)["result"], "deleted");
  EXPECT_EQ(call("GET", "/v1/clauses/globex-1", "").status, 404);
  const auto again = call("DELETE", "/v1/clauses/globex-1", "");
  EXPECT_EQ(again.status, 404);
  EXPECT_EQ(json::parse(again.body)["error"].value("parameter", ""), "id") << again.body;  // as GET's 404 does
}

TEST_F(WritesTest, BatchCountsLikeTheIndexerAndNamesRejectedLines) {
  const std::string body = std::string(kRecord) + "\n" +
                           R"({"id":"w-2","platform":"Writeco","document":"Terms"})" + "\n\n" +
                           R"({"id":"w-3","platform":"Writeco","document":"Terms","text":"Fees apply.","severity":"dire"})" +
                           "\nnot json\n" +
                           R"({"id":"globex-1","platform":"Globex","document":"Terms","text":"Rewritten."})" + "\n" +
                           R"({"id":"w-1","platform":"Writeco","document":"Terms","text":"Second version wins."})";
  const auto r = call("POST", "/v1/clauses:batch", body);
  ASSERT_EQ(r.status, 200) << r.body;
  const json out = json::parse(r.body);
  // As clause-indexer counts the same input: w-1 added, then updated by its
  // second version (last wins); globex-1 updated.
  EXPECT_EQ(out["added"], 1);
  EXPECT_EQ(out["updated"], 2);
  ASSERT_EQ(out["rejected"].size(), 3u) << out.dump();
  EXPECT_EQ(out["rejected"][0]["line"], 2);
  EXPECT_EQ(out["rejected"][0]["field"], "text");
  EXPECT_EQ(out["rejected"][1]["line"], 4);
  EXPECT_EQ(out["rejected"][1]["field"], "severity");
  EXPECT_EQ(out["rejected"][2]["line"], 5);
  ASSERT_EQ(out["warnings"].size(), 1u);
  EXPECT_NE(out["warnings"][0].get<std::string>().find("body:7: warning: id 'w-1' repeats body:1"),
            std::string::npos) << out.dump();
  EXPECT_NE(call("GET", "/v1/clauses/w-1", "").body.find("Second version"), std::string::npos);
  EXPECT_NE(call("GET", "/v1/clauses/globex-1", "").body.find("Rewritten"), std::string::npos);
  EXPECT_EQ(call("GET", "/v1/clauses/w-2", "").status, 404);
}

TEST_F(WritesTest, ABatchOverTheLineLimitIs413AndWritesNothing) {
  std::string body;
  for (std::size_t i = 0; i <= kMaxBatchLines; ++i) body += std::string(kRecord) + "\n";
  const auto r = call("POST", "/v1/clauses:batch", body);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(json::parse(r.body)["error"]["parameter"], "body");
  EXPECT_EQ(call("GET", "/v1/clauses/w-1", "").status, 404);
}

TEST_F(WritesTest, AWriteNeverCreatesAnIndexWhereThereIsNone) {
  const std::string gone = dir_.file("gone");
  RecordWriter writer(gone, classifier_);
  auto put = writer.put_one("w-1", kRecord);
  ASSERT_FALSE(put.ok());
  EXPECT_EQ(put.error().kind, ErrorKind::unavailable);
  EXPECT_NE(put.error().message.find("missing"), std::string::npos) << put.error().message;
  EXPECT_FALSE(std::filesystem::exists(gone));
}

TEST_F(WritesTest, AnotherWriterHoldingTheLockGets503WithRetryAfterNotAWait) {
  {
    Xapian::WritableDatabase indexer(path_, Xapian::DB_OPEN);  // as a running clause-indexer would
    const auto busy = call("PUT", "/v1/clauses/w-1", kRecord);
    EXPECT_EQ(busy.status, 503) << busy.body;
    EXPECT_EQ(header(busy, "Retry-After"), "1");
    EXPECT_EQ(json::parse(busy.body)["error"]["code"], "unavailable");
    EXPECT_EQ(call("POST", "/v1/clauses:batch", kRecord).status, 503);
    EXPECT_EQ(call("DELETE", "/v1/clauses/globex-1", "").status, 503);
    EXPECT_EQ(call("POST", "/v1/documents", document_body(kTerms)).status, 503);
  }
  EXPECT_EQ(call("PUT", "/v1/clauses/w-1", kRecord).status, 200);  // the lock is free again
}

TEST_F(WritesTest, ADocumentBecomesTheClausesTheIndexerMakesOfIt) {
  const auto r = call("POST", "/v1/documents", document_body(kTerms, "2024-05-01"));
  ASSERT_EQ(r.status, 200) << r.body;
  const json out = json::parse(r.body);
  EXPECT_EQ(out["clauses"], 3);
  EXPECT_EQ(out["added"], 3);
  EXPECT_EQ(out["deleted"], 0);
  EXPECT_EQ(out["language"], "en");
  EXPECT_EQ(out["dropped"]["last_updated"], 1) << out.dump();
  // Field for field what --docs indexes, and the version's date on each.
  const auto by_docs = indexed_by_docs(dir_, kTerms);
  ASSERT_EQ(by_docs.size(), 3u);
  for (json expected : by_docs) {
    const auto read = call("GET", "/v1/clauses/" + expected["id"].get<std::string>(), "");
    ASSERT_EQ(read.status, 200) << expected.dump();
    json got = json::parse(read.body);
    EXPECT_EQ(got["updated"], "2024-05-01");
    got.erase("updated");
    for (const auto& [key, value] : expected.items()) EXPECT_EQ(got[key], value) << key;
  }
}

TEST_F(WritesTest, ANewVersionOfADocumentRemovesTheClausesItNoLongerHas) {
  ASSERT_EQ(call("POST", "/v1/documents", document_body(kTerms)).status, 200);
  ASSERT_EQ(search_total({{"platform", "Writeco"}}), 3);
  std::string edited = kTerms;
  edited.replace(edited.find("We may suspend your account"), 27, "We may terminate your account");
  edited.replace(edited.find("You can close"), std::string::npos, "");
  const auto r = call("POST", "/v1/documents", document_body(edited));
  ASSERT_EQ(r.status, 200) << r.body;
  const json out = json::parse(r.body);
  // As --docs counts the same edit (tests/docs_ingest_test.cpp).
  EXPECT_EQ(out["added"], 1);
  EXPECT_EQ(out["unchanged"], 1);
  EXPECT_EQ(out["deleted"], 2);
  EXPECT_EQ(search_total({{"platform", "Writeco"}}), 2);
  EXPECT_EQ(call("GET", "/v1/clauses/globex-1", "").status, 200);  // other platforms untouched
}

TEST_F(WritesTest, ABadDocumentIs400NamingTheFieldAndWritesNothing) {
  const auto field_of = [this](const std::string& body) {
    const auto r = call("POST", "/v1/documents", body);
    EXPECT_EQ(r.status, 400) << r.body;
    return json::parse(r.body)["error"].value("parameter", "");
  };
  EXPECT_EQ(field_of("# Terms"), "body");
  EXPECT_EQ(field_of(R"({"document":"Terms","markdown":"We may end it."})"), "platform");
  EXPECT_EQ(field_of(R"({"platform":"Writeco","document":"--","markdown":"We may end it."})"), "document");
  EXPECT_EQ(field_of(document_body(kTerms, "1 May 2024")), "date");
  EXPECT_EQ(field_of(document_body(kTerms, "2025-02-30")), "date");
  EXPECT_EQ(field_of(document_body(kTerms, "2025-01-01Tgarbage")), "date");
  EXPECT_EQ(field_of(document_body(" \n ")), "markdown");
  EXPECT_EQ(field_of(R"({"platform":"Writeco","document":"Terms","text":"We may end it."})"), "text");
  EXPECT_EQ(field_of(R"({"platform":"Writeco","document":"Terms","":"We may end it."})"), "body");  // found by fuzzing
  EXPECT_EQ(call("POST", "/v1/documents", document_body(kTerms), "search-key").status, 403);
  EXPECT_EQ(search_total({{"q", "settings"}, {"autocorrect", "false"}}), 0);
}

// Text, but no clause (a heading and a date): as --docs, it would have
// removed every clause the document had ("deleted": 3). Refused, and
// nothing changed.
TEST_F(WritesTest, ADocumentWithoutClausesIs400AndRemovesNothing) {
  ASSERT_EQ(call("POST", "/v1/documents", document_body(kTerms)).status, 200);
  const auto r = call("POST", "/v1/documents", document_body("# Terms\n\nLast updated: 2 May 2024\n"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json::parse(r.body)["error"]["parameter"], "markdown") << r.body;
  EXPECT_NE(r.body.find("no clauses found in this document; nothing was changed"), std::string::npos) << r.body;
  EXPECT_EQ(search_total({{"platform", "Writeco"}}), 3);
}

}  // namespace
}  // namespace clause::server

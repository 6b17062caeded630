// The indexer as a library: upsert by id, unchanged detection, prune, delete,
// and each kind of bad input, on temporary databases.
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <filesystem>
#include <sstream>

#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "indexer/shard_router.h"
#include "indexer/sharded_builder.h"
#include "schema/index_layout.h"
#include "test_support.h"

namespace clause {
namespace {

using testing::TempDir;

std::string record(const std::string& id, const std::string& platform, const std::string& text,
                   const std::string& extra = "") {
  return R"({"id": ")" + id + R"(", "platform": ")" + platform +
         R"(", "document": "Terms of Service", "text": ")" + text + "\"" + extra + "}\n";
}

struct RunResult {
  IngestSummary summary;
  std::string diagnostics;
};

RunResult run_indexer(const std::string& db, IndexerOptions options) {
  options.db_path = db;
  options.quiet = true;
  auto writer = IndexWriter::open(db, WriterOptions{options.batch_size, options.spelling});
  EXPECT_TRUE(writer.ok()) << writer.error().message;
  std::ostringstream diag;
  std::atomic<bool> stop{false};
  Ingest ingest(**writer, options, diag, stop);
  RunResult r{ingest.run(), ""};
  r.diagnostics = diag.str();
  return r;
}

IndexerOptions inputs(std::vector<std::string> files) {
  IndexerOptions o;
  o.inputs = std::move(files);
  return o;
}

TEST(Indexer, AddsThenReportsUnchangedOnARerun) {
  TempDir dir;
  const auto file = dir.write("a.jsonl", record("1", "Acme", "We may sell your data.") +
                                             record("2", "Acme", "Disputes go to arbitration.") +
                                             record("3", "Bolt", "You may cancel at any time."));
  const auto db = dir.file("db");
  auto first = run_indexer(db, inputs({file}));
  EXPECT_EQ(first.summary.counts.added, 3u);
  EXPECT_EQ(first.summary.rejected, 0u);
  auto second = run_indexer(db, inputs({file}));
  EXPECT_EQ(second.summary.counts.added, 0u);
  EXPECT_EQ(second.summary.counts.unchanged, 3u);

  Xapian::Database check(db);
  EXPECT_EQ(check.get_doccount(), 3u);
  EXPECT_EQ(check.get_metadata(std::string(layout::kSchemaVersionKey)),
            layout::schema_version_string());
  const auto stats = nlohmann::json::parse(check.get_metadata(std::string(layout::kStatsKey)));
  EXPECT_EQ(stats["clauses"], 3);
  EXPECT_EQ(stats["platforms"], 2);
}

// An index is created only where there is nothing: a directory of other
// files, or an index whose marker file is damaged, is refused and left as is.
TEST(Indexer, CreatesAnIndexOnlyInANewOrEmptyDirectory) {
  TempDir dir;
  const auto file = dir.write("a.jsonl", record("1", "Acme", "We may sell your data."));
  dir.write("other/notes.txt", "not an index");
  const std::string other = dir.file("other");
  auto refused = IndexWriter::open(other);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("neither a readable index nor an empty directory"), std::string::npos)
      << refused.error().message;
  EXPECT_FALSE(std::filesystem::exists(other + "/iamglass"));
  // Refused means untouched: the writable open used to leave its lock file.
  const auto names = [](const std::string& path) {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path)) out.push_back(e.path().filename().string());
    return out;
  };
  EXPECT_EQ(names(other), std::vector<std::string>{"notes.txt"});
  dir.write("kept/.gitkeep", "");
  EXPECT_FALSE(IndexWriter::open(dir.file("kept")).ok());
  EXPECT_EQ(names(dir.file("kept")), std::vector<std::string>{".gitkeep"});

  const std::string db = dir.file("db");
  ASSERT_EQ(run_indexer(db, inputs({file})).summary.counts.added, 1u);
  dir.write("db/iamglass", "x");  // damaged
  const auto before = std::filesystem::file_size(db + "/postlist.glass");
  EXPECT_FALSE(IndexWriter::open(db).ok());
  EXPECT_EQ(std::filesystem::file_size(db + "/postlist.glass"), before);

  const std::string empty = dir.file("empty");
  std::filesystem::create_directory(empty);
  EXPECT_TRUE(IndexWriter::open(empty).ok());
}

TEST(Indexer, UpsertReplacesAChangedRecordById) {
  TempDir dir;
  const auto db = dir.file("db");
  run_indexer(db, inputs({dir.write("a.jsonl", record("1", "Acme", "old wording"))}));
  auto r = run_indexer(db, inputs({dir.write("b.jsonl", record("1", "Acme", "new wording"))}));
  EXPECT_EQ(r.summary.counts.updated, 1u);
  Xapian::Database check(db);
  ASSERT_EQ(check.get_doccount(), 1u);
  Xapian::Enquire enquire(check);
  enquire.set_query(Xapian::Query("Znew"));  // free text is indexed as stems
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 1u);
  enquire.set_query(Xapian::Query("Zold"));
  EXPECT_EQ(enquire.get_mset(0, 10).size(), 0u);
}

TEST(Indexer, PruneIsScopedToTheInputsPlatforms) {
  TempDir dir;
  const auto db = dir.file("db");
  run_indexer(db, inputs({dir.write("all.jsonl", record("1", "Acme", "a") + record("2", "Acme", "b") +
                                                     record("3", "Bolt", "c"))}));
  auto o = inputs({dir.write("acme.jsonl", record("1", "Acme", "a"))});
  o.prune = true;
  auto r = run_indexer(db, o);
  EXPECT_EQ(r.summary.counts.deleted, 1u);  // Acme's record 2; Bolt is not in the input
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 2u);

  o.prune = false;
  o.prune_all = true;
  r = run_indexer(db, o);
  EXPECT_EQ(r.summary.counts.deleted, 1u);  // now Bolt's record 3 goes too
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 1u);
}

// A bad line or a missing file is input that could not be read: pruning on
// it would delete the indexed version of those records (for a missing file
// under --prune-all, the whole index).
TEST(Indexer, PruneDeletesNothingWhenTheInputHadErrors) {
  TempDir dir;
  const auto db = dir.file("db");
  run_indexer(db, inputs({dir.write("all.jsonl", record("1", "Acme", "a") + record("2", "Acme", "b") +
                                                     record("3", "Bolt", "c"))}));
  auto o = inputs({dir.write("bad.jsonl", record("1", "Acme", "a") +
                                              record("2", "Acme", "b", R"(, "severity": "dire")") +
                                              "{\"id\": \"3\", \"platform\": \"Bolt\"\n")});
  o.prune = true;
  auto r = run_indexer(db, o);
  EXPECT_EQ(r.summary.rejected, 2u);
  EXPECT_EQ(r.summary.counts.deleted, 0u);
  EXPECT_NE(r.diagnostics.find("--prune skipped"), std::string::npos) << r.diagnostics;
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 3u);

  o = inputs({dir.file("missing.jsonl")});
  o.prune_all = true;
  r = run_indexer(db, o);
  EXPECT_EQ(r.summary.files_failed, 1u);
  EXPECT_EQ(r.summary.counts.deleted, 0u);
  EXPECT_NE(r.diagnostics.find("--prune-all skipped"), std::string::npos) << r.diagnostics;  // the option given
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 3u);
}

TEST(Indexer, DeleteRemovesByIdAndWarnsOnUnknown) {
  TempDir dir;
  const auto db = dir.file("db");
  run_indexer(db, inputs({dir.write("a.jsonl", record("1", "Acme", "a") + record("2", "Acme", "b"))}));
  IndexerOptions o;
  o.delete_ids = {"2", "nope"};
  auto r = run_indexer(db, o);
  EXPECT_EQ(r.summary.counts.deleted, 1u);
  EXPECT_NE(r.diagnostics.find("--delete nope: no such id"), std::string::npos);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 1u);
}

struct BadLine {
  const char* what;
  std::string line;
  const char* expected;  // in the diagnostic
};

TEST(Indexer, EachKindOfBadInputNamesFileLineAndFieldAndKeepsTheRest) {
  const std::vector<BadLine> cases = {
      {"malformed", "{\"id\": \"x\", \n", "malformed JSON"},
      {"missing field", R"({"id": "x", "platform": "Acme", "document": "ToS"})" "\n",
       "field 'text' is required"},
      {"mistyped field", record("x", "Acme", "t", R"(, "categories": "a", "severity": 3)"),
       "field 'severity': expected a string, got a number"},
      {"invalid utf-8", record("x", "Ac\xff" "me", "t"), "invalid UTF-8"},
      {"unknown severity", record("x", "Acme", "t", R"(, "severity": "dire")"),
       "expected one of low, medium, high, critical"},
      {"oversized line", record("x", "Acme", std::string(3000, 'a')), "longer than 2048 bytes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    TempDir dir;
    const auto file = dir.write("in.jsonl", record("1", "Acme", "good") + c.line +
                                                record("2", "Acme", "also good"));
    auto o = inputs({file});
    o.max_line_bytes = 2048;
    auto r = run_indexer(dir.file("db"), o);
    EXPECT_EQ(r.summary.rejected, 1u);
    EXPECT_EQ(r.summary.counts.added, 2u);
    EXPECT_NE(r.diagnostics.find(file + ":2: error: "), std::string::npos) << r.diagnostics;
    EXPECT_NE(r.diagnostics.find(c.expected), std::string::npos) << r.diagnostics;
  }
}

// An id given twice in one run: the later record wins (documented), and the
// run says where both are, within a file and across files.
TEST(Indexer, RepeatedIdWarnsNamingBothPlacesAndTheLaterWins) {
  TempDir dir;
  const auto a = dir.write("a.jsonl", record("1", "Acme", "first version") + record("2", "Acme", "other") +
                                          record("1", "Acme", "second version"));
  const auto b = dir.write("b.jsonl", record("3", "Bolt", "fine") + record("2", "Bolt", "moved"));
  const auto db = dir.file("db");
  auto r = run_indexer(db, inputs({a, b}));
  EXPECT_EQ(r.summary.repeated, 2u);
  EXPECT_EQ(r.summary.rejected, 0u);
  EXPECT_NE(r.diagnostics.find(a + ":3: warning: id '1' repeats " + a + ":1; the later record wins"),
            std::string::npos) << r.diagnostics;
  EXPECT_NE(r.diagnostics.find(b + ":2: warning: id '2' repeats " + a + ":2; the later record wins"),
            std::string::npos) << r.diagnostics;
  EXPECT_NE(format_summary(r.summary).find("repeated 2"), std::string::npos) << format_summary(r.summary);
  Xapian::Database xdb(db);
  EXPECT_EQ(xdb.get_doccount(), 3u);
  const auto doc = xdb.get_document(*xdb.postlist_begin(layout::id_term("1")));
  EXPECT_NE(doc.get_data().find("second version"), std::string::npos);
}

TEST(Indexer, StrictIndexesNothingFromAFileWithAnError) {
  TempDir dir;
  const auto good = dir.write("good.jsonl", record("1", "Acme", "fine"));
  const auto bad = dir.write("bad.jsonl", record("2", "Acme", "fine") + "not json\n");
  auto o = inputs({good, bad});
  o.strict = true;
  auto r = run_indexer(dir.file("db"), o);
  EXPECT_EQ(r.summary.counts.added, 1u);  // good.jsonl only
  EXPECT_EQ(r.summary.files_failed, 1u);
  EXPECT_NE(r.diagnostics.find("bad.jsonl:2: error:"), std::string::npos);
  EXPECT_NE(r.diagnostics.find("nothing indexed from this file"), std::string::npos);
  EXPECT_EQ(Xapian::Database(dir.file("db")).get_doccount(), 1u);
}

TEST(Indexer, MissingFileIsReportedAndOthersStillIndex) {
  TempDir dir;
  auto r = run_indexer(dir.file("db"), inputs({dir.file("absent.jsonl"),
                                               dir.write("a.jsonl", record("1", "Acme", "x"))}));
  EXPECT_EQ(r.summary.files_failed, 1u);
  EXPECT_EQ(r.summary.counts.added, 1u);
  EXPECT_NE(r.diagnostics.find("absent.jsonl: error: cannot open"), std::string::npos);
}

TEST(Indexer, RefusesADatabaseOfAnotherSchemaVersion) {
  TempDir dir;
  const auto db = dir.file("db");
  {
    Xapian::WritableDatabase w(db, Xapian::DB_CREATE);
    w.set_metadata(std::string(layout::kSchemaVersionKey), "99.0");
    w.commit();
  }
  auto writer = IndexWriter::open(db);
  ASSERT_FALSE(writer.ok());
  EXPECT_NE(writer.error().message.find("schema version 99.0"), std::string::npos);
  EXPECT_NE(writer.error().message.find("rebuild"), std::string::npos);
}

// A newer minor version is refused (it may store what this program would
// misread); an older one of the same major is read as it is.
TEST(Indexer, RefusesANewerMinorSchemaVersionAndReadsAnOlderOne) {
  for (const auto& [minor, refused] : {std::pair{layout::kSchemaMinor + 1, true}, std::pair{0, false}}) {
    TempDir dir;
    const auto db = dir.file("db");
    const std::string version = std::to_string(layout::kSchemaMajor) + "." + std::to_string(minor);
    {
      Xapian::WritableDatabase w(db, Xapian::DB_CREATE);
      w.set_metadata(std::string(layout::kSchemaVersionKey), version);
      w.commit();
    }
    auto writer = IndexWriter::open(db);
    EXPECT_EQ(writer.ok(), !refused) << version;
    if (refused) {
      EXPECT_NE(writer.error().message.find("written by a newer clause-indexer"), std::string::npos);
    }
  }
}

TEST(Indexer, DocumentHasTheLayoutsTermsAndValues) {
  TempDir dir;
  const auto db = dir.file("db");
  run_indexer(db, inputs({dir.write("a.jsonl",
                                    record("c1", "Café Réseau", "We <b>sell</b> data",
                                           R"(, "categories": ["Data sale & sharing"],)"
                                           R"( "severity": "critical", "clause_type": "Sells data")"))}));
  Xapian::Database check(db);
  const auto doc = check.get_document(1);
  std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
  for (const std::string& t : {layout::id_term("c1"), layout::facet_term(layout::Facet::platform, "cafe-reseau"),
                               layout::facet_term(layout::Facet::category, "Data sale & sharing"),
                               layout::facet_term(layout::Facet::severity, "critical"),
                               layout::facet_term(layout::Facet::clause_type, "Sells data"),
                               std::string("Zsell"), std::string("Zdata")}) {
    EXPECT_TRUE(terms.count(t)) << t;
  }
  EXPECT_FALSE(terms.count("sell")) << "free text is indexed as stems only";
  EXPECT_EQ(doc.get_value(layout::kContentHashSlot).size(), 16u);
  EXPECT_FALSE(terms.count("b")) << "HTML tags are not words";
  EXPECT_EQ(doc.get_value(layout::kPlatformSlot), "cafe-reseau");
  EXPECT_EQ(doc.get_value(layout::kSeverityRankSlot), "4");
  EXPECT_EQ(nlohmann::json::parse(doc.get_data())["text"], "We <b>sell</b> data");
  EXPECT_EQ(check.get_metadata(layout::name_key(layout::Facet::platform, "cafe-reseau")),
            "Café Réseau");
}

RunResult run_sharded(const std::string& db, IndexerOptions options, std::size_t shards) {
  options.db_path = db;
  options.quiet = true;
  ShardedBuilder builder(db, shards, WriterOptions{options.batch_size, options.spelling});
  std::ostringstream diag;
  std::atomic<bool> stop{false};
  Ingest ingest(builder, options, diag, stop);
  RunResult r{ingest.run(), ""};
  r.diagnostics = diag.str();
  return r;
}

TEST(ShardedBuilder, BuildsTheSameIndexAsOneWriter) {
  TempDir dir;
  std::string body;
  for (int i = 0; i < 500; ++i) {
    body += record("r" + std::to_string(i), "P" + std::to_string(i % 7),
                   "clause " + std::to_string(i) + " on arbitration",
                   R"(, "categories": ["Dispute resolution"], "severity": "high")");
  }
  body += record("r3", "P3", "clause 3 rewritten later in the input");  // a repeated id
  const auto file = dir.write("in.jsonl", body);
  EXPECT_TRUE(ShardedBuilder::target_is_new(dir.file("sharded")));
  auto sharded = run_sharded(dir.file("sharded"), inputs({file}), 3);
  auto single = run_indexer(dir.file("single"), inputs({file}));
  EXPECT_EQ(sharded.summary.counts.added + sharded.summary.counts.updated, 501u);

  Xapian::Database a(dir.file("sharded")), b(dir.file("single"));
  EXPECT_EQ(a.get_doccount(), 500u);
  EXPECT_EQ(a.get_doccount(), b.get_doccount());
  EXPECT_EQ(a.get_termfreq("Zarbitr"), 499u);  // r3 was rewritten without it
  EXPECT_EQ(a.get_termfreq("Zarbitr"), b.get_termfreq("Zarbitr"));
  EXPECT_EQ(a.get_termfreq("Zrewritten"), 1u);
  EXPECT_EQ(a.get_metadata(std::string(layout::kStatsKey)), b.get_metadata(std::string(layout::kStatsKey)));
  EXPECT_EQ(a.get_metadata(layout::name_key(layout::Facet::platform, "p3")), "P3");
  EXPECT_EQ(a.get_spelling_suggestion("arbitraton"), "arbitration");
  EXPECT_FALSE(ShardedBuilder::target_is_new(dir.file("sharded")));
  // Inside each platform the clauses keep the input order, as with one
  // writer: ties in a platform go by docid, whatever the number of threads.
  auto ids_of_platform = [](const Xapian::Database& db, const std::string& slug) {
    std::vector<std::string> ids;
    const std::string term = layout::facet_term(layout::Facet::platform, slug);
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
      ids.push_back(nlohmann::json::parse(db.get_document(*it).get_data())["id"].get<std::string>());
    }
    return ids;
  };
  for (int p = 0; p < 7; ++p) {
    const std::string slug = "p" + std::to_string(p);
    EXPECT_EQ(ids_of_platform(a, slug), ids_of_platform(b, slug)) << slug;
    EXPECT_GT(ids_of_platform(a, slug).size(), 70u) << slug;
  }

  // The index it made is an ordinary one: a re-run upserts and finds no change.
  auto rerun = run_indexer(dir.file("sharded"), inputs({file}));
  // r3 appears twice with different text, so it flips twice; the rest is unchanged.
  EXPECT_EQ(rerun.summary.counts.unchanged, 499u);
  EXPECT_EQ(rerun.summary.counts.updated, 2u);
  EXPECT_EQ(rerun.summary.counts.added, 0u);
}

// Each platform goes to the thread given the fewest records so far: four
// platforms of 100 clauses in a row on two threads make two shards of 200.
// Compaction numbers the merged documents shard by shard, so a platform's
// first docid says which shard held it.
TEST(ShardedBuilder, GivesEachPlatformToTheLeastLoadedThread) {
  TempDir dir;
  std::string body;
  // Names a hash of the platform would all give to one shard of two (their
  // FNV-1a values are all even).
  for (int p : {0, 2, 4, 6}) {
    for (int i = 0; i < 100; ++i) {
      body += record("q" + std::to_string(p) + "-" + std::to_string(i), "Q" + std::to_string(p), "a clause");
    }
  }
  for (const char* slug : {"q2", "q4", "q6"}) ASSERT_EQ(shard_of_platform(slug, 2), shard_of_platform("q0", 2));
  const auto file = dir.write("in.jsonl", body);
  run_sharded(dir.file("sharded"), inputs({file}), 2);
  Xapian::Database db(dir.file("sharded"));
  ASSERT_EQ(db.get_doccount(), 400u);
  const auto first_docid = [&](const std::string& slug) {
    return *db.postlist_begin(layout::facet_term(layout::Facet::platform, slug));
  };
  EXPECT_EQ(first_docid("q0"), 1u);    // shard 0: q0, then q4
  EXPECT_EQ(first_docid("q4"), 101u);
  EXPECT_EQ(first_docid("q2"), 201u);  // shard 1: q2, then q6
  EXPECT_EQ(first_docid("q6"), 301u);
}

TEST(ShardedBuilder, ReplacesAnEmptyTargetAndLeavesNoWorkDirectory) {
  TempDir dir;
  const auto db = dir.file("db");
  { Xapian::WritableDatabase(db, Xapian::DB_CREATE).commit(); }
  ASSERT_TRUE(ShardedBuilder::target_is_new(db));
  run_sharded(db, inputs({dir.write("a.jsonl", record("1", "Acme", "a") + record("2", "Bolt", "b"))}), 2);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 2u);
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".build-"), std::string::npos) << entry.path();
  }
}

}  // namespace
}  // namespace clause

// The SQLite FTS5 peer: what a user would pick instead of our engine.
//
//   fts5_peer build  DB.sqlite CORPUS.jsonl          build the index, then
//                                                    optimize + VACUUM a copy
//   fts5_peer search DB.sqlite QUERIES.txt MODE RUNS  MODE: total | facets
//
// Layout (how the peer is set up, fairly): a plain table `clause` holds the
// fields (id, platform, document, severity, clause_type, title, text); an
// external-content FTS5 table `fts(title, text)` indexes it with the porter
// unicode61 tokenizer, so the text is stored once, as in our index; a side
// table `clause_category(clause, category)` holds the multi-valued categories
// with an index on (category, clause) for filters.
// A query is one page (MATCH, ORDER BY rank = bm25, LIMIT 10, with a
// snippet, like our results) plus count(*) for the exact total; in facets
// mode also three GROUP BY counts (category, severity, platform; top 25 by
// count), each with every filter except its own, as our service does.
// Prints RESULT lines (bench_common.h) for bench/report.py.
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "bench/bench_common.h"

namespace fs = std::filesystem;
using namespace clause::bench;

namespace {

class Db {
 public:
  explicit Db(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) fail("open " + path);
  }
  ~Db() {
    for (auto& [sql, st] : cache_) sqlite3_finalize(st);
    sqlite3_close(db_);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const std::string& sql) {
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
  // Prepared once per distinct SQL text, reset before each use.
  sqlite3_stmt* stmt(const std::string& sql) {
    auto& st = cache_[sql];
    if (!st && sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) fail(sql);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return st;
  }
  [[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + sqlite3_errmsg(db_));
  }

 private:
  sqlite3* db_ = nullptr;
  std::map<std::string, sqlite3_stmt*> cache_;
};

void bind_text(sqlite3_stmt* st, int i, const std::string& s) {
  sqlite3_bind_text(st, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT);
}

void bind_opt(sqlite3_stmt* st, int i, const nlohmann::json& rec, const char* key) {
  const auto it = rec.find(key);
  if (it != rec.end() && it->is_string()) {
    bind_text(st, i, it->get<std::string>());
  } else {
    sqlite3_bind_null(st, i);
  }
}

void step_done(Db& db, sqlite3_stmt* st) {
  if (sqlite3_step(st) != SQLITE_DONE) db.fail("insert");
}

std::size_t build(const std::string& path, const std::string& corpus) {
  fs::remove(path);
  Db db(path);
  db.exec(
      "CREATE TABLE clause(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
      " platform TEXT NOT NULL, document TEXT NOT NULL, severity TEXT, clause_type TEXT,"
      " title TEXT, text TEXT NOT NULL);"
      "CREATE TABLE clause_category(clause INTEGER NOT NULL, category TEXT NOT NULL,"
      " PRIMARY KEY(clause, category)) WITHOUT ROWID;"
      "CREATE INDEX clause_category_by_name ON clause_category(category, clause);"
      "CREATE VIRTUAL TABLE fts USING fts5(title, text, content='clause',"
      " content_rowid='rowid', tokenize='porter unicode61');");
  std::ifstream in(corpus);
  if (!in) throw std::runtime_error(corpus + ": cannot read");
  db.exec("BEGIN");
  const std::string ins_clause =
      "INSERT INTO clause(rowid, id, platform, document, severity, clause_type, title, text)"
      " VALUES(?,?,?,?,?,?,?,?)";
  const std::string ins_fts = "INSERT INTO fts(rowid, title, text) VALUES(?,?,?)";
  const std::string ins_cat = "INSERT OR IGNORE INTO clause_category VALUES(?,?)";
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto rec = nlohmann::json::parse(line);
    const auto rowid = static_cast<sqlite3_int64>(++n);
    auto* st = db.stmt(ins_clause);
    sqlite3_bind_int64(st, 1, rowid);
    const char* keys[] = {"id", "platform", "document", "severity", "clause_type", "title", "text"};
    for (int i = 0; i < 7; ++i) bind_opt(st, i + 2, rec, keys[i]);
    step_done(db, st);
    st = db.stmt(ins_fts);
    sqlite3_bind_int64(st, 1, rowid);
    bind_opt(st, 2, rec, "title");
    bind_opt(st, 3, rec, "text");
    step_done(db, st);
    for (const auto& cat : rec.value("categories", nlohmann::json::array())) {
      st = db.stmt(ins_cat);
      sqlite3_bind_int64(st, 1, rowid);
      bind_text(st, 2, cat.get<std::string>());
      step_done(db, st);
    }
  }
  db.exec("COMMIT");
  return n;
}

// SQL for one query: the FROM/WHERE shared by page, count and facets, with
// every filter of the query except `skip`'s. The clause table is joined (as
// `c`) only when a severity filter or the caller needs it: a join per match
// costs FTS5 several times its own count, and a user would not add it.
// Parameter ?1 is the MATCH text, ?2.. the filter values in order.
struct Sql {
  std::string from_where;
  std::vector<std::string> values;
};

Sql where_clause(const BenchQuery& q, const std::string& skip, bool need_clause,
                 const std::string& join = "") {
  std::string conditions;
  Sql s;
  for (const auto& [field, value] : q.filters) {
    if (field == skip) continue;
    const std::string p = "?" + std::to_string(s.values.size() + 2);
    if (field == "severity") {
      need_clause = true;
      conditions += " AND c.severity = " + p;
    } else {
      // The unary + keeps the planner from running MATCH once per listed
      // rowid (ten times slower with ORDER BY rank): the tuned peer.
      conditions += " AND +fts.rowid IN (SELECT clause FROM clause_category WHERE category = " +
                    p + ")";
    }
    s.values.push_back(value);
  }
  s.from_where = std::string(" FROM fts") +
                 (need_clause ? " JOIN clause c ON c.rowid = fts.rowid" : "") + join +
                 " WHERE fts MATCH ?1" + conditions;
  return s;
}

// Runs one statement to the end, reading every column as a client would.
void run_sql(Db& db, const std::string& sql, const Sql& s, const std::string& match) {
  auto* st = db.stmt(sql);
  bind_text(st, 1, match);
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    bind_text(st, static_cast<int>(i + 2), s.values[i]);
  }
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    for (int i = 0; i < sqlite3_column_count(st); ++i) sqlite3_column_text(st, i);
  }
  if (rc != SQLITE_DONE) db.fail("query");
}

constexpr const char* kFacetTail = " ORDER BY n DESC, 1 LIMIT 25";

void run_query(Db& db, const BenchQuery& q, bool facets) {
  const std::string match = fts5_match(q);
  const Sql all = where_clause(q, "", false);
  // The ten best by bm25 (FTS5's `rank`) with snippets, then their fields.
  run_sql(db,
          "SELECT r.id, r.platform, r.document, r.severity, r.title, s.snip FROM"
          " (SELECT fts.rowid AS rid, rank AS score,"
          " snippet(fts, 1, '<mark>', '</mark>', '...', 24) AS snip" +
              all.from_where +
              " ORDER BY rank LIMIT 10) s JOIN clause r ON r.rowid = s.rid ORDER BY s.score",
          all, match);
  run_sql(db, "SELECT count(*)" + all.from_where, all, match);
  if (!facets) return;
  const Sql cat = where_clause(q, "category", false,
                               " JOIN clause_category cc ON cc.clause = fts.rowid");
  run_sql(db, "SELECT cc.category, count(*) AS n" + cat.from_where + " GROUP BY cc.category" +
                  kFacetTail, cat, match);
  const Sql sev = where_clause(q, "severity", true);
  run_sql(db, "SELECT c.severity, count(*) AS n" + sev.from_where +
                  " AND c.severity IS NOT NULL GROUP BY c.severity" + kFacetTail, sev, match);
  const Sql plat = where_clause(q, "platform", true);
  run_sql(db, "SELECT c.platform, count(*) AS n" + plat.from_where + " GROUP BY c.platform" +
                  kFacetTail, plat, match);
}

int usage() {
  std::cerr << "usage: fts5_peer build DB CORPUS.jsonl\n"
               "       fts5_peer search DB QUERIES.txt total|facets RUNS\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "build") {
      const auto start = Clock::now();
      const std::size_t n = build(args[1], args[2]);
      const double secs = seconds_since(start);
      const auto size = fs::file_size(args[1]);
      // FTS5's counterpart of xapian-compact: merge all segments, then VACUUM.
      const std::string opt = args[1] + ".optimized";
      fs::copy_file(args[1], opt, fs::copy_options::overwrite_existing);
      {
        Db db(opt);
        db.exec("INSERT INTO fts(fts) VALUES('optimize'); VACUUM;");
      }
      print_result({"index", "fts5", std::to_string(n), fmt(secs, 3), fmt(n / secs, 0),
                    std::to_string(size), std::to_string(fs::file_size(opt))});
      fs::remove(opt);
      return 0;
    }
    if (args.size() == 5 && args[0] == "search" && (args[3] == "total" || args[3] == "facets")) {
      const auto queries = load_queries(args[2]);
      Db db(args[1]);
      const bool facets = args[3] == "facets";
      search_passes("fts5", args[3], queries, std::stoi(args[4]), [&](const BenchQuery& q) {
        run_query(db, q, facets);
        return true;
      });
      return 0;
    }
    return usage();
  } catch (const std::exception& e) {
    std::cerr << "fts5_peer: error: " << e.what() << "\n";
    return 1;
  }
}

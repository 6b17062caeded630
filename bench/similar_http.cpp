// bench_similar_http: latency of GET /v1/clauses/{id}/similar over HTTP, one
// client, against the real server (SearchService + Api + HttpServer on a
// loopback ephemeral port) serving a shared corpus indexed WITH its labels,
// as in production. The tuned method (with its in-memory snapshot, as
// served), the same method on Xapian alone ("tuned-x") and plain BM25 on
// Xapian are served side by side and queried in turn, so all see the same
// machine load.
//
// Per corpus (tosdr, claudette: indexed into a temporary directory), or with
// --full DIR on the full corpus (the two clause files plus the OTA documents
// segmented and classified as `clause-indexer --docs` does, ~108k clauses):
// DIR is built once when absent and reused afterwards. As clause-indexer
// builds it by default, the shipped clause-type models type every clause
// without a given type, so /similar answers lead with the query's type
// (issue 17); --no-type-model builds DIR without them, as before.
//
//   build/bench/bench_similar_http [--shared ../shared/data] [--queries N] [--limit N]
//                                  [--full DIR [--no-type-model] [--untyped DIR2]]
//                                  [--snapshot-threads N]
//
// --untyped DIR2: DIR2 holds (or gets) the same corpus without type models,
// served beside DIR and queried in turn: /similar with and without types in
// the same minutes.
#include <httplib.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_common.h"
#include "schema/classifier.h"
#include "schema/clause_typing.h"
#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "schema/clause_record.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "server/metrics.h"
#include "search/search_service.h"

namespace fs = std::filesystem;
using namespace clause;
using namespace clause::server;
using clause::search::SearchService;

namespace {

// Serves on a thread until destroyed.
class Served {
 public:
  Served(const std::string& path, const SimilarityOptions& options) {
    auto opened = SearchService::open(path, options);
    if (!opened) throw std::runtime_error(opened.error().message);
    service_ = std::move(*opened);
    if (options.snapshot_max_clauses > 0) {
      // Measured once the snapshot is there, as a running server answers.
      const auto t0 = bench::Clock::now();
      if (!service_->wait_for_similar_snapshot(3600)) throw std::runtime_error("snapshot build timed out");
      const auto info = service_->info();
      std::fprintf(stderr, "bench_similar_http: snapshot built in %.1f s, %s, %.1f MiB\n",
                   bench::seconds_since(t0),
                   info ? info->similar_snapshot.state.c_str() : "?",
                   info ? info->similar_snapshot.bytes / 1048576.0 : 0.0);
    }
    api_ = std::make_unique<Api>(*service_, metrics_);
    server_ = std::make_unique<HttpServer>(*api_, ServerLimits{2, 1 << 20, 10});
    auto port = server_->bind("127.0.0.1", 0);
    if (!port) throw std::runtime_error(port.error().message);
    port_ = *port;
    thread_ = std::thread([this] { server_->listen(); });
    while (!server_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~Served() {
    server_->stop();
    thread_.join();
  }
  int port() const { return port_; }

 private:
  std::unique_ptr<SearchService> service_;
  Metrics metrics_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  int port_ = 0;
};

// Indexes the corpus as the indexer would (labels included); returns the ids.
std::vector<std::string> index_corpus(const fs::path& jsonl, const fs::path& dir) {
  WriterOptions wopts;
  wopts.batch_size = 1000000;
  auto writer = IndexWriter::open(dir.string(), wopts);
  if (!writer) throw std::runtime_error(writer.error().message);
  std::vector<std::string> ids;
  for (const ClauseRecord& rec : bench::read_clauses(jsonl.string())) {
    ids.push_back(rec.id);
    (*writer)->upsert(rec);
  }
  (*writer)->commit();
  return ids;
}

// Builds the full corpus at dir, as clause-indexer would (one writer), with
// the shipped type models unless told not to.
void index_full(const fs::path& shared, const fs::path& dir, bool with_types) {
  IndexerOptions options;
  options.db_path = dir.string();
  options.inputs = {(shared / "tosdr/clauses.jsonl").string(), (shared / "claudette/clauses.jsonl").string()};
  options.doc_dirs = {(shared / "ota").string()};
  options.quiet = true;
  std::vector<TypeModel> models;
  if (with_types) {
    auto loaded = default_type_models();
    if (!loaded) throw std::runtime_error("type models: " + loaded.error().message);
    if (loaded->empty()) throw std::runtime_error("this build has no shipped type models (data/type-models/)");
    models = std::move(*loaded);
  }
  auto writer = IndexWriter::open(options.db_path, {options.batch_size, options.spelling, nullptr,
                                                    models.empty() ? "" : type_models_identity(models)});
  if (!writer) throw std::runtime_error(writer.error().message);
  const Classifier classifier(default_taxonomy());
  const std::atomic<bool> stop{false};
  std::ostringstream diag;  // per-document warnings: not the bench's concern
  Ingest ingest(**writer, options, diag, stop);
  ingest.set_classifier(&classifier);
  if (!models.empty()) ingest.set_type_models(&models);
  const IngestSummary summary = ingest.run();
  (*writer)->commit();
  std::fprintf(stderr, "bench_similar_http: indexed %zu records (%zu documents, %zu typed by the model) into %s\n",
               std::size_t{Xapian::Database(options.db_path).get_doccount()}, summary.docs.documents,
               summary.typed, options.db_path.c_str());
}

// Queries the methods alternately on the index at dir; prints a row each.
// Peers: plain BM25-OR and the tuned method, both on Xapian alone (no
// snapshot), beside the tuned method as served (with its snapshot); with
// untyped_dir (the same corpus indexed without type models), also the tuned
// method as served there ("untyped": /similar before types led it); and
// the tuned method with the second round's type settings ("2nd-rnd").
void run(const std::string& name, const fs::path& dir, const std::vector<std::string>& ids,
         std::size_t queries, std::size_t limit, std::size_t snapshot_threads,
         const fs::path& untyped_dir = {}) {
  SimilarityOptions bm25, xapian, tuned;
  tuned.snapshot_threads = snapshot_threads;
  bm25.method = SimilarityMethod::bm25_or;
  bm25.snapshot_max_clauses = 0;
  xapian.snapshot_max_clauses = 0;
  // The previous round's /similar (docs/similarity.md "Types, third round"): no
  // candidates from the probable type, the type distribution as the model gives it.
  SimilarityOptions second = tuned;
  second.type_candidates = 0;
  second.type_count_given_type = second.type_agreement_given_type = false;
  Served tuned_server(dir.string(), tuned), xapian_server(dir.string(), xapian),
      bm25_server(dir.string(), bm25), second_server(dir.string(), second);
  std::unique_ptr<Served> untyped_server;
  if (!untyped_dir.empty()) untyped_server = std::make_unique<Served>(untyped_dir.string(), tuned);
  struct Row {
    const char* method;
    httplib::Client client;
    bench::Latencies ms;
  };
  std::vector<Row> rows;
  rows.push_back({"bm25-or", httplib::Client("127.0.0.1", bm25_server.port()), {}});
  rows.push_back({"tuned-x", httplib::Client("127.0.0.1", xapian_server.port()), {}});
  // The previous round's first, then this one: each request of a query is
  // served after the other's, so the order can favour the second (measured
  // both ways, docs/similarity.md "Types, third round").
  rows.push_back({"2nd-rnd", httplib::Client("127.0.0.1", second_server.port()), {}});
  rows.push_back({"tuned", httplib::Client("127.0.0.1", tuned_server.port()), {}});
  if (untyped_server) rows.push_back({"untyped", httplib::Client("127.0.0.1", untyped_server->port()), {}});
  for (const std::string& id : bench::spread_sample(ids, queries)) {
    const std::string path = "/v1/clauses/" + httplib::detail::encode_query_param(id) +
                             "/similar?limit=" + std::to_string(limit);
    for (Row& row : rows) {
      const auto res = row.ms.time([&] { return row.client.Get(path.c_str()); });
      if (!res || res->status != 200) std::cerr << path << ": " << (res ? res->status : -1) << "\n";
    }
  }
  for (const Row& row : rows) {
    std::printf("| %-9s | %-8s | %8zu | %6.2f | %6.2f |\n", name.c_str(), row.method, row.ms.size(),
                row.ms.percentile(50), row.ms.percentile(99));
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = clause::build_paths::shared_data_dir().string(), full, untyped;
  std::size_t queries = 1000, limit = 10, snapshot_threads = 0;
  bool with_types = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--no-type-model") with_types = false;
    else if (a == "--shared" && has_value) shared = argv[++i];
    else if (a == "--queries" && has_value) queries = std::stoul(argv[++i]);
    else if (a == "--limit" && has_value) limit = std::stoul(argv[++i]);
    else if (a == "--full" && has_value) full = argv[++i];
    else if (a == "--untyped" && has_value) untyped = argv[++i];
    else if (a == "--snapshot-threads" && has_value) snapshot_threads = std::stoul(argv[++i]);
    else {
      std::cerr << "usage: bench_similar_http [--shared DIR] [--queries N] [--limit N] [--full DIR"
                   " [--no-type-model] [--untyped DIR2]] [--snapshot-threads N]\n";
      return 2;
    }
  }
  spdlog::set_level(spdlog::level::warn);
  std::printf("| corpus    | method   | requests | p50 ms | p99 ms |\n");
  if (!full.empty()) {
    if (!fs::exists(full)) index_full(shared, full, with_types);
    if (!untyped.empty() && !fs::exists(untyped)) index_full(shared, untyped, false);
    run("full", full, bench::clause_ids(Xapian::Database(full.string())), queries, limit, snapshot_threads,
        untyped);
    return 0;
  }
  for (const std::string name : {"tosdr", "claudette"}) {
    const fs::path file = shared / name / "clauses.jsonl";
    if (!fs::exists(file)) continue;
    const fs::path dir = fs::temp_directory_path() / ("clause-bench-http-" + std::to_string(::getpid()) + name);
    run(name, dir, index_corpus(file, dir), queries, limit, snapshot_threads);
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  return 0;
}

// clause-indexer: wires options, the sink (writer or parallel builder) and
// the run together.
#include <atomic>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "common/signal_waiter.h"
#include "schema/classifier.h"
#include "schema/clause_typing.h"
#include "schema/index_layout.h"
#include "indexer/deferred_sink.h"
#include "indexer/index_writer.h"
#include "indexer/history_command.h"
#include "indexer/indexer_options.h"
#include "indexer/ingest.h"
#include "indexer/sharded_builder.h"
#include "indexer/sharded_index.h"
#include "indexer/train_types_command.h"

namespace {

using namespace clause;

// A sharded index (--shards, or a directory that is one) is written shard by
// shard. Otherwise a new index is built in parallel shards merged into one;
// an existing one is updated by one writer, which alone can tell unchanged
// records and prune.
Result<std::unique_ptr<ClauseSink>> open_sink(const IndexerOptions& options,
                                              const std::vector<SynonymPair>& synonyms,
                                              const std::string& type_models) {
  const WriterOptions writer_options{options.batch_size, options.spelling, &synonyms, type_models};
  if (options.shards > 0 || ShardedIndex::is_sharded(options.db_path)) {
    auto index = ShardedIndex::open(options.db_path, {options.shards, options.stub_remotes},
                                    writer_options);
    if (!index) return index.error();
    return std::unique_ptr<ClauseSink>(std::move(*index));
  }
  const std::size_t jobs =
      options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (jobs > 1 && options.delete_ids.empty() && ShardedBuilder::target_is_new(options.db_path)) {
    return std::unique_ptr<ClauseSink>(
        std::make_unique<ShardedBuilder>(options.db_path, jobs, writer_options));
  }
  auto writer = IndexWriter::open(options.db_path, writer_options);
  if (!writer) return writer.error();
  return std::unique_ptr<ClauseSink>(std::move(*writer));
}

// The models --type-model names, or the shipped ones; none with
// --no-type-model. A bad file is an error before anything is indexed.
// Before this run records its models: types the index's own models did not
// have are a warning (the run goes on: a new taxonomy may be on purpose).
void warn_of_unknown_types(const std::string& db_path, const std::vector<TypeModel>& models) {
  if (models.empty() || !std::filesystem::exists(db_path)) return;
  std::string recorded;
  try {
    recorded = Xapian::Database(db_path).get_metadata(std::string(layout::kTypeModelsKey));
  } catch (const Xapian::Error&) {
    return;  // opening the index for the run reports what is wrong with it
  }
  const auto warning = unknown_types_warning(types_unknown_to_index(recorded, models));
  if (!warning.empty()) std::cerr << "clause-indexer: warning: " << db_path << ": " << warning << "\n";
}

// True where a run would create a new index: nothing, or an empty directory.
bool is_new_index_place(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return !ec;
  return std::filesystem::is_directory(path, ec) && std::filesystem::is_empty(path, ec);
}

Result<std::vector<TypeModel>> load_type_models(const IndexerOptions& options) {
  if (!options.type_model) return std::vector<TypeModel>{};
  if (options.type_model_files.empty()) return default_type_models();
  std::vector<TypeModel> models;
  for (const auto& path : options.type_model_files) {
    auto model = TypeModel::load(path);
    if (!model) return model.error();
    models.push_back(std::move(*model));
  }
  return models;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "train-types") {
    return run_train_types(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
  }
  const auto options = parse_indexer_options(std::vector<std::string>(argv, argv + argc));
  if (!options) {
    std::cerr << "clause-indexer: error: " << options.error().message << "\n"
              << "Try 'clause-indexer --help'.\n";
    return 2;
  }
  if (options->show_help) {
    std::cout << indexer_usage();
    return 0;
  }
  // --stub-remote describes the shards of a sharded index: the one this run
  // creates (--shards N) or the one DIR already is. Known before any input.
  if (!options->stub_remotes.empty() && options->shards == 0 &&
      !ShardedIndex::is_sharded(options->db_path)) {
    std::cerr << "clause-indexer: error: --stub-remote needs --shards N: " << options->db_path
              << " is not a sharded index\n"
              << "Try 'clause-indexer --help'.\n";
    return 2;
  }
  std::optional<Classifier> classifier;
  if (options->classify) {
    if (options->taxonomy_path.empty()) {
      classifier.emplace(default_taxonomy());
    } else {
      auto taxonomy = load_taxonomy(options->taxonomy_path);
      if (!taxonomy) {
        std::cerr << "clause-indexer: error: --taxonomy " << taxonomy.error().message << "\n";
        return 2;
      }
      classifier.emplace(*taxonomy);
    }
  }
  // The shipped spelling variants and the user's, recorded in the index.
  std::vector<SynonymPair> synonyms;
  if (options->synonyms) synonyms = default_spelling_variants();
  for (const auto& path : options->synonym_files) {
    auto more = load_spelling_variants(path);
    if (!more) {
      std::cerr << "clause-indexer: error: --synonyms: " << more.error().message << "\n";
      return 2;
    }
    synonyms.insert(synonyms.end(), more->begin(), more->end());
  }
  const auto type_models = load_type_models(*options);
  if (!type_models) {
    std::cerr << "clause-indexer: error: --type-model: " << type_models.error().message
              << "; nothing indexed\n";
    return 2;
  }
  const std::string type_identity = type_models_identity(*type_models);
  warn_of_unknown_types(options->db_path, *type_models);
  std::atomic<bool> stop{false};
  SignalWaiter signals([&stop](int) { stop = true; });
  if (!options->history_repo.empty() || !options->as_of.empty()) {
    // Versions: types, then categories, as Ingest::accept gives them.
    const VersionRecorder::Enrich enrich = [&](ClauseRecord& record) {
      if (!type_models->empty()) assign_clause_type(record, *type_models);
      if (classifier && record.categories.empty()) classifier->apply(record);
    };
    try {
      return options->history_repo.empty() ? run_snapshot(*options, enrich, std::cerr, stop)
                                           : run_history(*options, enrich, std::cerr, stop);
    } catch (const Xapian::Error& e) {
      std::cerr << "clause-indexer: error: writing " << options->db_path << ": " << e.get_description() << "\n";
      return 3;
    }
  }
  // --delete alone removes records from an index: where there is none (no
  // path, or an empty directory) it would make an empty one and succeed.
  if (options->inputs.empty() && options->doc_dirs.empty() && is_new_index_place(options->db_path)) {
    std::cerr << "clause-indexer: error: --delete: no index at " << options->db_path
              << ": there is nothing to delete from; nothing was created\n";
    return 3;
  }
  try {
    // A new index is created only once there is something to put in it
    // (DeferredSink); an existing one is opened now, so its errors come first.
    std::unique_ptr<ClauseSink> sink;
    DeferredSink* deferred = nullptr;
    if (!std::filesystem::exists(options->db_path)) {
      auto lazy = std::make_unique<DeferredSink>([&options, &synonyms, &type_identity] {
        return open_sink(*options, synonyms, type_identity);
      });
      deferred = lazy.get();
      sink = std::move(lazy);
    } else if (auto opened = open_sink(*options, synonyms, type_identity)) {
      sink = std::move(*opened);
    } else {
      std::cerr << "clause-indexer: error: " << opened.error().message << "\n";
      return opened.error().kind == ErrorKind::invalid_argument ? 2 : 3;
    }
    Ingest ingest(*sink, *options, std::cerr, stop);
    if (classifier) ingest.set_classifier(&*classifier);
    if (!type_models->empty()) ingest.set_type_models(&*type_models);
    const IngestSummary summary = ingest.run();
    // Input read cleanly that held no record is an empty corpus: it gets its
    // (empty) index. Input that could not be read gets none.
    const bool clean = !summary.had_errors() && !summary.interrupted;
    if (deferred && !deferred->created() && clean) {
      deferred->create();
      deferred->commit();
    }
    const bool written = deferred == nullptr || deferred->created();
    sink.reset();  // close the database before reading its statistics
    std::cerr << format_docs_summary(summary.docs);
    if (classifier) {
      std::cerr << "clause-indexer: classified " << summary.classified
                << " uncategorised records into categories\n";
    }
    if (!type_models->empty()) {
      std::cerr << "clause-indexer: typed " << summary.typed
                << " records without a clause type by the type model\n";
    }
    std::cerr << "clause-indexer: " << format_summary(summary) << "\n";
    if (written) {
      const CorpusStats stats = corpus_stats(Xapian::Database(options->db_path));
      std::cerr << "clause-indexer: index " << options->db_path << ": " << stats.clauses
                << " clauses, " << stats.platforms << " platforms, " << stats.categories
                << " categories\n";
    } else {
      std::cerr << "clause-indexer: no index created at " << options->db_path
                << ": no record was read\n";
    }
    if (summary.interrupted) return 130;
    return summary.had_errors() ? 1 : 0;
  } catch (const SinkOpenError& e) {
    std::cerr << "clause-indexer: error: " << e.error.message << "\n";
    return e.error.kind == ErrorKind::invalid_argument ? 2 : 3;
  } catch (const Xapian::Error& e) {
    std::cerr << "clause-indexer: error: writing " << options->db_path << ": "
              << e.get_description() << "\n";
    return 3;
  } catch (const std::filesystem::filesystem_error& e) {
    // The parallel builder's work directories beside the index, and their
    // rename into place: what fails is where --db points.
    std::cerr << "clause-indexer: error: --db " << options->db_path << ": cannot make the index there: "
              << e.code().message() << " (" << e.path1().string() << ")\n";
    return 3;
  }
}

// clause-indexer: wires options, the writer and the run together.
#include <atomic>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "common/signal_waiter.h"
#include "indexer/classifier.h"
#include "indexer/index_writer.h"
#include "indexer/indexer_options.h"
#include "indexer/ingest.h"

int main(int argc, char** argv) {
  using namespace clause;
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
  std::optional<Classifier> classifier;
  if (options->classify) {
    if (options->taxonomy_path.empty()) {
      classifier.emplace(default_taxonomy());
    } else {
      auto taxonomy = load_taxonomy(options->taxonomy_path);
      if (!taxonomy) {
        std::cerr << "clause-indexer: error: " << taxonomy.error().message << "\n";
        return 2;
      }
      classifier.emplace(*taxonomy);
    }
  }
  std::atomic<bool> stop{false};
  SignalWaiter signals([&stop](int) { stop = true; });

  auto writer = IndexWriter::open(options->db_path,
                                  WriterOptions{options->batch_size, options->spelling});
  if (!writer) {
    std::cerr << "clause-indexer: error: " << writer.error().message << "\n";
    return 3;
  }
  try {
    Ingest ingest(**writer, *options, std::cerr, stop);
    if (classifier) ingest.set_classifier(&*classifier);
    const IngestSummary summary = ingest.run();
    const CorpusStats stats = (*writer)->stats();
    std::cerr << format_docs_summary(summary.docs);
    if (classifier) {
      std::cerr << "clause-indexer: classified " << summary.classified
                << " uncategorised records into categories\n";
    }
    std::cerr << "clause-indexer: " << format_summary(summary) << "\n"
              << "clause-indexer: index " << options->db_path << ": " << stats.clauses
              << " clauses, " << stats.platforms << " platforms, " << stats.categories
              << " categories\n";
    if (summary.interrupted) return 130;
    return summary.rejected > 0 || summary.files_failed > 0 ? 1 : 0;
  } catch (const Xapian::Error& e) {
    std::cerr << "clause-indexer: error: writing " << options->db_path << ": "
              << e.get_description() << "\n";
    return 3;
  }
}

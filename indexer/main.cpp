// clause-indexer: wires options, the writer and the run together.
#include <atomic>
#include <iostream>
#include <string>
#include <vector>

#include "common/signal_waiter.h"
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
    const IngestSummary summary = ingest.run();
    const CorpusStats stats = (*writer)->stats();
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

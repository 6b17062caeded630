// Segments and classifies a whole document tree (by default the shared OTA
// collection) without writing an index, and prints what the indexer's --docs
// summary prints about segmentation, with the time of each stage alone:
// clauses/s, clauses per document type, drops by reason, and how many
// clauses each category received.
//
// Usage: bench_segment_ota [--docs DIR] [--taxonomy FILE]
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "schema/classifier.h"
#include "indexer/document_tree.h"
#include "indexer/markdown_segmenter.h"

int main(int argc, char** argv) {
  using namespace clause;
  using Clock = std::chrono::steady_clock;
  std::string dir = clause::build_paths::shared_data_dir().string() + "/ota";
  std::string taxonomy_path;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--docs" && i + 1 < argc) dir = argv[++i];
    else if (a == "--taxonomy" && i + 1 < argc) taxonomy_path = argv[++i];
    else {
      std::cerr << "usage: bench_segment_ota [--docs DIR] [--taxonomy FILE]\n";
      return 2;
    }
  }
  const auto taxonomy = bench::taxonomy_or_default(taxonomy_path);
  if (!taxonomy) return 1;
  auto tree = list_document_tree(dir);
  if (!tree) {
    std::cerr << "error: " << tree.error().message << "\n";
    return 1;
  }
  std::vector<std::string> texts;
  std::size_t bytes = 0;
  for (const auto& doc : tree->documents) {
    auto text = read_document(doc.path);
    if (!text) {
      std::cerr << "error: " << text.error().message << "\n";
      return 1;
    }
    bytes += text->size();
    texts.push_back(std::move(text).value());
  }
  const auto t0 = Clock::now();
  std::vector<ClauseRecord> clauses;
  std::map<std::string, std::size_t> by_doc, dropped;
  std::size_t merged = 0, empty_docs = 0;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    Segmented s = segment_markdown(texts[i], tree->documents[i].platform, tree->documents[i].document);
    by_doc[tree->documents[i].document] += s.clauses.size();
    for (const auto& [reason, n] : s.dropped) dropped[reason] += n;
    merged += s.lead_ins_merged;
    if (s.clauses.empty()) ++empty_docs;
    for (auto& c : s.clauses) clauses.push_back(std::move(c));
  }
  const auto t1 = Clock::now();
  const Classifier classifier(*taxonomy);
  std::map<std::string, std::size_t> by_category, by_severity;
  std::size_t classified = 0;
  for (auto& c : clauses) {
    classifier.apply(c);
    if (!c.categories.empty()) ++classified;
    for (const auto& cat : c.categories) ++by_category[cat];
    if (c.severity) ++by_severity[std::string(severity_name(*c.severity))];
  }
  const auto t2 = Clock::now();
  const double seg_s = std::chrono::duration<double>(t1 - t0).count();
  const double cls_s = std::chrono::duration<double>(t2 - t1).count();
  std::printf("%zu documents (%.1f MB), %zu clauses; %zu documents without clauses\n",
              texts.size(), bytes / 1e6, clauses.size(), empty_docs);
  std::printf("segmenting: %.2f s, %.0f clauses/s, %.1f MB/s\n", seg_s, clauses.size() / seg_s,
              bytes / 1e6 / seg_s);
  std::printf("classifying: %.2f s, %.0f clauses/s; %zu clauses (%.1f%%) got a category\n", cls_s,
              clauses.size() / cls_s, classified, 100.0 * classified / std::max<std::size_t>(clauses.size(), 1));
  std::printf("lead-ins merged into list items: %zu\nclauses by document type:\n", merged);
  for (const auto& [doc, n] : by_doc) std::printf("  %8zu  %s\n", n, doc.c_str());
  std::printf("dropped:\n");
  for (const auto& [reason, n] : dropped) std::printf("  %8zu  %s\n", n, reason.c_str());
  std::printf("clauses by category:\n");
  for (const auto& [cat, n] : by_category) std::printf("  %8zu  %s\n", n, cat.c_str());
  std::printf("clauses by severity:\n");
  for (const auto& [sev, n] : by_severity) std::printf("  %8zu  %s\n", n, sev.c_str());
  return 0;
}

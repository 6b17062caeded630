// Detects the language of every document of a document tree (by default the
// shared OTA collection) the way clause-indexer --docs does (front matter
// first, else CLD2 over the document's clauses), and prints how many
// documents each language got, what CLD2 said about the undetermined ones,
// and a random sample to check by eye: service, document, language, first
// words. With --jsonl FILE, detects each record alone instead, as the
// indexer does for JSONL records without a `language` field.
//
// Usage: bench_detect_languages [--docs DIR | --jsonl FILE] [--sample N] [--seed S]
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "indexer/document_tree.h"
#include "indexer/front_matter.h"
#include "indexer/language_detect.h"
#include "indexer/markdown_segmenter.h"
#include "schema/language.h"
#include "schema/plain_text.h"

namespace {

using namespace clause;

struct Detected {
  std::string service, document, first_words;
  LanguageGuess guess;
  bool explicit_language = false;
};

std::string first_words(const std::string& text, std::size_t bytes = 70) {
  std::string out;
  for (const char c : plain_text(text)) {
    if (out.size() >= bytes && (static_cast<unsigned char>(c) & 0xC0) != 0x80) break;
    out.push_back(c == '\n' ? ' ' : c);
  }
  return out;
}

std::vector<Detected> detect_tree(const std::string& dir) {
  std::vector<Detected> out;
  auto tree = list_document_tree(dir);
  if (!tree) {
    std::cerr << "error: " << tree.error().message << "\n";
    return out;
  }
  for (const auto& doc : tree->documents) {
    auto text = read_document(doc.path);
    if (!text) continue;
    const FrontMatter front = read_front_matter(*text);
    const Segmented seg = segment_markdown(front.body, doc.platform, doc.document);
    Detected d{doc.platform, doc.document, "", detect_document_language(seg.clauses)};
    if (const auto given = find_language(front.language)) {
      d.guess = {std::string(given->code), std::string(given->code), true};
      d.explicit_language = true;
    }
    if (!seg.clauses.empty()) d.first_words = first_words(seg.clauses.front().text);
    out.push_back(std::move(d));
  }
  return out;
}

std::vector<Detected> detect_jsonl(const std::string& path) {
  std::vector<Detected> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) {
    auto record = clause_from_json_text(line);
    if (!record) continue;
    Detected d{record->platform, record->document, first_words(record->text),
               detect_language(plain_text(record->title + "\n" + record->text))};
    if (!record->language.empty()) {
      d.guess = {record->language, record->language, true};
      d.explicit_language = true;
    }
    out.push_back(std::move(d));
  }
  return out;
}

void print_counts(const std::vector<Detected>& all) {
  std::map<std::string, std::size_t> by_language, undetermined_said;
  std::size_t explicit_count = 0;
  for (const auto& d : all) {
    ++by_language[d.guess.code];
    if (!d.guess.determined) ++undetermined_said[d.guess.detected];
    if (d.explicit_language) ++explicit_count;
  }
  std::printf("%zu inputs, %zu with an explicit language\nby language (undetermined ones count as en):\n",
              all.size(), explicit_count);
  for (const auto& [code, n] : by_language) std::printf("  %6zu  %s\n", n, code.c_str());
  std::printf("undetermined (fell back to en), by what CLD2 said:\n");
  if (undetermined_said.empty()) std::printf("  none\n");
  for (const auto& [code, n] : undetermined_said) std::printf("  %6zu  %s\n", n, code.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = clause::build_paths::shared_data_dir().string() + "/ota";
  std::string jsonl;
  std::size_t sample = 20;
  unsigned seed = 19;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--docs" && i + 1 < argc) dir = argv[++i];
    else if (a == "--jsonl" && i + 1 < argc) jsonl = argv[++i];
    else if (a == "--sample" && i + 1 < argc) sample = std::stoul(argv[++i]);
    else if (a == "--seed" && i + 1 < argc) seed = static_cast<unsigned>(std::stoul(argv[++i]));
    else {
      std::cerr << "usage: bench_detect_languages [--docs DIR | --jsonl FILE] [--sample N] [--seed S]\n";
      return 2;
    }
  }
  const auto start = bench::Clock::now();
  std::vector<Detected> all = jsonl.empty() ? detect_tree(dir) : detect_jsonl(jsonl);
  const double seconds = bench::seconds_since(start);
  if (all.empty()) {
    std::cerr << "error: nothing read from " << (jsonl.empty() ? dir : jsonl) << "\n";
    return 1;
  }
  std::printf("read, segmented and detected in %.2f s\n", seconds);
  print_counts(all);
  std::mt19937 rng(seed);
  std::shuffle(all.begin(), all.end(), rng);
  all.resize(std::min(sample, all.size()));
  std::printf("random sample (seed %u): service | document | language (CLD2 said) | first words\n", seed);
  for (const auto& d : all) {
    std::printf("  %s | %s | %s (%s) | %s\n", d.service.c_str(), d.document.c_str(), d.guess.code.c_str(),
                d.guess.detected.c_str(), d.first_words.c_str());
  }
  return 0;
}

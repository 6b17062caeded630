// Measures the classifier against the labelled corpora: each clause's text is
// classified with its labels hidden, and the predictions are compared with
// the labels per category (precision, recall, F1), then micro and macro F1.
//
// Only the categories a corpus labels are scored on it (CLAUDETTE's scheme
// has no cookie category, so a cookie prediction there is neither right nor
// wrong); within those, every unlabelled sentence is a negative, so false
// positives on the ~7,900 unlabelled CLAUDETTE sentences count. Labels that
// the taxonomy does not have (ToS;DR's "Other") make a clause a negative.
//
// Usage: bench_classify_quality [--data DIR] [--taxonomy FILE] [--errors CATEGORY]
// --errors prints the false positives and negatives of one category (to tune
// rules in general terms: the figures are also judged on unseen text).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "bench/bench_common.h"
#include "schema/classifier.h"
#include "schema/clause_record.h"
#include "schema/taxonomy.h"

namespace {

using namespace clause;

struct Counts {
  std::size_t tp = 0, fp = 0, fn = 0;
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 0; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

void score(const std::string& name, const std::vector<ClauseRecord>& records,
           const Classifier& classifier, const std::string& errors_of) {
  const Taxonomy& taxonomy = classifier.taxonomy();
  std::set<std::string> labelled;  // categories this corpus uses and the taxonomy has
  for (const auto& r : records) {
    for (const auto& c : r.categories) {
      if (taxonomy.find(c)) labelled.insert(taxonomy.find(c)->name);
    }
  }
  std::map<std::string, Counts> counts;
  std::size_t unlabelled = 0, fp_unlabelled = 0, outside = 0, sev_total = 0, sev_exact = 0,
              sev_near = 0;
  const auto start = bench::Clock::now();
  for (const auto& r : records) {
    std::set<std::string> gold;
    for (const auto& c : r.categories) {
      if (const auto* cat = taxonomy.find(c)) gold.insert(cat->name);
    }
    const Classification got = classifier.classify(r.text);
    std::set<std::string> predicted;
    for (const auto& c : got.categories) {
      if (labelled.count(c)) predicted.insert(c);
      else ++outside;
    }
    if (gold.empty()) {
      ++unlabelled;
      if (!predicted.empty()) ++fp_unlabelled;
    }
    for (const auto& c : labelled) {
      const bool g = gold.count(c) > 0, p = predicted.count(c) > 0;
      if (g && p) ++counts[c].tp;
      if (!g && p) ++counts[c].fp;
      if (g && !p) ++counts[c].fn;
      if (g != p && c == errors_of) {
        std::printf("%s %s: %s\n", g ? "FN" : "FP", name.c_str(), r.text.substr(0, 300).c_str());
      }
    }
    // Severity, judged where the category was found and the corpus rates the clause.
    if (r.severity && !gold.empty() && !predicted.empty()) {
      const auto s = classifier.severity(r.text, {gold.begin(), gold.end()});
      ++sev_total;
      const int d = severity_rank(s) - severity_rank(*r.severity);
      if (d == 0) ++sev_exact;
      if (d >= -1 && d <= 1) ++sev_near;
    }
  }
  const double secs = bench::seconds_since(start);
  std::printf("\n== %s: %zu clauses (%zu without a scored category), %.0f clauses/s\n",
              name.c_str(), records.size(), unlabelled, records.size() / secs);
  std::printf("%-34s %6s %6s %6s %6s %7s %7s %7s\n", "category", "gold", "tp", "fp", "fn",
              "P", "R", "F1");
  Counts micro;
  double macro = 0;
  for (const auto& c : labelled) {
    const Counts& k = counts[c];
    std::printf("%-34s %6zu %6zu %6zu %6zu %7.3f %7.3f %7.3f\n", c.c_str(), k.tp + k.fn, k.tp,
                k.fp, k.fn, k.precision(), k.recall(), k.f1());
    micro.tp += k.tp;
    micro.fp += k.fp;
    micro.fn += k.fn;
    macro += k.f1();
  }
  std::printf("micro P %.3f R %.3f F1 %.3f | macro F1 %.3f\n", micro.precision(), micro.recall(),
              micro.f1(), labelled.empty() ? 0.0 : macro / double(labelled.size()));
  std::printf("unlabelled clauses given a scored category (false positives): %zu of %zu (%.1f%%)\n",
              fp_unlabelled, unlabelled, unlabelled ? 100.0 * fp_unlabelled / unlabelled : 0.0);
  std::printf("predictions in categories this corpus does not label (not scored): %zu\n", outside);
  if (sev_total) {
    std::printf("severity on %zu found clauses: exact %.1f%%, within one step %.1f%%\n", sev_total,
                100.0 * sev_exact / sev_total, 100.0 * sev_near / sev_total);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string data = clause::build_paths::shared_data_dir().string();
  std::string taxonomy_path, errors_of;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--data" && i + 1 < argc) data = argv[++i];
    else if (a == "--taxonomy" && i + 1 < argc) taxonomy_path = argv[++i];
    else if (a == "--errors" && i + 1 < argc) errors_of = argv[++i];
    else {
      std::cerr << "usage: bench_classify_quality [--data DIR] [--taxonomy FILE] [--errors CATEGORY]\n";
      return 2;
    }
  }
  const auto taxonomy = bench::taxonomy_or_default(taxonomy_path);
  if (!taxonomy) return 1;
  const Classifier classifier(*taxonomy);
  int scored = 0;
  for (const char* corpus : {"claudette", "tosdr"}) {
    const std::string path = data + "/" + corpus + "/clauses.jsonl";
    if (!std::ifstream(path)) {
      std::cerr << "skipping " << corpus << ": " << path << " is absent\n";
      continue;
    }
    score(corpus, bench::read_clauses(path), classifier, errors_of);
    ++scored;
  }
  return scored ? 0 : 1;
}

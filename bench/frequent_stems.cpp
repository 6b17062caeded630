// The stems of an index's free text by document frequency: what the shipped
// list of phrase-pair words (data/pair-words.txt) is made from, and what
// shows how much of another corpus that list covers.
//
//   bench_frequent_stems DB MIN_SHARE
//
// Prints every unprefixed text stem (the index's Z terms, without the Z) in
// at least MIN_SHARE (0..1) of the index's documents, one a line, most
// frequent first, with its document count: "STEM<TAB>DOCS".
#include <xapian.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include "schema/index_layout.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: bench_frequent_stems DB MIN_SHARE\n";
    return 2;
  }
  try {
    const Xapian::Database db(argv[1]);
    const double share = std::stod(argv[2]);
    const std::string prefix(clause::layout::kStemPrefix);
    std::vector<std::pair<Xapian::doccount, std::string>> stems;
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
      const std::string term = *it;
      // Z + an upper-case letter is a field's stem (ZS: title), not text.
      if (term.size() <= prefix.size() || (term[prefix.size()] >= 'A' && term[prefix.size()] <= 'Z')) continue;
      if (it.get_termfreq() >= share * db.get_doccount()) stems.emplace_back(it.get_termfreq(), term.substr(prefix.size()));
    }
    std::sort(stems.begin(), stems.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [docs, stem] : stems) std::cout << stem << "\t" << docs << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_frequent_stems: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "bench_frequent_stems: " << e.get_description() << "\n";
    return 1;
  }
}

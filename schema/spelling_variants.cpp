#include "schema/spelling_variants.h"

#include <xapian.h>

#include <algorithm>
#include <sstream>

#include "schema/index_layout.h"
#include "schema/text_file.h"

namespace clause {
namespace {

bool is_word(const std::string& word) {
  if (word.empty()) return false;
  for (Xapian::Utf8Iterator it(word), end; it != end; ++it) {
    if (!Xapian::Unicode::is_wordchar(*it) || *it == '_') return false;
  }
  return true;
}

// The words of one line, without its comment; an error names the line.
Result<std::vector<std::string>> line_words(const std::string& line, const std::string& where) {
  std::istringstream in(line.substr(0, line.find('#')));
  std::vector<std::string> words;
  for (std::string word; in >> word;) {
    if (!is_word(word)) {
      return Error::invalid("synonyms", where + ": '" + word +
                                            "' is not a single word (letters and digits only)");
    }
    words.push_back(Xapian::Unicode::tolower(word));
  }
  if (words.size() == 1) {
    return Error::invalid("synonyms", where + ": a group needs two words or more, got '" + words[0] + "'");
  }
  return words;
}

}  // namespace

Result<std::vector<SynonymPair>> parse_spelling_variants(std::string_view text, const std::string& source) {
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  const std::string prefix(layout::kStemPrefix);
  std::vector<SynonymPair> pairs;
  std::istringstream in{std::string(text)};
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    auto words = line_words(line, source + ":" + std::to_string(number));
    if (!words) return words.error();
    std::vector<std::string> terms;
    for (const auto& w : *words) terms.push_back(prefix + stem(w));
    for (const auto& a : terms) {
      for (const auto& b : terms) {
        if (a != b) pairs.push_back({a, b});
      }
    }
  }
  std::sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) {
    return x.term != y.term ? x.term < y.term : x.synonym < y.synonym;
  });
  pairs.erase(std::unique(pairs.begin(), pairs.end(),
                          [](const auto& x, const auto& y) { return x.term == y.term && x.synonym == y.synonym; }),
              pairs.end());
  return pairs;
}

const std::vector<SynonymPair>& default_spelling_variants() {
  static const std::vector<SynonymPair> pairs = [] {
    auto parsed = parse_spelling_variants(default_spelling_variants_text(), "data/spelling-variants.txt");
    // The shipped list is checked by a test; a broken one is a build mistake.
    return parsed ? std::move(*parsed) : std::vector<SynonymPair>{};
  }();
  return pairs;
}

Result<std::vector<SynonymPair>> load_spelling_variants(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return Error::invalid("synonyms", path + ": " + text.error().message);
  return parse_spelling_variants(*text, path);
}

}  // namespace clause

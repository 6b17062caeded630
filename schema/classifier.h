// Assigns categories and a severity to clause text from a taxonomy's rules
// (schema/taxonomy.h). The taxonomy's phrases are compiled once into an index
// keyed by their first word; classifying a text tokenises it once and looks
// each word up, so the cost grows with the text, not with the taxonomy.
//
// Thread-safe: classify/apply are const and keep no state between calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "schema/clause_record.h"
#include "schema/taxonomy.h"

namespace clause {

struct Classification {
  // Category names, best score first; at most the taxonomy's max_categories.
  std::vector<std::string> categories;
  std::vector<double> scores;         // parallel to categories
  std::optional<Severity> severity;   // the worst over the categories; none without one
};

// Words of a text as the classifier sees them: lower-case, split at anything
// but letters and digits, apostrophes dropped ("Don't" -> "dont").
std::vector<std::string> classifier_tokens(std::string_view text);

class Classifier {
 public:
  explicit Classifier(const Taxonomy& taxonomy);

  Classification classify(std::string_view text) const;

  // The severity of a clause of these categories, from the taxonomy's base
  // severities (medium for a category it does not know) and the hints found
  // in the text; none when categories is empty.
  std::optional<Severity> severity(std::string_view text,
                                   const std::vector<std::string>& categories) const;

  // Fills what the record lacks: categories when it has none, then a
  // severity when it has none and has categories. Categories and severities
  // that the record brings are kept.
  void apply(ClauseRecord& record) const;

  const Taxonomy& taxonomy() const { return taxonomy_; }

 private:
  struct Alternative {
    std::string word;
    bool prefix;
  };
  using WordSlot = std::vector<Alternative>;
  struct CompiledRule {
    std::vector<int> any;
    std::vector<std::vector<int>> all;  // every group needs one phrase found
    double weight;
  };
  struct CompiledHints {
    std::vector<int> raise, lower;
  };
  struct CompiledCategory {
    std::vector<CompiledRule> rules;
    CompiledHints hints;
    double threshold;
  };

  int compile_phrase(const std::string& phrase);
  CompiledHints compile_hints(const SeverityHints& hints);
  std::vector<char> find_phrases(const std::vector<std::string>& tokens) const;
  int severity_steps(const std::vector<char>& found, const CompiledHints& h) const;
  Severity category_severity(const std::vector<char>& found, std::string_view name) const;

  Taxonomy taxonomy_;
  std::vector<std::vector<WordSlot>> phrases_;
  std::unordered_map<std::string, int> phrase_ids_;
  std::unordered_map<std::string, std::vector<int>> by_word_;    // exact first word
  std::unordered_map<std::string, std::vector<int>> by_prefix3_; // first 3 bytes of a prefix
  std::vector<CompiledCategory> categories_;
  CompiledHints global_hints_;
};

}  // namespace clause

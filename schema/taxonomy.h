// The category taxonomy: category names, descriptions, the rules that assign
// each category to a clause's text, and the wording that makes a clause more
// or less severe. It is data (schema/taxonomy.json is the default, compiled
// into the programs); a user may bring their own file. docs/taxonomy.md
// describes the format.
//
// Phrases: words separated by spaces, matched as consecutive words of the
// text, case-insensitively, punctuation ignored ("third-party" is "third
// party"). In a word, "|" separates alternatives and a trailing "*" matches
// any ending: "shar*|disclos* with third part*" matches "disclosed with third
// parties" and "share with third party". Apostrophes vanish ("don't" is "dont").
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/result.h"
#include "schema/severity.h"

namespace clause {

// A rule adds its weight to a category's score when it fires: when any of
// `any` occurs (if `any` is non-empty), and every group of `all` has one of
// its phrases in the text (in JSON a group is a phrase or a list of phrases).
// A negative weight argues against the category.
struct TaxonomyRule {
  std::vector<std::string> any;
  std::vector<std::vector<std::string>> all;
  double weight = 1;
};

// Each phrase of `raise` found raises the severity one step, each of `lower`
// lowers it one step (at most kMaxSeveritySteps either way).
struct SeverityHints {
  std::vector<std::string> raise;
  std::vector<std::string> lower;
};
inline constexpr int kMaxSeveritySteps = 2;

// The "format" a taxonomy file may state (optional); any other value is refused.
inline constexpr const char* kTaxonomyFormat = "clause-taxonomy/1";

struct TaxonomyCategory {
  std::string name;
  std::string description;
  Severity severity = Severity::medium;  // before hints
  std::optional<double> threshold;       // overrides the taxonomy's
  std::vector<TaxonomyRule> rules;
  SeverityHints hints;                   // on top of the taxonomy-wide hints
};

struct Taxonomy {
  double threshold = 2;            // score at which a category is assigned
  std::size_t max_categories = 3;  // per clause, best scores first
  std::size_t min_words = 1;       // shorter texts (headings, stray fragments) get none
  SeverityHints hints;             // apply to every category
  std::vector<TaxonomyCategory> categories;

  const TaxonomyCategory* find(std::string_view name) const;
};

// Parses and validates a taxonomy. Errors name the source and the field:
// "my.json: categories[2].rules[0].weight: expected a number".
Result<Taxonomy> parse_taxonomy(std::string_view json_text, const std::string& source);

// Reads and parses the file; an error naming it when it cannot be read.
Result<Taxonomy> load_taxonomy(const std::string& path);

// The default taxonomy's JSON, compiled in from schema/taxonomy.json.
std::string_view default_taxonomy_json();

// The default taxonomy, parsed once (thread-safe). A test guarantees it parses.
const Taxonomy& default_taxonomy();

// Checks one phrase's syntax; the reason it is malformed, or empty when fine.
std::string phrase_problem(std::string_view phrase);

}  // namespace clause

#include "search/query_text.h"

#include <utility>
#include <vector>

#include "schema/index_layout.h"
#include "schema/language.h"
#include "search/requests.h"
#include "search/wildcards.h"

namespace clause::search {
namespace {

using layout::Facet;

// A field prefix whose value is a facet name or slug: `platform:"Google Play"`
// and `platform:google-play` both become the boolean term of that slug.
class SlugField : public Xapian::FieldProcessor {
 public:
  SlugField(Facet facet, bool include_removed) : facet_(facet), include_removed_(include_removed) {}
  Xapian::Query operator()(const std::string& value) override {
    return facet_value_query(facet_, value, include_removed_);
  }

 private:
  Facet facet_;
  bool include_removed_;
};

// Boolean operators, phrases, +/-, wildcards (search/wildcards.h), a leading
// NOT, spelling correction and the index's synonyms (spelling variants,
// schema/spelling_variants.h: "licence" also matches "license"; Xapian does
// not expand words inside a phrase). No stopper: legal phrases are made of
// small words ("as is"). Every word is stemmed, inside phrases too, as the
// index holds stems only: "third parties" matches "third party".
constexpr unsigned kParserFlags = Xapian::QueryParser::FLAG_DEFAULT |
                                  Xapian::QueryParser::FLAG_PURE_NOT |
                                  Xapian::QueryParser::FLAG_SPELLING_CORRECTION |
                                  Xapian::QueryParser::FLAG_AUTO_SYNONYMS;
// A wildcard expands to at most this many terms (the most frequent ones).
constexpr Xapian::termcount kMaxWildcardTerms = 500;

Xapian::QueryParser make_parser(const Xapian::Database& db, const std::string& lang, bool include_removed) {
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(stemmer_for(lang));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  qp.set_default_op(Xapian::Query::OP_AND);
  qp.add_prefix("title", std::string(layout::kTitlePrefix));
  add_wildcard_fields(qp, db, kMaxWildcardTerms);
  // Every facet is a field of the query language by its name; `type:` is
  // short for `clause_type:`.
  for (const auto& f : layout::kFacets) {
    qp.add_boolean_prefix(std::string(f.name), (new SlugField(f.facet, include_removed))->release());
  }
  qp.add_boolean_prefix("type", (new SlugField(Facet::clause_type, include_removed))->release());
  return qp;
}

// Word spans (byte offsets) of a query string: runs of Unicode word
// characters, as Xapian's QueryParser splits words. Typographic quotes and
// dashes (“…”, «…», —) are not part of a word: counted in, "time”" looked
// like an unknown word and let Xapian "correct" time -> the.
std::vector<std::pair<std::size_t, std::size_t>> word_spans(const std::string& text) {
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  constexpr std::size_t none = std::string::npos;
  std::size_t start = none;
  for (Xapian::Utf8Iterator it(text), end; it != end;) {
    const auto at = static_cast<std::size_t>(it.raw() - text.data());
    const bool word = Xapian::Unicode::is_wordchar(*it);
    ++it;
    if (word && start == none) start = at;
    if (!word && start != none) {
      spans.emplace_back(start, at - start);
      start = none;
    }
  }
  if (start != none) spans.emplace_back(start, text.size() - start);
  return spans;
}

// Whether a word of a query matches something, itself or through a
// synonym (a spelling variant): the index holds stems only. A word found
// only through its variant ("licence" in an index that says "license") needs
// no correction.
bool word_indexed(const Xapian::Database& db, const Xapian::Stem& stem, const std::string& word) {
  const std::string term = std::string(layout::kStemPrefix) + stem(Xapian::Unicode::tolower(word));
  if (db.term_exists(term)) return true;
  for (auto it = db.synonyms_begin(term); it != db.synonyms_end(term); ++it) {
    if (db.term_exists(*it)) return true;
  }
  return false;
}

// Xapian 1.4 suggests a more frequent neighbour even for a word the index
// has ("any" -> "and", turning "at any time" into "at and time"). Keep only
// corrections of words that match nothing; nullopt when none is left.
std::optional<std::string> useful_correction(const Xapian::Database& db, const std::string& original,
                                             const std::string& corrected) {
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  if (corrected.empty() || corrected == original) return std::nullopt;
  const auto from = word_spans(original);
  const auto to = word_spans(corrected);
  if (from.size() != to.size()) return corrected;  // cannot align: trust Xapian
  std::string result;
  std::size_t copied = 0;
  bool changed = false;
  for (std::size_t i = 0; i < from.size(); ++i) {
    const std::string word = original.substr(from[i].first, from[i].second);
    const std::string replacement = corrected.substr(to[i].first, to[i].second);
    if (word == replacement || word_indexed(db, stem, word)) continue;
    result += original.substr(copied, from[i].first - copied) + replacement;
    copied = from[i].first + from[i].second;
    changed = true;
  }
  if (!changed) return std::nullopt;
  return result + original.substr(copied);
}

// The words of a query all exist as typed: no correction could be kept by
// useful_correction, so the spelling lookups (a scan of the spelling table
// per word, a quarter of a search's time) are skipped.
bool every_word_indexed(const Xapian::Database& db, const std::string& q) {
  const Xapian::Stem stem{std::string(layout::kStemLanguage)};
  for (const auto& [start, size] : word_spans(q)) {
    if (!word_indexed(db, stem, q.substr(start, size))) return false;
  }
  return true;
}

// A query whose items at its top level (split at blanks, outside quotes
// and brackets) are all excluded ("-a", "-\"a b\"", "-platform:x"): the
// text with those minus signs taken off, else nullopt. Xapian's parser
// reads such a query as if the signs were not there ("-a" finds the
// clauses with a), the opposite of what they ask.
std::optional<std::string> excluded_items_only(std::string_view q) {
  std::string kept;
  bool any = false;
  int depth = 0;
  bool quoted = false;
  bool item_start = true;
  for (const char c : q) {
    const bool blank = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (depth == 0 && !quoted && blank) {
      item_start = true;
      kept.push_back(c);
      continue;
    }
    if (item_start) {
      item_start = false;
      if (c != '-') return std::nullopt;  // an item that is not excluded
      any = true;
      continue;  // the sign goes
    }
    if (c == '"') quoted = !quoted;
    if (!quoted && c == '(') ++depth;
    if (!quoted && c == ')' && depth > 0) --depth;
    kept.push_back(c);
  }
  // "-" alone, or "- -": no item to exclude.
  if (!any || kept.find_first_not_of(" \t\n\r") == std::string::npos) return std::nullopt;
  return kept;
}

// A query of excluded items only, as they ask: every clause but those that
// match any of them (`kept`: the items without their signs).
Xapian::Query all_but(Xapian::QueryParser& qp, const std::string& kept, unsigned flags) {
  qp.set_default_op(Xapian::Query::OP_OR);
  const Xapian::Query excluded = qp.parse_query(rewrite_wildcards(kept), flags);
  return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query(std::string()), excluded);
}

}  // namespace

Xapian::Query facet_value_query(Facet facet, std::string_view name_or_slug, bool include_removed) {
  const std::string live = layout::facet_term(facet, name_or_slug);
  if (!include_removed) return Xapian::Query(live);
  return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(live), Xapian::Query(layout::removed_term(live)));
}

Xapian::Query phrases_as_and(const Xapian::Query& query) {
  using Q = Xapian::Query;
  const Q::op op = query.get_type();
  const bool windowed = op == Q::OP_PHRASE || op == Q::OP_NEAR;
  // The operators the query parser combines words with, rebuilt from their
  // subqueries alone; others (weight scaling, value ranges, leaves) carry
  // parameters a Query does not give back, and hold no phrase from `q`.
  const bool rebuilt = windowed || op == Q::OP_AND || op == Q::OP_OR || op == Q::OP_AND_NOT || op == Q::OP_XOR ||
                       op == Q::OP_AND_MAYBE || op == Q::OP_FILTER || op == Q::OP_SYNONYM || op == Q::OP_MAX;
  if (!rebuilt) return query;
  std::vector<Q> parts;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) parts.push_back(phrases_as_and(query.get_subquery(i)));
  return Q(windowed ? Q::OP_AND : op, parts.begin(), parts.end());
}

Result<Xapian::Query> parse_text(const Xapian::Database& db, const std::string& q,
                                 const std::string& lang, std::optional<std::string>& corrected,
                                 bool include_removed) {
  try {
    auto qp = make_parser(db, lang, include_removed);
    const auto excluded_only = excluded_items_only(q);
    const auto parse = [&](unsigned flags) {
      return excluded_only ? all_but(qp, *excluded_only, flags) : qp.parse_query(rewrite_wildcards(q), flags);
    };
    if (lang != kDefaultLanguage) {
      constexpr unsigned kEnglishOnly = Xapian::QueryParser::FLAG_SPELLING_CORRECTION |
                                        Xapian::QueryParser::FLAG_AUTO_SYNONYMS;
      return parse(kParserFlags & ~kEnglishOnly);
    }
    if (every_word_indexed(db, q)) return parse(kParserFlags & ~Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
    Xapian::Query query = parse(kParserFlags);
    // The correction is of the text parsed; its words are put back into
    // `q` one by one (useful_correction), so the minus signs stay.
    corrected = useful_correction(db, q, restore_wildcards(qp.get_corrected_query_string()));
    return query;
  } catch (const Xapian::QueryParserError& e) {
    // Xapian's wording ("Syntax: <expression> AND <expression>") names the
    // grammar, not the fix: say what usually causes it.
    return Error::invalid(std::string(param::kQuery),
                          "malformed query: " + e.get_msg() +
                              " (AND, OR, NOT, XOR and NEAR in capitals are operators and need words on both "
                              "sides: write them in lower case to search for the word; quotes and brackets "
                              "must close)");
  }
}

}  // namespace clause::search

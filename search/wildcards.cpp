#include "search/wildcards.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <vector>

#include "schema/index_layout.h"

namespace clause::search {
namespace {

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

// The field written just before position `start` ("title" in "title:priv"),
// or empty.
std::string field_before(const std::string& q, std::size_t start) {
  if (start == 0 || q[start - 1] != ':') return "";
  std::size_t b = start - 1;
  while (b > 0 && (is_word_byte(q[b - 1]) || q[b - 1] == '_')) --b;
  return q.substr(b, start - 1 - b);
}

class WildcardExpander : public Xapian::FieldProcessor {
 public:
  WildcardExpander(const Xapian::Database& db, std::string prefix, Xapian::termcount max_terms)
      : db_(db), stem_prefix_(std::string(layout::kStemPrefix) + prefix), max_terms_(max_terms),
        stemmer_(std::string(layout::kStemLanguage)) {}

  Xapian::Query operator()(const std::string& value) override {
    const std::string start = Xapian::Unicode::tolower(value);
    if (start.empty()) return Xapian::Query::MatchNothing;
    std::set<std::string> terms;
    auto word = db_.spellings_begin();
    if (word != db_.spellings_end()) word.skip_to(start);  // the list is sorted
    for (; word != db_.spellings_end() && (*word).compare(0, start.size(), start) == 0; ++word) {
      terms.insert(stem_prefix_ + stemmer_(*word));
    }
    const std::string stems = stem_prefix_ + start;
    for (auto it = db_.allterms_begin(stems); it != db_.allterms_end(stems); ++it) terms.insert(*it);
    return synonym_of_most_frequent(terms);
  }

 private:
  Xapian::Query synonym_of_most_frequent(const std::set<std::string>& terms) const {
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (const auto& t : terms) {
      if (const Xapian::doccount df = db_.get_termfreq(t); df > 0) found.emplace_back(df, t);
    }
    if (found.empty()) return Xapian::Query::MatchNothing;
    if (found.size() > max_terms_) {
      std::partial_sort(found.begin(), found.begin() + max_terms_, found.end(),
                        [](const auto& a, const auto& b) { return a.first > b.first; });
      found.resize(max_terms_);
    }
    std::vector<Xapian::Query> parts;
    for (const auto& f : found) parts.emplace_back(f.second);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, parts.begin(), parts.end());
  }

  const Xapian::Database& db_;
  std::string stem_prefix_;
  Xapian::termcount max_terms_;
  Xapian::Stem stemmer_;
};

}  // namespace

std::string rewrite_wildcards(const std::string& q) {
  std::string out;
  bool quoted = false;
  std::size_t i = 0;
  while (i < q.size()) {
    if (q[i] == '"') quoted = !quoted;
    if (quoted || !is_word_byte(q[i])) {
      out.push_back(q[i++]);
      continue;
    }
    const std::size_t start = i;
    while (i < q.size() && is_word_byte(q[i])) ++i;
    const bool wildcard = i < q.size() && q[i] == '*' && (i + 1 == q.size() || !is_word_byte(q[i + 1]));
    const std::string field = field_before(q, start);
    if (!wildcard || (!field.empty() && field != "title")) {
      out.append(q, start, i - start);
      continue;
    }
    if (field == "title") out.resize(out.size() - field.size() - 1);  // drop "title:"
    out += std::string(field.empty() ? kWildcardField : kTitleWildcardField) + ":" +
           q.substr(start, i - start);
    ++i;  // the '*'
  }
  return out;
}

std::string restore_wildcards(const std::string& q) {
  std::string out = q;
  const std::pair<std::string, std::string> forms[] = {
      {std::string(kTitleWildcardField) + ":", "title:"}, {std::string(kWildcardField) + ":", ""}};
  for (const auto& [from, to] : forms) {
    for (std::size_t pos = out.find(from); pos != std::string::npos; pos = out.find(from, pos)) {
      out.replace(pos, from.size(), to);
      pos += to.size();
      while (pos < out.size() && is_word_byte(out[pos])) ++pos;
      out.insert(pos, "*");
    }
  }
  return out;
}

void add_wildcard_fields(Xapian::QueryParser& qp, const Xapian::Database& db,
                         Xapian::termcount max_terms) {
  qp.add_prefix(kWildcardField, (new WildcardExpander(db, "", max_terms))->release());
  qp.add_prefix(kTitleWildcardField,
                (new WildcardExpander(db, std::string(layout::kTitlePrefix), max_terms))->release());
}

}  // namespace clause::search

#include "schema/taxonomy.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "schema/slug.h"
#include "schema/text_file.h"

namespace clause {
namespace {

using nlohmann::json;

// Walks a JSON document, producing errors that name the source and the path.
class Reader {
 public:
  explicit Reader(std::string source) : source_(std::move(source)) {}

  Error error(const std::string& field, const std::string& what) const {
    return Error::invalid(field, source_ + ": " + field + ": " + what);
  }

  std::optional<Error> strings(const json& v, const std::string& field,
                               std::vector<std::string>& out, bool phrases) const {
    if (!v.is_array()) return error(field, "expected a list of strings");
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string f = field + "[" + std::to_string(i) + "]";
      if (!v[i].is_string()) return error(f, "expected a string");
      const std::string s = v[i].get<std::string>();
      if (phrases) {
        if (const std::string problem = phrase_problem(s); !problem.empty()) {
          return error(f, "phrase '" + s + "': " + problem);
        }
      }
      out.push_back(s);
    }
    return std::nullopt;
  }

  // A list whose items are phrases or lists of phrases (alternatives).
  std::optional<Error> groups(const json& v, const std::string& field,
                              std::vector<std::vector<std::string>>& out) const {
    if (!v.is_array()) return error(field, "expected a list of phrases or lists of phrases");
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string f = field + "[" + std::to_string(i) + "]";
      std::vector<std::string> group;
      if (v[i].is_array()) {
        if (auto e = strings(v[i], f, group, true)) return e;
        if (group.empty()) return error(f, "expected at least one phrase");
      } else {
        if (auto e = strings(json::array({v[i]}), f, group, true)) return error(f, "expected a phrase or a list of phrases");
      }
      out.push_back(std::move(group));
    }
    return std::nullopt;
  }

  std::optional<Error> hints(const json& v, const std::string& field, SeverityHints& out) const {
    if (!v.is_object()) return error(field, "expected an object with 'raise' and/or 'lower'");
    for (const auto& [key, value] : v.items()) {
      if (key == "raise") {
        if (auto e = strings(value, field + ".raise", out.raise, true)) return e;
      } else if (key == "lower") {
        if (auto e = strings(value, field + ".lower", out.lower, true)) return e;
      } else {
        return error(field + "." + key, "unknown field (expected 'raise' or 'lower')");
      }
    }
    return std::nullopt;
  }

  std::optional<Error> number(const json& v, const std::string& field, double& out) const {
    if (!v.is_number()) return error(field, "expected a number");
    out = v.get<double>();
    return std::nullopt;
  }

  std::optional<Error> rule(const json& v, const std::string& field, TaxonomyRule& out) const {
    if (!v.is_object()) return error(field, "expected an object with 'any' and/or 'all'");
    for (const auto& [key, value] : v.items()) {
      std::optional<Error> e;
      if (key == "any") e = strings(value, field + ".any", out.any, true);
      else if (key == "all") e = groups(value, field + ".all", out.all);
      else if (key == "weight") e = number(value, field + ".weight", out.weight);
      else e = error(field + "." + key, "unknown field (expected any, all, weight)");
      if (e) return e;
    }
    if (out.any.empty() && out.all.empty()) return error(field, "needs a non-empty 'any' or 'all'");
    return std::nullopt;
  }

  std::optional<Error> category(const json& v, const std::string& field,
                                TaxonomyCategory& out) const;

 private:
  std::string source_;
};

std::optional<Error> Reader::category(const json& v, const std::string& field,
                                      TaxonomyCategory& out) const {
  if (!v.is_object()) return error(field, "expected an object");
  for (const auto& [key, value] : v.items()) {
    const std::string f = field + "." + key;
    if (key == "name" || key == "description") {
      if (!value.is_string()) return error(f, "expected a string");
      (key == "name" ? out.name : out.description) = value.get<std::string>();
    } else if (key == "severity") {
      const auto s = value.is_string() ? parse_severity(value.get<std::string>()) : std::nullopt;
      if (!s) return error(f, "expected one of low, medium, high, critical");
      out.severity = *s;
    } else if (key == "threshold") {
      double t = 0;
      if (auto e = number(value, f, t)) return e;
      out.threshold = t;
    } else if (key == "rules") {
      if (!value.is_array()) return error(f, "expected a list of rules");
      for (std::size_t i = 0; i < value.size(); ++i) {
        TaxonomyRule r;
        if (auto e = rule(value[i], f + "[" + std::to_string(i) + "]", r)) return e;
        out.rules.push_back(std::move(r));
      }
    } else if (key == "severity_hints") {
      if (auto e = hints(value, f, out.hints)) return e;
    } else {
      return error(f, "unknown field");
    }
  }
  if (slugify(out.name).empty()) return error(field + ".name", "needs a name with a letter or digit");
  if (out.rules.empty()) return error(field + ".rules", "needs at least one rule");
  return std::nullopt;
}

}  // namespace

const TaxonomyCategory* Taxonomy::find(std::string_view name) const {
  const std::string slug = slugify(name);
  for (const auto& c : categories) {
    if (slugify(c.name) == slug) return &c;
  }
  return nullptr;
}

std::string phrase_problem(std::string_view phrase) {
  bool any_word = false;
  std::size_t start = 0;
  while (start <= phrase.size()) {
    std::size_t end = phrase.find_first_of(" |", start);
    if (end == std::string_view::npos) end = phrase.size();
    const std::string_view alt = phrase.substr(start, end - start);
    if (!alt.empty()) {
      const std::size_t star = alt.find('*');
      if (star != std::string_view::npos && star + 1 != alt.size()) {
        return "'*' may only end a word";
      }
      std::size_t letters = 0;
      for (char c : alt.substr(0, star)) {
        if (std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) {
          ++letters;
        } else if (c != '\'') {
          // Text splits at punctuation, so a word holding some could never match.
          return "'" + std::string(alt) + "': write words separated by spaces, without punctuation";
        }
      }
      if (letters == 0) return "'" + std::string(alt) + "' has no letter or digit";
      if (star != std::string_view::npos && letters < 3) {
        return "a prefix before '*' needs at least 3 letters";
      }
      any_word = true;
    } else if (end < phrase.size() && phrase[end] == '|') {
      return "empty alternative";
    }
    start = end + 1;
  }
  return any_word ? "" : "empty phrase";
}

Result<Taxonomy> parse_taxonomy(std::string_view json_text, const std::string& source) {
  json doc;
  try {
    doc = json::parse(json_text);
  } catch (const json::parse_error& e) {
    return Error::invalid("", source + ": malformed JSON: " + e.what());
  }
  const Reader r(source);
  if (!doc.is_object()) return r.error("(top level)", "expected an object");
  Taxonomy t;
  for (const auto& [key, value] : doc.items()) {
    std::optional<Error> e;
    if (key == "threshold") {
      e = r.number(value, key, t.threshold);
    } else if (key == "max_categories" || key == "min_words") {
      if (!value.is_number_unsigned() || value.get<std::size_t>() == 0) {
        e = r.error(key, "expected a positive whole number");
      } else {
        (key == "max_categories" ? t.max_categories : t.min_words) = value.get<std::size_t>();
      }
    } else if (key == "severity_hints") {
      e = r.hints(value, key, t.hints);
    } else if (key == "categories") {
      if (!value.is_array() || value.empty()) {
        e = r.error(key, "expected a non-empty list of categories");
      } else {
        for (std::size_t i = 0; i < value.size() && !e; ++i) {
          TaxonomyCategory c;
          e = r.category(value[i], key + "[" + std::to_string(i) + "]", c);
          if (!e && t.find(c.name)) {
            e = r.error(key + "[" + std::to_string(i) + "].name",
                        "'" + c.name + "' repeats an earlier category");
          }
          if (!e) t.categories.push_back(std::move(c));
        }
      }
    } else if (key == "format") {
      // The only format there is; anything else would be misread silently.
      if (value != kTaxonomyFormat) {
        e = r.error(key, std::string("expected \"") + kTaxonomyFormat + "\"");
      }
    } else if (key != "description") {
      e = r.error(key, "unknown field");
    }
    if (e) return *e;
  }
  if (t.categories.empty()) return r.error("categories", "is required");
  return t;
}

Result<Taxonomy> load_taxonomy(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return Error::invalid("taxonomy", path + ": " + text.error().message);
  return parse_taxonomy(*text, path);
}

const Taxonomy& default_taxonomy() {
  static const Taxonomy taxonomy = [] {
    auto parsed = parse_taxonomy(default_taxonomy_json(), "schema/taxonomy.json");
    return parsed ? std::move(parsed).value() : Taxonomy{};
  }();
  return taxonomy;
}

}  // namespace clause

#include "indexer/change_record.h"

#include <algorithm>
#include <map>
#include <set>

#include "indexer/version_recorder.h"
#include "schema/change_diffs.h"
#include "schema/index_layout.h"
#include "schema/language.h"
#include "schema/plain_text.h"
#include "schema/slug.h"

namespace clause {
namespace {

constexpr std::size_t kSummaryExcerptBytes = 160;

// The most frequent category of a group of changed clauses, "" when none.
std::string main_category(const std::vector<const ChangedClause*>& group) {
  std::map<std::string, std::size_t> n;
  for (const auto* c : group) {
    for (const auto& cat : c->record->categories) ++n[cat];
  }
  std::string best;
  std::size_t most = 0;
  for (const auto& [cat, k] : n) {
    if (k > most) best = cat, most = k;
  }
  return best;
}

std::string cut_at_word(const std::string& text, std::size_t max) {
  if (text.size() <= max) return text;
  std::size_t end = text.rfind(' ', max);
  if (end == std::string::npos || end == 0) end = max;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not inside a character
  return text.substr(0, end) + "…";
}

}  // namespace

ChangedClause changed_clause(std::string change, std::string provision_id, const ClauseRecord& record,
                             std::string_view old_text, std::string_view new_text) {
  ChangedClause c{std::move(change), std::move(provision_id), &record, old_text, new_text, {}, std::nullopt};
  c.diff = changes::clause_diff(old_text, new_text);
  return c;
}

std::string change_id(const ChangeInput& in) {
  return "chg-" + sha256_hex(in.platform + '\n' + in.document + '\n' + in.date + '\n' + in.source).substr(0, 16);
}

std::string change_summary(const ChangeInput& in) {
  std::string out;
  for (const char* kind : {"modified", "added", "removed"}) {
    std::vector<const ChangedClause*> group;
    for (const auto& c : in.clauses) {
      if (c.change == kind) group.push_back(&c);
    }
    if (group.empty()) continue;
    if (!out.empty()) out += "; ";
    out += std::to_string(group.size()) + (group.size() == 1 ? " clause " : " clauses ") + kind;
    const std::string category = main_category(group);
    if (!category.empty()) out += " (" + category + ")";
  }
  const ChangedClause* worst = nullptr;
  for (const auto& c : in.clauses) {
    if (worst == nullptr || severity_rank(c.record->severity) > severity_rank(worst->record->severity)) worst = &c;
  }
  if (worst != nullptr) {
    out += ". " + std::string(worst->change == "removed" ? "Removed" : "Now") + ": \"" +
           cut_at_word(plain_text(worst->record->text), kSummaryExcerptBytes) + "\"";
  }
  return out;
}

nlohmann::json change_record_json(const ChangeInput& in) {
  std::size_t added = 0, removed = 0, modified = 0;
  std::set<std::string> categories, types;
  std::optional<Severity> highest;
  nlohmann::json clauses = nlohmann::json::array();
  for (const auto& c : in.clauses) {
    (c.change == "added" ? added : c.change == "removed" ? removed : modified) += 1;
    const ClauseRecord& r = *c.record;
    categories.insert(r.categories.begin(), r.categories.end());
    for (const auto& t : r.all_clause_types()) types.insert(t);
    if (severity_rank(r.severity) > severity_rank(highest)) highest = r.severity;
    nlohmann::json item = {{"change", c.change},   {"provision_id", c.provision_id}, {"clause_id", r.id},
                           {"title", r.title},     {"diff", c.diff},                 {"categories", r.categories},
                           {"clause_types", r.all_clause_types()}};
    item["severity"] = r.severity ? nlohmann::json(std::string(severity_name(*r.severity))) : nlohmann::json();
    clauses.push_back(std::move(item));
  }
  nlohmann::json out = {
      {"id", change_id(in)},
      {"platform", in.platform},
      {"document", in.document},
      {"date", in.date},
      {"source", in.source},
      {"counts", {{"added", added}, {"removed", removed}, {"modified", modified}, {"formatting", in.formatting}}},
      {"clauses", clauses},
      {"categories", categories},
      {"clause_types", types},
      {"summary", change_summary(in)},
  };
  out["severity"] = highest ? nlohmann::json(std::string(severity_name(*highest))) : nlohmann::json();
  return out;
}

nlohmann::json stored_change_record(nlohmann::json record, const ChangeInput& in) {
  auto& clauses = record.at("clauses");
  for (std::size_t i = 0; i < in.clauses.size() && i < clauses.size(); ++i) {
    if (!in.clauses[i].version) continue;
    clauses[i].erase("diff");
    clauses[i][changes::kVersionRef] = *in.clauses[i].version;
  }
  return record;
}

Xapian::Document change_document(const nlohmann::json& record, const nlohmann::json& stored,
                                 const std::string& language) {
  using namespace layout;
  Xapian::Document doc;
  const auto add_boolean = [&doc](std::string_view prefix, const std::string& value) {
    doc.add_boolean_term(std::string(prefix) + slugify(value));
  };
  doc.add_boolean_term(change_id_term(record.at("id").get<std::string>()));
  doc.add_boolean_term(std::string(kChangeKindTerm));
  add_boolean(kChangePlatformPrefix, record.at("platform").get<std::string>());
  add_boolean(kChangeDocumentPrefix, record.at("document").get<std::string>());
  for (const auto& c : record.at("categories")) add_boolean(kChangeCategoryPrefix, c.get<std::string>());
  for (const auto& t : record.at("clause_types")) add_boolean(kChangeTypePrefix, t.get<std::string>());
  if (record.at("severity").is_string()) add_boolean(kChangeSeverityPrefix, record.at("severity").get<std::string>());
  const std::string date = record.at("date").get<std::string>();
  doc.add_boolean_term(std::string(kChangeMonthPrefix) + date.substr(0, 7));
  doc.add_value(kChangeDateSlot, date);
  // Free text as clauses have it (stems only), so that the query parser of
  // /v1/search reads `q` the same way here; without positions: the diffs
  // repeat whole clauses, whose positions were a quarter of the position
  // table, and a phrase in /v1/changes?q= matches the records holding all
  // its words (search/changes.cpp, phrases_as_and).
  Xapian::TermGenerator words;
  const auto info = find_language(language);
  words.set_stemmer(Xapian::Stem(std::string(info ? info->stemmer : kStemLanguage)));
  words.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  words.set_document(doc);
  words.index_text_without_positions(record.at("summary").get<std::string>());
  for (const auto& c : record.at("clauses")) {
    words.index_text_without_positions(plain_text(c.at("diff").get<std::string>()));
  }
  doc.set_data(stored.dump());
  return doc;
}

}  // namespace clause

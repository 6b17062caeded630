#include "indexer/version_recorder.h"

#include <algorithm>
#include <sstream>
#include <unordered_map>

#include "indexer/change_record.h"
#include "indexer/clause_alignment.h"
#include "indexer/front_matter.h"
#include "indexer/language_detect.h"
#include "indexer/markdown_segmenter.h"
#include "schema/index_layout.h"
#include "schema/packed_metadata.h"
#include "schema/provision_store.h"
#include "schema/language.h"
#include "schema/slug.h"

namespace clause {
namespace {

// The extra fields a versioned clause carries (see the header).
constexpr const char* kProvisionId = "provision_id";
constexpr const char* kSha = "content_sha256";
constexpr const char* kFirstSeen = "first_seen";
constexpr const char* kVersionSince = "version_since";
// A removed provision's last clause, kept searchable (IndexWriter::keep_removed),
// also carries its removal and its own last_seen.
constexpr const char* kRemovedAt = "removed_at";
constexpr const char* kRemovedIn = "removed_in";
// Fields that indexes written before the document metadata (index_layout.h,
// kDocumentLastSeenPrefix) kept in each clause; read, and written in a
// removed provision's kept clause only (its document's date is not its own).
constexpr const char* kLastSeen = "last_seen";
constexpr const char* kPosition = "position";

std::string extra_string(const ClauseRecord& r, const char* key) {
  const auto it = r.extra.find(key);
  return it != r.extra.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// A clause as stored, with the fields the indexer gave it (its type's
// source, confidence and band), which clause_from_json never takes from an
// input: without them an unchanged clause, copied from its stored self,
// was rewritten as if its predicted type were given (/v1/types' counts of
// given and predicted types then differed from an index of the same text).
std::optional<ClauseRecord> stored_clause(const std::string& data) {
  const nlohmann::json value = nlohmann::json::parse(data, nullptr, false);
  auto record = clause_from_json(value);
  if (!record) return std::nullopt;
  if (const auto it = value.find("type_source"); it != value.end() && it->is_string()) {
    record->type_source = it->get<std::string>();
  }
  if (const auto it = value.find("type_confidence"); it != value.end() && it->is_number()) {
    record->type_confidence = it->get<double>();
  }
  if (const auto it = value.find("type_band"); it != value.end() && it->is_string()) {
    record->type_band = it->get<std::string>();
  }
  return std::move(*record);
}

// The memory held documents may take, about 2 KB a clause (the year's
// replay, ~100,000 live clauses, peaked 225 MB above the build before):
// past it, all are dropped and read again as needed.
constexpr std::size_t kMaxHeldClauses = 250'000;

using HeldDocument = VersionRecorder::HeldDocument;

// What the index holds for a document: its clauses in document order (the
// order its last version recorded; clauses written before that list existed
// by their stored position) and the date of its last version.
HeldDocument held_document(Xapian::WritableDatabase& db, const std::string& platform, const std::string& document) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND,
                                  Xapian::Query(layout::facet_term(layout::Facet::platform, platform)),
                                  Xapian::Query(layout::facet_term(layout::Facet::document, document))));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const std::string prefix = document_id_prefix(platform, document);
  HeldDocument out;
  const Xapian::MSet matches = enquire.get_mset(0, db.get_doccount());
  for (auto it = matches.begin(); it != matches.end(); ++it) {
    auto record = stored_clause(it.get_document().get_data());
    if (record && record->id.rfind(prefix, 0) == 0) out.clauses.push_back(std::move(*record));
  }
  std::unordered_map<std::string, std::size_t> rank;
  std::istringstream order(layout::unpack_text(db.get_metadata(
                               layout::document_key(layout::kDocumentClausesPrefix, platform, document)))
                               .value_or(""));
  for (std::string id; std::getline(order, id);) rank.emplace(id, rank.size());
  const auto place = [&](const ClauseRecord& r) {
    const auto it = rank.find(r.id);
    return it != rank.end() ? it->second : rank.size() + r.extra.value(kPosition, std::size_t{0});
  };
  std::stable_sort(out.clauses.begin(), out.clauses.end(),
                   [&](const ClauseRecord& a, const ClauseRecord& b) { return place(a) < place(b); });
  out.last_seen = db.get_metadata(layout::document_key(layout::kDocumentLastSeenPrefix, platform, document));
  return out;
}

// The document's version is now v: its last_seen and its clauses' order.
void record_document(Xapian::WritableDatabase& db, const DocumentVersion& v, const std::vector<ClauseRecord>& fresh) {
  std::string order;
  for (const auto& r : fresh) order += r.id + "\n";
  db.set_metadata(layout::document_key(layout::kDocumentClausesPrefix, v.platform, v.document),
                  layout::pack_text(std::move(order)));
  // A deleted document holds no clause: nothing is left to be last seen.
  db.set_metadata(layout::document_key(layout::kDocumentLastSeenPrefix, v.platform, v.document),
                  v.deleted ? std::string() : v.date);
}

// A clause's content_sha256: stored in clauses by indexes before schema 4.1,
// since then computed from the text of a versioned clause (and added to the
// clause when it is read, schema/versioned_fields.h); none for a clause
// indexed before versions.
std::string content_sha(const ClauseRecord& r) {
  if (r.extra.contains(kSha)) return extra_string(r, kSha);
  return r.extra.contains(kProvisionId) ? sha256_hex(r.text) : std::string();
}

nlohmann::json version_entry(const ClauseRecord& r, const std::string& date, const std::string& change,
                             const std::string& diff) {
  return {{"clause_id", r.id}, {"text", r.text},       {"content_sha256", content_sha(r)},
          {"first_seen", date}, {"last_seen", nullptr}, {"change", change},
          {"change_id", nullptr}, {"diff", diff}};
}

// The history of a provision seen for the first time here: its clause as
// held (or, when added now, nothing yet: the caller adds the version).
nlohmann::json new_provision(const ClauseRecord& held_or_new, bool held, const std::string& provision,
                             const DocumentVersion& v) {
  nlohmann::json p = {{"provision_id", provision}, {"platform", v.platform}, {"document", v.document},
                      {"first_seen", nullptr}, {"removed_at", nullptr}, {"versions", nlohmann::json::array()}};
  const std::string first_seen = extra_string(held_or_new, kFirstSeen);
  if (held && !first_seen.empty() && first_seen != v.date) {
    // A held clause: its version until now.
    std::string since = extra_string(held_or_new, kVersionSince);
    p["versions"].push_back(version_entry(held_or_new, since.empty() ? first_seen : since, "added", ""));
  }
  p["first_seen"] = first_seen.empty() ? v.date : first_seen;
  return p;
}

// The provision's history as stored, or a new one.
provisions::Loaded load_provision(Xapian::WritableDatabase& db, const ClauseRecord& held_or_new, bool held,
                                  const std::string& provision, const DocumentVersion& v) {
  provisions::Loaded loaded = provisions::read_for_update(db, provision);
  if (loaded.history.is_null()) loaded = {new_provision(held_or_new, held, provision, v), 0};
  return loaded;
}

// Whether version n of the clause's provision, as now written (and the one
// before it for a modified clause), holds the texts its diff was made of:
// then the diff is rebuilt from them when the record is read
// (schema/change_diffs.h). A provision touched twice in one version, or one
// whose earlier version was never stored, keeps its diff in the record.
bool gives_back(const Xapian::Database& db, const ChangedClause& c, std::size_t n) {
  const auto text = provisions::version_text(db, c.provision_id, n);
  if (c.change == "removed") return text == c.old_text;
  if (text != c.new_text) return false;
  if (c.change == "added") return c.old_text.empty();
  return n > 0 && provisions::version_text(db, c.provision_id, n - 1) == c.old_text;
}

// A revived provision keeps the date it was first seen.
std::string revived_first_seen(const Xapian::Database& db, const std::string& provision, const std::string& fallback) {
  const nlohmann::json p = provisions::read_list(db, provision);
  const auto first = p.is_object() ? p.find("first_seen") : p.end();
  return first != p.end() && first->is_string() ? first->get<std::string>() : fallback;
}

bool held_texts_are(const std::vector<ClauseRecord>& held, const std::vector<std::string>& texts) {
  return held.size() == texts.size() &&
         std::equal(held.begin(), held.end(), texts.begin(),
                    [](const ClauseRecord& r, const std::string& text) { return r.text == text; });
}

}  // namespace

std::string held_key(const std::string& platform, const std::string& document) {
  return slugify(platform) + '/' + slugify(document);
}

PreparedVersion prepare_version(DocumentVersion version) {
  PreparedVersion out;
  if (!version.deleted) {
    const FrontMatter front = read_front_matter(version.markdown);
    out.warning = unclosed_front_matter_warning(front);
    out.clauses = segment_markdown(front.body, version.platform, version.document).clauses;
    const auto given = find_language(front.language);
    out.language = given ? std::string(given->code) : detect_document_language(out.clauses).code;
    for (auto& r : out.clauses) r.language = out.language;
  }
  version.markdown.clear();
  out.version = std::move(version);
  out.enriched.assign(out.clauses.size(), 0);
  return out;
}

VersionRecorder::HeldDocument VersionRecorder::take_held(const std::string& platform, const std::string& document) {
  const auto it = held_.find(held_key(platform, document));
  if (it == held_.end()) return held_document(writer_.database(), platform, document);
  HeldDocument out = std::move(it->second);
  held_clauses_ -= out.clauses.size();
  held_.erase(it);
  return out;
}

void VersionRecorder::keep_held(const DocumentVersion& v, std::vector<ClauseRecord> clauses) {
  if (held_clauses_ + clauses.size() > kMaxHeldClauses) held_.clear(), held_clauses_ = 0;
  held_clauses_ += clauses.size();
  // As record_document writes it: a deleted document was last seen by no version.
  held_[held_key(v.platform, v.document)] = {std::move(clauses), v.deleted ? std::string() : v.date};
}

VersionOutcome VersionRecorder::apply_prepared(PreparedVersion prepared) {
  const DocumentVersion& v = prepared.version;
  Xapian::WritableDatabase& db = writer_.database();
  const HeldDocument held_doc = take_held(v.platform, v.document);
  const std::vector<ClauseRecord>& held = held_doc.clauses;
  // When a held clause was last seen: its document's last version (an index
  // written before that was kept per document has it in each clause).
  const auto last_seen = [&](const ClauseRecord& r) {
    return held_doc.last_seen.empty() ? extra_string(r, kLastSeen) : held_doc.last_seen;
  };
  std::vector<ClauseRecord>& fresh = prepared.clauses;
  const std::string& language = prepared.language;
  const bool aligned_ahead = prepared.alignment && held_texts_are(held, prepared.aligned_with);
  if (!aligned_ahead) {
    std::vector<std::string> old_texts, new_texts;
    for (const auto& r : held) old_texts.push_back(r.text);
    for (const auto& r : fresh) new_texts.push_back(r.text);
    prepared.alignment = align_clauses(old_texts, new_texts);
  }
  const Alignment& alignment = *prepared.alignment;

  VersionOutcome outcome;
  ChangeInput change{v.platform, v.document, v.date, v.source, language, 0, {}};
  // Provisions whose metadata this version changes, written once at the end
  // (when the change record's id is known).
  std::vector<std::pair<std::string, provisions::Loaded>> touched;
  std::vector<const ClauseRecord*> predecessors(fresh.size(), nullptr);
  for (std::size_t j = 0; j < fresh.size(); ++j) {
    ClauseRecord& r = fresh[j];
    const AlignedClause& a = alignment.clauses[j];
    const ClauseRecord* before = a.old_index ? &held[*a.old_index] : nullptr;
    predecessors[j] = before;
    if (before != nullptr && a.kind != AlignKind::modified) {
      // Same wording: its types and categories are the ones it had.
      r.clause_type = before->clause_type, r.clause_types = before->clause_types;
      r.type_source = before->type_source, r.type_confidence = before->type_confidence;
      r.type_band = before->type_band, r.categories = before->categories, r.severity = before->severity;
    } else if (prepared.enriched[j] == 0) {
      enrich_(r);
    }
    std::string provision = before != nullptr ? extra_string(*before, kProvisionId) : r.id;
    if (provision.empty()) provision = before != nullptr ? before->id : r.id;  // indexed before versions
    // A clause added with the wording a removed provision last had (its
    // provision id, or its last clause's id) revives that provision: its
    // history goes on, and it leaves the removed ones.
    std::optional<std::string> revived;
    if (before == nullptr) revived = writer_.removed_provision_of(r.id);
    if (revived) provision = *revived;
    r.extra[kProvisionId] = provision;
    r.extra[kFirstSeen] = before != nullptr ? extra_string(*before, kFirstSeen)
                          : revived        ? revived_first_seen(db, provision, v.date)
                                           : v.date;
    r.extra[kVersionSince] = a.kind == AlignKind::unchanged || a.kind == AlignKind::formatting
                                 ? extra_string(*before, kVersionSince)
                                 : v.date;
    r.updated = extra_string(r, kVersionSince).substr(0, 10);
    if (before != nullptr && before->id != r.id) writer_.remove(before->id);
    if (revived) writer_.forget_removed(provision);
    switch (a.kind) {
      case AlignKind::unchanged: ++outcome.unchanged; break;
      case AlignKind::formatting: ++outcome.formatting; break;
      case AlignKind::modified: ++outcome.modified; break;
      case AlignKind::added: ++outcome.added; break;
    }
    // Unchanged clauses, and the clauses of a document's first version,
    // need no history entry: the clause itself is its only version.
    if (a.kind == AlignKind::unchanged || held.empty()) continue;
    ChangedClause changed = changed_clause(a.kind == AlignKind::modified ? "modified" : "added", provision, r,
                                           before != nullptr ? std::string_view(before->text) : "", r.text);
    provisions::Loaded loaded = load_provision(db, before != nullptr ? *before : r, before != nullptr, provision, v);
    nlohmann::json& p = loaded.history;
    if (before != nullptr && !p["versions"].empty()) p["versions"].back()["last_seen"] = last_seen(*before);
    p["removed_at"] = nullptr;
    const char* kind = a.kind == AlignKind::formatting ? "formatting" : a.kind == AlignKind::modified ? "modified" : "added";
    p["versions"].push_back(version_entry(r, v.date, kind, changed.diff));
    p["current_clause_id"] = r.id;
    changed.version = p["versions"].size() - 1;
    touched.emplace_back(provision, std::move(loaded));
    if (a.kind != AlignKind::formatting) change.clauses.push_back(std::move(changed));
  }
  // The removed provisions' last clauses, kept searchable once the change
  // record's id is known (keep_removed below).
  std::vector<std::pair<std::string, ClauseRecord>> kept;
  for (const std::size_t i : alignment.removed) {
    const ClauseRecord& gone = held[i];
    writer_.remove(gone.id);
    ++outcome.removed;
    const std::string provision = extra_string(gone, kProvisionId).empty() ? gone.id : extra_string(gone, kProvisionId);
    provisions::Loaded loaded = load_provision(db, gone, true, provision, v);
    nlohmann::json& p = loaded.history;
    if (!p["versions"].empty()) p["versions"].back()["last_seen"] = last_seen(gone);
    p["removed_at"] = v.date;
    p["removed_in"] = nullptr;
    ChangedClause changed = changed_clause("removed", provision, gone, gone.text, "");
    if (!p["versions"].empty()) changed.version = p["versions"].size() - 1;
    change.clauses.push_back(std::move(changed));
    touched.emplace_back(provision, std::move(loaded));
    ClauseRecord last = gone;
    last.extra[kProvisionId] = provision;
    last.extra[kLastSeen] = last_seen(gone);
    last.extra[kRemovedAt] = v.date;
    kept.emplace_back(provision, std::move(last));
  }
  change.formatting = outcome.formatting;
  // The first version of a document starts tracking it: its clauses are
  // provisions from then on, not a change.
  const bool first_version = held.empty();
  if (!change.clauses.empty() && !first_version) outcome.change_id = change_id(change);
  for (auto& [provision, loaded] : touched) {
    nlohmann::json& p = loaded.history;
    if (outcome.change_id && !p["versions"].empty()) {
      auto& last = p["versions"].back();
      if (!p["removed_at"].is_null()) p["removed_in"] = *outcome.change_id;
      else if (last["change"] != "formatting") last["change_id"] = *outcome.change_id;
    }
    provisions::write(db, provision, loaded);
  }
  if (outcome.change_id) {
    // The diffs a provision's stored texts give back are kept as references.
    for (auto& c : change.clauses) {
      if (c.version && !gives_back(db, c, *c.version)) c.version.reset();
    }
    const nlohmann::json record = change_record_json(change);
    db.replace_document(layout::change_id_term(*outcome.change_id),
                        change_document(record, stored_change_record(record, change), language));
  }
  for (auto& [provision, last] : kept) {
    last.extra[kRemovedIn] = outcome.change_id ? nlohmann::json(*outcome.change_id) : nlohmann::json();
    writer_.keep_removed(last, provision);
  }
  // A version rewrites only what it changed. An unchanged clause is as it
  // is stored (no date of this version in it): equal to the clause held, it
  // is not even handed to the writer, which would serialise and hash it
  // only to find the stored document's hash the same (about 830,000 times
  // in the year's replay); equal to it but for its heading, it is rewritten.
  for (std::size_t j = 0; j < fresh.size(); ++j) {
    if (predecessors[j] == nullptr || !(*predecessors[j] == fresh[j])) writer_.upsert(fresh[j]);
  }
  record_document(db, v, fresh);
  keep_held(v, std::move(fresh));
  return outcome;
}

}  // namespace clause

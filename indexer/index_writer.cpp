#include "indexer/index_writer.h"

#include <nlohmann/json.hpp>
#include <vector>

#include "schema/index_layout.h"
#include "schema/schema_version.h"
#include "schema/slug.h"

namespace clause {
namespace {

std::size_t count_terms(const Xapian::Database& db, std::string_view prefix) {
  std::size_t n = 0;
  const std::string p(prefix);
  for (auto it = db.allterms_begin(p); it != db.allterms_end(p); ++it) ++n;
  return n;
}

}  // namespace

CorpusStats corpus_stats(const Xapian::Database& db) {
  CorpusStats s;
  s.clauses = db.get_doccount();
  s.platforms = count_terms(db, layout::kPlatformPrefix);
  s.categories = count_terms(db, layout::kCategoryPrefix);
  s.documents = count_terms(db, layout::kDocumentPrefix);
  return s;
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& path,
                                                       const WriterOptions& options) {
  try {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
    if (auto ok = layout::check_schema_version(db); !ok) return ok.error();
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(db), options));
  } catch (const Xapian::DatabaseLockError& e) {
    return Error::unavailable("cannot write to " + path +
                              ": another clause-indexer holds the lock (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    return Error::unavailable("cannot open " + path + " for writing: " + e.get_description());
  }
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db, const WriterOptions& options)
    : db_(std::move(db)), options_(options), builder_(options.spelling ? &db_ : nullptr) {}

UpsertOutcome IndexWriter::upsert(const ClauseRecord& record) {
  const std::string term = layout::id_term(record.id);
  const std::string hash = content_hash(record);
  UpsertOutcome outcome = UpsertOutcome::added;
  if (auto it = db_.postlist_begin(term); it != db_.postlist_end(term)) {
    if (db_.get_document(*it).get_value(layout::kContentHashSlot) == hash) {
      ++counts_.unchanged;
      return UpsertOutcome::unchanged;
    }
    outcome = UpsertOutcome::updated;
  }
  db_.replace_document(term, builder_.build(record, hash));
  remember_name(static_cast<int>(layout::Facet::platform), record.platform);
  remember_name(static_cast<int>(layout::Facet::document), record.document);
  for (const auto& c : record.categories) remember_name(static_cast<int>(layout::Facet::category), c);
  for (const auto& t : record.all_clause_types()) {
    remember_name(static_cast<int>(layout::Facet::clause_type), t);
  }
  ++(outcome == UpsertOutcome::added ? counts_.added : counts_.updated);
  note_change();
  return outcome;
}

bool IndexWriter::remove(const std::string& id) {
  const std::string term = layout::id_term(id);
  if (db_.postlist_begin(term) == db_.postlist_end(term)) return false;
  db_.delete_document(term);
  ++counts_.deleted;
  note_change();
  return true;
}

std::size_t IndexWriter::prune(const std::unordered_set<std::string>& keep_ids,
                               const std::set<std::string>* platform_slugs) {
  std::vector<std::string> doomed;
  const std::string id_prefix(layout::kIdPrefix);
  auto consider = [&](Xapian::docid did) {
    const Xapian::Document doc = db_.get_document(did);
    auto t = doc.termlist_begin();
    t.skip_to(id_prefix);
    if (t == doc.termlist_end()) return;
    const std::string term = *t;
    if (term.rfind(id_prefix, 0) == 0 && !keep_ids.count(term.substr(id_prefix.size()))) {
      doomed.push_back(term);
    }
  };
  if (platform_slugs != nullptr) {
    for (const auto& slug : *platform_slugs) {
      const std::string term = std::string(layout::kPlatformPrefix) + slug;
      for (auto it = db_.postlist_begin(term); it != db_.postlist_end(term); ++it) consider(*it);
    }
  } else {
    for (auto it = db_.postlist_begin(""); it != db_.postlist_end(""); ++it) consider(*it);
  }
  for (const auto& term : doomed) {
    db_.delete_document(term);
    ++counts_.deleted;
    note_change();
  }
  return doomed.size();
}

std::size_t IndexWriter::prune_document(const std::string& platform, const std::string& document,
                                       const std::unordered_set<std::string>& keep_ids) {
  const Xapian::Query scope(Xapian::Query::OP_AND,
                           Xapian::Query(layout::facet_term(layout::Facet::platform, platform)),
                           Xapian::Query(layout::facet_term(layout::Facet::document, document)));
  Xapian::Enquire enquire(db_);
  enquire.set_query(scope);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  const Xapian::MSet matches = enquire.get_mset(0, db_.get_doccount());
  const std::string id_prefix(layout::kIdPrefix);
  std::vector<std::string> doomed;
  for (auto it = matches.begin(); it != matches.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    auto t = doc.termlist_begin();
    t.skip_to(id_prefix);
    if (t == doc.termlist_end()) continue;
    const std::string term = *t;
    if (term.rfind(id_prefix, 0) == 0 && !keep_ids.count(term.substr(id_prefix.size()))) {
      doomed.push_back(term);
    }
  }
  for (const auto& term : doomed) {
    db_.delete_document(term);
    ++counts_.deleted;
    note_change();
  }
  return doomed.size();
}

void IndexWriter::note_change() {
  if (++pending_ >= options_.batch_size) commit();
}

void IndexWriter::remember_name(int facet, const std::string& name) {
  const std::string key = layout::name_key(static_cast<layout::Facet>(facet), slugify(name));
  if (named_.insert(key).second) db_.set_metadata(key, name);
}

void IndexWriter::stamp(Xapian::WritableDatabase& db) {
  layout::stamp_schema_version(db);
  const CorpusStats s = corpus_stats(db);
  const nlohmann::json stats_json = {{"clauses", s.clauses},
                                     {"platforms", s.platforms},
                                     {"categories", s.categories},
                                     {"documents", s.documents}};
  db.set_metadata(std::string(layout::kStatsKey), stats_json.dump());
}

void IndexWriter::commit() {
  stamp(db_);
  db_.commit();
  pending_ = 0;
}

CorpusStats IndexWriter::stats() const { return corpus_stats(db_); }

}  // namespace clause

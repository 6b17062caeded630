#include "indexer/index_writer.h"

#include <nlohmann/json.hpp>
#include <filesystem>
#include <optional>
#include <vector>

#include "indexer/language_detect.h"
#include "indexer/markdown_segmenter.h"
#include "schema/index_layout.h"
#include "schema/index_terms.h"
#include "schema/plain_text.h"
#include "schema/schema_version.h"
#include "schema/slug.h"

namespace clause {

using layout::count_terms;

Xapian::WritableDatabase open_or_create_database(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const bool absent = !fs::exists(path, ec) && !ec;
  const bool empty_dir = !absent && fs::is_directory(path, ec) && fs::is_empty(path, ec);
  if (absent || empty_dir) return Xapian::WritableDatabase(path, Xapian::DB_CREATE_OR_OPEN);
  try {
    // A read-only open first: it takes no lock, so it creates nothing. The
    // writable open makes its lock file ("flintlock") before it finds out
    // that the directory holds no index, and a refused directory is to be
    // left untouched.
    Xapian::Database(path).close();
    return Xapian::WritableDatabase(path, Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseOpeningError& e) {
    throw Xapian::DatabaseOpeningError(
        "it is neither a readable index nor an empty directory, and an index is only created in a new "
        "or empty one (" + e.get_description() + ")");
  }
}

CorpusStats corpus_stats(const Xapian::Database& db) {
  CorpusStats s;
  s.clauses = layout::clause_count(db);
  s.platforms = count_terms(db, layout::kPlatformPrefix);
  s.categories = count_terms(db, layout::kCategoryPrefix);
  s.documents = count_terms(db, layout::kDocumentPrefix);
  return s;
}

Result<std::unique_ptr<IndexWriter>> IndexWriter::open(const std::string& path,
                                                       const WriterOptions& options) {
  try {
    Xapian::WritableDatabase db = open_or_create_database(path);
    if (auto ok = layout::check_schema_version(db); !ok) return ok.error();
    return std::unique_ptr<IndexWriter>(new IndexWriter(std::move(db), options));
  } catch (const Xapian::DatabaseLockError& e) {
    return Error::unavailable("cannot write to " + path +
                              ": another writer (clause-indexer, or clause-server answering a write) holds the lock (" + e.get_msg() + ")");
  } catch (const Xapian::Error& e) {
    return Error::unavailable("cannot open " + path + " for writing: " + e.get_description());
  }
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db, const WriterOptions& options)
    : db_(std::move(db)), options_(options), builder_(options.spelling ? &db_ : nullptr) {
  // Pending until the run's first commit, like its records.
  if (options_.synonyms != nullptr) write_synonyms(db_, *options_.synonyms);
  if (!options_.type_models.empty()) {
    db_.set_metadata(std::string(layout::kTypeModelsKey), options_.type_models);
  }
  if (options_.pair_words) {
    const std::string key(layout::kPairWordsKey);
    std::string recorded = db_.get_metadata(key);
    // Only an index without documents can start holding pairs: every one
    // of its documents will have them. Pending until the first commit.
    if (recorded.empty() && db_.get_doccount() == 0) {
      recorded = PairWords::parse(default_pair_words_text()).to_metadata();
      db_.set_metadata(key, recorded);
    }
    pair_words_ = PairWords::parse(recorded);
  }
  builder_.use_pair_words(pair_words_);
}

UpsertOutcome IndexWriter::upsert(const ClauseRecord& given) {
  // Every stored record says its language, as given or as detected here
  // (in the writer, so that each shard's thread detects its own records).
  std::optional<ClauseRecord> detected;
  if (given.language.empty()) {
    detected = given;
    detected->language = detect_language(plain_text(given.title + "\n" + given.text)).code;
  }
  const ClauseRecord& record = detected ? *detected : given;
  const std::string term = layout::id_term(record.id);
  const std::string json = clause_to_json(record).dump();
  const std::string hash = content_hash(json);
  UpsertOutcome outcome = UpsertOutcome::added;
  const auto existing = layout::clause_docid(db_, record.id);
  if (existing) {
    if (db_.get_document(*existing).get_value(layout::kContentHashSlot) == hash) {
      ++counts_.unchanged;
      return UpsertOutcome::unchanged;
    }
    outcome = UpsertOutcome::updated;
  }
  // A new id is added as replace_document(term) would add it (the next
  // docid), without Xapian looking the term up a second time.
  if (existing) {
    db_.replace_document(term, builder_.build(record, hash, json));
  } else {
    db_.add_document(builder_.build(record, hash, json));
  }
  write_display_names(db_, record, named_);
  ++(outcome == UpsertOutcome::added ? counts_.added : counts_.updated);
  note_change();
  return outcome;
}

bool IndexWriter::remove(const std::string& id) {
  if (!layout::clause_docid(db_, id)) return false;
  db_.delete_document(layout::id_term(id));
  ++counts_.deleted;
  note_change();
  return true;
}

void IndexWriter::keep_removed(const ClauseRecord& record, const std::string& provision_id) {
  const std::string json = clause_to_json(record).dump();
  db_.replace_document(layout::removed_term(layout::id_term(provision_id)),
                       builder_.build_removed(record, provision_id, json));
  note_change();
}

void IndexWriter::forget_removed(const std::string& provision_id) {
  const std::string term = layout::removed_term(layout::id_term(provision_id));
  if (!db_.term_exists(term)) return;
  db_.delete_document(term);
  note_change();
}

std::optional<std::string> IndexWriter::removed_provision_of(const std::string& clause_id) {
  const auto doc = layout::removed_docid(db_, clause_id);
  if (!doc) return std::nullopt;
  const auto record = nlohmann::json::parse(db_.get_document(*doc).get_data(), nullptr, false);
  const auto provision = record.is_object() ? record.find("provision_id") : record.end();
  if (provision == record.end() || !provision->is_string()) return clause_id;
  return provision->get<std::string>();
}

std::size_t IndexWriter::prune(const std::unordered_set<std::string>& keep_ids,
                               const std::set<std::string>* platform_slugs) {
  if (platform_slugs == nullptr) return prune_matching(Xapian::Query::MatchAll, keep_ids);
  std::vector<Xapian::Query> platforms;
  for (const auto& slug : *platform_slugs) {
    platforms.emplace_back(layout::facet_term(layout::Facet::platform, slug));
  }
  return prune_matching(Xapian::Query(Xapian::Query::OP_OR, platforms.begin(), platforms.end()),
                        keep_ids);
}

std::size_t IndexWriter::prune_document(const std::string& platform, const std::string& document,
                                       const std::unordered_set<std::string>& keep_ids) {
  return prune_matching(
      Xapian::Query(Xapian::Query::OP_AND,
                    Xapian::Query(layout::facet_term(layout::Facet::platform, platform)),
                    Xapian::Query(layout::facet_term(layout::Facet::document, document))),
      keep_ids, document_id_prefix(platform, document));
}

std::size_t IndexWriter::prune_matching(const Xapian::Query& scope,
                                        const std::unordered_set<std::string>& keep_ids,
                                        const std::string& only_ids_starting) {
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
    if (term.rfind(id_prefix, 0) != 0) continue;
    const std::string id = term.substr(id_prefix.size());
    if (id.rfind(only_ids_starting, 0) == 0 && !keep_ids.count(id)) {
      doomed.push_back(term);
    }
  }
  // Deleted after the walk: the matches stay valid while we read them.
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

void write_display_names(Xapian::WritableDatabase& db, const ClauseRecord& record,
                         std::set<std::string>& written) {
  const auto name = [&](layout::Facet facet, const std::string& display) {
    const std::string key = layout::name_key(facet, slugify(display));
    if (written.insert(key).second) db.set_metadata(key, display);
  };
  name(layout::Facet::platform, record.platform);
  name(layout::Facet::document, record.document);
  for (const auto& c : record.categories) name(layout::Facet::category, c);
  for (const auto& t : record.all_clause_types()) name(layout::Facet::clause_type, t);
}

void stamp_metadata(Xapian::WritableDatabase& db, const CorpusStats& s) {
  layout::stamp_schema_version(db);
  const nlohmann::json stats_json = {{"clauses", s.clauses},
                                     {"platforms", s.platforms},
                                     {"categories", s.categories},
                                     {"documents", s.documents}};
  db.set_metadata(std::string(layout::kStatsKey), stats_json.dump());
}

void IndexWriter::stamp(Xapian::WritableDatabase& db) { stamp_metadata(db, corpus_stats(db)); }

void write_synonyms(Xapian::WritableDatabase& db, const std::vector<SynonymPair>& pairs) {
  for (const auto& p : pairs) db.add_synonym(p.term, p.synonym);
}

void IndexWriter::flush_spelling() { builder_.flush_spelling(); }

void IndexWriter::commit() {
  flush_spelling();
  stamp(db_);
  db_.commit();
  pending_ = 0;
}

CorpusStats IndexWriter::stats() const { return corpus_stats(db_); }

}  // namespace clause

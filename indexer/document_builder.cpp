#include "indexer/document_builder.h"

#include <algorithm>

#include "schema/caching_stem.h"
#include "schema/index_layout.h"
#include "schema/index_terms.h"
#include "schema/language.h"
#include "schema/plain_text.h"
#include "schema/sha256.h"
#include "schema/slug.h"
#include "schema/type_features.h"

namespace clause {

// The non-empty stems a free-text pass made, in order: with STEM_ALL_Z the
// generator gives each its own position, one after another, so adjacent
// stems here are adjacent positions (PairWords::add_run_pair_terms).
struct StemRun {
  bool open = false;
  std::vector<std::string> stems;
};

namespace {

// Stems as `inner` does and, while the run is open, keeps each non-empty stem.
class RunStem : public Xapian::StemImplementation {
 public:
  RunStem(Xapian::Stem inner, std::shared_ptr<StemRun> run) : inner_(std::move(inner)), run_(std::move(run)) {}
  std::string operator()(const std::string& word) override {
    std::string stem = inner_(word);
    if (run_->open && !stem.empty()) run_->stems.push_back(stem);
    return stem;
  }
  std::string get_description() const override { return "run of " + inner_.get_description(); }

 private:
  Xapian::Stem inner_;
  std::shared_ptr<StemRun> run_;
};

std::string join_slugs(const std::vector<std::string>& names) {
  std::string joined;
  for (const auto& name : names) {
    if (!joined.empty()) joined.push_back(layout::kListSeparator);
    joined += slugify(name);
  }
  return joined;
}

// A typed clause's source (a type the record brought is given, with or
// without a model) and its confidence, 1 for a given type: what the type
// filters of /v1/search and /v1/types match.
void add_type_source(const ClauseRecord& r, const std::vector<std::string>& types, Xapian::Document& doc,
                     const std::function<std::string(const std::string&)>& boolean) {
  if (types.empty()) return;
  const bool predicted = r.type_source == layout::kTypeSourcePredicted && r.type_confidence;
  const std::string_view source = predicted ? layout::kTypeSourcePredicted : layout::kTypeSourceGiven;
  doc.add_boolean_term(boolean(layout::facet_term(layout::Facet::type_source, source)));
  doc.add_value(layout::kTypeSourceSlot, std::string(source));
  doc.add_value(layout::kTypeConfidenceSlot, layout::type_confidence_value(predicted ? *r.type_confidence : 1.0));
}

}  // namespace

std::string content_hash(const std::string& record_json) {
  const std::string normalised = layout::schema_version_string() + "\n" + record_json;
  const Sha256Digest digest = sha256(normalised);
  constexpr std::size_t kKeptBytes = 16;
  return std::string(reinterpret_cast<const char*>(digest.data()), kKeptBytes);
}

DocumentBuilder::DocumentBuilder(Xapian::WritableDatabase* spelling_db)
    : spelling_db_(spelling_db), stem_run_(std::make_shared<StemRun>()) {
  // STEM_ALL_Z: every indexed word goes through the stemmer, which is how
  // the spelling words are counted (no FLAG_SPELLING: spelling_recorder.h).
  generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

void DocumentBuilder::flush_spelling() {
  if (spelling_db_ != nullptr) spelling_words_.flush_into(*spelling_db_);
}

void DocumentBuilder::use_language(const std::string& code, bool spelling) {
  const std::string& language = code.empty() ? std::string(kDefaultLanguage) : code;
  auto it = stemmers_.find(language);
  if (it == stemmers_.end()) {
    it = stemmers_.emplace(language, Xapian::Stem(new RunStem(spelling_words_.counting(caching_stem(stemmer_for(language))),
                                                               stem_run_)))
             .first;
  }
  generator_.set_stemmer(it->second);
  english_stemmer_ = language == kDefaultLanguage;
  english_ = spelling && english_stemmer_;
}

bool DocumentBuilder::index_text_from_stems(const ClauseRecord& r, Xapian::Document& doc) {
  const TextStems* stems = r.text_stems.stems.get();
  // Typing stems in English: another language's text is stemmed by its own
  // stemmer (use_language picked it), and a record whose text changed since
  // it was typed is not what the stems are of.
  if (stems == nullptr || !english_stemmer_ || stems->text != r.text) return false;
  // What TermGenerator does with STEM_ALL_Z for each word it stems (the
  // words typing kept are those, in order): the word is a spelling word,
  // and a non-empty stem is the next position's "Z" term, of wdf 1.
  Xapian::termpos pos = generator_.get_termpos();
  std::string term = "Z";
  std::vector<std::string_view> run;
  run.reserve(stems->words.size());
  for (const auto& [word, stem] : stems->words) {
    spelling_words_.count(word);
    if (stem.empty()) continue;
    term.resize(1);
    term += stem;
    doc.add_posting(term, ++pos);
    run.push_back(stem);
  }
  generator_.set_termpos(pos);
  if (pair_words_ != nullptr) pair_words_->add_run_pair_terms(run, doc);
  return true;
}

void DocumentBuilder::index_free_text(const std::string& text, Xapian::Document& doc) {
  stem_run_->stems.clear();
  stem_run_->open = pair_words_ != nullptr;
  generator_.index_text(text);
  stem_run_->open = false;
  if (pair_words_ == nullptr) return;
  const std::vector<std::string_view> run(stem_run_->stems.begin(), stem_run_->stems.end());
  pair_words_->add_run_pair_terms(run, doc);
}

Xapian::Document DocumentBuilder::build(const ClauseRecord& r, const std::string& hash,
                                        const std::string& record_json) {
  return build_with(r, hash, record_json, spelling_db_ != nullptr, [](const std::string& term) { return term; });
}

Xapian::Document DocumentBuilder::build_removed(const ClauseRecord& r, const std::string& provision_id,
                                                const std::string& record_json) {
  const std::string own_id = layout::id_term(r.id);
  const std::string unique = layout::removed_term(layout::id_term(provision_id));
  // No content hash: a removed provision's document is rewritten only when
  // it is removed, never compared.
  Xapian::Document doc = build_with(r, std::string(), record_json, false, [&](const std::string& term) {
    if (term == own_id) return unique;
    return layout::removed_term(term);
  });
  doc.add_boolean_term(std::string(layout::kRemovedKindTerm));
  // Found by its last wording's id too (IndexWriter::removed_provision_of,
  // GET /v1/clauses/{id}): when that wording comes back, it revives the
  // provision instead of standing beside it.
  if (unique != layout::removed_term(own_id)) doc.add_boolean_term(layout::removed_term(own_id));
  return doc;
}

Xapian::Document DocumentBuilder::build_with(const ClauseRecord& r, const std::string& hash,
                                             const std::string& record_json, bool spelling,
                                             const std::function<std::string(const std::string&)>& boolean) {
  using namespace layout;
  Xapian::Document doc;
  generator_.set_document(doc);
  use_language(r.language, spelling);

  // Title words are searchable on their own (title:) and as free text.
  // Spelling words are those of the free text, not of prefixed fields (as
  // TermGenerator's FLAG_SPELLING takes them).
  if (!r.title.empty()) {
    const std::string title = plain_text(r.title);
    generator_.index_text(title, 1, std::string(kTitlePrefix));
    spelling_words_.on(english_);
    index_free_text(title, doc);
    spelling_words_.on(false);
    generator_.increase_termpos();
  }
  // The pair terms are those of each free-text pass (the title's, the
  // text's): the positions between passes leave a gap, so no pair spans two.
  spelling_words_.on(english_);
  if (!index_text_from_stems(r, doc)) index_free_text(plain_text(r.text), doc);
  spelling_words_.on(false);

  doc.add_boolean_term(boolean(id_term(r.id)));
  doc.add_boolean_term(boolean(facet_term(Facet::platform, r.platform)));
  doc.add_boolean_term(boolean(facet_term(Facet::document, r.document)));
  for (const auto& category : r.categories) doc.add_boolean_term(boolean(facet_term(Facet::category, category)));
  const auto types = r.all_clause_types();
  for (const auto& type : types) doc.add_boolean_term(boolean(facet_term(Facet::clause_type, type)));
  if (r.severity) doc.add_boolean_term(boolean(facet_term(Facet::severity, severity_name(*r.severity))));
  const std::string language = r.language.empty() ? std::string(kDefaultLanguage) : r.language;
  doc.add_boolean_term(boolean(facet_term(Facet::language, language)));

  doc.add_value(kPlatformSlot, slugify(r.platform));
  doc.add_value(kSeverityRankSlot, std::to_string(severity_rank(r.severity)));
  doc.add_value(kCategoriesSlot, join_slugs(r.categories));
  doc.add_value(kDocumentSlot, slugify(r.document));
  if (!r.updated.empty()) doc.add_value(kUpdatedSlot, r.updated);
  doc.add_value(kTypesSlot, join_slugs(types));
  if (!hash.empty()) doc.add_value(kContentHashSlot, hash);
  doc.add_value(kLanguageSlot, language);
  add_type_source(r, types, doc, boolean);

  doc.set_data(record_json);
  return doc;
}

}  // namespace clause

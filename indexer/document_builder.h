// Turns a validated ClauseRecord into a Xapian::Document, following the
// layout in schema/index_layout.h, and computes the record's content hash.
//
// Not thread-safe: one builder per thread (it owns a TermGenerator).
#pragma once

#include <xapian.h>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "schema/clause_record.h"
#include "indexer/spelling_recorder.h"
#include "schema/pair_words.h"

namespace clause {

// The first 16 bytes (raw, 128 bits: ample to tell versions of one record
// apart, a quarter of the hex form's space in every document) of the SHA-256
// of the record's normalised JSON (clause_to_json(r).dump()) and the layout
// version: equal hashes mean re-indexing the record would write the same
// document.
std::string content_hash(const std::string& record_json);

struct StemRun;  // document_builder.cpp

class DocumentBuilder {
 public:
  // With a database, spelling data (for "did you mean") is counted as
  // documents are built and added to it by flush_spelling(); without one,
  // no spelling data is recorded. The spelling data is English-only: the
  // words of records in other languages would make "did you mean" offer
  // French words for English typos.
  explicit DocumentBuilder(Xapian::WritableDatabase* spelling_db = nullptr);

  // Adds the spelling data of the documents built since the last call to
  // the spelling database: call before that database commits, so that the
  // words are committed with their documents (spelling_recorder.h).
  void flush_spelling();

  // record_json is clause_to_json(record).dump(), stored as the document
  // data; the caller has it already for the hash. The free text is stemmed
  // in the record's language (English when it has none).
  Xapian::Document build(const ClauseRecord& record, const std::string& hash,
                         const std::string& record_json);

  // The document that keeps a removed provision's last clause searchable
  // (schema/index_layout.h, kRemovedKindTerm): the clause's free text and
  // values, its boolean terms in their removed form, its unique term that
  // of the provision, and record_json (the clause with its removal) as
  // data. Adds no spelling data: the words were recorded when it was live.
  Xapian::Document build_removed(const ClauseRecord& record, const std::string& provision_id,
                                 const std::string& record_json);

  // The word pairs of the index written to (schema/pair_words.h): each
  // document gets the pair terms of its free text. Empty (the default):
  // none. Kept by reference: `words` must outlive the builder's use.
  void use_pair_words(const PairWords& words) { pair_words_ = &words; }

 private:
  // Every boolean term goes through `boolean` (the live or the removed form).
  Xapian::Document build_with(const ClauseRecord& record, const std::string& hash, const std::string& record_json,
                              bool spelling, const std::function<std::string(const std::string&)>& boolean);
  // Points the generator at the record's stemmer and spelling flags.
  void use_language(const std::string& code, bool spelling);
  // Indexes the record's text from the words and stems typing made of it
  // (ClauseRecord::text_stems), as the generator would: false, and nothing
  // done, unless they are of this very text and the record is English.
  bool index_text_from_stems(const ClauseRecord& record, Xapian::Document& doc);
  // One free-text pass of the generator, and the pair terms of its stems.
  void index_free_text(const std::string& text, Xapian::Document& doc);

  Xapian::TermGenerator generator_;
  Xapian::WritableDatabase* spelling_db_ = nullptr;  // none: no spelling data recorded
  SpellingRecorder spelling_words_;
  bool english_stemmer_ = false;  // the record being built is stemmed in English
  bool english_ = false;          // ... and its spelling words are counted
  const PairWords* pair_words_ = nullptr;
  // The stems of the free-text pass under way, kept by the generator's
  // stemmer (document_builder.cpp) for the pair terms: the document is not
  // read back for them.
  std::shared_ptr<StemRun> stem_run_;
  std::map<std::string, Xapian::Stem> stemmers_;  // by language code, made once
};

}  // namespace clause

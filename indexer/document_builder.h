// Turns a validated ClauseRecord into a Xapian::Document, following the
// layout in schema/index_layout.h, and computes the record's content hash.
//
// Not thread-safe: one builder per thread (it owns a TermGenerator).
#pragma once

#include <xapian.h>

#include <map>
#include <string>

#include "schema/clause_record.h"

namespace clause {

// The first 16 bytes (raw, 128 bits: ample to tell versions of one record
// apart, a quarter of the hex form's space in every document) of the SHA-256
// of the record's normalised JSON (clause_to_json(r).dump()) and the layout
// version: equal hashes mean re-indexing the record would write the same
// document.
std::string content_hash(const std::string& record_json);

class DocumentBuilder {
 public:
  // With a database, spelling data (for "did you mean") is added to it as
  // documents are built; without one, no spelling data is recorded. The
  // spelling data is English-only: the words of records in other languages
  // would make "did you mean" offer French words for English typos.
  explicit DocumentBuilder(Xapian::WritableDatabase* spelling_db = nullptr);

  // record_json is clause_to_json(record).dump(), stored as the document
  // data; the caller has it already for the hash. The free text is stemmed
  // in the record's language (English when it has none).
  Xapian::Document build(const ClauseRecord& record, const std::string& hash,
                         const std::string& record_json);

 private:
  // Points the generator at the record's stemmer and spelling flags.
  void use_language(const std::string& code);

  Xapian::TermGenerator generator_;
  bool spelling_ = false;
  std::map<std::string, Xapian::Stem> stemmers_;  // by language code, made once
};

}  // namespace clause

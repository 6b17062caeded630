// Turns a validated ClauseRecord into a Xapian::Document, following the
// layout in schema/index_layout.h, and computes the record's content hash.
//
// Not thread-safe: one builder per thread (it owns a TermGenerator).
#pragma once

#include <xapian.h>

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
  // documents are built; without one, no spelling data is recorded.
  explicit DocumentBuilder(Xapian::WritableDatabase* spelling_db = nullptr);

  // record_json is clause_to_json(record).dump(), stored as the document
  // data; the caller has it already for the hash.
  Xapian::Document build(const ClauseRecord& record, const std::string& hash,
                         const std::string& record_json);

 private:
  Xapian::TermGenerator generator_;
};

}  // namespace clause

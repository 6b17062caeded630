// The clause record: what the indexer takes in and the server returns.
//
// Required: id, platform, document, text (non-empty strings).
// Optional: title, clause_type, clause_types (list), categories (list),
// severity (low|medium|high|critical), source_url, document_id,
// updated (schema/iso_date.h: YYYY-MM-DD, optionally with a time), language (an ISO
// 639-1 code of schema/language.h, stored in lower case; the indexer detects
// it when absent).
// Any other field is kept in `extra` and returned untouched, when it nests
// no deeper than kMaxValueDepth.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "schema/result.h"
#include "schema/severity.h"

namespace clause {

// Limits on one record; past them the record is rejected with a field error.
inline constexpr std::size_t kMaxIdBytes = 200;
inline constexpr std::size_t kMaxNameBytes = 300;      // platform, document, category, type
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;
inline constexpr std::size_t kMaxCategories = 32;
// How deep a value may nest (lists and objects) in a field the record does
// not know. nlohmann/json copies and writes values recursively: a value
// nested 100,000 deep overflows the stack, so it is refused before a copy.
inline constexpr std::size_t kMaxValueDepth = 64;

struct TextStems;  // schema/type_features.h

// A record's text as typing tokenised it (schema/type_features.h), carried
// to the index builder so that the text is tokenised once. Every cache
// compares equal: it never makes two records differ.
struct TextStemsCache {
  std::shared_ptr<const TextStems> stems;
  bool operator==(const TextStemsCache&) const { return true; }
};

struct ClauseRecord {
  std::string id;
  std::string platform;
  std::string document;
  std::string text;
  std::string title;
  std::string clause_type;
  std::vector<std::string> clause_types;  // when one clause carries several types
  // Set by the indexer's clause-type model (docs/API.md), ignored on input:
  // "given" (the record brought its type) or "predicted"; empty without a model.
  std::string type_source;
  std::optional<double> type_confidence;  // predicted types only, 0..1
  std::string type_band;                  // predicted types only: low, medium, high
  std::vector<std::string> categories;
  std::optional<Severity> severity;
  std::string source_url;
  std::string document_id;
  std::string updated;
  std::string language;  // ISO 639-1, lower case; empty until given or detected
  nlohmann::json extra = nlohmann::json::object();  // unknown fields, kept as given
  // Not part of the record (never stored or compared): the words and stems
  // of `text` that typing made (assign_clause_type), for the index builder.
  TextStemsCache text_stems;

  // All clause types: clause_type first, then clause_types, without repeats.
  std::vector<std::string> all_clause_types() const;

  // Equal records give equal JSON (clause_to_json), so the same document.
  bool operator==(const ClauseRecord&) const = default;
};

// Validates a parsed JSON object. The error names the field and says what was
// expected ("field 'severity': expected one of low, medium, high, critical").
Result<ClauseRecord> clause_from_json(const nlohmann::json& value);

// Parses and validates one line of JSONL. Rejects invalid UTF-8 naming the byte.
Result<ClauseRecord> clause_from_json_text(std::string_view line);

// The record as JSON: the known fields that are set, then the extra fields.
nlohmann::json clause_to_json(const ClauseRecord& record);

}  // namespace clause

// The index layout: every term prefix, value slot and metadata key that the
// indexer writes and the server reads. Nothing else defines a prefix or a slot
// (tests/layout_test.cpp checks that with grep).
//
// Conventions follow Xapian's Omega: `Q` is the unique id term, `S` the title,
// project prefixes start with `X`, boolean values are lower-case slugs.
// Filters OR within one field and AND across fields.
#pragma once

#include <cstddef>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "schema/slug.h"

namespace clause::layout {

// Bump the major version when an old index can no longer be read correctly;
// the programs refuse an index of another major version and say to rebuild.
// 2: free text as stemmed Z terms only, with positions (1 also held the
// unstemmed words); the content hash as 16 raw bytes.
// 3: each record stemmed in its own language (2 stemmed all in English), its
// language as an XL term and in value slot 7.
// 4: a typed clause's type source as an XO term and in slot 8, its type
// confidence in slot 9 (a 3 index cannot answer the type filters: it would
// silently match nothing).
// Minor versions are read by every program of their major version onwards:
// 4.1: a change record's clauses refer to their provision's version texts
// instead of holding their diffs (schema/change_diffs.h), its words have no
// positions, and the provision metadata and documents' clause lists are
// packed (schema/packed_metadata.h), each provision version's text hash
// left out when it is the text's, and so is a versioned clause's
// content_sha256 (schema/versioned_fields.h); a 4.0 index
// is read as it is (and continued in the new form).
inline constexpr int kSchemaMajor = 4;
inline constexpr int kSchemaMinor = 1;

// The stemming language of what is English-only: the spelling data, the
// synonyms (spelling variants), the similarity engine's terms, and a query
// without `lang`. Each record's free text is stemmed in its own language
// (schema/language.h).
inline constexpr std::string_view kStemLanguage = "english";

// --- term prefixes -------------------------------------------------------
inline constexpr std::string_view kIdPrefix = "Q";          // Q<id>, one per clause
inline constexpr std::string_view kTitlePrefix = "S";       // title words (free text)
inline constexpr std::string_view kCategoryPrefix = "XC";   // XC<category slug>
inline constexpr std::string_view kSeverityPrefix = "XS";   // XS<low|medium|high|critical>
inline constexpr std::string_view kPlatformPrefix = "XP";   // XP<platform slug>
inline constexpr std::string_view kDocumentPrefix = "XD";   // XD<document slug>
inline constexpr std::string_view kTypePrefix = "XT";       // XT<clause type slug>
inline constexpr std::string_view kLanguagePrefix = "XL";   // XL<ISO 639-1 code>
// XO<given|predicted>: where a typed clause's type comes from. Not "XT..."
// (a walk of the type terms by kTypePrefix would meet it).
inline constexpr std::string_view kTypeSourcePrefix = "XO";
// Free text is indexed as stemmed words only (Xapian's STEM_ALL_Z): Z<stem>
// with positions, numbers too ("Z30"); title words as Z + kTitlePrefix +
// stem ("ZScooki"). Phrases therefore match stems ("third parties" matches
// "third party"), as in most search engines, and the index holds no second
// copy of every word. The query parser must use the same strategy.
inline constexpr std::string_view kStemPrefix = "Z";
// XW<stem> <stem>: two stems of the word-pair list at adjacent positions of
// the free text, with wdf 0 and no positions (schema/pair_words.h): what a
// two-word phrase of listed stems is matched by. Only in an index whose
// metadata holds kPairWordsKey.
inline constexpr std::string_view kPairPrefix = "XW";

// --- change records (issue 18): their own kind of document ----------------
// Every change record carries kChangeKindTerm; clause searches leave those
// documents out. Their unique term is kChangeIdPrefix + id (not Q, so clause
// lookups and the corpus statistics never see them), and their facets have
// prefixes of their own so that a clause facet count never counts a change.
inline constexpr std::string_view kKindPrefix = "XK";                 // XK<kind>
inline constexpr std::string_view kChangeKindTerm = "XKchange";
// What every change-record term but the kind term starts with: sorted
// together in a document's term list (search/change_facets.cpp).
inline constexpr std::string_view kChangeTermsPrefix = "XH";
inline constexpr std::string_view kChangeIdPrefix = "XHQ";            // XHQ<change id>
inline constexpr std::string_view kChangePlatformPrefix = "XHP";      // XHP<platform slug>
inline constexpr std::string_view kChangeDocumentPrefix = "XHD";      // XHD<document slug>
inline constexpr std::string_view kChangeCategoryPrefix = "XHC";      // XHC<category slug>
inline constexpr std::string_view kChangeSeverityPrefix = "XHS";      // XHS<severity>
inline constexpr std::string_view kChangeTypePrefix = "XHT";          // XHT<clause type slug>
inline constexpr std::string_view kChangeMonthPrefix = "XHM";         // XHM<YYYY-MM>

// --- removed provisions (issue 18): their last clause, kept searchable -----
// A provision that a version removed keeps its last clause as a document of
// its own kind, so that `include_removed=true` finds it. It carries
// kRemovedKindTerm, and every boolean term a live clause would carry (its id
// term, its facet terms) behind kRemovedPrefix ("XRXPacme" for "XPacme"):
// a count of the live terms (platforms, categories, types, the similar
// snapshot's facets) never counts it, and only a search that asks for
// removed clauses matches both forms (removed_term). Its unique term is
// removed_term(id_term(provision id)): one document per removed provision;
// it also carries removed_term(id_term(its last clause id)) when that
// differs, to be found by its last wording (IndexWriter::removed_provision_of).
// Its free text and value slots are a clause's.
inline constexpr std::string_view kRemovedKindTerm = "XKremoved";
inline constexpr std::string_view kRemovedPrefix = "XR";

// --- value slots ----------------------------------------------------------
enum Slot : unsigned {
  kPlatformSlot = 0,      // platform slug: collapse key for "one per platform"
  kSeverityRankSlot = 1,  // "0".."4": 0 none, 1 low .. 4 critical (sortable)
  kCategoriesSlot = 2,    // category slugs joined by kListSeparator
  kDocumentSlot = 3,      // document slug
  kUpdatedSlot = 4,       // ISO date as given (sortable as a string)
  kTypesSlot = 5,         // clause type slugs joined by kListSeparator
  kContentHashSlot = 6,   // first 16 bytes of the SHA-256 of the normalised record (raw)
  kLanguageSlot = 7,      // ISO 639-1 code of the language the record is stemmed in
  kTypeSourceSlot = 8,    // "given" or "predicted"; absent for a clause without a type
  // The type's confidence, Xapian::sortable_serialise'd (type_confidence_value
  // in schema/index_terms.h): the prediction's calibrated confidence, 1 for a
  // given type; absent for a clause without a type.
  kTypeConfidenceSlot = 9,
  // Change records only: their date (ISO, sortable), newest first.
  kChangeDateSlot = 10,
};
// The values of the type source facet.
inline constexpr std::string_view kTypeSourceGiven = "given";
inline constexpr std::string_view kTypeSourcePredicted = "predicted";
inline constexpr char kListSeparator = '\x1f';

// The slugs of a multi-valued slot's value, in order; empty parts skipped.
inline std::vector<std::string> split_list(const std::string& joined) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start < joined.size()) {
    std::size_t end = joined.find(kListSeparator, start);
    if (end == std::string::npos) end = joined.size();
    if (end > start) parts.push_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

// --- database metadata keys ----------------------------------------------
inline constexpr std::string_view kSchemaVersionKey = "clause:schema_version";  // "1.0"
inline constexpr std::string_view kStatsKey = "clause:stats";  // JSON corpus statistics
// Display name of a slug: kNameKeyPrefix + "platform:" + slug -> "Airbnb".
inline constexpr std::string_view kNameKeyPrefix = "clause:name:";
// The clause-type models of the last indexer run: JSON [{"name", "sha256"}].
inline constexpr std::string_view kTypeModelsKey = "clause:type_models";

// The word-pair list an index was created with (schema/pair_words.h): one
// stem a line. Absent: the index holds no pair terms.
inline constexpr std::string_view kPairWordsKey = "clause:pair_words";

// The last git commit a history replay recorded (clause-indexer --history);
// written in the same commit as that version's clauses and change record.
inline constexpr std::string_view kHistoryCommitKey = "clause:history:last_commit";
// A provision's history (schema/provision_store.h): kProvisionKeyPrefix +
// provision id -> JSON {"platform", "document", ..., "version_count"}, and
// kProvisionVersionPrefix + provision id + "#" + n -> its version n (JSON).
inline constexpr std::string_view kProvisionKeyPrefix = "clause:provision:";
inline constexpr std::string_view kProvisionVersionPrefix = "clause:provision-version:";

// A versioned document (--history, --docs --as-of), keyed by the slugs of
// its platform and document (document_key):
//   kDocumentLastSeenPrefix + key -> the date of its last recorded version,
//     which is the last_seen of each of its live clauses: kept once here, not
//     in every clause, so that a version leaving a clause as it was does not
//     rewrite it (read back by search/versioned_fields.h);
//   kDocumentClausesPrefix + key -> its clause ids in document order, one a
//   line (packed from 4.1: schema/packed_metadata.h).
inline constexpr std::string_view kDocumentLastSeenPrefix = "clause:document:last_seen:";
inline constexpr std::string_view kDocumentClausesPrefix = "clause:document:clauses:";

// The form of a live clause's boolean term in a removed provision's document.
inline std::string removed_term(std::string_view live_term) {
  return std::string(kRemovedPrefix) + std::string(live_term);
}
inline std::string change_id_term(std::string_view id) { return std::string(kChangeIdPrefix) + std::string(id); }
inline std::string provision_key(std::string_view id) { return std::string(kProvisionKeyPrefix) + std::string(id); }
inline std::string provision_version_key(std::string_view id, std::size_t n) {
  return std::string(kProvisionVersionPrefix) + std::string(id) + "#" + std::to_string(n);
}
// Each slug is cut to 80 bytes, as in clause ids, so that the key stays
// within Xapian's key length (a key is bytes: a cut character is harmless).
inline std::string document_key(std::string_view prefix, std::string_view platform, std::string_view document) {
  return std::string(prefix) + slugify(platform).substr(0, 80) + "/" + slugify(document).substr(0, 80);
}

// --- facets ----------------------------------------------------------------
// One row per facet: its name (API parameter, display-name metadata key), its
// boolean term prefix and its value slot. Adding a facet is one row here (and
// its enumerator, in the same order). multi_valued: the slot holds several
// slugs joined by kListSeparator. The severity slot holds the severity's rank
// ("1".."4", sortable), not its slug; every other facet slot holds slugs.
enum class Facet { category, severity, platform, document, clause_type, language, type_source };

struct FacetLayout {
  Facet facet;
  std::string_view name;
  std::string_view prefix;
  Slot slot;
  bool multi_valued;
};

inline constexpr FacetLayout kFacets[] = {
    {Facet::category, "category", kCategoryPrefix, kCategoriesSlot, true},
    {Facet::severity, "severity", kSeverityPrefix, kSeverityRankSlot, false},
    {Facet::platform, "platform", kPlatformPrefix, kPlatformSlot, false},
    {Facet::document, "document", kDocumentPrefix, kDocumentSlot, false},
    {Facet::clause_type, "clause_type", kTypePrefix, kTypesSlot, true},
    {Facet::language, "language", kLanguagePrefix, kLanguageSlot, false},
    {Facet::type_source, "type_source", kTypeSourcePrefix, kTypeSourceSlot, false},
};

inline constexpr const FacetLayout& facet_layout(Facet f) { return kFacets[static_cast<std::size_t>(f)]; }

// The rows are in the enumerators' order, so facet_layout() is an index.
inline constexpr bool facets_in_enum_order() {
  for (std::size_t i = 0; i < std::size(kFacets); ++i) {
    if (static_cast<std::size_t>(kFacets[i].facet) != i) return false;
  }
  return true;
}
static_assert(facets_in_enum_order(), "kFacets rows must follow the order of enum Facet");

inline constexpr std::string_view facet_name(Facet f) { return facet_layout(f).name; }
inline constexpr std::string_view facet_prefix(Facet f) { return facet_layout(f).prefix; }

// The boolean term for a facet value given by name or slug.
inline std::string facet_term(Facet f, std::string_view name_or_slug) {
  return std::string(facet_prefix(f)) + slugify(name_or_slug);
}

inline std::string pair_term(std::string_view first, std::string_view second) {
  return std::string(kPairPrefix) + std::string(first) + " " + std::string(second);
}

inline std::string id_term(std::string_view id) { return std::string(kIdPrefix) + std::string(id); }

inline std::string name_key(Facet f, std::string_view slug) {
  return std::string(kNameKeyPrefix) + std::string(facet_name(f)) + ":" + std::string(slug);
}

inline std::string schema_version_string() {
  return std::to_string(kSchemaMajor) + "." + std::to_string(kSchemaMinor);
}

}  // namespace clause::layout

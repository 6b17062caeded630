// Plain result structs: what the search service returns and the JSON layer
// renders. No Xapian, no HTTP. Records are the stored JSON, returned as is.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "schema/index_layout.h"

namespace clause::search {

// One facet value: display name, slug, and how many matching clauses have it.
struct FacetEntry {
  std::string value;
  std::string slug;
  std::size_t count = 0;
};

// The entries of one facet, most frequent first (ties by slug), cut at the
// request's facet_limit. `distinct` counts every value before the cut.
struct FacetList {
  std::vector<FacetEntry> entries;
  std::size_t distinct = 0;
  bool truncated = false;
};

struct Hit {
  nlohmann::json record;  // the stored record, as indexed
  double score = 0;       // relevance weight; 0 when browsing or sorting by a value
  std::string snippet;    // HTML-escaped text with <mark> around matches
  // collapse=platform only: the matching clauses of the hit's platform that
  // the page does not show (exact).
  std::optional<std::size_t> more_from_platform;
};

struct SearchResult {
  std::size_t total = 0;  // exact number of matching clauses
  // collapse=platform only: the platforms with a matching clause (exact);
  // offset and limit page over these.
  std::optional<std::size_t> total_platforms;
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::vector<Hit> hits;
  // One list per facet of the layout; only those in `counted` were counted.
  FacetList category, severity, platform, document, clause_type, language, type_source;
  // The facets counted, in the order the request named them; empty when it
  // said facets=false.
  std::vector<layout::Facet> counted;

  FacetList& facet(layout::Facet f);
  const FacetList& facet(layout::Facet f) const { return const_cast<SearchResult&>(*this).facet(f); }
  // The spelling data's better query, when the words it changes match
  // nothing as typed ("did you mean").
  std::optional<std::string> corrected_query;
  // Set when that correction was run instead of `q` (q had no hits, the
  // correction has some, autocorrect was not turned off): the hits, total
  // and facets are the correction's.
  std::optional<std::string> showing_results_for;
  std::string original_query;  // q as typed, when showing_results_for is set
  double took_ms = 0;
};

// A switch without default: a facet added to the layout is a compiler
// warning here until it has a list.
inline FacetList& SearchResult::facet(layout::Facet f) {
  switch (f) {
    case layout::Facet::category: return category;
    case layout::Facet::severity: return severity;
    case layout::Facet::platform: return platform;
    case layout::Facet::document: return document;
    case layout::Facet::clause_type: return clause_type;
    case layout::Facet::language: return language;
    case layout::Facet::type_source: break;
  }
  return type_source;
}

// A category or platform with its clause count (and, for categories, how
// many platforms have at least one clause in it).
struct NamedCount {
  std::string name;
  std::string slug;
  std::size_t clauses = 0;
  std::size_t platforms = 0;
};

struct ClausePage {
  NamedCount subject;  // the category or platform the page is about
  std::size_t total = 0;
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::vector<Hit> hits;
};

// One category within one platform: how many clauses, and the worst severity.
struct CategorySummary {
  std::string name;
  std::string slug;
  std::size_t clauses = 0;
  std::optional<std::string> worst_severity;
};

struct PlatformSummary {
  ClausePage page;  // the platform's clauses, worst severity first
  std::vector<CategorySummary> by_category;
  std::vector<FacetEntry> by_severity;
  std::vector<FacetEntry> by_document;
};

struct CompareRow {
  std::string name;
  std::string slug;
  std::size_t clauses = 0;  // the platform's clauses in the category (exact)
  std::optional<std::string> worst_severity;
  std::vector<Hit> hits;  // worst severity first, at most per_platform
};

struct CompareResult {
  std::string category_name;
  std::string category_slug;
  std::size_t platforms_total = 0;  // platforms with the category (or requested)
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::vector<CompareRow> rows;
};

// A clause type with its counts (exact): typed clauses, how many of them
// were given and predicted, and the platforms with at least one.
struct TypeCount {
  std::string name;
  std::string slug;
  std::optional<std::string> model;  // the model whose labels hold it, when the index records one
  std::size_t clauses = 0;
  std::size_t given = 0;
  std::size_t predicted = 0;
  std::size_t platforms = 0;
};

// One platform's best clause of a type: the most confident (a given type
// counts as 1), ties by index order within the platform.
struct TypePlatform {
  std::string name;
  std::string slug;
  std::size_t clauses = 0;  // the platform's clauses of the type (exact)
  Hit best;
};

// GET /v1/types/{slug}: the type and a page of its platforms, most confident
// best clause first, ties by platform slug. total = subject.platforms.
struct TypePage {
  TypeCount subject;
  std::size_t offset = 0;
  std::size_t limit = 0;
  std::vector<TypePlatform> platforms;
};

struct IndexInfo {
  std::string path;
  std::size_t clauses = 0;
  std::size_t platforms = 0;
  std::size_t categories = 0;
  std::string schema_version;
  std::optional<std::uint64_t> revision;  // absent for a stub of several shards
  // The clause-type models the indexer applied (metadata kTypeModelsKey).
  struct TypeModel {
    std::string name;
    std::string sha256;
  };
  std::vector<TypeModel> type_models;
  // The similarity snapshot (similar/snapshot.h, SnapshotCache::Status).
  struct Snapshot {
    std::string state;   // off, building, ready, none
    std::string reason;  // why none
    std::size_t clauses = 0;
    std::size_t bytes = 0;
  } similar_snapshot;
  // The catalog views' answers cached at the current revision, and the
  // lookups since start (search/catalog_cache.h).
  struct CatalogCache {
    std::size_t answers = 0;
    std::size_t bytes = 0;
    std::size_t hits = 0;
    std::size_t misses = 0;
    std::size_t waits = 0;
    std::size_t evictions = 0;
  } catalog_cache;
};

}  // namespace clause::search

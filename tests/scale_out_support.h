// Scale-out test helpers: builds a single index and a sharded one from the
// same records, and surveys a SearchService with the same requests, so two
// layouts can be compared answer by answer.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "schema/clause_record.h"
#include "search/search_service.h"

namespace clause::testing {

// The valid records of a JSONL file, in file order.
std::vector<ClauseRecord> read_jsonl(const std::string& path);

// Builds a single index at path with one writer, records in order.
void build_single(const std::string& path, const std::vector<ClauseRecord>& records);

// Builds (or updates) a sharded index in dir; remotes as for --stub-remote.
void build_sharded(const std::string& dir, const std::vector<ClauseRecord>& records,
                   std::size_t shards, const std::vector<std::string>& remotes = {});

std::unique_ptr<search::SearchService> open_service(const std::string& path);

// What to ask: subjects taken from the reference index itself.
struct Probe {
  std::vector<std::string> categories, platforms;
  std::vector<std::string> ids;  // clauses whose similar clauses are asked for
  // Similar clauses of each id and of two free texts; off by default to
  // keep the surveys fast.
  bool with_similar = false;
};
// At most max_subjects categories and as many platforms (evenly spread).
Probe make_probe(const search::SearchService& reference, std::size_t max_subjects);

// The service's answers to a fixed battery of searches (text, phrases,
// wildcards, boolean, misspellings; with filters, sorts and pages), the
// catalogue, category pages, platform summaries and comparisons. Label ->
// answer JSON without took_ms. For wildcard queries, whose scores depend on
// the layout, hits become their sort keys plus, when the page holds every
// match, their ids in order of id.
std::map<std::string, nlohmann::json> survey(const search::SearchService& service,
                                             const Probe& probe);

// EXPECTs that two surveys agree label by label; reports at most a few.
void expect_same_answers(const std::map<std::string, nlohmann::json>& expected,
                         const std::map<std::string, nlohmann::json>& actual);

}  // namespace clause::testing

#include "tests/scale_out_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "indexer/index_writer.h"
#include "indexer/jsonl_reader.h"
#include "indexer/sharded_index.h"
#include "server/json_render.h"
#include "server/search_params.h"

namespace clause::testing {
namespace {

using nlohmann::json;
using server::ParamMap;

// Generic words of terms of service: free text, phrases of small words,
// stems, a wildcard, boolean operators, a misspelling and spelling variants
// (synonyms: the meta database of a sharded index holds them).
const char* const kQueries[] = {"",         "data",         "third parties", "\"at any time\"",
                                "terminate", "arbitration", "cookie*",       "liability OR warranty",
                                "personal data NOT sell", "arbitraton", "title:privacy", "account",
                                "licence",   "perpetual license", "organisation", "\"third parties\""};

json render(const search::SearchResult& r) { return server::to_json(r); }
json render(const search::PlatformSummary& r) { return server::to_json(r); }
json render(const search::CompareResult& r) { return server::to_json(r); }
json render(const search::ClausePage& r) { return server::category_json(r); }
json render(const SimilarResult& r) { return server::to_json(r); }

template <class T>
json answer(const Result<T>& result) {
  if (!result) return {{"error", result.error().message}};
  json out = render(*result);
  out.erase("took_ms");
  return out;
}

json answer_list(const Result<std::vector<search::NamedCount>>& result, bool categories) {
  if (!result) return {{"error", result.error().message}};
  return categories ? server::categories_json(*result) : server::platforms_json(*result);
}

// Hits of a sort whose ties may follow docids (or whose scores depend on
// the layout): keep what does not, the sort keys and the set of ids.
json tie_free(json answer, const std::string& key) {
  if (!answer.contains("results")) return answer;
  json keys = json::array(), ids = json::array();
  for (const auto& hit : answer["results"]) {
    if (!key.empty()) keys.push_back(hit.value(key, json()));
    ids.push_back(hit["id"]);
  }
  std::sort(ids.begin(), ids.end());
  answer["results"] = keys;
  if (answer["total"].get<std::size_t>() <= answer["limit"].get<std::size_t>()) answer["ids"] = ids;
  return answer;
}

}  // namespace

std::vector<ClauseRecord> read_jsonl(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  JsonlReader reader(in);
  std::vector<ClauseRecord> records;
  while (auto line = reader.next()) {
    if (line->record.ok()) records.push_back(*line->record);
  }
  return records;
}

void build_single(const std::string& path, const std::vector<ClauseRecord>& records) {
  auto writer = IndexWriter::open(path, {100000, true, &default_spelling_variants()});
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  for (const auto& r : records) (*writer)->upsert(r);
  (*writer)->commit();
}

void build_sharded(const std::string& dir, const std::vector<ClauseRecord>& records,
                   std::size_t shards, const std::vector<std::string>& remotes) {
  auto index = ShardedIndex::open(dir, {shards, remotes}, {100000, true, &default_spelling_variants()});
  ASSERT_TRUE(index.ok()) << index.error().message;
  for (const auto& r : records) (*index)->put(r);
  (*index)->commit();
}

std::unique_ptr<search::SearchService> open_service(const std::string& path) {
  auto service = search::SearchService::open(path);
  EXPECT_TRUE(service.ok()) << path << ": " << service.error().message;
  return service.ok() ? std::move(*service) : nullptr;
}

Probe make_probe(const search::SearchService& reference, std::size_t max_subjects) {
  Probe probe;
  const auto spread = [&](const auto& list, std::vector<std::string>& out) {
    const std::size_t step = std::max<std::size_t>(1, list.size() / max_subjects);
    for (std::size_t i = 0; i < list.size(); i += step) out.push_back(list[i].slug);
  };
  if (auto categories = reference.categories()) spread(*categories, probe.categories);
  if (auto platforms = reference.platforms()) spread(*platforms, probe.platforms);
  if (auto browse = reference.search(*server::parse_search({{"limit", "100"}}))) {
    const std::size_t step = std::max<std::size_t>(1, browse->hits.size() / max_subjects);
    for (std::size_t i = 0; i < browse->hits.size(); i += step) {
      probe.ids.push_back(browse->hits[i].record["id"].get<std::string>());
    }
  }
  return probe;
}

std::map<std::string, json> survey(const search::SearchService& s, const Probe& probe) {
  std::map<std::string, json> out;
  const auto search = [&](const ParamMap& params) {
    std::string label = "search";
    for (const auto& [k, v] : params) label += " " + k + "=" + v;
    auto request = server::parse_search(params);
    EXPECT_TRUE(request.ok()) << label;
    if (!request) return;
    json a = answer(s.search(*request));
    const auto sort = params.find("sort");
    const auto q = params.find("q");
    const std::string by = sort == params.end() || sort->second == "relevance" ? "" : sort->second;
    if (q != params.end() && q->second.find('*') != std::string::npos) {
      // Xapian weighs a wildcard's expansion with statistics estimated shard
      // by shard: the same matches and counts, not the same scores.
      a = tie_free(a, by);
    }
    // severity and updated too are compared hit for hit: equal items go by
    // platform, then docid, on every layout (search/relevance_page.h).
    out[label] = a;
  };
  for (const char* q : kQueries) {
    for (const char* sort : {"relevance", "platform", "severity", "updated"}) {
      search({{"q", q}, {"sort", sort}, {"limit", "50"}});
    }
    search({{"q", q}, {"offset", "5"}, {"limit", "7"}, {"facet_limit", "1000"}});
    search({{"q", q}, {"severity", "high"}, {"severity", "critical"}});
    // The exact total alone, a page shorter than the matches: a single word
    // is counted from the shards' statistics (search/search_service.cpp).
    search({{"q", q}, {"facets", "false"}, {"limit", "2"}});
    // One result per platform (issue 19 item 4): Xapian's collapse on the
    // platform slot, pages of platforms, counts from the platform spy.
    search({{"q", q}, {"collapse", "platform"}, {"limit", "50"}});
    search({{"q", q}, {"collapse", "platform"}, {"sort", "platform"}, {"offset", "3"}, {"limit", "5"}});
    search({{"q", q}, {"collapse", "platform"}, {"facets", "false"}, {"severity", "high"}});
    // Every facet, the document and clause type ones too, within a range
    // of `updated` dates (issue 19, item 10).
    search({{"q", q}, {"facets", "document,clause_type,platform"}, {"facet_limit", "1000"}});
    search({{"q", q}, {"updated_after", "2023-01-01"}, {"updated_before", "2025-06-30"},
            {"facets", "category,severity,platform,document,clause_type"}, {"sort", "updated"}});
    search({{"q", q}, {"updated_before", "2024-03-31"}, {"document", "terms-of-service"},
            {"facets", "document,category"}});
  }
  // Languages: queries read in French and Dutch (their stemmers), the
  // language facet of every answer, and the language as a field and filter.
  for (const char* q : {"résilier", "données personnelles", "data", "conditions"}) {
    search({{"q", q}, {"lang", "fr"}, {"limit", "50"}, {"facets", "language,platform,category"}});
  }
  search({{"q", "voorwaarden wijzigen"}, {"lang", "nl"}});
  search({{"q", "language:fr OR language:nl"}, {"limit", "50"}});
  search({{"language", "en"}, {"sort", "platform"}, {"limit", "50"}, {"facets", "language"}});
  // A typo answered with its correction's results, and without (issue 19,
  // item 6); snippets of phrases and stop words (item 1) are in the answers
  // of kQueries.
  search({{"q", "arbitraton"}, {"autocorrect", "false"}});
  // include_removed (issue 18) widens filters, fields and the kind
  // exclusion; a sharded index holds no removed provisions (docs/scaling.md),
  // so the answers must be those of the same request without it.
  if (!probe.platforms.empty()) {
    search({{"q", "platform:" + probe.platforms.front() + " data"}, {"include_removed", "true"}, {"limit", "50"}});
  }
  search({{"q", "data"}, {"category", "dispute-resolution"}, {"include_removed", "true"},
          {"facets", "category,platform,clause_type"}});
  search({{"q", "arbitraton"}, {"severity", "critical"}, {"limit", "50"}});
  search({{"q", "to your"}, {"limit", "50"}});
  // Excluded items only (every clause but theirs), and a typo among them;
  // a correction that finds nothing is not offered (2026-12-08).
  search({{"q", "-arbitration -data"}, {"limit", "50"}, {"facets", "category,platform"}});
  search({{"q", "-\"third parties\""}, {"severity", "high"}});
  search({{"q", "-arbitraton"}, {"facets", "false"}});
  search({{"q", "arbitraton zzzqqq"}});
  for (const auto& c : probe.categories) {
    search({{"category", c}, {"limit", "20"}});
    search({{"q", "data"}, {"category", c}, {"severity", "high"}});
    out["category " + c] = answer(s.category(*server::parse_category(c, {{"limit", "30"}})));
    out["category " + c + " page 2"] = answer(s.category(*server::parse_category(c, {{"offset", "7"}, {"limit", "9"}})));
    out["compare " + c] = answer(s.compare(*server::parse_compare({{"category", c}, {"limit", "100"}})));
    if (probe.platforms.size() >= 2) {  // asked by name: a row each, whatever their number
      out["compare listed " + c] = answer(s.compare(*server::parse_compare(
          {{"category", c}, {"platforms", probe.platforms[0] + "," + probe.platforms[1]}})));
    }
  }
  for (const auto& p : probe.platforms) {
    search({{"platform", p}, {"limit", "20"}});
    out["platform " + p] = answer(s.platform(*server::parse_platform(p, {{"limit", "25"}})));
  }
  if (probe.with_similar) {
    for (const auto& id : probe.ids) {
      out["similar " + id] = answer(s.similar(*server::parse_similar(id, {})));
      out["similar offset " + id] = answer(s.similar(*server::parse_similar(id, {{"offset", "3"}, {"limit", "4"}})));
      out["similar same_category " + id] = answer(
          s.similar(*server::parse_similar(id, {{"same_category", "true"}, {"limit", "20"}})));
    }
    for (const char* text : {"We may share your personal data with third parties.",
                             "Disputes are resolved by binding arbitration."}) {
      out[std::string("similar text ") + text] =
          answer(s.similar_text(*server::parse_similar_text(json{{"text", text}}.dump())));
    }
  }
  out["categories"] = answer_list(s.categories(), true);
  out["platforms"] = answer_list(s.platforms(), false);
  // Clause types (issue 17): the list, each type's platforms, the type
  // filters and facets.
  search({{"facets", "clause_type,type_source"}, {"min_type_confidence", "0.5"}, {"limit", "50"}});
  search({{"type_source", "given"}, {"facets", "clause_type,platform"}, {"limit", "50"}});
  const auto types = s.types(*server::parse_types({}));
  if (types) out["types"] = server::types_json(*types);
  out["types min 0.9"] = server::types_json(*s.types(*server::parse_types({{"min_type_confidence", "0.9"}})));
  if (types) {
    for (std::size_t i = 0; i < types->size() && i < 20; ++i) {
      const auto& slug = (*types)[i].slug;
      auto page = s.type(*server::parse_type(slug, {{"limit", "100"}}));
      out["type " + slug] = page ? server::type_json(*page) : json(page.error().message);
      page = s.type(*server::parse_type(slug, {{"offset", "2"}, {"limit", "3"}}));
      out["type " + slug + " page 2"] = page ? server::type_json(*page) : json(page.error().message);
    }
  }
  return out;
}

void expect_same_answers(const std::map<std::string, json>& expected,
                         const std::map<std::string, json>& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  int reported = 0;
  for (const auto& [label, answer] : expected) {
    const auto it = actual.find(label);
    ASSERT_NE(it, actual.end()) << label;
    if (answer != it->second && reported++ < 5) {
      ADD_FAILURE() << label << ": differs from the single index where\n"
                    << json::diff(answer, it->second).dump().substr(0, 1500);
    }
  }
  EXPECT_EQ(reported, 0) << "answers that differ";
}

}  // namespace clause::testing

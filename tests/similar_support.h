// Clause records and small indexes for the similarity tests (engine, self
// weight, snapshot): one way to write them.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/index_writer.h"
#include "schema/clause_record.h"

namespace clause::testing {

inline ClauseRecord similar_record(std::string id, std::string platform, std::string text,
                                   std::string type = {}, std::vector<std::string> categories = {},
                                   std::string title = {}) {
  ClauseRecord r;
  r.id = std::move(id);
  r.platform = std::move(platform);
  r.document = "Terms of Service";
  r.title = std::move(title);
  r.text = std::move(text);
  r.clause_type = std::move(type);
  r.categories = std::move(categories);
  return r;
}

// Six platforms. "Sells data" clauses on Acme and Beta (typed), near copies of
// Acme's wording on Foxtrot (untyped), a denial on Gamma, and unrelated or
// other-category clauses elsewhere.
inline std::vector<ClauseRecord> six_platforms() {
  const std::vector<std::string> sharing = {"Data sharing"};
  const std::vector<std::string> disputes = {"Dispute resolution"};
  auto rec = [](auto... args) { return similar_record(args...); };
  return {
      rec("a1", "Acme", "Acme may sell your personal data to advertisers and data brokers.", "Sells data", sharing),
      rec("a2", "Acme", "Acme may sell your personal data to its partners.", "Sells data", sharing),
      rec("b1", "Beta", "Your information can be sold to marketing companies.", "Sells data", sharing),
      rec("b2", "Beta", "Beta may sell personal data to advertisers.", "", sharing),
      rec("c1", "Gamma", "Gamma does not sell your personal data to anyone.", "No sale", sharing),
      rec("d1", "Delta", "Disputes are settled by binding arbitration in Delaware.", "Arbitration", disputes),
      rec("e1", "Echo", "We may sell your personal data to advertisers and data brokers.", "", disputes),
      rec("f1", "Foxtrot", "Foxtrot may sell your personal data to advertisers and data brokers.", "", sharing),
  };
}

// Writes the records into the index at path (created when absent) and
// commits; no spelling data (the similarity engine does not read it).
inline void write_index(const std::string& path, const std::vector<ClauseRecord>& records) {
  WriterOptions options;
  options.spelling = false;
  auto writer = IndexWriter::open(path, options);
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  for (const auto& r : records) (*writer)->upsert(r);
  (*writer)->commit();
}

}  // namespace clause::testing

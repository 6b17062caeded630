// Test indexes: small, named generators of real Xapian indexes built with
// the project's IndexWriter, from the fixture records in tests/fixtures/.
#pragma once

#include <string>
#include <vector>

#include "schema/clause_record.h"
#include "tests/test_support.h"

namespace clause::testing {

// The records of tests/fixtures/server_clauses.jsonl: 12 clauses of 5
// platforms (Acme, Globex, Initech, Umbrella Corp, Hooli) in 5 categories,
// with stop-word phrases ("as is", "at any time"), "third parties" beside
// "third party", and a hostile record (hooli-1) with markup in its text.
std::vector<ClauseRecord> fixture_records();

// The records of tests/fixtures/multilingual_clauses.jsonl (our own text):
// two French clauses of "Lune" and a Dutch one of "Maan" with no language
// field (detected at indexing), and an English text of "Luna" whose
// `language` field says "it" (an explicit language wins).
std::vector<ClauseRecord> multilingual_records();
// The records of the demo corpus, data/clauses.jsonl (4,050 clauses of
// made-up platforms: ours, so tests may name its phrases).
std::vector<ClauseRecord> demo_records();

// Parses one record of JSON text; fails the test on a bad record.
ClauseRecord record_from_json(const std::string& json_text);

// A record of the made-up platform "Acme"'s "Terms" with this title and text.
ClauseRecord acme_record(const std::string& id, const std::string& title, const std::string& text,
                         const std::string& language = "en");

// Builds an index of the records (with spelling data) in dir/name, commits,
// and returns its path.
std::string build_index(const TempDir& dir, const std::vector<ClauseRecord>& records,
                        const std::string& name = "index");

// Adds records to an existing index and commits (the indexer's next run).
void add_to_index(const std::string& path, const std::vector<ClauseRecord>& records);

}  // namespace clause::testing

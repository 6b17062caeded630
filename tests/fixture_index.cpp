#include "tests/fixture_index.h"

#include <fstream>

#include "indexer/index_writer.h"

namespace clause::testing {

ClauseRecord record_from_json(const std::string& json_text) {
  auto record = clause_from_json_text(json_text);
  if (!record) {
    ADD_FAILURE() << "bad fixture record: " << record.error().message << "\n" << json_text;
    return {};
  }
  return *record;
}

ClauseRecord acme_record(const std::string& id, const std::string& title, const std::string& text,
                         const std::string& language) {
  ClauseRecord r;
  r.id = id;
  r.platform = "Acme";
  r.document = "Terms";
  r.title = title;
  r.text = text;
  r.language = language;
  return r;
}

namespace {

std::vector<ClauseRecord> records_of(const std::filesystem::path& jsonl) {
  std::ifstream in(jsonl);
  EXPECT_TRUE(in.good()) << jsonl;
  std::vector<ClauseRecord> records;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) records.push_back(record_from_json(line));
  }
  return records;
}

}  // namespace

std::vector<ClauseRecord> fixture_records() {
  auto records = records_of(source_dir() / "tests" / "fixtures" / "server_clauses.jsonl");
  EXPECT_EQ(records.size(), 12u) << "fixture file missing or changed";
  return records;
}

std::vector<ClauseRecord> multilingual_records() {
  std::ifstream in(source_dir() / "tests" / "fixtures" / "multilingual_clauses.jsonl");
  std::vector<ClauseRecord> records;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) records.push_back(record_from_json(line));
  }
  EXPECT_EQ(records.size(), 4u) << "fixture file missing or changed";
  return records;
}
std::vector<ClauseRecord> demo_records() { return records_of(source_dir() / "data" / "clauses.jsonl"); }

void add_to_index(const std::string& path, const std::vector<ClauseRecord>& records) {
  auto writer = IndexWriter::open(path);
  ASSERT_TRUE(writer.ok()) << writer.error().message;
  for (const auto& r : records) (*writer)->upsert(r);
  (*writer)->commit();
}

std::string build_index(const TempDir& dir, const std::vector<ClauseRecord>& records,
                        const std::string& name) {
  const std::string path = dir.file(name);
  add_to_index(path, records);
  return path;
}

}  // namespace clause::testing

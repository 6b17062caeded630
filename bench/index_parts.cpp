// Where a replayed index's bytes go (issue 18, "index size against the final
// snapshot"): the glass table files, the metadata by key prefix (metadata
// lives in the postlist table), within the provisions' metadata the bytes of
// version texts and diffs, and the stored data of clauses against that of
// change records:
//   bench_index_parts --db INDEX
// Byte totals of metadata are of keys and values as stored (packed values,
// schema/packed_metadata.h, at their packed size); texts and diffs are
// counted unpacked; document data before Xapian's own compression of tags.
// So they give shares, not file sizes.
#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <string>

#include "schema/index_layout.h"
#include "schema/packed_metadata.h"

namespace {

using nlohmann::json;

// The metadata key's family: its prefix up to the third ':' at most
// ("clause:provision:", "clause:document:last_seen:").
std::string family(const std::string& key) {
  std::size_t cut = 0;
  for (int i = 0; i < 3 && cut != std::string::npos; ++i) cut = key.find(':', cut == 0 ? 0 : cut + 1);
  for (const auto prefix : {clause::layout::kProvisionKeyPrefix, clause::layout::kProvisionVersionPrefix}) {
    if (key.rfind(prefix, 0) == 0) return std::string(prefix);
  }
  return cut == std::string::npos ? key : key.substr(0, cut + 1);
}

struct Tally {
  std::size_t count = 0, bytes = 0;
  void add(std::size_t n) { ++count, bytes += n; }
};

// The texts and diffs of a provision's stored versions, whichever way a
// build keeps them: a "versions" array, or one version per value.
void tally_versions(const json& value, Tally& texts, Tally& diffs) {
  const auto one = [&](const json& v) {
    if (v.contains("text") && v["text"].is_string()) texts.add(v["text"].get<std::string>().size());
    if (v.contains("diff") && v["diff"].is_string()) diffs.add(v["diff"].get<std::string>().size());
  };
  if (value.contains("versions") && value["versions"].is_array()) {
    for (const auto& v : value["versions"]) one(v);
  } else {
    one(value);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 || std::string(argv[1]) != "--db") {
    std::fprintf(stderr, "usage: bench_index_parts --db INDEX\n");
    return 2;
  }
  const std::string path = argv[2];
  try {
    std::printf("%-40s %14s\n", "table file", "bytes");
    for (const auto& entry : std::filesystem::directory_iterator(path)) {
      if (!entry.is_regular_file()) continue;
      std::printf("%-40s %14ju\n", entry.path().filename().c_str(), static_cast<std::uintmax_t>(entry.file_size()));
    }
    Xapian::Database db(path);
    std::map<std::string, Tally> families;
    Tally texts, diffs;
    for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
      const std::string value = db.get_metadata(*key);
      families[family(*key)].add((*key).size() + value.size());
      if ((*key).rfind(clause::layout::kProvisionKeyPrefix, 0) == 0 ||
          (*key).rfind(clause::layout::kProvisionVersionPrefix, 0) == 0) {
        const json parsed = clause::layout::unpack_json(value);
        if (parsed.is_object()) tally_versions(parsed, texts, diffs);
      }
    }
    std::printf("\n%-40s %10s %14s\n", "metadata keys", "count", "bytes");
    for (const auto& [name, t] : families) std::printf("%-40s %10zu %14zu\n", name.c_str(), t.count, t.bytes);
    std::printf("%-40s %10zu %14zu\n", "  provision version texts", texts.count, texts.bytes);
    std::printf("%-40s %10zu %14zu\n", "  provision version diffs", diffs.count, diffs.bytes);
    // Data bytes and distinct terms (each a posting) of each kind of document.
    Tally clauses, changes, clause_terms, change_terms;
    const std::string change_kind(clause::layout::kChangeKindTerm);
    std::set<Xapian::docid> change_docs(db.postlist_begin(change_kind), db.postlist_end(change_kind));
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      const Xapian::Document doc = db.get_document(*it);
      const bool change = change_docs.count(*it) > 0;
      (change ? changes : clauses).add(doc.get_data().size());
      (change ? change_terms : clause_terms).add(doc.termlist_count());
    }
    std::printf("\n%-40s %10s %14s %14s\n", "documents", "count", "data bytes", "postings");
    std::printf("%-40s %10zu %14zu %14zu\n", "clauses", clauses.count, clauses.bytes, clause_terms.bytes);
    std::printf("%-40s %10zu %14zu %14zu\n", "change records", changes.count, changes.bytes, change_terms.bytes);
    return 0;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "bench_index_parts: %s\n", e.get_description().c_str());
    return 1;
  }
}

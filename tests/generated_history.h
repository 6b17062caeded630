// A generated history for the replay tests (replay_kill_test.cpp,
// replay_reader_test.cpp): a repository of a few hundred deterministic
// commits of small documents edited every way a replay must record, and
// what an index holds after a replay, read back whole for comparison.
#pragma once

#include <gtest/gtest.h>
#include <xapian.h>

#include <ctime>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "schema/index_layout.h"
#include "tests/test_repo.h"

namespace clause {
namespace generated {

// Clauses made of four choices: one word changed is a modified clause, a
// new combination an added one.
const std::vector<std::string> kVerbs = {"share", "sell", "keep", "delete", "review", "publish"};
const std::vector<std::string> kObjects = {"personal data", "messages", "location history", "payment details",
                                           "contacts", "photos"};
const std::vector<std::string> kParties = {"advertisers", "our affiliates", "law enforcement", "research partners",
                                           "service providers", "other users"};
const std::vector<std::string> kWhen = {"when required by law", "for marketing purposes", "to improve our services",
                                        "after you close your account", "unless you opt out", "at any time"};

struct Clause {
  std::size_t verb, object, party, when;
  std::string text() const {
    return "We may " + kVerbs[verb] + " your " + kObjects[object] + " with " + kParties[party] + " " + kWhen[when] +
           ".";
  }
};

// A small deterministic generator (the same repository on every run).
class Lcg {
 public:
  std::size_t next(std::size_t n) {
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<std::size_t>((state_ >> 33) % n);
  }

 private:
  unsigned long long state_ = 42;
};

inline std::string day(int offset) {
  std::time_t t = 1672574400 + static_cast<std::time_t>(offset) * 86400;  // 2023-01-01 noon UTC
  std::tm tm{};
  gmtime_r(&t, &tm);
  char out[16];
  std::strftime(out, sizeof out, "%Y-%m-%d", &tm);
  return out;
}

// Each commit edits one to three documents: a word changed, a clause added
// or removed, a formatting-only edit, now and then a document deleted.
// With alias_names, a platform also has a second name that slugs alike.
// Returns the id of the last commit.
inline std::string make_repository(const std::filesystem::path& dir, int commits, bool alias_names = false) {
  TestRepo repo(dir);
  Lcg rng;
  std::map<std::string, std::vector<Clause>> docs;
  std::map<std::string, bool> spaced;  // formatting: a blank line more between clauses
  const auto random_clause = [&] { return Clause{rng.next(6), rng.next(6), rng.next(6), rng.next(6)}; };
  const auto render = [&](const std::string& path) {
    std::string md = "# Terms\n\n";
    for (const auto& c : docs[path]) md += c.text() + (spaced[path] ? "\n\n\n" : "\n\n");
    return md;
  };
  std::string last;
  std::map<std::string, std::string> files;
  std::vector<std::string> platforms = {"Acme", "Bolt", "Cirrus", "Delta", "Echo"};
  // Two names of one platform, as archives have them: one document for the
  // index, whose versions come from either file.
  if (alias_names) platforms.push_back("ACME");
  for (const std::string& platform : platforms) {
    for (const std::string document : {"Terms", "Privacy"}) {
      const std::string path = platform + "/" + document + ".md";
      for (int i = 0; i < 6; ++i) docs[path].push_back(random_clause());
      files[path] = render(path);
    }
  }
  last = repo.commit(files, day(0));
  std::vector<std::string> paths;
  for (const auto& [path, unused] : docs) paths.push_back(path);
  for (int i = 1; i < commits; ++i) {
    files.clear();
    const std::size_t edits = 1 + rng.next(3);
    for (std::size_t e = 0; e < edits; ++e) {
      const std::string& path = paths[rng.next(paths.size())];
      auto& clauses = docs[path];
      switch (clauses.empty() ? 1 : rng.next(12)) {
        case 0: case 1: case 2: clauses.insert(clauses.begin() + rng.next(clauses.size() + 1), random_clause()); break;
        case 3: case 4: clauses.erase(clauses.begin() + rng.next(clauses.size())); break;
        case 5: spaced[path] = !spaced[path]; break;
        case 6:
          if (rng.next(4) == 0) {  // the document leaves the archive, to come back later
            clauses.clear();
            files[path] = "";
            continue;
          }
          [[fallthrough]];
        default: {
          Clause& c = clauses[rng.next(clauses.size())];
          switch (rng.next(4)) {
            case 0: c.verb = (c.verb + 1) % 6; break;
            case 1: c.object = (c.object + 1) % 6; break;
            case 2: c.party = (c.party + 1) % 6; break;
            default: c.when = (c.when + 1) % 6; break;
          }
        }
      }
      files[path] = render(path);
    }
    last = repo.commit(files, day(i));
  }
  return last;
}

// Everything a replay leaves in an index: each document's data by its
// unique term (clauses, change records, removed provisions' clauses) and
// every metadata key (provisions' histories, documents' dates and order,
// the last commit, statistics, display names).
struct IndexContents {
  std::map<std::string, std::string> documents;
  std::map<std::string, std::string> metadata;
};

// A removed provision's document also carries its last clause's id in the
// removed form, which another removed provision may have had: its key is
// the one of its provision id.
inline std::string unique_term(const Xapian::Document& doc) {
  const std::string removed_kind(layout::kRemovedKindTerm);
  auto t = doc.termlist_begin();
  t.skip_to(removed_kind);
  if (t != doc.termlist_end() && *t == removed_kind) {
    const auto record = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (!record.is_object() || !record.contains("provision_id")) return {};
    return layout::removed_term(layout::id_term(record["provision_id"].get<std::string>()));
  }
  for (t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string term = *t;
    for (const std::string_view prefix : {layout::kIdPrefix, layout::kChangeIdPrefix}) {
      if (term.rfind(prefix, 0) == 0) return term;
    }
  }
  return {};
}

inline IndexContents read_index(const std::filesystem::path& path) {
  Xapian::Database db(path.string());
  IndexContents out;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    const Xapian::Document doc = db.get_document(*it);
    const std::string key = unique_term(doc);
    EXPECT_FALSE(key.empty()) << "document " << *it << " has no unique term";
    EXPECT_TRUE(out.documents.emplace(key, doc.get_data()).second) << "two documents with " << key;
  }
  for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
    out.metadata.emplace(*key, db.get_metadata(*key));
  }
  return out;
}

inline std::size_t count_prefixed(const std::map<std::string, std::string>& map, std::string_view prefix) {
  std::size_t n = 0;
  for (const auto& [key, unused] : map) n += key.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}

// The entries of `a` and `b` that differ (at most a few, for the message).
inline std::string differences(const std::map<std::string, std::string>& a, const std::map<std::string, std::string>& b) {
  std::string out;
  int shown = 0;
  for (const auto& [key, value] : a) {
    const auto other = b.find(key);
    if (other != b.end() && other->second == value) continue;
    if (++shown > 5) break;
    out += "  " + key + ":\n    uninterrupted: " + value.substr(0, 300) + "\n    killed, re-run: " +
           (other == b.end() ? std::string("(absent)") : other->second.substr(0, 300)) + "\n";
  }
  for (const auto& [key, value] : b) {
    if (!a.count(key) && ++shown <= 5) out += "  " + key + ": only after the kill: " + value.substr(0, 300) + "\n";
  }
  return out;
}

}  // namespace generated
}  // namespace clause

// The layering of docs/architecture.md, checked over the sources: each
// product folder includes only its own headers and those of the layers below
// it, Boost is included by the HTTP transport alone (httplib nowhere), and the HTTP layer
// never includes Xapian. A new include that breaks the map fails here, so the
// map cannot go stale silently. bench/, tests/ and fuzz/ may include anything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_support.h"

namespace clause {
namespace {

namespace fs = std::filesystem;

// Folder -> the folders its files may include (itself included). Keep in
// step with the table in docs/architecture.md.
const std::map<std::string, std::set<std::string>>& allowed_includes() {
  static const std::map<std::string, std::set<std::string>> rules = {
      {"common", {"common"}},
      {"schema", {"schema", "common"}},
      {"indexer", {"indexer", "schema", "common"}},
      {"similar", {"similar", "schema", "common"}},
      {"search", {"search", "similar", "schema", "common"}},
      {"server", {"server", "search", "similar", "indexer", "schema", "common"}},
  };
  return rules;
}

// The only files that include Boost (Beast, Asio) themselves: the transport.
const std::set<std::string> kBoostFiles = {"server/http_server.cpp", "server/http_session.h"};

struct Include {
  std::string file;  // relative to the source root
  int line = 0;
  std::string text;
  std::string target;  // what is included
  bool angled = false;
};

std::vector<Include> includes_of(const std::string& folder) {
  static const std::regex include_line(R"re(^\s*#\s*include\s*([<"])([^>"]+)[>"])re");
  std::vector<Include> found;
  const fs::path source = testing::source_dir();
  const fs::path root = source / folder;
  if (!fs::exists(root)) return found;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".h" && ext != ".in") continue;
    std::ifstream in(entry.path());
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      std::smatch m;
      if (!std::regex_search(line, m, include_line)) continue;
      found.push_back({fs::relative(entry.path(), source).generic_string(), number, line, m[2].str(),
                       m[1].str() == "<"});
    }
  }
  return found;
}

std::string where(const Include& inc) { return inc.file + ":" + std::to_string(inc.line) + ": " + inc.text; }

TEST(Layering, EachFolderIncludesItsOwnLayerAndTheLayersBelow) {
  std::vector<std::string> offences;
  std::size_t checked = 0;
  for (const auto& [folder, allowed] : allowed_includes()) {
    for (const auto& inc : includes_of(folder)) {
      if (inc.angled) continue;
      ++checked;
      const auto slash = inc.target.find('/');
      const std::string layer = slash == std::string::npos ? std::string() : inc.target.substr(0, slash);
      if (allowed.count(layer) == 0) offences.push_back(where(inc));
    }
  }
  EXPECT_GT(checked, 100u) << "the scan found almost no includes: is the source root right?";
  EXPECT_TRUE(offences.empty()) << "includes against the layering of docs/architecture.md:\n"
                                << ::testing::PrintToString(offences);
}

// The product serves HTTP with Beast in two files; cpp-httplib is a client
// of tests and benchmarks only.
TEST(Layering, BoostOnlyInTheHttpTransportAndNoHttplib) {
  std::vector<std::string> offences;
  for (const auto& [folder, allowed] : allowed_includes()) {
    for (const auto& inc : includes_of(folder)) {
      if (inc.angled && inc.target.rfind("boost/", 0) == 0 && kBoostFiles.count(inc.file) == 0) {
        offences.push_back(where(inc));
      }
      if (inc.angled && inc.target == "httplib.h") offences.push_back(where(inc));
      // http_session.h carries Boost: only the transport may include it.
      if (!inc.angled && inc.target == "server/http_session.h" && inc.file != "server/http_server.cpp") {
        offences.push_back(where(inc));
      }
    }
  }
  EXPECT_TRUE(offences.empty()) << "Boost outside the HTTP transport, or httplib in the product:\n"
                                << ::testing::PrintToString(offences);
}

TEST(Layering, NoXapianInTheHttpLayer) {
  std::vector<std::string> offences;
  for (const auto& inc : includes_of("server")) {
    if (inc.angled && inc.target.rfind("xapian", 0) == 0) offences.push_back(where(inc));
  }
  EXPECT_TRUE(offences.empty()) << "server/ includes Xapian (search/ is the layer that does):\n"
                                << ::testing::PrintToString(offences);
}

}  // namespace
}  // namespace clause

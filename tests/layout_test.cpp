// One definition of the index layout: no term prefix or value slot literal
// outside schema/index_layout.h (CONVENTIONS.md).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "test_support.h"

namespace clause {
namespace {

TEST(IndexLayout, NoPrefixOrSlotLiteralOutsideTheLayoutHeader) {
  namespace fs = std::filesystem;
  const std::regex prefix_literal(R"re("(Q|S|X[A-Z]{1,3})"|"X[A-Z]{1,3}[a-z0-9])re");
  const std::regex slot_literal(R"re((add_value|get_value|set_collapse_key|set_sort_by_value\w*)\(\s*\d)re");
  std::vector<std::string> offences;
  for (const char* dir : {"schema", "indexer", "similar", "search", "server", "common", "bench"}) {
    const fs::path root = testing::source_dir() / dir;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const auto ext = entry.path().extension();
      if (ext != ".cpp" && ext != ".h") continue;
      if (entry.path().filename() == "index_layout.h") continue;
      std::ifstream in(entry.path());
      int number = 0;
      for (std::string line; std::getline(in, line);) {
        ++number;
        if (std::regex_search(line, prefix_literal) || std::regex_search(line, slot_literal)) {
          offences.push_back(entry.path().string() + ":" + std::to_string(number) + ": " + line);
        }
      }
    }
  }
  EXPECT_TRUE(offences.empty()) << "prefix or slot literals outside schema/index_layout.h:\n"
                                << ::testing::PrintToString(offences);
}

}  // namespace
}  // namespace clause

#include "indexer/document_tree.h"

#include <algorithm>
#include <system_error>

#include "schema/slug.h"
#include "schema/text_file.h"
#include "schema/utf8.h"

namespace clause {
namespace fs = std::filesystem;

namespace {

bool usable_name(const std::string& name) {
  return !utf8::first_invalid(name).has_value() && !slugify(name).empty();
}

}  // namespace

Result<DocumentTree> list_document_tree(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Error::invalid("docs", dir.string() + ": not a folder of <Platform>/<Document>.md files");
  }
  DocumentTree tree;
  fs::directory_iterator top(dir, ec), end;
  if (ec) return Error::unavailable(dir.string() + ": cannot list: " + ec.message());
  for (; top != end; top.increment(ec)) {
    if (ec) return Error::unavailable(dir.string() + ": cannot list: " + ec.message());
    const fs::path platform_dir = top->path();
    const std::string platform = platform_dir.filename().string();
    if (platform.empty() || platform[0] == '.') continue;
    if (!top->is_directory(ec)) {
      tree.skipped.push_back(platform_dir.string() + ": not inside a platform folder");
      continue;
    }
    if (!usable_name(platform)) {
      tree.skipped.push_back(platform_dir.string() + ": folder name is not a usable platform name");
      continue;
    }
    for (fs::directory_iterator it(platform_dir, ec); !ec && it != end; it.increment(ec)) {
      const fs::path p = it->path();
      const std::string name = p.filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (it->is_directory(ec) || p.extension() != ".md") {
        tree.skipped.push_back(p.string() + ": not a .md file");
        continue;
      }
      const std::string document = p.stem().string();
      if (!usable_name(document)) {
        tree.skipped.push_back(p.string() + ": file name is not a usable document name");
        continue;
      }
      tree.documents.push_back({platform, document, p});
    }
    if (ec) return Error::unavailable(platform_dir.string() + ": cannot list: " + ec.message());
  }
  std::sort(tree.documents.begin(), tree.documents.end(),
            [](const SourceDocument& a, const SourceDocument& b) {
              return a.platform != b.platform ? a.platform < b.platform : a.document < b.document;
            });
  return tree;
}

Result<std::string> read_document(const fs::path& path) {
  auto read = read_text_file(path.string());
  if (!read) return read.error();
  std::string text = std::move(*read);
  if (const auto bad = utf8::first_invalid(text)) {
    return Error::invalid("text", "invalid UTF-8 at byte " + std::to_string(*bad + 1));
  }
  return text;
}

}  // namespace clause

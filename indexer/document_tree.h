// Reads a document tree: DIR/<Platform>/<Document>.md, one file per platform
// and document type (the Open Terms Archive layout). The platform is the
// folder name, the document the file name without ".md".
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "schema/result.h"

namespace clause {

struct SourceDocument {
  std::string platform;
  std::string document;
  std::filesystem::path path;
};

struct DocumentTree {
  std::vector<SourceDocument> documents;  // sorted by platform, then document
  std::vector<std::string> skipped;       // "<path>: why" for entries left out
};

// Lists the tree. Files directly in DIR, files not ending in ".md", deeper
// folders, and names that are not valid UTF-8 or slug to nothing are skipped
// and reported. An error (naming the path) when DIR is not a readable folder.
Result<DocumentTree> list_document_tree(const std::filesystem::path& dir);

// The file's bytes; an error when it cannot be read or is not valid UTF-8
// (naming the byte offset). The message does not name the file: the caller
// reports it as "FILE: error: MESSAGE".
Result<std::string> read_document(const std::filesystem::path& path);

}  // namespace clause

// Ingest of document trees (--docs): each <Platform>/<Document>.md is read,
// segmented into clauses, classified and upserted; then the clauses of that
// document which the new version no longer has are removed.
#include <chrono>
#include <cstdio>
#include <unordered_set>

#include "indexer/document_tree.h"
#include "indexer/ingest.h"
#include "indexer/markdown_segmenter.h"

namespace clause {

void Ingest::ingest_tree(const std::string& dir) {
  const auto start = std::chrono::steady_clock::now();
  DocsSummary& docs = summary_.docs;
  auto tree = list_document_tree(dir);
  if (!tree) {
    report(dir, 0, tree.error());
    ++summary_.files_failed;
    return;
  }
  docs.skipped_entries += tree->skipped.size();
  if (!options_.quiet) {
    for (const auto& why : tree->skipped) diag_ << "clause-indexer: skipped " << why << '\n';
  }
  for (const auto& source : tree->documents) {
    if (stop_) break;
    auto text = read_document(source.path);
    if (!text) {
      diag_ << "clause-indexer: error: " << text.error().message << '\n';
      ++summary_.files_failed;
      continue;
    }
    const Segmented seg = segment_markdown(*text, source.platform, source.document);
    std::unordered_set<std::string> ids;
    for (const auto& clause : seg.clauses) {
      accept(clause);
      ids.insert(clause.id);
    }
    writer_.prune_document(source.platform, source.document, ids);
    ++docs.documents;
    docs.clauses += seg.clauses.size();
    docs.lead_ins_merged += seg.lead_ins_merged;
    docs.clauses_by_document[source.document] += seg.clauses.size();
    for (const auto& [reason, n] : seg.dropped) docs.dropped[reason] += n;
    if (seg.clauses.empty()) {
      diag_ << source.path.string() << ": warning: no clauses found in this document\n";
    }
    maybe_progress(0, 0);
  }
  docs.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::string format_docs_summary(const DocsSummary& d) {
  if (d.documents == 0 && d.skipped_entries == 0) return "";
  char line[256];
  std::snprintf(line, sizeof line,
                "documents: %zu, clauses: %zu in %.2f s (%.0f clauses/s), lead-ins merged into "
                "list items: %zu, entries skipped: %zu\n",
                d.documents, d.clauses, d.seconds, d.clauses / std::max(d.seconds, 1e-9),
                d.lead_ins_merged, d.skipped_entries);
  std::string out = line;
  out += "clauses by document type:\n";
  for (const auto& [doc, n] : d.clauses_by_document) {
    std::snprintf(line, sizeof line, "  %8zu  %s\n", n, doc.c_str());
    out += line;
  }
  out += "dropped:\n";
  if (d.dropped.empty()) out += "  nothing\n";
  for (const auto& [reason, n] : d.dropped) {
    std::snprintf(line, sizeof line, "  %8zu  %s\n", n, reason.c_str());
    out += line;
  }
  return out;
}

}  // namespace clause

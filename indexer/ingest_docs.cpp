// Ingest of document trees (--docs): each <Platform>/<Document>.md is read,
// segmented into clauses, classified and upserted; then the clauses of that
// document which the new version no longer has are removed.
#include <chrono>
#include <cstdio>
#include <unordered_set>

#include "indexer/document_tree.h"
#include "indexer/front_matter.h"
#include "indexer/ingest.h"
#include "indexer/language_detect.h"
#include "indexer/markdown_segmenter.h"
#include "schema/language.h"
#include "schema/slug.h"

namespace clause {

void Ingest::ingest_tree(const std::string& dir) {
  const auto start = std::chrono::steady_clock::now();
  DocsSummary& docs = summary_.docs;
  auto tree = list_document_tree(dir);
  if (!tree) {
    // The message names the folder already ("nope: not a folder ...").
    diag_ << "clause-indexer: error: --docs " << tree.error().message << '\n';
    ++summary_.files_failed;
    return;
  }
  docs.skipped_entries += tree->skipped.size();
  if (!options_.quiet) {
    for (const auto& why : tree->skipped) diag_ << "clause-indexer: skipped " << why << '\n';
  }
  // Folders or files whose names share a slug ("TP-Link" and "Tp-link") are
  // one platform document on purpose: their clauses are indexed together
  // (a text both hold once) and pruned together, so that re-runs are stable.
  std::map<std::string, std::vector<const SourceDocument*>> groups;
  std::vector<std::string> order;
  for (const auto& source : tree->documents) {
    const std::string key = slugify(source.platform) + '\n' + slugify(source.document);
    auto& group = groups[key];
    if (group.empty()) order.push_back(key);
    group.push_back(&source);
  }
  for (const auto& key : order) {
    if (stop_) break;
    const auto& group = groups[key];
    std::unordered_set<std::string> ids;
    bool all_read = true;
    for (const SourceDocument* source : group) {
      if (source != group.front()) {
        diag_ << source->path.string() << ": note: indexed with " << group.front()->path.string()
              << " (their names share a slug)\n";
      }
      all_read = ingest_document(*source, ids) && all_read;
    }
    // A document that could not be read (bad UTF-8, no permission) has
    // unknown clauses, not none: pruning would delete all it had indexed.
    if (all_read) sink_.prune_document(group.front()->platform, group.front()->document, ids);
  }
  docs.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool Ingest::ingest_document(const SourceDocument& source, std::unordered_set<std::string>& ids) {
  auto text = read_document(source.path);
  if (!text) {
    report(source.path.string(), 0, text.error());
    ++summary_.files_failed;
    return false;
  }
  return ingest_markdown(source.platform, source.document, *text, source.path.string(), "", ids);
}

bool Ingest::accept_document(const std::string& platform, const std::string& document,
                             std::string_view markdown, const std::string& name, const std::string& updated) {
  std::unordered_set<std::string> ids;
  if (!ingest_markdown(platform, document, markdown, name, updated, ids)) return false;
  sink_.prune_document(platform, document, ids);
  return true;
}

bool Ingest::ingest_markdown(const std::string& platform, const std::string& document, std::string_view text,
                             const std::string& name, const std::string& updated,
                             std::unordered_set<std::string>& ids) {
  DocsSummary& docs = summary_.docs;
  const FrontMatter front = read_front_matter(text);
  if (const std::string unclosed = unclosed_front_matter_warning(front); !unclosed.empty()) {
    diag_ << name << ":1: warning: " << unclosed << '\n';
  }
  Segmented seg = segment_markdown(front.body, platform, document);
  // An empty, blank or truncated file (a crawl that failed) would otherwise
  // prune every clause the document has. Removing a document is done on
  // purpose: its file deleted and --prune, or --delete (README.md).
  if (seg.clauses.empty()) {
    diag_ << name << ": error: no clauses found in this document; its indexed clauses are kept\n";
    ++summary_.documents_without_clauses;
    return false;
  }
  std::string language;
  if (const auto given = find_language(front.language)) {
    language = given->code;  // an explicit language wins
  } else {
    if (!front.language.empty()) {
      diag_ << name << ": warning: front matter language '" << front.language
            << "' is not a supported code (" << supported_language_codes() << "); detecting it\n";
    }
    language = detect_document_language(seg.clauses).code;
  }
  ++docs.documents_by_language[language];
  std::size_t kept = 0;
  for (auto& clause : seg.clauses) {
    if (!ids.insert(clause.id).second) continue;  // already given by a same-slug file
    clause.language = language;
    if (!updated.empty()) clause.updated = updated;
    accept(clause, name, 0);
    ++kept;
  }
  ++docs.documents;
  docs.clauses += kept;
  docs.lead_ins_merged += seg.lead_ins_merged;
  docs.clauses_by_document[document] += kept;
  for (const auto& [reason, n] : seg.dropped) docs.dropped[reason] += n;
  if (seg.clauses.size() > kept) docs.dropped["same_text_in_same_slug_file"] += seg.clauses.size() - kept;
  maybe_progress(0, 0);
  return true;
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
  out += "documents by language:\n";
  for (const auto& [code, n] : d.documents_by_language) {
    std::snprintf(line, sizeof line, "  %8zu  %s\n", n, code.c_str());
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

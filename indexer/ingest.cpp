#include "indexer/ingest.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "schema/clause_typing.h"
#include "schema/slug.h"

namespace clause {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

}  // namespace

Ingest::Ingest(ClauseSink& sink, const IndexerOptions& options, std::ostream& diag,
               const std::atomic<bool>& stop)
    : sink_(sink), options_(options), diag_(diag), stop_(stop) {}

IngestSummary Ingest::run() {
  start_ = last_progress_ = Clock::now();
  for (const auto& path : options_.inputs) {
    if (stop_) break;
    ingest_path(path);
  }
  for (const auto& dir : options_.doc_dirs) {
    if (stop_) break;
    ingest_tree(dir);
  }
  finish();
  summary_.counts = sink_.counts();
  summary_.seconds = seconds_since(start_);
  summary_.interrupted = stop_;
  return summary_;
}

void Ingest::accept(const ClauseRecord& record, const std::string& file, std::size_t line) {
  if (files_.empty() || files_.back() != file) files_.push_back(file);
  const Place here{static_cast<std::uint32_t>(files_.size() - 1),
                   static_cast<std::uint32_t>(std::min<std::size_t>(line, UINT32_MAX))};
  const auto [id, fresh] = seen_ids_.insert(record.id);
  if (fresh) {
    first_place_.emplace(*id, here);
  } else {
    // Last-wins is the documented behaviour; say so, or every re-run of the
    // same input reports the first of the two as "updated" with no reason.
    const Place first = first_place_.at(*id);
    diag_ << file;
    if (line > 0) diag_ << ':' << line;
    diag_ << ": warning: id '" << record.id << "' repeats " << files_[first.file];
    if (first.line > 0) diag_ << ':' << first.line;
    diag_ << "; the later record wins\n";
    ++summary_.repeated;
  }
  seen_platforms_.insert(slugify(record.platform));
  const bool classify = classifier_ != nullptr && record.categories.empty();
  if (classify || type_models_ != nullptr) {
    ClauseRecord enriched = record;
    // The type first: its severity is the type's rating, which the
    // classifier's rules then keep.
    const bool typed =
        type_models_ != nullptr && assign_clause_type(enriched, *type_models_, KeepTextStems::yes);
    if (classify) classifier_->apply(enriched);
    // Counted only when written: on a re-run of unchanged input the index
    // already holds these categories, and nothing was classified anew.
    if (sink_.put(enriched)) {
      if (classify && !enriched.categories.empty()) ++summary_.classified;
      if (typed) ++summary_.typed;
    }
  } else {
    sink_.put(record);
  }
  ++records_;
}

void Ingest::ingest_path(const std::string& path) {
  if (path == "-") {
    if (!options_.strict) return ingest_stream(std::cin, "<stdin>", 0);
    // --strict reads twice: keep standard input in memory for the second pass.
    std::stringstream buffer;
    buffer << std::cin.rdbuf();
    if (!stream_is_clean(buffer, "<stdin>")) return;
    buffer.clear();
    buffer.seekg(0);
    return ingest_stream(buffer, "<stdin>", buffer.str().size());
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    report(path, 0, Error::invalid("", "is a directory, expected a JSONL file"));
    ++summary_.files_failed;
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    report(path, 0, Error::invalid("", "cannot open: " + std::string(std::strerror(errno))));
    ++summary_.files_failed;
    return;
  }
  const auto size = std::filesystem::file_size(path, ec);
  if (options_.strict) {
    if (!stream_is_clean(in, path)) return;
    in.clear();
    in.seekg(0);
  }
  ingest_stream(in, path, ec ? 0 : static_cast<std::size_t>(size));
}

bool Ingest::stream_is_clean(std::istream& in, const std::string& name) {
  JsonlReader reader(in, options_.max_line_bytes);
  std::size_t errors = 0;
  while (auto line = reader.next()) {
    if (!line->record.ok()) {
      report(name, line->number, line->record.error());
      ++errors;
    }
  }
  if (errors == 0) return true;
  diag_ << name << ": error: --strict: " << errors
        << (errors == 1 ? " bad record" : " bad records") << ", nothing indexed from this file\n";
  summary_.rejected += errors;
  ++summary_.files_failed;
  return false;
}

void Ingest::ingest_stream(std::istream& in, const std::string& name, std::size_t total_bytes) {
  JsonlReader reader(in, options_.max_line_bytes);
  while (!stop_) {
    auto line = reader.next();
    if (!line) break;
    if (!line->record.ok()) {
      report(name, line->number, line->record.error());
      ++summary_.rejected;
      continue;
    }
    accept(*line->record, name, line->number);
    maybe_progress(reader.bytes_read(), total_bytes);
  }
  if (reader.failed()) {
    report(name, 0, Error::invalid("", "read error; the rest of this file was not indexed"));
    ++summary_.files_failed;
  }
}

void Ingest::finish() {
  if (!stop_ && (options_.prune || options_.prune_all)) {
    // Prune keeps only what the input holds; a rejected line or an
    // unreadable file is input we could not read, and pruning would delete
    // the indexed version of its records (all of them, for a missing file).
    if (summary_.had_errors()) {
      diag_ << "clause-indexer: warning: " << (options_.prune_all ? "--prune-all" : "--prune")
            << " skipped: the input had errors (above), so what it lacks is not known; nothing was pruned\n";
    } else {
      sink_.prune(seen_ids_, options_.prune_all ? nullptr : &seen_platforms_);
    }
  }
  for (const auto& id : options_.delete_ids) {
    if (stop_) break;
    if (!sink_.remove(id)) diag_ << "clause-indexer: warning: --delete " << id << ": no such id\n";
  }
  sink_.commit();
}

void Ingest::report(const std::string& name, std::size_t line, const Error& error) {
  diag_ << name;
  if (line > 0) diag_ << ':' << line;
  diag_ << ": error: " << error.message << '\n';
}

void Ingest::maybe_progress(std::size_t bytes_done, std::size_t total_bytes) {
  if (options_.quiet || (records_ & 0xFF) != 0) return;
  const auto now = Clock::now();
  if (now - last_progress_ < std::chrono::seconds(2)) return;
  last_progress_ = now;
  const double elapsed = seconds_since(start_);
  const double rate = records_ / std::max(elapsed, 1e-9);
  char line[160];
  if (total_bytes > 0 && bytes_done > 0) {
    const double eta = elapsed * (static_cast<double>(total_bytes) / bytes_done - 1.0);
    std::snprintf(line, sizeof line, "clause-indexer: %zu records, %.0f records/s, %.0f%%, ETA %.0f s",
                  records_, rate, 100.0 * bytes_done / total_bytes, eta);
  } else {
    std::snprintf(line, sizeof line, "clause-indexer: %zu records, %.0f records/s", records_, rate);
  }
  diag_ << line << std::endl;
}

std::string format_summary(const IngestSummary& s) {
  const std::size_t processed = s.counts.added + s.counts.updated + s.counts.unchanged;
  char line[256];
  std::snprintf(line, sizeof line,
                "added %zu, updated %zu, unchanged %zu, deleted %zu, rejected %zu, repeated %zu "
                "in %.2f s (%.0f records/s)%s",
                s.counts.added, s.counts.updated, s.counts.unchanged, s.counts.deleted, s.rejected,
                s.repeated, s.seconds, processed / std::max(s.seconds, 1e-9),
                s.interrupted ? ", interrupted: re-run to complete" : "");
  // A file that could not be read holds no rejected record, yet the run
  // failed (exit 1): without this the summary read as a clean run.
  std::string out = line;
  if (s.files_failed > 0) {
    out += ", " + std::to_string(s.files_failed) + (s.files_failed == 1 ? " file" : " files") +
           " not read (see the errors above)";
  }
  if (s.documents_without_clauses > 0) {
    const std::size_t n = s.documents_without_clauses;
    out += ", " + std::to_string(n) + (n == 1 ? " document" : " documents") +
           " without clauses kept as indexed (see the errors above)";
  }
  return out;
}

}  // namespace clause

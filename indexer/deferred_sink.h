// A ClauseSink that creates its index only when the first record arrives.
//
// clause-indexer uses it for a database path that does not exist yet, so a
// run that reads nothing (a missing or unreadable input file, every line
// rejected) leaves no new empty index behind: a server pointed at it would
// serve an empty corpus as if that were the data. An existing index is
// opened at once instead (its errors are known before any input is read).
//
// Before the first record, prune / prune_document / remove find nothing
// (there is no index) and commit does nothing. The opener runs at most once;
// its error is thrown as SinkOpenError from put() or create(). Not
// thread-safe, like the sinks it wraps.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>

#include "indexer/clause_sink.h"
#include "schema/result.h"

namespace clause {

struct SinkOpenError : std::runtime_error {
  explicit SinkOpenError(Error e) : std::runtime_error(e.message), error(std::move(e)) {}
  Error error;
};

class DeferredSink : public ClauseSink {
 public:
  using Opener = std::function<Result<std::unique_ptr<ClauseSink>>()>;
  explicit DeferredSink(Opener open) : open_(std::move(open)) {}

  // True once the index exists (a record was put, or create() was called).
  bool created() const { return inner_ != nullptr; }
  // Creates the index now, even with no record (an empty corpus read cleanly).
  ClauseSink& create();

  bool put(const ClauseRecord& record) override { return create().put(record); }
  std::size_t prune(const std::unordered_set<std::string>& keep_ids,
                    const std::set<std::string>* platform_slugs) override {
    return inner_ ? inner_->prune(keep_ids, platform_slugs) : 0;
  }
  std::size_t prune_document(const std::string& platform, const std::string& document,
                             const std::unordered_set<std::string>& keep_ids) override {
    return inner_ ? inner_->prune_document(platform, document, keep_ids) : 0;
  }
  bool remove(const std::string& id) override { return inner_ ? inner_->remove(id) : false; }
  void commit() override {
    if (inner_) inner_->commit();
  }
  WriteCounts counts() const override { return inner_ ? inner_->counts() : WriteCounts{}; }

 private:
  Opener open_;
  std::unique_ptr<ClauseSink> inner_;
};

inline ClauseSink& DeferredSink::create() {
  if (!inner_) {
    auto sink = open_();
    if (!sink) throw SinkOpenError(sink.error());
    inner_ = std::move(*sink);
  }
  return *inner_;
}

}  // namespace clause

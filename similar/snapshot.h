// Snapshot: an in-memory copy of what the similarity engine reads from one
// local database at one revision: the postings and termlists of the match
// terms (Z-stems), each clause's length, platform, categories and clause
// types, and its re-rank features (similar/features.h).
//
// Why: "how do other platforms handle this?" is a BM25 OR of a clause's
// 30-50 words, a third of them in more than a tenth of all clauses, with one
// result per platform. Xapian 1.4's matcher can hardly prune such a query
// under a collapse key and walks ~all postings through its postlist tree
// (~40 ms per pass on 108k clauses); the re-rank fetched, re-tokenised and
// classified 40 stored records per request. Here the same BM25 weights
// (the formula of Xapian's BM25Weight, the database's statistics) are summed
// over plain arrays, and the features were computed once, when the snapshot
// was built. Answers equal the Xapian path's (tests/similar_snapshot_test.cpp).
//
// Memory: about 1.6 KiB per clause (postings 12 bytes, termlists 8 and the
// platforms' sibling index 8 bytes per distinct term, 8 bytes per distinct
// word pair). SnapshotCache (similar/snapshot_cache.h) builds one per
// revision in the background; until it is ready, the engine uses Xapian.
// Immutable once built: thread-safe to share.
#pragma once

#include <xapian.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "similar/bm25.h"
#include "similar/features.h"

namespace clause::similar {

// A term's postings: the clauses holding it, in docid order, and for each
// its BM25 within-document part wdf / (k1 (L b + 1 - b) + wdf) (L the
// clause's normalised length; Xapian's BM25Weight::get_sumpart without the
// term weight), for the snapshot's parameters.
struct Postings {
  const std::uint32_t* docs = nullptr;
  const double* parts = nullptr;
  std::size_t size = 0;
};

struct TermWdf {
  std::uint32_t term;  // Snapshot term id; ids follow the terms' byte order
  std::uint32_t wdf;
};

// A clause of one platform holding a term: its position in the platform's
// clauses (Snapshot::clauses_of_platform) and the term's weight in its unit
// tf-idf vector (the re-rank cosine's, similar/unit_vector.h), kept as a float.
struct SiblingWeight {
  std::uint32_t clause;
  float weight;
};

// Per document, a short list of ids (a compressed sparse row).
template <class T>
class ListColumn {
 public:
  void start(std::size_t docs) { offsets_.assign(docs + 1, 0); }
  // Appends doc's list; documents must come in increasing order.
  void set(std::size_t doc, std::span<const T> items);
  void finish();  // fills the offsets of the documents after the last set
  std::span<const T> of(std::size_t doc) const {
    if (doc + 1 >= offsets_.size()) return {};
    return {items_.data() + offsets_[doc], offsets_[doc + 1] - offsets_[doc]};
  }
  std::size_t bytes() const { return offsets_.size() * sizeof(std::uint32_t) + items_.size() * sizeof(T); }
  const T* items() const { return items_.data(); }

 private:
  void finish_until(std::size_t doc);
  std::vector<std::uint32_t> offsets_;
  std::vector<T> items_;
  std::size_t filled_ = 0;  // documents whose offset is set
};

class Snapshot {
 public:
  // Reads every document of db. Returns nullptr when `cancel` became true
  // meanwhile. Throws Xapian::Error (the caller keeps using Xapian).
  // threads: how many threads compute the clauses' re-rank features (the
  // tokenising, stemming and classifying that is most of a build); db is
  // read by the calling thread only. The snapshot is the same for any number.
  // base: an earlier snapshot (of any revision), or nullptr. A clause whose
  // content hash base holds for the same docid takes its features from
  // base instead: a commit changes few clauses, and the features are ~80 %
  // of a build. The snapshot is the same as one built without a base.
  static std::unique_ptr<Snapshot> build(const Xapian::Database& db, const std::string& key,
                                         const Bm25Params& params, const std::atomic<bool>& cancel,
                                         std::size_t threads = 1, const Snapshot* base = nullptr);

  // The revision_key() of the database it was built from.
  const std::string& key() const { return key_; }
  // Every document, as Xapian counts them for BM25 (change records and
  // removed provisions' kept clauses included).
  Xapian::doccount doccount() const { return doccount_; }
  // The clauses alone: the documents with a platform, what /similar meets.
  std::size_t clauses() const {
    std::size_t n = 0;
    for (const auto& docs : platform_docs_) n += docs.size();
    return n;
  }
  double avlength() const { return avlength_; }
  Xapian::docid last_docid() const { return static_cast<Xapian::docid>(doclen_.size()) - 1; }

  // Match terms. term_id: nullopt for a term no clause holds.
  std::optional<std::uint32_t> term_id(const std::string& term) const;
  const std::string& term(std::uint32_t id) const { return terms_[id]; }
  Postings postings(std::uint32_t term) const {
    const auto docs = posting_docs_.of(term);
    return {docs.data(), posting_parts_.data() + (docs.data() - posting_docs_.items()), docs.size()};
  }
  Xapian::doccount termfreq(std::uint32_t term) const {
    return static_cast<Xapian::doccount>(posting_docs_.of(term).size());
  }
  // The BM25 parameters of the postings' parts.
  const Bm25Params& params() const { return params_; }
  // ln((N + 1) / df), as the cosine uses it (similar/idf.h).
  double idf(std::uint32_t term) const { return idf_[term]; }
  std::span<const TermWdf> termlist(Xapian::docid doc) const { return termlists_.of(doc); }

  // Per document (0 for a docid that holds no clause).
  Xapian::termcount doclength(Xapian::docid doc) const { return doclen_[doc]; }
  // Platform id (0: none); slugs by id, ids in slug order.
  std::uint32_t platform(Xapian::docid doc) const { return platform_[doc]; }
  const std::string& platform_slug(std::uint32_t id) const { return platforms_[id]; }
  std::size_t platform_ids() const { return platforms_.size(); }  // id 0 included
  std::optional<std::uint32_t> platform_id(const std::string& slug) const;
  // Category and clause type ids (ids of `names` below).
  std::span<const std::uint32_t> categories(Xapian::docid doc) const { return categories_.of(doc); }
  std::span<const std::uint32_t> types(Xapian::docid doc) const { return types_.of(doc); }
  std::optional<std::uint32_t> category_id(const std::string& slug) const;
  std::optional<std::uint32_t> type_id(const std::string& slug) const;
  // The confidence of a clause's types (kTypeConfidenceSlot: 1 for given
  // types); 0 for a clause without one.
  double type_confidence(Xapian::docid doc) const { return type_confidence_[doc]; }
  // Clauses of a platform, in docid order.
  const std::vector<Xapian::docid>& clauses_of_platform(std::uint32_t platform) const {
    return platform_docs_[platform];
  }
  // The clauses of a platform that hold a term (by position, in docid
  // order), for the sibling contrast (similar/siblings.h).
  std::span<const SiblingWeight> platform_term(std::uint32_t platform, std::uint32_t term) const;
  // Clauses of a clause type, in docid order.
  const std::vector<Xapian::docid>& clauses_of_type(std::uint32_t type) const { return type_docs_[type]; }

  // Re-rank features of a clause's title and text.
  std::span<const std::uint64_t> pairs(Xapian::docid doc) const { return pairs_.of(doc); }
  std::uint32_t words(Xapian::docid doc) const { return words_[doc]; }
  bool negated(Xapian::docid doc) const { return negated_[doc] != 0; }
  std::uint64_t topics(Xapian::docid doc) const { return topics_[doc]; }

  std::size_t memory_bytes() const;
  // How many clauses took their features from the base snapshot.
  std::size_t reused() const { return reused_; }

 private:
  // The record's content hash (layout::kContentHashSlot); zero when absent.
  using ContentHash = std::array<std::uint64_t, 2>;
  static ContentHash content_hash_of(const std::string& value);
  bool same_content(const Snapshot* base, Xapian::docid doc) const;

  Snapshot() = default;
  void read_terms(const Xapian::Database& db, const std::atomic<bool>& cancel);
  bool read_documents(const Xapian::Database& db, const std::atomic<bool>& cancel, std::size_t threads,
                      const Snapshot* base);
  void index_platforms();

  std::string key_;
  Bm25Params params_;
  Xapian::doccount doccount_ = 0;
  double avlength_ = 0;
  std::vector<std::string> terms_;  // by id, in byte order
  std::vector<double> idf_;
  ListColumn<std::uint32_t> posting_docs_;
  std::vector<double> posting_parts_;  // parallel to posting_docs_' items
  ListColumn<TermWdf> termlists_;
  std::vector<Xapian::termcount> doclen_;
  std::vector<std::uint32_t> platform_;
  std::vector<std::string> platforms_{std::string()};
  std::vector<std::vector<Xapian::docid>> platform_docs_;  // by platform id
  // Per platform, its terms (ids, ascending) from platform_terms_begin_[p]
  // on, and each term's clauses in sibling_items_ from sibling_offsets_[i].
  std::vector<std::uint32_t> platform_terms_begin_, platform_terms_, sibling_offsets_;
  std::vector<SiblingWeight> sibling_items_;
  std::unordered_map<std::string, std::uint32_t> category_ids_, type_ids_;
  ListColumn<std::uint32_t> categories_, types_;
  std::vector<std::vector<Xapian::docid>> type_docs_;
  std::vector<double> type_confidence_;
  ListColumn<std::uint64_t> pairs_;
  std::vector<std::uint32_t> words_;
  std::vector<std::uint8_t> negated_;
  std::vector<std::uint64_t> topics_;
  std::vector<ContentHash> hashes_;
  std::size_t reused_ = 0;
};

}  // namespace clause::similar

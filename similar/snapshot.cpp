#include "similar/snapshot.h"

#include <algorithm>
#include <cstring>
#include <functional>
#include <thread>

#include "schema/index_layout.h"
#include "schema/index_terms.h"
#include "similar/idf.h"
#include "similar/terms.h"
#include "similar/unit_vector.h"

namespace clause::similar {
namespace {

// Slugs of the boolean terms of a facet, in byte order, with ids from 1.
std::unordered_map<std::string, std::uint32_t> facet_ids(const Xapian::Database& db, layout::Facet facet,
                                                        std::vector<std::string>* slugs = nullptr) {
  const std::string prefix(layout::facet_prefix(facet));
  std::unordered_map<std::string, std::uint32_t> ids;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    std::string slug = (*it).substr(prefix.size());
    ids.emplace(slug, static_cast<std::uint32_t>(ids.size() + 1));
    if (slugs != nullptr) slugs->push_back(std::move(slug));
  }
  return ids;
}

// The ids of a multi-valued slot's slugs (unknown ones left out).
std::vector<std::uint32_t> ids_of(const std::string& joined,
                                  const std::unordered_map<std::string, std::uint32_t>& ids) {
  std::vector<std::uint32_t> out;
  for (const auto& slug : layout::split_list(joined)) {
    if (auto it = ids.find(slug); it != ids.end()) out.push_back(it->second);
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Calls fn(i) for every i < n on `threads` threads (this one among them),
// each taking every threads-th index.
void for_each_index(std::size_t n, std::size_t threads, const std::function<void(std::size_t)>& fn) {
  threads = std::min(threads, n);
  std::vector<std::thread> helpers;
  for (std::size_t t = 1; t < threads; ++t) {
    helpers.emplace_back([&, t] {
      for (std::size_t i = t; i < n; i += threads) fn(i);
    });
  }
  for (std::size_t i = 0; i < n; i += std::max<std::size_t>(1, threads)) fn(i);
  for (auto& h : helpers) h.join();
}

// A value slot read in docid order through its value stream: far cheaper
// than each document's own values (a B-tree look-up per document and slot).
class SlotReader {
 public:
  SlotReader(const Xapian::Database& db, Xapian::valueno slot)
      : it_(db.valuestream_begin(slot)), end_(db.valuestream_end(slot)) {}
  // The value of doc (empty when it has none); docs must come in increasing order.
  std::string at(Xapian::docid doc) {
    if (it_ != end_ && it_.get_docid() < doc) it_.skip_to(doc);
    return it_ != end_ && it_.get_docid() == doc ? *it_ : std::string();
  }

 private:
  Xapian::ValueIterator it_, end_;
};

// Whether a document holds a term, asked in increasing docid order: one
// walk of the term's posting list.
class TermReader {
 public:
  TermReader(const Xapian::Database& db, const std::string& term)
      : it_(db.postlist_begin(term)), end_(db.postlist_end(term)) {}
  bool has(Xapian::docid doc) {
    if (it_ != end_ && *it_ < doc) it_.skip_to(doc);
    return it_ != end_ && *it_ == doc;
  }

 private:
  Xapian::PostingIterator it_, end_;
};

template <class Map>
std::optional<std::uint32_t> find_id(const Map& map, const std::string& key) {
  auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

}  // namespace

template <class T>
void ListColumn<T>::set(std::size_t doc, std::span<const T> items) {
  finish_until(doc);
  items_.insert(items_.end(), items.begin(), items.end());
  offsets_[doc + 1] = static_cast<std::uint32_t>(items_.size());
  filled_ = doc + 1;
}

template <class T>
void ListColumn<T>::finish_until(std::size_t doc) {
  for (; filled_ < doc; ++filled_) offsets_[filled_ + 1] = offsets_[filled_];
}

template <class T>
void ListColumn<T>::finish() {
  if (!offsets_.empty()) finish_until(offsets_.size() - 1);
  items_.shrink_to_fit();
}

template class ListColumn<TermWdf>;
template class ListColumn<std::uint32_t>;
template class ListColumn<std::uint64_t>;

std::optional<std::uint32_t> Snapshot::term_id(const std::string& term) const {
  auto it = std::lower_bound(terms_.begin(), terms_.end(), term);
  if (it == terms_.end() || *it != term) return std::nullopt;
  return static_cast<std::uint32_t>(it - terms_.begin());
}
std::optional<std::uint32_t> Snapshot::platform_id(const std::string& slug) const {
  auto it = std::lower_bound(platforms_.begin() + 1, platforms_.end(), slug);
  if (it == platforms_.end() || *it != slug) return std::nullopt;
  return static_cast<std::uint32_t>(it - platforms_.begin());
}
std::optional<std::uint32_t> Snapshot::category_id(const std::string& slug) const {
  return find_id(category_ids_, slug);
}
std::optional<std::uint32_t> Snapshot::type_id(const std::string& slug) const { return find_id(type_ids_, slug); }

std::unique_ptr<Snapshot> Snapshot::build(const Xapian::Database& db, const std::string& key,
                                          const Bm25Params& params, const std::atomic<bool>& cancel,
                                          std::size_t threads, const Snapshot* base) {
  std::unique_ptr<Snapshot> s(new Snapshot());
  s->key_ = key;
  s->params_ = params;
  s->doccount_ = db.get_doccount();
  s->avlength_ = db.get_avlength();
  const std::size_t slots = std::size_t{db.get_lastdocid()} + 1;
  s->doclen_.assign(slots, 0);
  s->platform_.assign(slots, 0);
  s->words_.assign(slots, 0);
  s->negated_.assign(slots, 0);
  s->topics_.assign(slots, 0);
  s->type_confidence_.assign(slots, 0.0);
  s->hashes_.assign(slots, ContentHash{});
  // Documents first: the postings' parts need every clause's length.
  if (!s->read_documents(db, cancel, std::max<std::size_t>(1, threads), base)) return nullptr;
  s->read_terms(db, cancel);
  if (cancel) return nullptr;
  s->index_platforms();
  return s;
}

// Postings of every match term, then the termlists as their transpose, so
// each termlist is in term id order, i.e. in the terms' byte order, as
// Xapian's termlists are (the cosine then sums in the same order).
void Snapshot::read_terms(const Xapian::Database& db, const std::atomic<bool>& cancel) {
  struct Raw {
    std::uint32_t doc, wdf;
  };
  const std::string prefix(layout::kStemPrefix);
  std::vector<std::vector<Raw>> lists;
  for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
    if (cancel) return;
    const std::string term = *it;
    if (!is_match_term(term)) continue;
    auto& list = lists.emplace_back();
    list.reserve(it.get_termfreq());
    for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) list.push_back({*p, p.get_wdf()});
    terms_.push_back(term);  // allterms come in byte order
  }
  // Xapian's BM25Weight: the length factor is 0 when b or k1 is 0, or when
  // every clause is empty.
  const Bm25Params& p = params_;
  const double len_factor = (p.b == 0 || p.k1 == 0 || avlength_ == 0) ? 0.0 : 1 / avlength_;
  const double total = doccount_;
  posting_docs_.start(lists.size());
  idf_.reserve(lists.size());
  std::vector<std::uint32_t> per_doc(doclen_.size(), 0), docs;
  for (std::size_t t = 0; t < lists.size(); ++t) {
    idf_.push_back(idf_of(total, double(lists[t].size())));
    docs.clear();
    for (const Raw& r : lists[t]) {
      ++per_doc[r.doc];
      docs.push_back(r.doc);
      const double normlen = std::max(doclen_[r.doc] * len_factor, p.min_normlen);
      const double wdf = r.wdf;
      posting_parts_.push_back(wdf / (p.k1 * (normlen * p.b + (1 - p.b)) + wdf));
    }
    posting_docs_.set(t, docs);
  }
  posting_docs_.finish();
  posting_parts_.shrink_to_fit();
  std::vector<std::vector<TermWdf>> terms_of(doclen_.size());
  for (std::size_t d = 0; d < per_doc.size(); ++d) terms_of[d].reserve(per_doc[d]);
  for (std::size_t t = 0; t < lists.size(); ++t) {
    for (const Raw& r : lists[t]) terms_of[r.doc].push_back({static_cast<std::uint32_t>(t), r.wdf});
    std::vector<Raw>().swap(lists[t]);
  }
  termlists_.start(doclen_.size());
  for (std::size_t d = 0; d < terms_of.size(); ++d) {
    if (!terms_of[d].empty()) termlists_.set(d, terms_of[d]);
  }
  termlists_.finish();
}

// The transpose of each platform's termlists, with the unit tf-idf weights
// of the re-rank's cosine (UnitVectorBuilder, as CosineScorer::score builds
// them from a snapshot: same terms, order and rounding).
void Snapshot::index_platforms() {
  struct Entry {
    std::uint32_t term, clause;
    float weight;
  };
  std::vector<Entry> entries;
  TermVector unit;
  platform_terms_begin_.assign(platform_docs_.size() + 1, 0);
  for (std::size_t p = 0; p < platform_docs_.size(); ++p) {
    platform_terms_begin_[p] = static_cast<std::uint32_t>(platform_terms_.size());
    entries.clear();
    const auto& docs = platform_docs_[p];
    for (std::size_t c = 0; c < docs.size(); ++c) {
      UnitVectorBuilder vector(&unit);
      for (const TermWdf& t : termlist(docs[c])) vector.add(t.term, tfidf(t.wdf, idf_[t.term]));
      if (!vector.scale()) continue;
      for (const auto& [term, weight] : unit) {
        entries.push_back({term, static_cast<std::uint32_t>(c), static_cast<float>(weight)});
      }
    }
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.term < b.term; });
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (i == 0 || entries[i].term != entries[i - 1].term) {
        platform_terms_.push_back(entries[i].term);
        sibling_offsets_.push_back(static_cast<std::uint32_t>(sibling_items_.size()));
      }
      sibling_items_.push_back({entries[i].clause, entries[i].weight});
    }
  }
  platform_terms_begin_.back() = static_cast<std::uint32_t>(platform_terms_.size());
  sibling_offsets_.push_back(static_cast<std::uint32_t>(sibling_items_.size()));
}

std::span<const SiblingWeight> Snapshot::platform_term(std::uint32_t platform, std::uint32_t term) const {
  if (platform + 1 >= platform_terms_begin_.size()) return {};
  const auto first = platform_terms_.begin() + platform_terms_begin_[platform];
  const auto last = platform_terms_.begin() + platform_terms_begin_[platform + 1];
  const auto it = std::lower_bound(first, last, term);
  if (it == last || *it != term) return {};
  const auto i = static_cast<std::size_t>(it - platform_terms_.begin());
  return {sibling_items_.data() + sibling_offsets_[i], sibling_offsets_[i + 1] - sibling_offsets_[i]};
}

Snapshot::ContentHash Snapshot::content_hash_of(const std::string& value) {
  ContentHash h{};
  if (value.size() == sizeof(h)) std::memcpy(h.data(), value.data(), sizeof(h));
  return h;
}

// The hash covers the whole normalised record, so an equal one means the
// same title and text, hence the same features.
bool Snapshot::same_content(const Snapshot* base, Xapian::docid doc) const {
  return base != nullptr && hashes_[doc] != ContentHash{} && doc < base->hashes_.size() &&
         base->hashes_[doc] == hashes_[doc];
}

// Documents are read in batches by this thread; their text features are
// computed by `threads` threads (or copied from base), then stored in docid
// order.
bool Snapshot::read_documents(const Xapian::Database& db, const std::atomic<bool>& cancel, std::size_t threads,
                              const Snapshot* base) {
  const auto platforms = facet_ids(db, layout::Facet::platform, &platforms_);
  category_ids_ = facet_ids(db, layout::Facet::category);
  type_ids_ = facet_ids(db, layout::Facet::clause_type);
  type_docs_.assign(type_ids_.size() + 1, {});
  platform_docs_.assign(platforms_.size(), {});
  categories_.start(doclen_.size());
  types_.start(doclen_.size());
  pairs_.start(doclen_.size());
  constexpr std::size_t kBatch = 4096;
  std::vector<Xapian::docid> batch;
  std::vector<std::string> texts;
  std::vector<char> reuse;  // per batch entry: its features come from base
  std::vector<TextFeatures> features;
  auto store_batch = [&] {
    features.assign(batch.size(), TextFeatures{});
    for_each_index(batch.size(), threads, [&](std::size_t i) {
      if (!reuse[i]) features[i] = text_features(texts[i], true);
    });
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const Xapian::docid d = batch[i];
      if (reuse[i]) {
        pairs_.set(d, base->pairs(d));
        words_[d] = base->words_[d];
        negated_[d] = base->negated_[d];
        topics_[d] = base->topics_[d];
        continue;
      }
      pairs_.set(d, features[i].pairs);
      words_[d] = features[i].words;
      negated_[d] = features[i].negated ? 1 : 0;
      topics_[d] = features[i].topics;
    }
    batch.clear();
    texts.clear();
    reuse.clear();
  };
  SlotReader platform_of(db, layout::kPlatformSlot), categories_of(db, layout::kCategoriesSlot),
      types_of(db, layout::kTypesSlot), hash_of(db, layout::kContentHashSlot),
      confidence_of(db, layout::kTypeConfidenceSlot);
  // A removed provision's kept clause (issue 18) has a clause's slots but is
  // no clause: platformless and typeless here, as a change record is, so
  // that no similar answer or count meets it.
  TermReader removed(db, std::string(layout::kRemovedKindTerm));
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    if (cancel) return false;
    const Xapian::docid d = *it;
    const bool clause = !removed.has(d);
    doclen_[d] = it.get_doclength();
    platform_[d] = clause ? find_id(platforms, platform_of.at(d)).value_or(0) : 0;
    if (platform_[d] != 0) platform_docs_[platform_[d]].push_back(d);
    categories_.set(d, ids_of(categories_of.at(d), category_ids_));
    const auto types = clause ? ids_of(types_of.at(d), type_ids_) : std::vector<std::uint32_t>();
    for (const auto t : types) type_docs_[t].push_back(d);
    types_.set(d, types);
    if (!types.empty()) type_confidence_[d] = layout::type_confidence_of_value(confidence_of.at(d));
    hashes_[d] = content_hash_of(hash_of.at(d));
    batch.push_back(d);
    reuse.push_back(same_content(base, d) ? 1 : 0);
    reused_ += reuse.back();
    texts.push_back(reuse.back() ? std::string() : record_text(db.get_document(d).get_data()));
    if (batch.size() == kBatch) store_batch();
  }
  store_batch();
  categories_.finish();
  types_.finish();
  pairs_.finish();
  return true;
}

std::size_t Snapshot::memory_bytes() const {
  std::size_t n = posting_docs_.bytes() + posting_parts_.size() * sizeof(double) + termlists_.bytes() + categories_.bytes() + types_.bytes() + pairs_.bytes();
  n += idf_.size() * sizeof(double);
  for (const auto& t : terms_) n += sizeof(std::string) + (t.size() > 15 ? t.capacity() : 0);
  n += doclen_.size() * (sizeof(Xapian::termcount) + 4 + 4 + 1 + 8 + sizeof(ContentHash) + sizeof(double));
  for (const auto& docs : type_docs_) n += docs.size() * sizeof(Xapian::docid);
  for (const auto& docs : platform_docs_) n += docs.size() * sizeof(Xapian::docid);
  n += (platform_terms_begin_.size() + platform_terms_.size() + sibling_offsets_.size()) * sizeof(std::uint32_t);
  n += sibling_items_.size() * sizeof(SiblingWeight);
  return n;
}

}  // namespace clause::similar

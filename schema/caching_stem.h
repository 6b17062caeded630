// A stemmer that remembers the stems of the words it has stemmed. Clause
// texts repeat their words, and a Snowball stem costs about 200 ns: the
// indexer stemmed every word of every clause twice (for the index and for
// the clause-type features), 7% of its CPU before this (perf, issue 21).
// (A typed English clause is now tokenised once: DocumentBuilder takes the
// typing's stems. Titles and other languages still go through here.)
//
// Not thread-safe, like the TermGenerator it is given to: one per thread.
#pragma once

#include <xapian.h>

#include <cstddef>

namespace clause {

inline constexpr std::size_t kDefaultCachedStems = 1 << 17;

// Stems as `inner` does. Remembers up to `max_words` words (about 100 bytes
// each, so ~13 MB at the default); past that, new words are stemmed each
// time.
Xapian::Stem caching_stem(const Xapian::Stem& inner, std::size_t max_words = kDefaultCachedStems);

}  // namespace clause

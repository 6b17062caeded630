// Spelling data ("did you mean") counted by the indexer itself and written
// to the spelling table once per batch.
//
// Xapian's TermGenerator with FLAG_SPELLING calls add_spelling() for every
// word it indexes, and each call is a lookup in the database's ordered map
// of pending spelling changes: 13% of an indexing run's CPU (perf, issue 21).
// A stemmer is given exactly the words TermGenerator would add (with
// STEM_ALL_Z, every word that passes its length check is both added and
// stemmed, in the same callback), so a stemmer that counts the words it
// stems, while on, sees the same words; the counts are then added with one
// add_spelling(word, count) each, which leaves the spelling table as the
// per-word calls would (tests/spelling_recorder_test.cpp compares the two).
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <unordered_map>

namespace clause {

class SpellingRecorder {
 public:
  SpellingRecorder();

  // A stemmer that stems as `inner` does and, while this recorder is on,
  // counts each word it is given. It shares this recorder's counts (a copy
  // of the recorder, or a moved one, counts into the same table).
  Xapian::Stem counting(const Xapian::Stem& inner) const;
  // Words are counted only between on(true) and on(false): the words of
  // prefixed fields (title:) and of languages without spelling data are
  // stemmed too, and must not be counted.
  void on(bool counting);
  // Counts one word, while on, as the counting stemmer would: for words
  // indexed without the term generator (DocumentBuilder's shared stems).
  void count(const std::string& word);
  // Adds every counted word to db's spelling table with its count, then
  // forgets them. Call before db's commit (or commit_transaction).
  void flush_into(Xapian::WritableDatabase& db);
  std::size_t pending_words() const;

 private:
  struct Counts {
    std::unordered_map<std::string, Xapian::termcount> words;
    bool on = false;
  };
  class CountingStem;
  std::shared_ptr<Counts> counts_;
};

}  // namespace clause

// Spelling data counted by the indexer (indexer/spelling_recorder.h) against
// Xapian's own: the same texts indexed by a TermGenerator with FLAG_SPELLING
// must leave the same spelling table, word for word and count for count.
#include "indexer/spelling_recorder.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "indexer/document_builder.h"
#include "schema/language.h"
#include "tests/fixture_index.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using testing::TempDir;

std::map<std::string, Xapian::doccount> spellings(const Xapian::Database& db) {
  std::map<std::string, Xapian::doccount> out;
  for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out[*it] = it.get_termfreq();
  return out;
}

ClauseRecord record(const std::string& id, const std::string& title, const std::string& text,
                    const std::string& language = "en") {
  return testing::acme_record(id, title, text, language);
}

const std::vector<ClauseRecord>& records() {
  static const std::vector<ClauseRecord> all = {
      record("a", "Arbitration", "Disputes are settled by binding arbitration, not in court."),
      record("b", "", "We don't sell your personal data; we may share it with AT&T and C++ partners."),
      record("c", "Your Data", "Your data, your data: you own it. 2026-01-02, v1.2, e-mail x@y.z"),
      record("d", "Données", "Nous ne vendons pas vos données personnelles.", "fr"),
      record("e", "Termination", "We may terminate   accounts\nat any time, for any reason."),
      record("f", "", std::string(70, 'w') + " is too long to be a word; a b c are single letters."),
  };
  return all;
}

// What Xapian's TermGenerator records when it is given the spelling
// database: the documents built as DocumentBuilder builds their text
// (title prefixed and free, then the text), English records only.
std::map<std::string, Xapian::doccount> xapian_spellings(const std::string& dir) {
  Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator generator;
  generator.set_database(db);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  for (const auto& r : records()) {
    Xapian::Document doc;
    generator.set_document(doc);
    generator.set_stemmer(stemmer_for(r.language));
    generator.set_flags(r.language == "en" ? Xapian::TermGenerator::FLAG_SPELLING : 0);
    if (!r.title.empty()) {
      generator.index_text(r.title, 1, "S");
      generator.index_text(r.title);
      generator.increase_termpos();
    }
    generator.index_text(r.text);
    db.add_document(doc);
  }
  db.commit();
  return spellings(db);
}

TEST(SpellingRecorder, TheIndexersSpellingTableIsXapiansOwn) {
  TempDir dir;
  const auto expected = xapian_spellings(dir.file("xapian"));
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(expected.count("personnelles"), 0u);  // French: none
  EXPECT_EQ(expected.at("data"), 4u);             // the free title's and the text's

  Xapian::WritableDatabase db(dir.file("ours"), Xapian::DB_CREATE_OR_OVERWRITE);
  DocumentBuilder builder(&db);
  for (const auto& r : records()) db.add_document(builder.build(r, "hash", "{}"));
  EXPECT_TRUE(spellings(db).empty());  // counted, not yet written
  builder.flush_spelling();
  db.commit();
  EXPECT_EQ(spellings(db), expected);
  EXPECT_EQ(db.get_spelling_suggestion("arbitation"), "arbitration");

  // A second batch adds to the counts, as more calls would.
  db.add_document(builder.build(records()[0], "hash", "{}"));
  builder.flush_spelling();
  db.commit();
  EXPECT_EQ(spellings(db).at("arbitration"), expected.at("arbitration") + 2);
}

TEST(SpellingRecorder, CountsOnlyWhileOnAndForgetsWhatItWrote) {
  TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OVERWRITE);
  SpellingRecorder recorder;
  Xapian::Stem stem = recorder.counting(Xapian::Stem("en"));
  EXPECT_EQ(stem("selling"), "sell");  // stems as the stemmer it wraps
  recorder.on(true);
  stem("selling");
  stem("selling");
  recorder.on(false);
  stem("buying");
  EXPECT_EQ(recorder.pending_words(), 1u);
  recorder.flush_into(db);
  EXPECT_EQ(recorder.pending_words(), 0u);
  db.commit();
  EXPECT_EQ(spellings(db), (std::map<std::string, Xapian::doccount>{{"selling", 2}}));
}

}  // namespace
}  // namespace clause

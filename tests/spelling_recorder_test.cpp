// Spelling data counted by the indexer (indexer/spelling_recorder.h) against
// Xapian's own: the same texts indexed by a TermGenerator with FLAG_SPELLING
// must leave the same spelling table, word for word and count for count.
#include "indexer/spelling_recorder.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "indexer/document_builder.h"
#include "schema/language.h"
#include "schema/type_features.h"
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

// Every term of a document with its wdf and positions, in term order.
std::string terms_of(const Xapian::Document& doc) {
  std::string out;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    out += *t + " " + std::to_string(t.get_wdf()) + " [";
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out += std::to_string(*p) + " ";
    out += "]\n";
  }
  return out;
}

// A typed record's text is indexed from the words and stems typing made of
// it (DocumentBuilder::index_text_from_stems), not tokenised again: the same
// terms, positions and spelling words as the term generator's, and the stems
// are not used when they are of another text or the record is not English.
TEST(SpellingRecorder, TypingsStemsIndexATextAsTheTermGeneratorDoes) {
  TempDir dir;
  std::vector<ClauseRecord> all = records();
  all.push_back(record("g", "Über uns", "Naïve café owners' \"quotes\" – don't; it's 3.5% e.g. U.S.A. #1 C# F# x86_64"));
  all.push_back(record("h", "", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e and \xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82 mixed"));
  Xapian::WritableDatabase plain_db(dir.file("plain"), Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::WritableDatabase shared_db(dir.file("shared"), Xapian::DB_CREATE_OR_OVERWRITE);
  DocumentBuilder plain(&plain_db), shared(&shared_db), probe(nullptr);
  for (const auto& r : all) {
    ClauseRecord typed = r;
    type_feature_hashes(typed.text, {}, &typed.text_stems.stems);
    ASSERT_NE(typed.text_stems.stems, nullptr);
    const Xapian::Document expected = plain.build(r, "hash", "{}");
    const Xapian::Document got = shared.build(typed, "hash", "{}");
    EXPECT_EQ(terms_of(got), terms_of(expected)) << r.id;
    plain_db.add_document(expected);
    shared_db.add_document(got);
    // The stems are what is indexed (an English record's): stems of this
    // text that say otherwise show in the document.
    ClauseRecord told = r;
    told.text_stems.stems = std::make_shared<const TextStems>(TextStems{r.text, {{"told", "told"}}});
    const std::string told_terms = terms_of(probe.build(told, "hash", "{}"));
    EXPECT_EQ(told_terms.find("Ztold ") != std::string::npos, r.language == "en") << r.id;
    // Stems of another text are not used.
    ClauseRecord changed = typed;
    changed.text += " and more words";
    ClauseRecord untyped_changed = r;
    untyped_changed.text = changed.text;
    EXPECT_EQ(terms_of(shared.build(changed, "hash", "{}")), terms_of(plain.build(untyped_changed, "hash", "{}")))
        << r.id;
  }
  plain.flush_spelling();
  shared.flush_spelling();
  plain_db.commit();
  shared_db.commit();
  EXPECT_FALSE(spellings(plain_db).empty());
  EXPECT_EQ(spellings(shared_db), spellings(plain_db));
}

}  // namespace
}  // namespace clause

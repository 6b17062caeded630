// Language detection (indexer/language_detect.h), the language table
// (schema/language.h), the record's `language` field and front matter, on
// short texts of our own.
#include <gtest/gtest.h>

#include <string>

#include "indexer/front_matter.h"
#include "indexer/language_detect.h"
#include "schema/clause_record.h"
#include "schema/language.h"

namespace clause {
namespace {

TEST(LanguageDetect, TellsShortClausesApart) {
  const std::pair<const char*, const char*> samples[] = {
      {"en", "We may suspend your account at any time if you break these terms or misuse the service."},
      {"fr", "Nous pouvons suspendre votre compte à tout moment si vous ne respectez pas les présentes "
             "conditions."},
      {"de", "Wir können Ihr Konto jederzeit sperren, wenn Sie gegen diese Bedingungen verstoßen oder "
             "den Dienst missbrauchen."},
      {"nl", "Wij kunnen uw account op elk moment opschorten als u deze voorwaarden schendt of de "
             "dienst misbruikt."},
      {"it", "Possiamo sospendere il tuo account in qualsiasi momento se violi questi termini o abusi "
             "del servizio."},
      {"es", "Podemos suspender tu cuenta en cualquier momento si incumples estas condiciones o haces "
             "un uso indebido del servicio."},
  };
  for (const auto& [code, text] : samples) {
    const LanguageGuess guess = detect_language(text);
    EXPECT_EQ(guess.code, code) << text;
    EXPECT_TRUE(guess.determined) << text;
  }
}

TEST(LanguageDetect, UndeterminedOrUnsupportedFallsBackToEnglish) {
  for (const std::string& text : {std::string("12345 -- 678"), std::string(),
                                 std::string("\xC3\x28 broken UTF-8 \xFF")}) {
    const LanguageGuess guess = detect_language(text);
    EXPECT_EQ(guess.code, "en");
    EXPECT_FALSE(guess.determined);
  }
  // Japanese is detected, but Xapian has no stemmer for it.
  const LanguageGuess japanese = detect_language(
      "\xE5\x88\xA9\xE7\x94\xA8\xE8\xA6\x8F\xE7\xB4\x84\xE3\x81\xAB\xE5\x90\x8C\xE6\x84\x8F"
      "\xE3\x81\x97\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82\xE3\x81\x93\xE3\x81\xAE\xE3\x82\xB5"
      "\xE3\x83\xBC\xE3\x83\x93\xE3\x82\xB9\xE3\x82\x92\xE5\x88\xA9\xE7\x94\xA8\xE3\x81\x99"
      "\xE3\x82\x8B\xE3\x81\x93\xE3\x81\xA8\xE3\x81\xA7\xE3\x80\x81\xE5\x90\x8C\xE6\x84\x8F"
      "\xE3\x81\x97\xE3\x81\x9F\xE3\x82\x82\xE3\x81\xAE\xE3\x81\xA8\xE3\x81\xBF\xE3\x81\xAA"
      "\xE3\x81\x97\xE3\x81\xBE\xE3\x81\x99\xE3\x80\x82");
  EXPECT_EQ(japanese.detected, "ja");
  EXPECT_EQ(japanese.code, "en");
  EXPECT_FALSE(japanese.determined);
}

// A long document is cut before detection; the cut must not split a
// character (CLD2 refuses broken UTF-8 whole).
TEST(LanguageDetect, ALongTextIsCutAtACharacterBoundary) {
  std::string text;
  while (text.size() < 70 * 1024) text += "Les données personnelles sont conservées é";
  EXPECT_EQ(detect_language(text).code, "fr");
}

TEST(LanguageDetect, ADocumentIsDetectedFromAllItsClauses) {
  std::vector<ClauseRecord> clauses(3);
  clauses[0].title = "Article 1";
  clauses[0].text = "Objet";
  clauses[1].text = "Les présentes conditions régissent l'utilisation du service par ses membres.";
  clauses[2].text = "Vous pouvez fermer votre compte à tout moment depuis les paramètres.";
  EXPECT_EQ(detect_document_language(clauses).code, "fr");
}

TEST(LanguageTable, CodesHaveXapianStemmers) {
  EXPECT_EQ(find_language("FR")->stemmer, "french");
  EXPECT_FALSE(find_language("xx").has_value());
  EXPECT_FALSE(find_language("fra").has_value());
  EXPECT_EQ(stemmer_for("fr")("résiliation"), stemmer_for("fr")("résilier"));
  EXPECT_EQ(stemmer_for("zz")("licences"), Xapian::Stem("english")("licences"));
  std::string codes = supported_language_codes();
  for (std::size_t start = 0; start < codes.size();) {
    const auto end = std::min(codes.find(", ", start), codes.size());
    const auto language = find_language(codes.substr(start, end - start));
    ASSERT_TRUE(language.has_value()) << codes.substr(start, end - start);
    EXPECT_NO_THROW(Xapian::Stem(std::string(language->stemmer)));
    start = end + 2;
  }
}

TEST(LanguageField, IsACodeStoredInLowerCaseOrAnErrorNamingTheField) {
  auto record = clause_from_json_text(
      R"({"id":"a","platform":"P","document":"D","text":"Some text here.","language":"FR"})");
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->language, "fr");
  EXPECT_EQ(clause_to_json(*record)["language"], "fr");
  auto bad = clause_from_json_text(
      R"({"id":"a","platform":"P","document":"D","text":"Some text here.","language":"french"})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "language");
  EXPECT_NE(bad.error().message.find("'french'"), std::string::npos);
}

TEST(FrontMatter, GivesTheLanguageAndTheBodyAfterIt) {
  const FrontMatter front = read_front_matter("---\ntitle: Terms\nlanguage: \"de\"\n---\n# Terms\n\nText.\n");
  EXPECT_EQ(front.language, "de");
  EXPECT_EQ(front.body, "# Terms\n\nText.\n");
  // A rule followed by prose, or by a list, is no front matter.
  for (const char* doc : {"---\nSome prose, not a key.\n---\nMore.\n", "---\n\n- one\n- two\n"}) {
    const FrontMatter none = read_front_matter(doc);
    EXPECT_EQ(none.language, "") << doc;
    EXPECT_EQ(none.body, doc);
    EXPECT_EQ(none.unclosed_lines, 0u);
    EXPECT_EQ(unclosed_front_matter_warning(none), "");
  }
}

// A block of keys that no "---" closes was indexed as clause text with no
// word said. It is metadata whose end we cannot know: its lines are left
// out, its keys unused, and the caller is given a warning.
TEST(FrontMatter, AnUnclosedBlockIsLeftOutWithAWarning) {
  const FrontMatter prose = read_front_matter("---\nlanguage: de\ntitle: Terms\nno close\n---\nMore.\n");
  EXPECT_EQ(prose.body, "no close\n---\nMore.\n");
  EXPECT_EQ(prose.language, "");
  EXPECT_EQ(prose.unclosed_lines, 3u);
  EXPECT_EQ(unclosed_front_matter_warning(prose),
            "front matter opened by '---' on line 1 is not closed by a '---' line: its 3 lines are not indexed as "
            "text and its keys (language) are not used; close it with a '---' line");
  const FrontMatter to_the_end = read_front_matter("---\nlanguage: en\n");
  EXPECT_EQ(to_the_end.body, "");
  EXPECT_EQ(to_the_end.unclosed_lines, 2u);
}

}  // namespace
}  // namespace clause

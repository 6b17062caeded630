// Snippets (search/highlight.h, issue 19 item 1): phrases marked as one run,
// words where they matched (stems included), stop words only inside a phrase
// or as the whole query, HTML-safe output; the highlighter's words agree with
// the indexer's TermGenerator; and the same on the demo corpus through the
// search service.
#include "search/highlight.h"
#include "search/search_service.h"
#include "server/search_params.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "schema/index_layout.h"
#include "schema/plain_text.h"
#include "tests/demo_service.h"

namespace clause::search {
namespace {

const Xapian::Stem kStem{std::string(layout::kStemLanguage)};

Xapian::Query term(const std::string& word) { return Xapian::Query(std::string(layout::kStemPrefix) + kStem(word)); }

Xapian::Query phrase(const std::vector<std::string>& words) {
  std::vector<Xapian::Query> terms;
  for (const auto& w : words) terms.push_back(term(w));
  return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), terms.size());
}

Xapian::Query all_of(const std::vector<Xapian::Query>& parts) {
  return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
}

std::string snippet(const Xapian::Query& query, const std::string& text, std::size_t bytes = 240) {
  return Highlighter(query, kStem).snippet(text, bytes);
}

// The terms TermGenerator indexes for a text, in position order.
std::vector<std::string> indexed_terms(const std::string& text) {
  Xapian::TermGenerator generator;
  generator.set_stemmer(kStem);
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(text);
  std::map<Xapian::termpos, std::string> by_position;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) by_position[*p] = *t;
  }
  std::vector<std::string> terms;
  for (auto& [position, t] : by_position) terms.push_back(t);
  return terms;
}

TEST(Highlighter, MarksAPhraseAsOneRun) {
  EXPECT_EQ(snippet(phrase({"at", "any", "time"}), "We may change it at any time, for any reason."),
            "We may change it <mark>at any time</mark>, for any reason.");
  // Punctuation between the words does not break a phrase (nor the index's).
  EXPECT_EQ(snippet(phrase({"as", "is"}), "Provided \"As-Is\" and as available."),
            "Provided &quot;<mark>As-Is</mark>&quot; and as available.");
  // Words of the phrase elsewhere, not in a row, stay unmarked.
  EXPECT_EQ(snippet(phrase({"third", "parties"}), "A third of the parties; third party."),
            "A third of the parties; <mark>third party</mark>.");
}

TEST(Highlighter, MarksWordsByStemAndLeavesStopWordsAlone) {
  EXPECT_EQ(snippet(term("arbitrate"), "Binding arbitration by an arbitrator."),
            "Binding <mark>arbitration</mark> by an <mark>arbitrator</mark>.");
  EXPECT_EQ(snippet(all_of({term("delete"), term("your"), term("account")}),
                    "You can delete your account from your settings."),
            "You can <mark>delete</mark> your <mark>account</mark> from your settings.");
  // Only stop words: then they are what was asked for.
  EXPECT_EQ(snippet(all_of({term("to"), term("your")}), "Send it to your bank."),
            "Send it <mark>to</mark> <mark>your</mark> bank.");
  // A stop word inside a phrase is part of the run; alone beside it, not.
  EXPECT_EQ(snippet(all_of({phrase({"as", "is"}), term("to"), term("warranty")}),
                    "Sold as is to you, without warranty."),
            "Sold <mark>as is</mark> to you, without <mark>warranty</mark>.");
}

TEST(Highlighter, LeavesOutNegatedWordsAndFields) {
  const Xapian::Query q(Xapian::Query::OP_AND_NOT, term("data"), term("sell"));
  EXPECT_EQ(snippet(q, "We sell no data."), "We sell no <mark>data</mark>.");
  const Xapian::Query filtered(Xapian::Query::OP_FILTER, term("data"), Xapian::Query("Pacme"));
  EXPECT_EQ(snippet(filtered, "Acme data."), "Acme <mark>data</mark>.");
  EXPECT_EQ(snippet(Xapian::Query("ZSwarranti"), "No warranty."), "No warranty.");
}

TEST(Highlighter, EscapesTextAndKeepsOnlyMarkTags) {
  EXPECT_EQ(snippet(term("script"), "<script>alert('x') & \"y\"</script>"),
            "&lt;<mark>script</mark>&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/<mark>script</mark>&gt;");
}

TEST(Highlighter, CutsALongTextAroundTheBestMatchesAtWords) {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "Filler words of no interest here. ";
  text += "Disputes go to binding arbitration in Delaware. ";
  for (int i = 0; i < 40; ++i) text += "More filler words after it. ";
  const std::string s = snippet(all_of({term("binding"), term("arbitration")}), text, 120);
  EXPECT_NE(s.find("<mark>binding</mark> <mark>arbitration</mark> in Delaware."), std::string::npos) << s;
  EXPECT_EQ(s.rfind("\xE2\x80\xA6", 0), 0u) << s;                        // cut before
  EXPECT_EQ(s.substr(s.size() - 3), "\xE2\x80\xA6") << s;                // and after
  EXPECT_LE(s.size(), 120u + 2 * 3 + 4 * 13) << s;                       // marks and ellipses aside
  const std::string plain = std::regex_replace(s, std::regex("</?mark>|\xE2\x80\xA6"), "");
  EXPECT_NE(plain.front(), ' ');
  EXPECT_TRUE(text.find(plain) != std::string::npos) << plain;           // whole words only
  // Nothing matched: the start of the text.
  EXPECT_EQ(snippet(Xapian::Query(), text, 40), "Filler words of no interest here. Filler\xE2\x80\xA6");
}

// Phrases are matched against the highlighter's words: they must be the
// words the indexer made, initials, apostrophes, numbers and "C++" included.
TEST(Highlighter, CutsWordsAsTheIndexerDoes) {
  for (const std::string& text : std::vector<std::string>{
           "Coppermark B.V.. U.S law, U.K.'s, P.O.Box, S.O.S.peut, N.Rich A.B.c", "don't company’s l’abonné",
        "AT&T rock&roll C++ C# C++++ x+y", "€1,000.50 and 3.5.1; 1;2", "a''b ab' 'ab",
        "caf\xC3\xA9 na\xC3\xAFve \xE2\x80\x9Cquoted\xE2\x80\x9D \xE2\x80\x94 dash",
        std::string(70, 'a') + " long", "zero\xE2\x80\x8Bwidth"}) {
    EXPECT_EQ(text_terms(text, kStem), indexed_terms(text)) << text;
  }
  std::size_t differ = 0, texts = 0;
  for (const auto& record : clause::testing::demo_records()) {
    const std::string plain = plain_text(record.text);
    ++texts;
    if (text_terms(plain, kStem) != indexed_terms(plain) && differ++ < 3) ADD_FAILURE() << plain;
  }
  EXPECT_EQ(differ, 0u) << "of " << texts;
}

// Words whose first byte no query term has are not stemmed (issue 21): a
// stem must keep its word's first byte for that, as English's do, even
// their exceptions, and German's need not ("über" -> "uber"): a German text
// is stemmed word by word as before.
TEST(Highlighter, SkipsOnlyWordsWhoseStemCannotMatch) {
  EXPECT_TRUE(MemoStem(kStem).keeps_first_byte());
  EXPECT_TRUE(MemoStem(Xapian::Stem("none")).keeps_first_byte());
  EXPECT_FALSE(MemoStem(Xapian::Stem("german")).keeps_first_byte());
  for (const std::string word : {"dying", "skies", "idly", "early", "yes", "Yellow", "\xC3\xA9t\xC3\xA9"}) {
    std::string lower;
    for (Xapian::Utf8Iterator it(word), end; it != end; ++it) Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(*it));
    EXPECT_EQ(kStem(lower).substr(0, 1), lower.substr(0, 1)) << word;
  }
  EXPECT_EQ(snippet(term("die"), "Dying, they died."), "<mark>Dying</mark>, they <mark>died</mark>.");
  const Highlighter marks(term("uber"), kStem);
  MemoStem german(Xapian::Stem("german"));
  EXPECT_EQ(marks.snippet("\xC3\x9C" "ber die Nutzung", 240, german), "<mark>\xC3\x9C" "ber</mark> die Nutzung");
  // A text with characters of every width, marked where the stems match.
  EXPECT_EQ(snippet(all_of({term("caf\xC3\xA9"), term("data")}), "\xE2\x80\x9C" "Caf\xC3\xA9\xE2\x80\x9D data \xF0\x9F\x98\x80 x"),
            "\xE2\x80\x9C" "<mark>Caf\xC3\xA9</mark>\xE2\x80\x9D <mark>data</mark> \xF0\x9F\x98\x80 x");
}

// ---- on the demo corpus, through the search service -------------------

class DemoSnippets : public clause::testing::DemoServiceTest {
 protected:

  static std::vector<std::string> snippets(const std::string& q) {
    auto result = service_->search(*server::parse_search({{"q", q}, {"limit", "20"}}));
    EXPECT_TRUE(result.ok());
    std::vector<std::string> out;
    if (result.ok()) {
      for (const auto& hit : result->hits) out.push_back(hit.snippet);
    }
    EXPECT_FALSE(out.empty()) << q;
    return out;
  }

  // The marked runs of a snippet, lower-cased.
  static std::vector<std::string> marks(const std::string& snippet) {
    static const std::regex mark("<mark>([^<]*)</mark>");
    std::vector<std::string> out;
    for (std::sregex_iterator it(snippet.begin(), snippet.end(), mark), end; it != end; ++it) {
      out.push_back(Xapian::Unicode::tolower((*it)[1].str()));
    }
    return out;
  }

};

TEST_F(DemoSnippets, APhraseIsMarkedAsOneRun) {
  for (const auto& s : snippets("\"at any time\"")) {
    EXPECT_EQ(marks(s), std::vector<std::string>{"at any time"}) << s;
  }
  for (const auto& s : snippets("\"as is\"")) {
    EXPECT_EQ(marks(s), std::vector<std::string>{"as is"}) << s;
  }
}

TEST_F(DemoSnippets, StopWordsAreNotMarkedBesideOtherWords) {
  for (const auto& s : snippets("delete your account")) {
    const auto m = marks(s);
    EXPECT_NE(std::find(m.begin(), m.end(), "delete"), m.end()) << s;
    EXPECT_EQ(std::find(m.begin(), m.end(), "your"), m.end()) << s;
  }
}

TEST_F(DemoSnippets, AStemmedMatchIsMarked) {
  std::set<std::string> marked;
  for (const auto& s : snippets("arbitrate")) {
    for (const auto& m : marks(s)) marked.insert(m);
  }
  EXPECT_TRUE(marked.count("arbitration")) << ::testing::PrintToString(marked);
  EXPECT_TRUE(marked.count("arbitrator")) << ::testing::PrintToString(marked);
}

TEST_F(DemoSnippets, AQueryOfStopWordsOnlyIsMarked) {
  for (const auto& s : snippets("your")) {
    EXPECT_FALSE(marks(s).empty()) << s;
    for (const auto& m : marks(s)) EXPECT_EQ(m, "your") << s;
  }
}

TEST_F(DemoSnippets, SnippetsHoldNoTagButMark) {
  static const std::regex other_tag("<(?!/?mark>)");
  for (const std::string q : {"\"at any time\"", "data", "arbitration OR cookies", "your"}) {
    for (const auto& s : snippets(q)) EXPECT_FALSE(std::regex_search(s, other_tag)) << s;
  }
}

}  // namespace
}  // namespace clause::search

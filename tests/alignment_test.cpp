// The word diff and the clause alignment of change records (issue 18).
#include <gtest/gtest.h>

#include "indexer/clause_alignment.h"
#include "schema/word_diff.h"

namespace clause {
namespace {

TEST(WordDiff, MarksAReplacedWordAsDeletedThenInserted) {
  EXPECT_EQ(word_diff_html("We may share your data", "We will share your data"),
            "We <del>may</del> <ins>will</ins> share your data");
}

TEST(WordDiff, GroupsRunsAndEscapesHtml) {
  EXPECT_EQ(word_diff_html("a b c", "a x y c <b>"), "a <del>b</del> <ins>x y</ins> c <ins>&lt;b&gt;</ins>");
  EXPECT_EQ(word_diff_html("", "new text"), "<ins>new text</ins>");
  EXPECT_EQ(word_diff_html("old text", ""), "<del>old text</del>");
  EXPECT_EQ(word_diff_html("same  words\nhere", "same words here"), "same words here");
}

TEST(WordingForm, IgnoresCaseMarkdownPunctuationAndEnumerators) {
  EXPECT_EQ(wording_form("3. **You** may, at any time; cancel."), "you may at any time cancel");
  EXPECT_EQ(wording_form("(b) You may at any time cancel"), "you may at any time cancel");
  EXPECT_EQ(wording_form("iv) You may"), "you may");
  EXPECT_NE(wording_form("You may not cancel"), wording_form("You may cancel"));
}

// Edits seen in archived terms that change no word: typographic quotes and
// apostrophes, dashes, bullets, a renumbered section, an emoji, zero-width
// watermark characters. Each must read as formatting, not as a change.
TEST(WordingForm, TypographyInvisibleCharactersAndRenumberingAreFormatting) {
  EXPECT_EQ(wording_form("\u201cUs\u201d means we\u2019re the \u201cCompany\u201d"),
            wording_form("\"Us\" means we're the \"Company\""));
  EXPECT_EQ(wording_form("Notices \u2013 Complaints \u2014 Fraud"), wording_form("Notices - Complaints - Fraud"));
  EXPECT_EQ(wording_form("\u25cf access the Services; \u25cf fix errors"), wording_form("\u2022 access the Services; \u2022 fix errors"));
  EXPECT_EQ(wording_form("5.4 Each Member agrees"), wording_form("5.5 Each Member agrees"));
  EXPECT_EQ(wording_form("17.15. Unjust enrichment"), wording_form("17.16 Unjust enrichment"));
  EXPECT_EQ(wording_form("industry standards; \u2139\ufe0f and"), wording_form("industry standards; and"));
  EXPECT_EQ(wording_form("DO NOT use our name.\u200c\ufeff\u200d \u200d"), wording_form("DO NOT use our name."));
  EXPECT_EQ(wording_form("na\u00adme"), "name");
  // Words beyond ASCII stay words, and a number inside a clause stays.
  EXPECT_EQ(wording_form("Conditions g\u00e9n\u00e9rales 5.4"), "conditions g\u00e9n\u00e9rales 5 4");
  EXPECT_NE(wording_form("within 30 days"), wording_form("within 60 days"));
}

const std::vector<std::string> kOld = {
    "We collect the information you give us when you create an account.",
    "You may cancel your subscription at any time from your settings page.",
    "Any dispute will be resolved by binding arbitration in Delaware.",
    "These terms are governed by the laws of the State of New York.",
};

TEST(Alignment, TellsUnchangedFormattingModifiedAddedAndRemoved) {
  const std::vector<std::string> next = {
      "We collect the information you give us when you create an account.",      // unchanged
      "1. You may **cancel** your subscription at any time from your settings page",  // formatting
      "Any dispute will be resolved by binding arbitration in California.",      // modified
      "We share your data with advertising partners to show relevant ads.",      // added
  };  // the governing-law clause is removed
  const Alignment a = align_clauses(kOld, next);
  ASSERT_EQ(a.clauses.size(), 4u);
  EXPECT_EQ(a.clauses[0].kind, AlignKind::unchanged);
  EXPECT_EQ(a.clauses[0].old_index, 0u);
  EXPECT_EQ(a.clauses[1].kind, AlignKind::formatting);
  EXPECT_EQ(a.clauses[1].old_index, 1u);
  EXPECT_EQ(a.clauses[2].kind, AlignKind::modified);
  EXPECT_EQ(a.clauses[2].old_index, 2u);
  EXPECT_GE(a.clauses[2].similarity, kModifiedThreshold);
  EXPECT_EQ(a.clauses[3].kind, AlignKind::added);
  EXPECT_FALSE(a.clauses[3].old_index.has_value());
  EXPECT_EQ(a.removed, std::vector<std::size_t>{3});
}

TEST(Alignment, FollowsAClauseThatMovedAndWasEdited) {
  const std::vector<std::string> next = {
      "Any dispute will be resolved by binding arbitration in Delaware, except small claims.",
      "We collect the information you give us when you create an account.",
  };
  const Alignment a = align_clauses(kOld, next);
  EXPECT_EQ(a.clauses[0].kind, AlignKind::modified);
  EXPECT_EQ(a.clauses[0].old_index, 2u);
  EXPECT_EQ(a.removed, (std::vector<std::size_t>{1, 3}));
}

TEST(Alignment, ARewrittenClauseIsRemovedAndAddedNotModified) {
  const std::vector<std::string> old = {"You may cancel your subscription at any time from your settings page."};
  const std::vector<std::string> next = {"Refunds are issued within thirty days of a written request to support."};
  const Alignment a = align_clauses(old, next);
  EXPECT_EQ(a.clauses[0].kind, AlignKind::added);
  EXPECT_EQ(a.removed, std::vector<std::size_t>{0});
}

TEST(Alignment, RepeatedTextsPairInOrder) {
  const std::vector<std::string> old = {"Yes.", "No.", "Yes."};
  const std::vector<std::string> next = {"Yes.", "Yes."};
  const Alignment a = align_clauses(old, next);
  EXPECT_EQ(a.clauses[0].old_index, 0u);
  EXPECT_EQ(a.clauses[1].old_index, 2u);
  EXPECT_EQ(a.removed, std::vector<std::size_t>{1});
}

}  // namespace
}  // namespace clause

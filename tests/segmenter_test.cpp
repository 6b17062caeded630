// The markdown segmenter: what becomes a clause, its title and text, what is
// dropped and why, and ids that survive edits elsewhere in the document.
#include <gtest/gtest.h>

#include <set>

#include "indexer/markdown_inline.h"
#include "indexer/markdown_segmenter.h"

namespace clause {
namespace {

Segmented seg(const std::string& md) { return segment_markdown(md, "Acme Inc", "Terms of Service"); }

std::vector<std::string> texts(const Segmented& s) {
  std::vector<std::string> out;
  for (const auto& c : s.clauses) out.push_back(c.text);
  return out;
}

TEST(Segmenter, HeadingsBecomeTitlesOfTheClausesUnderThem) {
  const auto s = seg(
      "Terms of Use\n============\n\nWelcome to the service offered by us here.\n\n"
      "## 2. Governing law\n\nThese terms are governed by the laws of France.\n\n"
      "Another paragraph under the same heading.\n\n"
      "Privacy\n-------\n\nWe collect the data you give us.\n");
  ASSERT_EQ(s.clauses.size(), 4u);
  EXPECT_EQ(s.clauses[0].title, "Terms of Use");
  EXPECT_EQ(s.clauses[1].title, "2. Governing law");
  EXPECT_EQ(s.clauses[2].title, "2. Governing law");
  EXPECT_EQ(s.clauses[3].title, "Privacy");
  EXPECT_EQ(s.clauses[1].platform, "Acme Inc");
  EXPECT_EQ(s.clauses[1].document, "Terms of Service");
}

TEST(Segmenter, ABoldOnlyParagraphIsAHeading) {
  const auto s = seg("**Payment terms:**\n\nYou pay the fees shown at checkout each month.\n");
  ASSERT_EQ(s.clauses.size(), 1u);
  EXPECT_EQ(s.clauses[0].title, "Payment terms");
}

TEST(Segmenter, ALongParagraphStaysOneClause) {
  const auto s = seg("We may suspend your account. We will tell you why.\nWe may also close it.\n");
  ASSERT_EQ(s.clauses.size(), 1u);
  EXPECT_EQ(s.clauses[0].text, "We may suspend your account. We will tell you why. We may also close it.");
}

TEST(Segmenter, ListItemsKeepTheirLeadIn) {
  const auto s = seg(
      "We share your data with:\n\n* advertising partners we work with\n* payment processors\n\n"
      "A paragraph that closes the list stands alone.\n");
  const auto t = texts(s);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], "We share your data with: advertising partners we work with");
  EXPECT_EQ(t[1], "We share your data with: payment processors");
  EXPECT_EQ(t[2], "A paragraph that closes the list stands alone.");
  EXPECT_EQ(s.lead_ins_merged, 1u);
}

TEST(Segmenter, NestedItemsTakeTheirParentItemAsLeadIn) {
  const auto s = seg(
      "1. You must not do the following:\n    * copy the software for resale\n"
      "    * reverse engineer the app\n2. You must keep your password secret at all times.\n");
  const auto t = texts(s);
  ASSERT_EQ(t.size(), 3u);
  EXPECT_EQ(t[0], "You must not do the following: copy the software for resale");
  EXPECT_EQ(t[1], "You must not do the following: reverse engineer the app");
  EXPECT_EQ(t[2], "You must keep your password secret at all times.");
}

TEST(Segmenter, LinksEmphasisHtmlAndEscapesAreReducedToText) {
  EXPECT_EQ(markdown::reduce_inline("See our [Privacy Policy](https://x.com/p \"t\") and **bold** "
                                    "_words_ 1\\. `code` <b>tag</b> &amp; ![logo](l.png)<https://a.b>"),
            "See our Privacy Policy and bold words 1. code tag & https://a.b");
  EXPECT_EQ(markdown::reduce_inline("cookie _ga and __utma stay"), "cookie _ga and __utma stay");
  EXPECT_EQ(markdown::reduce_inline("no\u00a0break\u2009thin"), "no break thin");
}

TEST(Segmenter, TableRowsBecomeClausesWithTheirHeaders) {
  const auto s = seg(
      "| Cookie | Purpose | Duration |\n| --- | --- | --- |\n"
      "| _ga | Measures visits to the site | 2 years |\n"
      "| sid | Keeps you signed in<br>* across pages | session |\n");
  const auto t = texts(s);
  ASSERT_EQ(t.size(), 2u);
  EXPECT_EQ(t[0], "Cookie: _ga — Purpose: Measures visits to the site — Duration: 2 years");
  EXPECT_EQ(t[1], "Cookie: sid — Purpose: Keeps you signed in; across pages — Duration: session");
}

TEST(Segmenter, EmptyTableHeaderTakesTheBoldFirstRow) {
  const auto s = seg(
      "|  |  |\n| --- | --- |\n| **Data** | **Retention** |\n| Location data we hold | Up to 3 years |\n");
  ASSERT_EQ(s.clauses.size(), 1u);
  EXPECT_EQ(s.clauses[0].text, "Data: Location data we hold — Retention: Up to 3 years");
}

TEST(Segmenter, TablesOfContentsNavigationAndDatesAreDroppedAndCounted) {
  const auto s = seg(
      "Last updated: March 3, 2024\n\n"
      "Home > Legal > Terms\n\n"
      "## Table of Contents\n\n* Introduction\n* Your data\n\n"
      "## Introduction\n\n"
      "* [What we collect](#collect)\n* [Sharing](#sharing)\n\n"
      "[Back to top](#top)\n\n"
      "[Cookie Policy](https://acme.com/cookies) | [Imprint](https://acme.com/imprint)\n\n"
      "```\ncode block\n```\n\n"
      "Ok.\n\n"
      "These terms apply to everyone who uses the service.\n");
  ASSERT_EQ(texts(s), std::vector<std::string>{"These terms apply to everyone who uses the service."});
  EXPECT_EQ(s.dropped.at("last_updated"), 1u);
  EXPECT_EQ(s.dropped.at("table_of_contents"), 4u);
  EXPECT_EQ(s.dropped.at("navigation"), 3u);  // crumbs, back to top, link bar
  EXPECT_EQ(s.dropped.at("code"), 1u);
  EXPECT_EQ(s.dropped.at("fragment"), 1u);
}

TEST(Segmenter, EffectiveLineBesideContentDropsOnlyTheStamp) {
  const auto s = seg("Effective as of June 10, 2026  \nThese terms explain how you may use our app.\n");
  ASSERT_EQ(texts(s), std::vector<std::string>{"These terms explain how you may use our app."});
  EXPECT_EQ(s.dropped.at("last_updated"), 1u);
}

TEST(Segmenter, IdsSurviveAnInsertionElsewhereAndRepeatsAreNumbered) {
  const std::string a = "First clause of these terms here.\n\nSecond clause of these terms here.\n";
  const std::string b =
      "A brand new clause inserted at the top.\n\n" + a + "\nSecond clause of these terms here.\n";
  const auto before = seg(a), after = seg(b);
  ASSERT_EQ(before.clauses.size(), 2u);
  ASSERT_EQ(after.clauses.size(), 4u);
  EXPECT_EQ(after.clauses[1].id, before.clauses[0].id);
  EXPECT_EQ(after.clauses[2].id, before.clauses[1].id);
  EXPECT_EQ(after.clauses[3].id, before.clauses[1].id + "-2");
  EXPECT_EQ(before.clauses[0].id.rfind("acme-inc--terms-of-service--", 0), 0u);
  // Re-wrapping or re-punctuating a clause keeps its id; other words do not.
  EXPECT_EQ(clause_id("Acme", "ToS", "We may  end it."), clause_id("Acme", "ToS", "we may end it"));
  EXPECT_NE(clause_id("Acme", "ToS", "We may end it."), clause_id("Acme", "ToS", "We may not end it."));
}

TEST(Segmenter, OversizedParagraphsAreCutAtSentenceEnds) {
  std::string para;
  while (para.size() < kMaxTextBytes + 1000) para += "This sentence is one of very many. ";
  const auto s = seg(para);
  ASSERT_EQ(s.clauses.size(), 2u);
  std::set<std::string> ids;
  for (const auto& c : s.clauses) {
    EXPECT_LE(c.text.size(), kMaxTextBytes);
    EXPECT_EQ(c.text.back(), '.');
    ids.insert(c.id);
  }
  EXPECT_EQ(ids.size(), 2u);
}

}  // namespace
}  // namespace clause

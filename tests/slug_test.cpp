#include <gtest/gtest.h>

#include "schema/slug.h"

namespace clause {
namespace {

TEST(Slug, LowerCasesAndJoinsWordsWithDashes) {
  EXPECT_EQ(slugify("Governing law & jurisdiction"), "governing-law-jurisdiction");
  EXPECT_EQ(slugify("Terms of Service"), "terms-of-service");
}

TEST(Slug, NamesDifferingOnlyInCaseOrPunctuationShareASlug) {
  EXPECT_EQ(slugify("Vinted"), slugify("vinted"));
  EXPECT_EQ(slugify("Tracking & cookies"), slugify("tracking / cookies"));
  EXPECT_EQ(slugify("  --AI & automated processing--  "), "ai-automated-processing");
}

TEST(Slug, FoldsLatinAccentsAndDropsApostrophes) {
  EXPECT_EQ(slugify("Café Réseau"), "cafe-reseau");
  EXPECT_EQ(slugify("Straße"), "strasse");
  EXPECT_EQ(slugify("Children's Privacy"), "childrens-privacy");
  EXPECT_EQ(slugify("Children\u2019s Privacy"), "childrens-privacy");
}

TEST(Slug, KeepsOtherScriptsLowerCased) {
  EXPECT_EQ(slugify("ВКонтакте"), "вконтакте");
  EXPECT_EQ(slugify("微博 服务"), "微博-服务");
}

TEST(Slug, KeepsDigitsAndIsStable) {
  EXPECT_EQ(slugify("10minutemail"), "10minutemail");
  EXPECT_EQ(slugify(slugify("Bits & Bobs")), slugify("Bits & Bobs"));
}

TEST(Slug, EmptyWhenNoLetterOrDigit) {
  EXPECT_EQ(slugify("&&& --- !!!"), "");
  EXPECT_EQ(slugify(""), "");
}

TEST(Slug, InvalidUtf8BecomesASeparatorNotACrash) {
  EXPECT_EQ(slugify(std::string("ab\xff" "cd")), "ab-cd");
}

}  // namespace
}  // namespace clause

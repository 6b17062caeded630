// The query rewrite behind wildcards over a stems-only index
// (search/wildcards.h): which stars become wildcard fields, and back.
#include <gtest/gtest.h>

#include "search/wildcards.h"

namespace clause::search {
namespace {

TEST(Wildcards, WordStarsOutsideQuotesBecomeWildcardFields) {
  EXPECT_EQ(rewrite_wildcards("arbitr*"), "zzwildcard:arbitr");
  EXPECT_EQ(rewrite_wildcards("-priv* AND (sell* OR data)"),
            "-zzwildcard:priv AND (zzwildcard:sell OR data)");
  EXPECT_EQ(rewrite_wildcards("title:warrant* cookies"), "zzwildcardtitle:warrant cookies");
}

TEST(Wildcards, QuotesOtherFieldsAndInnerStarsAreLeftAlone) {
  EXPECT_EQ(rewrite_wildcards("\"sell* data\" x"), "\"sell* data\" x");
  EXPECT_EQ(rewrite_wildcards("platform:goo* a*b"), "platform:goo* a*b");
  EXPECT_EQ(rewrite_wildcards("* **"), "* **");
  EXPECT_EQ(rewrite_wildcards(""), "");
}

TEST(Wildcards, RestoreUndoesRewrite) {
  for (const std::string q : {"arbitr*", "-priv* AND (sell* OR data)", "title:warrant* cookies",
                              "\"sell* data\" x", "données*"}) {
    EXPECT_EQ(restore_wildcards(rewrite_wildcards(q)), q);
  }
}

}  // namespace
}  // namespace clause::search

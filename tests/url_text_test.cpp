// Percent-encoding of ids and decoding of query strings (server/url_text.h).
#include "server/url_text.h"

#include <gtest/gtest.h>

namespace clause::server {
namespace {

TEST(UrlText, EncodesAllButTheUnreservedCharacters) {
  EXPECT_EQ(percent_encoded("acme/tos 7?v=2&x=100%"), "acme%2Ftos%207%3Fv%3D2%26x%3D100%25");
  EXPECT_EQ(percent_encoded("a-b_c.d~e"), "a-b_c.d~e");
  EXPECT_EQ(percent_encoded("\xc3\xa9"), "%C3%A9");  // UTF-8 bytes, each encoded
}

TEST(UrlText, DecodingUndoesEncoding) {
  for (const std::string s : {"acme/tos 7?v=2&x=100%", "\xc3\xa9t\xc3\xa9", "+plus+", ""}) {
    EXPECT_EQ(percent_decoded(percent_encoded(s)), s);
    EXPECT_EQ(form_decoded(percent_encoded(s)), s);
  }
}

TEST(UrlText, APlusIsASpaceInAFormOnly) {
  EXPECT_EQ(form_decoded("binding+arbitration%2B"), "binding arbitration+");
  EXPECT_EQ(percent_decoded("binding+arbitration"), "binding+arbitration");
}

// As browsers' URLSearchParams: a '%' without two hex digits after it is
// itself (docs/API.md "Conventions"), at the end of the text too.
TEST(UrlText, AnIncompleteEscapeIsTakenLiterally) {
  EXPECT_EQ(form_decoded("100%"), "100%");
  EXPECT_EQ(form_decoded("%ZZ"), "%ZZ");
  EXPECT_EQ(form_decoded("%4"), "%4");
  EXPECT_EQ(form_decoded("%4g%41"), "%4gA");
  EXPECT_EQ(form_decoded("%%41"), "%A");
}

}  // namespace
}  // namespace clause::server

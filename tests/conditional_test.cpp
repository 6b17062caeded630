// Conditional GET (server/conditional.h): which If-None-Match values name an
// answer's tag, and what a 304 keeps.
#include "server/conditional.h"

#include <gtest/gtest.h>

#include <string>

#include "server/compression.h"

namespace clause::server {
namespace {

ApiResponse tagged(const std::string& body) {
  ApiResponse r;
  r.content_type = "text/javascript; charset=utf-8";
  r.body = body;
  r.headers = {{"Cache-Control", "no-cache"}, {"ETag", entity_tag(body)}, {"X-Request-Id", "r-1"}};
  return r;
}

std::string header(const ApiResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

TEST(Conditional, ATagIsAQuotedHashOfTheBytes) {
  const std::string tag = entity_tag("console.log(1);");
  EXPECT_EQ(tag, entity_tag("console.log(1);"));
  EXPECT_NE(tag, entity_tag("console.log(2);"));
  ASSERT_EQ(tag.size(), 18u);
  EXPECT_EQ(tag.front(), '"');
  EXPECT_EQ(tag.back(), '"');
  EXPECT_EQ(gzipped_tag("\"ab\""), "\"ab-gzip\"");
  EXPECT_EQ(gzipped_tag("W/\"ab\""), "W/\"ab-gzip\"");
}

TEST(Conditional, IfNoneMatchNamesATagByWeakComparison) {
  const std::string tag = "\"0123\"";
  for (const char* yes : {"\"0123\"", "W/\"0123\"", "\"x\", \"0123\"", " \"0123\" ", "*", "\"0123-gzip\"",
                          "\"other\",W/\"0123-gzip\""}) {
    EXPECT_TRUE(none_match_names(yes, tag)) << yes;
  }
  for (const char* no : {"", "\"012\"", "0123", "\"0123", "\"01234\"", "\"x\", \"y\"", "\"-gzip\""}) {
    EXPECT_FALSE(none_match_names(no, tag)) << no;
  }
  EXPECT_FALSE(none_match_names("\"0123\"", "not quoted"));
}

TEST(Conditional, AMatchingGetOrHeadOf200Is304WithoutItsBody) {
  ApiResponse r = tagged("console.log(1);");
  const std::string tag = header(r, "ETag");
  EXPECT_TRUE(answer_not_modified(r, "GET", tag));
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(header(r, "ETag"), tag);
  EXPECT_EQ(header(r, "Cache-Control"), "no-cache");
  EXPECT_EQ(header(r, "X-Request-Id"), "r-1");
  ApiResponse head = tagged("x");
  EXPECT_TRUE(answer_not_modified(head, "HEAD", "*"));
}

TEST(Conditional, OtherMethodsStatusesTagsAndUntaggedAnswersAreLeftAlone) {
  const auto untouched = [](ApiResponse r, const std::string& method, const std::string& none_match) {
    const ApiResponse before = r;
    return !answer_not_modified(r, method, none_match) && r.status == before.status && r.body == before.body;
  };
  const ApiResponse r = tagged("console.log(1);");
  const std::string tag = header(r, "ETag");
  EXPECT_TRUE(untouched(r, "POST", tag));
  EXPECT_TRUE(untouched(r, "GET", ""));
  EXPECT_TRUE(untouched(r, "GET", "\"another\""));
  ApiResponse missing = r;
  missing.status = 404;
  EXPECT_TRUE(untouched(missing, "GET", tag));
  ApiResponse untagged = r;
  untagged.headers.clear();
  EXPECT_TRUE(untouched(untagged, "GET", "*"));
}

// With gzip: the tag names the form the client gets, in the 200 and the 304.
TEST(Conditional, TheGzipFormHasItsOwnTagAndIsRevalidatedByIt) {
  const std::string body(4000, 'a');
  ApiResponse packed = tagged(body);
  const std::string plain_tag = header(packed, "ETag");
  answer_for_client(packed, "GET", "", true, 1024);
  EXPECT_EQ(header(packed, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(packed, "ETag"), gzipped_tag(plain_tag));
  ApiResponse again = tagged(body);
  answer_for_client(again, "GET", header(packed, "ETag"), true, 1024);
  EXPECT_EQ(again.status, 304);
  EXPECT_EQ(header(again, "ETag"), gzipped_tag(plain_tag));
  EXPECT_EQ(header(again, "Vary"), "Accept-Encoding");
  ApiResponse plain = tagged(body);
  answer_for_client(plain, "GET", header(packed, "ETag"), false, 1024);
  EXPECT_EQ(plain.status, 304);  // the same file: the client's copy is good
  EXPECT_EQ(header(plain, "ETag"), plain_tag);
}

}  // namespace
}  // namespace clause::server

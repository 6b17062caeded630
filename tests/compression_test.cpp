// gzip for clients that accept it (server/compression.h): which
// Accept-Encoding values allow it, which answers get it, and that what is
// sent inflates to the answer itself.
#include "server/compression.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/gunzip.h"

namespace clause::server {
namespace {

using testing::gunzip;

std::string header(const ApiResponse& r, const std::string& name) {
  for (const auto& [n, v] : r.headers) {
    if (n == name) return v;
  }
  return {};
}

ApiResponse json_answer(std::size_t bytes) {
  ApiResponse r;
  r.body = "{\"text\":\"";
  while (r.body.size() + 2 < bytes) r.body += "arbitration clause ";
  r.body.resize(bytes - 2);
  r.body += "\"}";
  return r;
}

TEST(Gzip, AcceptEncodingAllowsGzipByNameOrStarWithAWeightAboveZero) {
  for (const char* yes : {"gzip", "GZIP", "x-gzip", "gzip, deflate, br", "br;q=1.0, gzip;q=0.8",
                          " deflate , gzip ; q=0.5 ", "*", "*;q=0.1", "gzip;q=1", "identity, *;q=0.5"}) {
    EXPECT_TRUE(accepts_gzip(yes)) << yes;
  }
  for (const char* no : {"", "identity", "br, deflate", "gzip;q=0", "gzip;q=0.000", "*;q=0",
                         "gzip;q=0, *", "*, gzip;q=0", "gzip;q=abc", "gzip;q=2", "gzipped", "gzip-x"}) {
    EXPECT_FALSE(accepts_gzip(no)) << no;
  }
}

TEST(Gzip, ALargeTextAnswerIsSentCompressedAndInflatesToItself) {
  ApiResponse r = json_answer(20000);
  const std::string plain = r.body;
  encode_for_client(r, true, 1024);
  EXPECT_EQ(header(r, "Content-Encoding"), "gzip");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");
  EXPECT_LT(r.body.size(), plain.size() / 5);
  EXPECT_EQ(r.body.substr(0, 2), "\x1f\x8b");  // gzip's magic bytes, not zlib's
  EXPECT_EQ(gunzip(r.body), plain);
}

TEST(Gzip, AClientThatDoesNotAcceptItGetsThePlainAnswerThatVaries) {
  ApiResponse r = json_answer(20000);
  const std::string plain = r.body;
  encode_for_client(r, false, 1024);
  EXPECT_EQ(r.body, plain);
  EXPECT_EQ(header(r, "Content-Encoding"), "");
  EXPECT_EQ(header(r, "Vary"), "Accept-Encoding");  // a cache must not give it the gzip form
}

TEST(Gzip, SmallBinaryEncodedBodilessOrTurnedOffAnswersAreLeftAlone) {
  const auto untouched = [](ApiResponse r, std::size_t min_bytes) {
    const ApiResponse before = r;
    encode_for_client(r, true, min_bytes);
    return r.body == before.body && r.headers == before.headers;
  };
  EXPECT_TRUE(untouched(json_answer(1023), 1024));
  EXPECT_FALSE(untouched(json_answer(1024), 1024));
  EXPECT_TRUE(untouched(json_answer(20000), 0));  // --gzip-min-bytes 0: never
  ApiResponse image = json_answer(20000);
  image.content_type = "image/png";
  EXPECT_TRUE(untouched(image, 1024));
  ApiResponse coded = json_answer(20000);
  coded.headers.emplace_back("Content-Encoding", "br");
  EXPECT_TRUE(untouched(coded, 1024));
  ApiResponse none = json_answer(20000);
  none.status = 304;
  EXPECT_TRUE(untouched(none, 1024));
  for (const char* type : {"text/html; charset=utf-8", "application/atom+xml", "text/javascript",
                           "application/opensearchdescription+xml", "text/plain; version=0.0.4"}) {
    ApiResponse text = json_answer(20000);
    text.content_type = type;
    EXPECT_FALSE(untouched(text, 1024)) << type;
  }
}

TEST(Gzip, VaryKeepsWhatTheAnswerAlreadyVariesBy) {
  ApiResponse r = json_answer(20000);
  r.headers.emplace_back("Vary", "Origin");
  encode_for_client(r, true, 1024);
  EXPECT_EQ(header(r, "Vary"), "Origin, Accept-Encoding");
}

}  // namespace
}  // namespace clause::server

// Deep links (issue 19, item 8): --public-url and the OpenSearch description
// at /opensearch.xml, read back with a real XML parser (expat, namespaces
// on) as a browser would.
#include "server/opensearch.h"

#include <expat.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "server/config.h"
#include "tests/api_harness.h"

namespace clause::server {
namespace {

// The elements of an XML document: "namespace name" -> attributes and text
// of each occurrence, in order. Parsing fails the test on malformed XML.
struct Element {
  std::map<std::string, std::string> attributes;
  std::string text;
};
using Elements = std::multimap<std::string, Element>;

struct ParseState {
  Elements elements;
  std::vector<Elements::iterator> open;
};

Elements parse_xml(const std::string& xml) {
  ParseState state;
  XML_Parser parser = XML_ParserCreateNS("UTF-8", ' ');
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char** attrs) {
        auto& s = *static_cast<ParseState*>(data);
        Element e;
        for (int i = 0; attrs[i] != nullptr; i += 2) e.attributes[attrs[i]] = attrs[i + 1];
        s.open.push_back(s.elements.emplace(name, std::move(e)));
      },
      [](void* data, const XML_Char*) { static_cast<ParseState*>(data)->open.pop_back(); });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int len) {
    auto& s = *static_cast<ParseState*>(data);
    if (!s.open.empty()) s.open.back()->second.text.append(text, static_cast<std::size_t>(len));
  });
  const bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  EXPECT_TRUE(ok) << XML_ErrorString(XML_GetErrorCode(parser)) << " at line "
                  << XML_GetCurrentLineNumber(parser) << "\n" << xml;
  XML_ParserFree(parser);
  return state.elements;
}

const std::string kNs = "http://a9.com/-/spec/opensearch/1.1/ ";

// The template of the <Url> of a type.
std::string url_template(const Elements& doc, const std::string& type) {
  const auto [from, to] = doc.equal_range(kNs + "Url");
  for (auto it = from; it != to; ++it) {
    if (it->second.attributes.count("type") && it->second.attributes.at("type") == type) {
      return it->second.attributes.at("template");
    }
  }
  return {};
}

TEST(OpenSearch, TheDescriptionIsValidXmlWithTheSearchTemplates) {
  const Elements doc = parse_xml(opensearch_xml("https://clauses.example.org:8443"));
  ASSERT_EQ(doc.count(kNs + "OpenSearchDescription"), 1u);
  ASSERT_EQ(doc.count(kNs + "ShortName"), 1u);
  // A ShortName of at most 16 characters, as the specification asks.
  EXPECT_LE(doc.find(kNs + "ShortName")->second.text.size(), 16u);
  EXPECT_EQ(doc.find(kNs + "InputEncoding")->second.text, "UTF-8");
  EXPECT_EQ(url_template(doc, "text/html"), "https://clauses.example.org:8443/?q={searchTerms}");
  EXPECT_EQ(url_template(doc, "application/json"), "https://clauses.example.org:8443/v1/search?q={searchTerms}");
  EXPECT_EQ(url_template(doc, kOpenSearchContentType), "https://clauses.example.org:8443/opensearch.xml");
}

TEST(OpenSearch, PublicUrlIsAnOriginAndErrorsNameTheSetting) {
  EXPECT_EQ(*parse_public_url("--public-url", "https://clauses.example.org/"), "https://clauses.example.org");
  EXPECT_EQ(*parse_public_url("--public-url", "http://[::1]:8080"), "http://[::1]:8080");
  for (const char* bad : {"", "clauses.example.org", "ftp://a.example", "https://a.example/search",
                          "https://a.example?q=1", "https://a.example#x", "https://a\"b.example",
                          "http://[::1\"]:80", "https://a.example//"}) {
    const auto r = parse_public_url("CLAUSE_PUBLIC_URL", bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "CLAUSE_PUBLIC_URL");
    EXPECT_NE(r.error().message.find("public base URL"), std::string::npos) << r.error().message;
  }
  EXPECT_EQ(listen_url(false, "127.0.0.1", 8080), "http://127.0.0.1:8080");
  EXPECT_EQ(listen_url(true, "::", 443), "https://[::]:443");
}

TEST(OpenSearch, ConfigTakesTheFlagOrTheVariable) {
  const auto env = [](const std::string& name) -> std::optional<std::string> {
    if (name == "CLAUSE_PUBLIC_URL") return "https://env.example";
    return std::nullopt;
  };
  const auto none = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  EXPECT_FALSE(load_config({"--db", "x"}, none)->public_url.has_value());
  EXPECT_EQ(load_config({"--db", "x"}, env)->public_url, "https://env.example");
  EXPECT_EQ(load_config({"--db", "x", "--public-url=https://flag.example/"}, env)->public_url,
            "https://flag.example");
  EXPECT_EQ(load_config({"--db", "x", "--public-url", "flag.example"}, none).error().field, "--public-url");
  EXPECT_NE(usage().find("--public-url (CLAUSE_PUBLIC_URL)"), std::string::npos);
}

class OpenSearchApiTest : public clause::testing::ApiHarness {};

TEST_F(OpenSearchApiTest, ServedWithItsContentTypeAndThePublicUrl) {
  open_api();
  api_->set_public_url("https://clauses.example.org");
  const auto r = request("GET", "/opensearch.xml", {}, {});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/opensearchdescription+xml");
  EXPECT_EQ(url_template(parse_xml(r.body), "text/html"), "https://clauses.example.org/?q={searchTerms}");
  // The page links it, and its search form works without the script: a GET
  // of / with q, which the page reads (tests/browser/deep_links.mjs).
  const auto page = request("GET", "/", {}, {{"q", "arbitration"}});
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(R"(<link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml")"),
            std::string::npos);
  EXPECT_NE(page.body.find(R"(action="/" method="get")"), std::string::npos);
  EXPECT_NE(page.body.find(R"(name="q")"), std::string::npos);
}

}  // namespace
}  // namespace clause::server

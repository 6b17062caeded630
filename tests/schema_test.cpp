#include <gtest/gtest.h>

#include "schema/clause_record.h"
#include "schema/iso_date.h"
#include "schema/plain_text.h"
#include "schema/severity.h"

namespace clause {
namespace {

using nlohmann::json;

json valid() {
  return {{"id", "c1"}, {"platform", "Airbnb"}, {"document", "Terms of Service"},
          {"text", "Disputes go to arbitration."}};
}

Error error_of(const json& record) {
  auto r = clause_from_json(record);
  EXPECT_FALSE(r.ok()) << record.dump();
  return r.ok() ? Error{} : r.error();
}

TEST(ClauseRecord, AcceptsAMinimalRecord) {
  auto r = clause_from_json(valid());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->platform, "Airbnb");
  EXPECT_FALSE(r->severity.has_value());
}

TEST(ClauseRecord, ReadsEveryOptionalField) {
  json j = valid();
  j["title"] = "Arbitration";
  j["clause_type"] = "Mandatory arbitration";
  j["clause_types"] = {"Mandatory arbitration", "Class action waiver"};
  j["categories"] = {"Dispute resolution"};
  j["severity"] = "High";
  j["source_url"] = "https://example.org/tos";
  j["document_id"] = "doc-1";
  j["updated"] = "2025-03-01";
  auto r = clause_from_json(j);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->severity, Severity::high);
  EXPECT_EQ(r->all_clause_types(),
            (std::vector<std::string>{"Mandatory arbitration", "Class action waiver"}));
  EXPECT_EQ(r->categories, std::vector<std::string>{"Dispute resolution"});
}

// nlohmann/json copies and writes values recursively: an unknown field
// nested 100,000 deep overflowed the stack. It is refused, naming the field;
// kMaxValueDepth levels are kept as given.
TEST(ClauseRecord, AnUnknownFieldNestedTooDeepIsRefusedNamingIt) {
  const auto lists = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  const std::string head = R"({"id":"deep","platform":"P","document":"D","text":"x y","x":)";
  for (const std::string& value : {lists(100000), lists(kMaxValueDepth + 1),
                                   "[1,{\"a\":" + lists(kMaxValueDepth - 1) + "}]"}) {
    const auto deep = clause_from_json_text(head + value + "}");
    ASSERT_FALSE(deep.ok()) << value.size();
    EXPECT_EQ(deep.error().field, "x");
    EXPECT_EQ(deep.error().message, "field 'x': nested deeper than 64 levels");
  }
  const auto at_limit = clause_from_json_text(head + lists(kMaxValueDepth) + "}");
  ASSERT_TRUE(at_limit.ok()) << at_limit.error().message;
  EXPECT_EQ(clause_to_json(*at_limit)["x"].dump(), lists(kMaxValueDepth));
}

TEST(ClauseRecord, MissingRequiredFieldIsNamed) {
  for (const char* field : {"id", "platform", "document", "text"}) {
    json j = valid();
    j.erase(field);
    const Error e = error_of(j);
    EXPECT_EQ(e.field, field);
    EXPECT_NE(e.message.find("required"), std::string::npos) << e.message;
  }
}

TEST(ClauseRecord, EmptyRequiredFieldIsRejected) {
  json j = valid();
  j["text"] = "   ";
  EXPECT_EQ(error_of(j).field, "text");
}

// Markup, entities or Unicode spaces alone leave nothing to index: such a
// record could never be found, so it is refused like an empty one.
TEST(ClauseRecord, MarkupOnlyTextIsRejected) {
  for (const char* text : {"<p></p>", "<p>&nbsp;</p>", "&#160; <br/>", "\u00a0\u3000", "<div>\n</div>"}) {
    json j = valid();
    j["text"] = text;
    const Error e = error_of(j);
    EXPECT_EQ(e.field, "text") << text;
    EXPECT_NE(e.message.find("field 'text'"), std::string::npos) << e.message;
  }
  // A word inside markup, or punctuation alone, is content.
  for (const char* text : {"<p>Fees</p>", "&lt;none&gt;", "****"}) {
    json j = valid();
    j["text"] = text;
    EXPECT_TRUE(clause_from_json(j).ok()) << text;
  }
}

TEST(ClauseRecord, MistypedFieldSaysWhatWasExpected) {
  json j = valid();
  j["platform"] = 42;
  const Error e = error_of(j);
  EXPECT_EQ(e.field, "platform");
  EXPECT_NE(e.message.find("expected a string, got a number"), std::string::npos) << e.message;

  j = valid();
  j["categories"] = {"ok", 3};
  EXPECT_NE(error_of(j).message.find("categories[1]"), std::string::npos);
}

TEST(ClauseRecord, UnknownSeverityListsTheAllowedValues) {
  json j = valid();
  j["severity"] = "severe";
  const Error e = error_of(j);
  EXPECT_EQ(e.field, "severity");
  EXPECT_NE(e.message.find("low, medium, high, critical"), std::string::npos);
  EXPECT_NE(e.message.find("severe"), std::string::npos);
}

TEST(ClauseRecord, BadDateIsRejected) {
  json j = valid();
  j["updated"] = "March 2025";
  EXPECT_EQ(error_of(j).field, "updated");
  j["updated"] = "2025-13-01";
  EXPECT_EQ(error_of(j).field, "updated");
  j["updated"] = "2025-12-01T10:00:00Z";
  EXPECT_TRUE(clause_from_json(j).ok());
  // Days past the month's end and a time that is none were stored as given.
  for (const char* bad : {"2025-02-31", "2025-01-01Tgarbage", "2025-02-29"}) {
    j["updated"] = bad;
    const Error e = error_of(j);
    EXPECT_EQ(e.field, "updated");
    EXPECT_NE(e.message.find(std::string("got '") + bad + "'"), std::string::npos) << e.message;
  }
}

// schema/iso_date.h: what exactly is a date, for records, options and
// query parameters alike.
TEST(IsoDate, CalendarDatesHaveTheirMonthsLengthsAndLeapYears) {
  for (const char* good : {"2025-01-31", "2024-02-29", "2000-02-29", "2025-04-30", "2025-12-31", "0001-01-01"}) {
    EXPECT_TRUE(is_calendar_date(good)) << good;
    EXPECT_TRUE(is_iso_date(good)) << good;
  }
  for (const char* bad : {"2025-02-29", "1900-02-29", "2025-02-30", "2025-04-31", "2025-00-10", "2025-13-01",
                          "2025-01-00", "2025-1-01", "25-01-01", "2025/01/01", "2025-01-01 ", "+025-01-01"}) {
    EXPECT_FALSE(is_calendar_date(bad)) << bad;
  }
}

TEST(IsoDate, ATimeIsHoursAndMinutesWithOptionalSecondsFractionAndOffset) {
  for (const char* good : {"2025-01-10T12:00:00Z", "2025-01-10T12:00", "2025-01-10 08:00", "2025-01-10T23:59:60Z",
                           "2025-01-10T12:00:00.123456789+02:00", "2025-01-10T12:00-05:30", "2025-01-10T00:00:00"}) {
    EXPECT_TRUE(is_iso_date(good)) << good;
    EXPECT_FALSE(is_calendar_date(good)) << good;
  }
  for (const char* bad : {"2025-01-01Tgarbage", "2025-01-01T", "2025-01-01T24:00", "2025-01-01T12:60",
                          "2025-01-01T12:00:61", "2025-01-01T12:00:00.", "2025-01-01T12:00:00.1234567890",
                          "2025-01-01T12:00:00+2:00", "2025-01-01T12:00:00+24:00", "2025-01-01T12:00:00ZZ",
                          "2025-01-01T12", "2025-01-01X12:00", "2025-02-30T12:00:00Z", "2025-01-01  12:00"}) {
    EXPECT_FALSE(is_iso_date(bad)) << bad;
  }
}

TEST(ClauseRecord, OversizedTextIsTooLarge) {
  json j = valid();
  j["text"] = std::string(kMaxTextBytes + 1, 'a');
  const Error e = error_of(j);
  EXPECT_EQ(e.kind, ErrorKind::too_large);
  EXPECT_EQ(e.field, "text");
}

TEST(ClauseRecord, PlatformWithoutLettersIsRejected) {
  json j = valid();
  j["platform"] = "!!!";
  EXPECT_EQ(error_of(j).field, "platform");
}

TEST(ClauseRecord, UnknownFieldsRoundTripUntouched) {
  json j = valid();
  j["language"] = "en";
  j["nested"] = {{"a", 1}};
  auto r = clause_from_json(j);
  ASSERT_TRUE(r.ok());
  const json out = clause_to_json(*r);
  EXPECT_EQ(out["language"], "en");
  EXPECT_EQ(out["nested"]["a"], 1);
  EXPECT_EQ(out["id"], "c1");
}

TEST(ClauseRecord, JsonTextErrors) {
  // A field given twice is refused by name (nlohmann would keep the last).
  const auto twice = clause_from_json_text(R"({"id": "a", "platform": "P", "document": "D", "text": "x", "text": "y"})");
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().field, "text");
  EXPECT_NE(twice.error().message.find("given twice"), std::string::npos) << twice.error().message;
  EXPECT_TRUE(clause_from_json_text(R"({"id": "a", "platform": "P", "document": "D", "text": "x",
                                        "extra": {"text": 1}})").ok());  // a nested object's keys are its own
  EXPECT_NE(clause_from_json_text("{\"id\": ").error().message.find("malformed JSON"),
            std::string::npos);
  EXPECT_NE(clause_from_json_text("[1,2]").error().message.find("expected a JSON object"),
            std::string::npos);
  const auto bad = clause_from_json_text(std::string("{\"id\": \"a\xc3\x28\"}"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("invalid UTF-8 at byte 10"), std::string::npos)
      << bad.error().message;
}

TEST(Severity, ParsesCaseInsensitively) {
  EXPECT_EQ(parse_severity("CRITICAL"), Severity::critical);
  EXPECT_FALSE(parse_severity("none").has_value());
  EXPECT_EQ(severity_name(Severity::medium), "medium");
}

TEST(PlainText, StripsTagsAndDecodesEntities) {
  EXPECT_EQ(plain_text("We do <strong>NOT</strong> sell &amp; share"), "We do NOT sell & share");
  EXPECT_EQ(plain_text("a</p>\n<p>b"), "a\nb");
  EXPECT_EQ(plain_text("x &#39;y&#x27; 3 < 4"), "x 'y' 3 < 4");
  EXPECT_EQ(plain_text("plain text stays"), "plain text stays");
  // Typographic entities are their characters, as a browser shows them.
  EXPECT_EQ(plain_text("at any time &mdash; no refund &ndash; ever"), "at any time \u2014 no refund \u2013 ever");
  EXPECT_EQ(plain_text("we&rsquo;re &ldquo;sorry&rdquo; &lsquo;x&rsquo;"),
            "we\u2019re \u201Csorry\u201D \u2018x\u2019");
}

// A script's or style sheet's content is code, not words a reader should see.
TEST(PlainText, LeavesOutScriptAndStyleContent) {
  EXPECT_EQ(plain_text("no refund.<script>window.__pwn=1</script> Really."), "no refund. Really.");
  EXPECT_EQ(plain_text("a<STYLE type=\"text/css\">p { color: red }</Style>b"), "a b");
  EXPECT_EQ(plain_text("a<script>if (x < 1) y();</script>b"), "a b");  // a '<' inside the code
  EXPECT_EQ(plain_text("cut <script>var x = 1;"), "cut");              // never closed: to the end
  EXPECT_EQ(plain_text("a <scripted>b</scripted> c"), "a b c");        // another element: its text stays
  EXPECT_EQ(plain_text("the </script> tag"), "the tag");               // a closing tag alone
}

// What real exports hold besides whole tags: tags cut short at the end of a
// clipped text or before the next tag, and entities that lost their ';'.
TEST(PlainText, DropsTagsCutShortAndReadsEntitiesWithoutSemicolon) {
  EXPECT_EQ(plain_text("the assets.</p"), "the assets.");
  EXPECT_EQ(plain_text("aware.</p>\n<p>\n<strong"), "aware.");
  EXPECT_EQ(plain_text("reorganization.</"), "reorganization.");
  EXPECT_EQ(plain_text("one</li\n<li>two"), "one\ntwo");
  EXPECT_EQ(plain_text("p>\n<p>For more"), "For more");
  EXPECT_EQ(plain_text("strong>&nbsp;<u>Age</u>"), "Age");
  EXPECT_EQ(plain_text(">When you"), "When you");
  EXPECT_EQ(plain_text("3>2 and a>b"), "3>2 and a>b");
  EXPECT_EQ(plain_text("Terms &amp.\nConditions and&nbsp.ads"), "Terms &.\nConditions and .ads");
  EXPECT_EQ(plain_text("<li>Chrome history</li><blockquote>q</blockquote>"), "Chrome history\nq");
  // Not markup: kept as written.
  EXPECT_EQ(plain_text("if a <b then c"), "if a <b then c");
  EXPECT_EQ(plain_text("AT&T and &ampersand; x < y"), "AT&T and &ampersand; x < y");
}

}  // namespace
}  // namespace clause

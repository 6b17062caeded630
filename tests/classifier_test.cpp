// The taxonomy file (validation, errors naming the field) and the classifier
// (rules, thresholds, severity hints, records' own categories kept).
#include <gtest/gtest.h>

#include "schema/classifier.h"
#include "schema/taxonomy.h"
#include "test_support.h"

namespace clause {
namespace {

const char* kSmall = R"({
  "threshold": 2,
  "severity_hints": {"raise": ["without notice"], "lower": ["we will notify you"]},
  "categories": [
    {"name": "Dispute resolution", "description": "d", "severity": "medium",
     "rules": [{"any": ["arbitrat*", "class action*"], "weight": 2},
               {"any": ["dispute*"], "weight": 1}],
     "severity_hints": {"raise": ["binding arbitration"], "lower": ["small claims"]}},
    {"name": "Account suspension & termination", "severity": "low",
     "rules": [{"any": ["terminat*|suspend*"], "all": [["your account", "your access"]], "weight": 2},
               {"any": ["we do not terminate"], "weight": -5}]}
  ]
})";

Classifier small() {
  auto t = parse_taxonomy(kSmall, "small.json");
  EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
  return Classifier(*t);
}

TEST(Taxonomy, DefaultTaxonomyParsesAndHasTheCorpusCategories) {
  auto t = parse_taxonomy(default_taxonomy_json(), "schema/taxonomy.json");
  ASSERT_TRUE(t.ok()) << t.error().message;
  for (const char* name :
       {"Dispute resolution", "Governing law & jurisdiction", "Liability & warranties",
        "Indemnification", "Changes to terms", "Account suspension & termination",
        "Content & licensing", "Data sale & sharing", "Data retention & deletion",
        "Tracking & cookies", "AI & automated processing", "Age & eligibility",
        "Payments & refunds", "Data collection & use", "Acceptable use", "Contract formation"}) {
    const auto* c = t->find(name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_EQ(c->name, name);
    EXPECT_FALSE(c->description.empty()) << name;
  }
  EXPECT_EQ(default_taxonomy().categories.size(), t->categories.size());
}

TEST(Taxonomy, TheSourceFileMatchesTheCompiledInCopy) {
  std::ifstream in(testing::source_dir() / "schema" / "taxonomy.json");
  const std::string file((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(file, default_taxonomy_json());
}

TEST(Taxonomy, ErrorsNameTheFileAndTheField) {
  struct Case {
    std::string json, field;
  };
  const Case cases[] = {
      {R"({"categories": [{"name": "A", "rules": [{"any": ["x"], "weight": "2"}]}]})",
       "categories[0].rules[0].weight"},
      {R"({"categories": [{"name": "A", "rules": [{"any": ["ab*"]}]}]})",
       "categories[0].rules[0].any[0]"},
      {R"({"categories": [{"name": "A", "rules": [{"any": ["third-party"]}]}]})",
       "categories[0].rules[0].any[0]"},
      {R"({"categories": [{"name": "A", "rules": [{"all": [["ok", 3]]}]}]})",
       "categories[0].rules[0].all[0][1]"},
      {R"({"categories": [{"name": "A", "severity": "huge", "rules": [{"any": ["x"]}]}]})",
       "categories[0].severity"},
      {R"({"categories": [{"name": "A", "rules": []}]})", "categories[0].rules"},
      {R"({"categories": [{"name": "A", "rules": [{"any": ["x"]}]},
                          {"name": "a", "rules": [{"any": ["y"]}]}]})", "categories[1].name"},
      {R"({"categories": [{"name": "A", "rules": [{"any": ["x"]}], "colour": 1}]})",
       "categories[0].colour"},
      {R"({"severity_hints": {"raise": "x"}, "categories": [{"name": "A", "rules": [{"any": ["x"]}]}]})",
       "severity_hints.raise"},
      {R"({"threshold": 2})", "categories"},
      // A file of another format (or a typo in it) must not be read as this one.
      {R"({"format": "clause-taxonomy/2", "categories": [{"name": "A", "rules": [{"any": ["x"]}]}]})",
       "format"},
      {R"({"format": 1, "categories": [{"name": "A", "rules": [{"any": ["x"]}]}]})", "format"},
  };
  for (const auto& c : cases) {
    auto t = parse_taxonomy(c.json, "mine.json");
    ASSERT_FALSE(t.ok()) << c.json;
    EXPECT_EQ(t.error().field, c.field) << c.json;
    EXPECT_NE(t.error().message.find("mine.json: " + c.field), std::string::npos)
        << t.error().message;
  }
  auto bad = parse_taxonomy("{nope", "mine.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("mine.json: malformed JSON"), std::string::npos);
  auto missing = load_taxonomy("/nonexistent/taxonomy.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("/nonexistent/taxonomy.json"), std::string::npos);
}

TEST(Classifier, RulesAssignCategoriesOnlyPastTheThreshold) {
  const Classifier c = small();
  EXPECT_EQ(c.classify("All disputes go to ARBITRATION.").categories,
            std::vector<std::string>{"Dispute resolution"});
  EXPECT_TRUE(c.classify("Any dispute will be discussed.").categories.empty());  // weight 1 < 2
  EXPECT_TRUE(c.classify("Nothing relevant here at all.").categories.empty());
  // "all" groups: one of the alternatives must be there too.
  EXPECT_EQ(c.classify("We may suspend your access.").categories,
            std::vector<std::string>{"Account suspension & termination"});
  EXPECT_TRUE(c.classify("We may suspend deliveries.").categories.empty());
  // A negative rule argues against.
  EXPECT_TRUE(c.classify("We do not terminate your account lightly.").categories.empty());
}

TEST(Classifier, TextsShorterThanMinWordsGetNoCategory) {
  auto t = parse_taxonomy(R"({"min_words": 4, "categories": [{"name": "A", "rules": [{"any": ["arbitrat*"], "weight": 2}]}]})", "t.json");
  ASSERT_TRUE(t.ok()) << t.error().message;
  const Classifier c(*t);
  EXPECT_TRUE(c.classify("Binding arbitration.").categories.empty());
  EXPECT_FALSE(c.classify("Disputes go to binding arbitration.").categories.empty());
}

TEST(Classifier, PhrasesMatchWholeWordsInOrderIgnoringCaseAndPunctuation) {
  const Classifier c = small();
  EXPECT_FALSE(c.classify("You may join a class-action lawsuit.").categories.empty());
  EXPECT_TRUE(c.classify("An action of this class is fine.").categories.empty());
  EXPECT_TRUE(c.classify("Arbitrary choices, no disputes.").categories.empty());  // not arbitrat*
  EXPECT_EQ(classifier_tokens("Don’t share THIRD-party data"),
            (std::vector<std::string>{"dont", "share", "third", "party", "data"}));
}

TEST(Classifier, SeverityHintsRaiseAndLower) {
  const Classifier c = small();
  EXPECT_EQ(c.classify("Disputes go to arbitration.").severity, Severity::medium);
  EXPECT_EQ(c.classify("Disputes go to binding arbitration.").severity, Severity::high);
  EXPECT_EQ(c.classify("Binding arbitration, without notice.").severity, Severity::critical);
  EXPECT_EQ(c.classify("Arbitration, or small claims court.").severity, Severity::low);
  EXPECT_EQ(c.classify("We may terminate your account; we will notify you.").severity,
            Severity::low);  // low base, lowered: stays at the floor
}

TEST(Classifier, RecordsKeepTheirOwnCategoriesAndSeverity) {
  const Classifier c = small();
  ClauseRecord own;
  own.text = "All disputes go to arbitration.";
  own.categories = {"Payments & refunds"};
  own.severity = Severity::critical;
  c.apply(own);
  EXPECT_EQ(own.categories, std::vector<std::string>{"Payments & refunds"});
  EXPECT_EQ(own.severity, Severity::critical);

  ClauseRecord bare;
  bare.text = "All disputes go to binding arbitration.";
  c.apply(bare);
  EXPECT_EQ(bare.categories, std::vector<std::string>{"Dispute resolution"});
  EXPECT_EQ(bare.severity, Severity::high);

  ClauseRecord nothing;
  nothing.text = "Welcome to our website.";
  c.apply(nothing);
  EXPECT_TRUE(nothing.categories.empty());
  EXPECT_FALSE(nothing.severity.has_value());
}

TEST(Classifier, DefaultTaxonomyRecognisesCommonClauses) {
  const Classifier c(default_taxonomy());
  auto has = [&](const std::string& text, const std::string& category) {
    const auto got = c.classify(text).categories;
    return std::find(got.begin(), got.end(), category) != got.end();
  };
  EXPECT_TRUE(has("Any dispute shall be resolved by binding arbitration on an individual basis.",
                  "Dispute resolution"));
  EXPECT_TRUE(has("These Terms are governed by the laws of the State of New York.",
                  "Governing law & jurisdiction"));
  EXPECT_TRUE(has("We use cookies and similar technologies to remember your preferences.",
                  "Tracking & cookies"));
  EXPECT_TRUE(has("You agree to indemnify and hold us harmless from any claims.",
                  "Indemnification"));
  EXPECT_TRUE(has("You must be at least 13 years old to use the service.", "Age & eligibility"));
  EXPECT_FALSE(has("Welcome to our website, we hope you enjoy it.", "Tracking & cookies"));
}

}  // namespace
}  // namespace clause

// A small hand-made labelled corpus for the clause-type model tests: three
// types on eight made-up platforms, and "none" sentences, as JSONL.
#pragma once

#include <string>

namespace clause::testing {

// Each platform "Site N" has one clause of each type (different wording per
// platform) and two unlabelled sentences. `labelled_only`: no unlabelled ones.
inline std::string type_fixture_jsonl(bool labelled_only = false) {
  const char* arbitration[] = {"settled by binding arbitration", "resolved through binding arbitration",
                               "go to individual arbitration", "submitted to final arbitration"};
  const char* deletion[] = {"delete your account and we erase your data",
                            "you may delete your data at any time",
                            "ask us to erase your personal data", "we delete your data when you leave"};
  const char* cookies[] = {"we use cookies to track you across websites",
                           "tracking cookies follow you on other sites",
                           "advertising cookies track your browsing", "cookies let partners track you"};
  const char* other[] = {"welcome to our service", "this page was last updated in spring",
                         "thank you for reading", "our office is open on weekdays"};
  std::string out;
  for (int p = 0; p < 8; ++p) {
    const std::string platform = "Site " + std::to_string(p);
    auto line = [&](const std::string& kind, const std::string& text, const std::string& type,
                    const std::string& severity) {
      out += R"({"id":")" + platform + "-" + kind + R"(","platform":")" + platform +
             R"(","document":"Terms","text":")" + text + "\"";
      if (!type.empty()) out += R"(,"clause_type":")" + type + R"(","severity":")" + severity + "\"";
      out += "}\n";
    };
    line("a", "Disputes are " + std::string(arbitration[p % 4]) + ".", "Arbitration", "high");
    line("d", "You can " + std::string(deletion[p % 4]) + ".", "Data deletion", "low");
    line("c", "Please note " + std::string(cookies[p % 4]) + ".", "Tracking cookies", "medium");
    if (labelled_only) continue;
    line("o1", std::string(other[p % 4]) + ".", "", "");
    line("o2", std::string(other[(p + 1) % 4]) + " and goodbye.", "", "");
  }
  return out;
}

}  // namespace clause::testing

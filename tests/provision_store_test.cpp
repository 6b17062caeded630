// A provision's history in the metadata (schema/provision_store.h): texts
// under keys of their own, diffs recomputed unless they cannot be, and the
// form older indexes wrote read as it is and moved on its next change.
#include <gtest/gtest.h>
#include <xapian.h>

#include "schema/index_layout.h"
#include "schema/packed_metadata.h"
#include "schema/provision_store.h"
#include "schema/sha256.h"
#include "schema/word_diff.h"
#include "tests/test_support.h"

namespace clause {
namespace {

using nlohmann::json;

json version(const std::string& text, const std::string& change, const std::string& diff) {
  return {{"clause_id", "p--d--" + std::to_string(text.size())}, {"text", text}, {"content_sha256", "x"},
          {"first_seen", "2025-01-01"}, {"last_seen", nullptr}, {"change", change}, {"change_id", nullptr},
          {"diff", diff}};
}

// Three versions as the recorder makes them: held before (no diff), modified,
// then one whose diff is not what the texts give.
json whole_history() {
  return {{"provision_id", "p--d--a"}, {"platform", "P"}, {"document", "D"}, {"removed_at", nullptr},
          {"versions",
           {version("We may share data.", "added", ""),
            version("We will share data.", "modified", word_diff_html("We may share data.", "We will share data.")),
            version("We will share  data.", "formatting", "not recomputable")}}};
}

TEST(ProvisionStore, ReadsBackWhatWasWrittenWithTextsApartAndDiffsRecomputed) {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
  provisions::write(db, "p--d--a", {whole_history(), 0});
  EXPECT_EQ(provisions::read(db, "p--d--a"), whole_history());
  const json list = layout::unpack_json(db.get_metadata(layout::provision_key("p--d--a")));
  EXPECT_FALSE(list["versions"][1].contains("text")) << "the list holds no text";
  const json second = layout::unpack_json(db.get_metadata(layout::provision_version_key("p--d--a", 1)));
  EXPECT_FALSE(second.contains("diff")) << "a diff the texts give back is not stored";
  const json third = layout::unpack_json(db.get_metadata(layout::provision_version_key("p--d--a", 2)));
  EXPECT_EQ(third["diff"], "not recomputable");
  EXPECT_TRUE(provisions::read(db, "p--d--b").is_null());
}

TEST(ProvisionStore, AnAppendedVersionWritesItsTextAndLeavesTheOthers) {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
  json expected = whole_history();
  expected["versions"].erase(2);
  provisions::write(db, "p--d--a", {expected, 0});
  provisions::Loaded loaded = provisions::read_for_update(db, "p--d--a");
  EXPECT_EQ(loaded.stored, 2u);
  EXPECT_EQ(loaded.history["versions"][1]["text"], "We will share data.") << "for the next diff";
  db.set_metadata(layout::provision_version_key("p--d--a", 0), R"({"text":"untouched"})");
  const std::string next = "We will not share data.";
  loaded.history["versions"][1]["last_seen"] = "2025-02-01";
  loaded.history["versions"].push_back(version(next, "modified", word_diff_html("We will share data.", next)));
  provisions::write(db, "p--d--a", loaded);
  const json read = provisions::read(db, "p--d--a");
  ASSERT_EQ(read["versions"].size(), 3u);
  EXPECT_EQ(read["versions"][0]["text"], "untouched") << "a stored version is not written again";
  EXPECT_EQ(read["versions"][1]["last_seen"], "2025-02-01");
  EXPECT_EQ(read["versions"][2]["diff"], "We will <ins>not</ins> share data.");
}

TEST(ProvisionStore, AHistoryInTheOlderFormIsReadAsItIsAndMovedOnItsNextChange) {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
  db.set_metadata(layout::provision_key("p--d--a"), whole_history().dump());
  EXPECT_EQ(provisions::read(db, "p--d--a"), whole_history());
  provisions::Loaded loaded = provisions::read_for_update(db, "p--d--a");
  EXPECT_EQ(loaded.stored, 0u) << "every version is written anew";
  provisions::write(db, "p--d--a", loaded);
  EXPECT_EQ(provisions::read(db, "p--d--a"), whole_history());
  EXPECT_FALSE(db.get_metadata(layout::provision_version_key("p--d--a", 2)).empty());
}

TEST(ProvisionStore, AHashOfTheTextIsLeftOutOfTheListAndComputedOnReading) {
  testing::TempDir dir;
  Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE);
  json history = whole_history();
  history["versions"][1]["content_sha256"] = sha256_hex("We will share data.");
  provisions::write(db, "p--d--a", {history, 0});
  const json list = layout::unpack_json(db.get_metadata(layout::provision_key("p--d--a")));
  EXPECT_FALSE(list["versions"][1].contains("content_sha256")) << "recomputable";
  EXPECT_EQ(list["versions"][0]["content_sha256"], "x") << "not the text's hash: kept";
  EXPECT_EQ(provisions::read(db, "p--d--a"), history);
}

TEST(ProvisionStore, ValuesArePackedAndEitherFormIsRead) {
  const json long_value = {{"text", std::string(400, 'a') + " the same words again and again"}};
  const std::string packed = layout::pack_json(long_value);
  EXPECT_EQ(packed.front(), '\0') << "deflated";
  EXPECT_LT(packed.size(), long_value.dump().size());
  EXPECT_EQ(layout::unpack_json(packed), long_value);
  const json short_value = {{"text", "short"}};
  EXPECT_EQ(layout::pack_json(short_value), short_value.dump()) << "too short to win anything";
  EXPECT_EQ(layout::unpack_json(short_value.dump()), short_value);
  EXPECT_TRUE(layout::unpack_json(packed.substr(0, packed.size() / 2)).is_discarded()) << "damaged";
  EXPECT_TRUE(layout::unpack_json("").is_null());
}

}  // namespace
}  // namespace clause

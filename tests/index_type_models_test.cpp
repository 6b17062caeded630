// Which models type free text for an index (search/index_type_models.h):
// only those the index's clauses were typed with, checked again when a
// commit makes a new revision.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "schema/clause_typing.h"
#include "schema/index_layout.h"
#include "search/index_type_models.h"
#include "test_support.h"

namespace clause::search {
namespace {

void commit_with_models(const std::string& path, const nlohmann::json& recorded) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document doc;
  doc.add_term("Qone");
  db.replace_document("Qone", doc);
  db.set_metadata(std::string(layout::kTypeModelsKey), recorded.is_null() ? "" : recorded.dump());
  db.commit();
}

TEST(IndexTypeModels, FreeTextIsTypedOnlyWithTheModelsOfTheIndexRevision) {
  auto models = default_type_models();
  ASSERT_TRUE(models.ok());
  if (models->empty()) GTEST_SKIP() << "built without shipped type models";
  nlohmann::json all = nlohmann::json::array(), other = nlohmann::json::array();
  for (const auto& m : *models) {
    all.push_back({{"name", m.name()}, {"sha256", m.sha256()}});
    other.push_back({{"name", m.name()}, {"sha256", std::string(64, '0')}});
  }
  testing::TempDir dir;
  const std::string path = dir.file("db");
  IndexTypeModels service(*models);

  commit_with_models(path, nullptr);  // an index typed with no model
  EXPECT_EQ(service.for_index(Xapian::Database(path)), nullptr);
  EXPECT_EQ(service.for_index(Xapian::Database(path)), nullptr);  // the same revision, remembered

  commit_with_models(path, all);  // the next revision: typed with them
  const auto* typed = service.for_index(Xapian::Database(path));
  ASSERT_NE(typed, nullptr);
  EXPECT_EQ(typed->size(), models->size());
  EXPECT_EQ(read_type_models(Xapian::Database(path)).size(), models->size());

  commit_with_models(path, other);  // the same names, other files
  EXPECT_EQ(service.for_index(Xapian::Database(path)), nullptr);

  IndexTypeModels none({});
  commit_with_models(path, all);
  EXPECT_EQ(none.for_index(Xapian::Database(path)), nullptr);
  EXPECT_NE(service.for_index(Xapian::Database(path)), nullptr);
}

}  // namespace
}  // namespace clause::search

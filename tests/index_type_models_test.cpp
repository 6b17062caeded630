// Which models type free text for an index (search/index_type_models.h):
// only those the index's clauses were typed with, checked again when a
// commit makes a new revision.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "schema/clause_typing.h"
#include "schema/index_layout.h"
#include "schema/slug.h"
#include "search/index_type_models.h"
#include "test_support.h"

namespace clause::search {
namespace {

// One more clause, with the type terms `types` (slugs), and the models recorded.
void commit_with_models(const std::string& path, const nlohmann::json& recorded,
                        const std::vector<std::string>& types = {}) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  Xapian::Document doc;
  const std::string id = "Q" + std::to_string(db.get_lastdocid() + 1);
  doc.add_term(id);
  for (const auto& t : types) doc.add_boolean_term(layout::facet_term(layout::Facet::clause_type, t));
  db.replace_document(id, doc);
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

// Typed with the models, but most clauses brought types of another
// taxonomy (the demo's): the models do not describe the index, and free
// text gets no type from them, until their types are the greater part.
TEST(IndexTypeModels, AnIndexOfAnotherTaxonomyIsNotTypedByTheModels) {
  auto models = default_type_models();
  ASSERT_TRUE(models.ok());
  if (models->empty()) GTEST_SKIP() << "built without shipped type models";
  nlohmann::json all = nlohmann::json::array();
  for (const auto& m : *models) all.push_back({{"name", m.name()}, {"sha256", m.sha256()}});
  const std::string theirs = slugify(models->front().labels().front().name == kNoneType
                                         ? models->front().labels().back().name
                                         : models->front().labels().front().name);
  testing::TempDir dir;
  const std::string path = dir.file("db");
  IndexTypeModels service(*models);
  commit_with_models(path, all, {"our-own-arbitration"});
  commit_with_models(path, all, {"our-own-governing-law"});
  commit_with_models(path, all, {theirs});
  EXPECT_EQ(service.for_index(Xapian::Database(path)), nullptr);  // 1 of 3
  commit_with_models(path, all, {theirs});
  EXPECT_NE(service.for_index(Xapian::Database(path)), nullptr);  // 2 of 4: half
}

}  // namespace
}  // namespace clause::search

// Document trees end to end through Ingest and IndexWriter: re-runs report
// everything unchanged, an edited document updates what changed and removes
// what vanished, other documents are untouched; and the whole shared OTA tree
// segments into sane clauses (skipped when absent).
#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <fstream>
#include <set>
#include <sstream>

#include "schema/classifier.h"
#include "indexer/document_tree.h"
#include "indexer/index_writer.h"
#include "indexer/ingest.h"
#include "indexer/markdown_inline.h"
#include "indexer/markdown_segmenter.h"
#include "schema/index_layout.h"
#include "schema/slug.h"
#include "test_support.h"

namespace clause {
namespace {

using testing::TempDir;

const char* kTerms =
    "# Terms\n\nLast updated: 1 May 2024\n\n"
    "## Disputes\n\nAll disputes are settled by binding arbitration in Delaware.\n\n"
    "## Accounts\n\nWe may suspend your account if you break these terms.\n\n"
    "You can close your account at any time from the settings page.\n";

IngestSummary index_tree(const std::string& db, const std::string& tree, std::string* log = nullptr) {
  auto writer = IndexWriter::open(db);
  EXPECT_TRUE(writer.ok());
  IndexerOptions options;
  options.db_path = db;
  options.doc_dirs = {tree};
  options.quiet = true;
  std::ostringstream diag;
  std::atomic<bool> stop{false};
  const Classifier classifier(default_taxonomy());
  Ingest ingest(**writer, options, diag, stop);
  ingest.set_classifier(&classifier);
  IngestSummary s = ingest.run();
  if (log) *log = diag.str();
  return s;
}

TEST(DocsIngest, ReRunsAreUnchangedAndEditsTouchOnlyWhatChanged) {
  TempDir dir;
  dir.write("tree/Acme/Terms of Service.md", kTerms);
  dir.write("tree/Acme/Privacy Policy.md", "We collect your email address to create your account.\n");
  dir.write("tree/Beta/Terms of Service.md", "Beta terms are governed by the laws of Spain here.\n");
  dir.write("tree/README.txt", "not a document");
  const std::string db = dir.file("db"), tree = dir.file("tree");

  std::string log;
  const auto first = index_tree(db, tree, &log);
  EXPECT_EQ(first.counts.added, 5u);
  EXPECT_EQ(first.docs.documents, 3u);
  EXPECT_EQ(first.docs.clauses_by_document.at("Terms of Service"), 4u);
  EXPECT_EQ(first.docs.dropped.at("last_updated"), 1u);
  EXPECT_EQ(first.docs.skipped_entries, 1u);
  EXPECT_GE(first.classified, 3u);

  const auto again = index_tree(db, tree);
  EXPECT_EQ(again.counts.unchanged, 5u);
  EXPECT_EQ(again.counts.added + again.counts.updated + again.counts.deleted, 0u);

  // Insert a clause, reword one, remove one; the other documents stay as they were.
  std::string edited = kTerms;
  edited.replace(edited.find("We may suspend your account"), 27, "We may terminate your account");
  edited.replace(edited.find("You can close"), std::string::npos, "");
  edited.insert(edited.find("## Disputes"), "A new clause about fees that you pay to us monthly.\n\n");
  dir.write("tree/Acme/Terms of Service.md", edited);
  const auto changed = index_tree(db, tree);
  EXPECT_EQ(changed.counts.added, 2u);      // the new clause and the reworded one
  EXPECT_EQ(changed.counts.deleted, 2u);    // the old wording and the removed clause
  EXPECT_EQ(changed.counts.unchanged, 3u);  // arbitration, privacy, Beta

  Xapian::Database read(db);
  EXPECT_EQ(read.get_doccount(), 5u);
  const std::string arbitration = layout::facet_term(layout::Facet::category, "Dispute resolution");
  EXPECT_EQ(read.get_termfreq(arbitration), 1u);
}

// A record from JSONL that names the same platform and document as a
// document of the tree is another source's clause, not a vanished one.
TEST(DocsIngest, PruningADocumentKeepsOtherSourcesRecordsOfIt) {
  TempDir dir;
  dir.write("tree/Acme/Terms of Service.md", kTerms);
  const std::string db = dir.file("db"), tree = dir.file("tree");
  {
    auto writer = IndexWriter::open(db);
    ASSERT_TRUE(writer.ok());
    ClauseRecord labelled;
    labelled.id = "tosdr-1234";
    labelled.platform = "Acme";
    labelled.document = "Terms of Service";
    labelled.text = "A summary of a clause, written by a reviewer.";
    (*writer)->upsert(labelled);
    (*writer)->commit();
  }
  const auto first = index_tree(db, tree);
  EXPECT_EQ(first.counts.deleted, 0u);
  const auto again = index_tree(db, tree);
  EXPECT_EQ(again.counts.deleted, 0u);
  Xapian::Database read(db);
  EXPECT_EQ(read.get_termfreq(layout::id_term("tosdr-1234")), 1u);
  EXPECT_EQ(read.get_doccount(), 4u);  // the record and the document's three clauses
}

TEST(DocsIngest, FoldersSharingASlugAreOneDocumentAndReRunsStayUnchanged) {
  TempDir dir;
  dir.write("tree/TP-Link/Terms.md", "Shared clause that both copies hold here.\n\nOnly the first copy has this.\n");
  dir.write("tree/Tp-link/Terms.md", "Shared clause that both copies hold here.\n\nOnly the second copy has this.\n");
  const std::string db = dir.file("db"), tree = dir.file("tree");
  const auto first = index_tree(db, tree);
  EXPECT_EQ(first.counts.added, 3u);
  EXPECT_EQ(first.counts.updated + first.counts.deleted, 0u);
  EXPECT_EQ(first.docs.dropped.at("same_text_in_same_slug_file"), 1u);
  const auto again = index_tree(db, tree);
  EXPECT_EQ(again.counts.unchanged, 3u);
  EXPECT_EQ(again.counts.added + again.counts.updated + again.counts.deleted, 0u);
}

// A document that cannot be read keeps the clauses it had: they are
// unknown, not gone (it used to lose them all, without --prune).
TEST(DocsIngest, AnUnreadableDocumentKeepsItsIndexedClauses) {
  TempDir dir;
  dir.write("tree/Acme/Terms of Service.md", kTerms);
  const std::string db = dir.file("db"), tree = dir.file("tree");
  const auto first = index_tree(db, tree);
  ASSERT_EQ(first.counts.added, 3u);
  dir.write("tree/Acme/Terms of Service.md", "\xff" + std::string(kTerms));  // not UTF-8
  std::string log;
  const auto broken = index_tree(db, tree, &log);
  EXPECT_EQ(broken.files_failed, 1u);
  EXPECT_NE(log.find("UTF-8"), std::string::npos) << log;
  // Reported as "FILE: error: ...", the file named once.
  const std::string file = dir.file("tree/Acme/Terms of Service.md");
  EXPECT_NE(log.find(file + ": error: invalid UTF-8 at byte 1"), std::string::npos) << log;
  EXPECT_EQ(log.find(file), log.rfind(file)) << log;
  // The summary says the run read less than it was given.
  EXPECT_NE(format_summary(broken).find(", 1 file not read"), std::string::npos)
      << format_summary(broken);
  EXPECT_EQ(broken.counts.deleted, 0u);
  EXPECT_EQ(Xapian::Database(db).get_doccount(), 3u);
}

// An unclosed front matter was indexed as clause text without a word said.
TEST(DocsIngest, AnUnclosedFrontMatterIsWarnedOfAndNotIndexedAsText) {
  TempDir dir;
  const std::string file = dir.write("tree/Acme/Terms.md", "---\nlanguage: en\ntitle: Terms\n" + std::string(kTerms));
  std::string log;
  const auto s = index_tree(dir.file("db"), dir.file("tree"), &log);
  EXPECT_NE(log.find(file + ":1: warning: front matter opened by '---' on line 1 is not closed"), std::string::npos)
      << log;
  EXPECT_EQ(s.counts.added, 3u);
  Xapian::Database db(dir.file("db"));
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    EXPECT_EQ(db.get_document(*it).get_data().find("language: en"), std::string::npos)
        << db.get_document(*it).get_data();
  }
}

// An empty or blank file (a truncated crawl) used to delete every clause
// its document had, with a warning and exit 0. It is an error naming the
// file, the clauses are kept, and --prune is skipped as for any bad input.
TEST(DocsIngest, ADocumentWithoutClausesKeepsItsIndexedClausesAndIsAnError) {
  TempDir dir;
  const std::string file = dir.write("tree/Acme/Terms of Service.md", kTerms);
  const std::string db = dir.file("db"), tree = dir.file("tree");
  ASSERT_EQ(index_tree(db, tree).counts.added, 3u);
  for (const char* empty : {"", " \n\t\n", "# Terms\n\nLast updated: 1 May 2024\n"}) {
    dir.write("tree/Acme/Terms of Service.md", empty);
    std::string log;
    const auto s = index_tree(db, tree, &log);
    EXPECT_NE(log.find(file + ": error: no clauses found in this document; its indexed clauses are kept"),
              std::string::npos)
        << log;
    EXPECT_EQ(s.documents_without_clauses, 1u);
    EXPECT_TRUE(s.had_errors());
    EXPECT_NE(format_summary(s).find("1 document without clauses kept as indexed"), std::string::npos);
    EXPECT_EQ(s.counts.deleted, 0u);
    EXPECT_EQ(Xapian::Database(db).get_doccount(), 3u);
  }
}

TEST(DocsIngest, AMissingTreeIsAnErrorNamingIt) {
  TempDir dir;
  std::string log;
  const auto s = index_tree(dir.file("db"), dir.file("nope"), &log);
  EXPECT_EQ(s.files_failed, 1u);
  EXPECT_NE(log.find(dir.file("nope")), std::string::npos) << log;
}

TEST(DocsIngest, WholeSharedOtaTreeSegmentsIntoSaneClauses) {
  CLAUSE_REQUIRE_SHARED("ota");
  auto tree = list_document_tree(testing::shared_data_dir() / "ota");
  ASSERT_TRUE(tree.ok()) << tree.error().message;
  EXPECT_GT(tree->documents.size(), 800u);
  std::size_t total = 0;
  std::set<std::string> ids;
  std::set<std::string> slugs_seen;
  for (const auto& doc : tree->documents) {
    auto text = read_document(doc.path);
    ASSERT_TRUE(text.ok()) << text.error().message;
    const Segmented s = segment_markdown(*text, doc.platform, doc.document);
    // A few files in the archive are empty captures (a title, a logo as a
    // data: URL); every document with real text yields clauses.
    if (markdown::reduce_inline(*text).size() > 2000) {
      EXPECT_FALSE(s.clauses.empty()) << doc.path;
    }
    std::set<std::string> doc_ids;
    for (const auto& c : s.clauses) {
      EXPECT_FALSE(c.text.empty()) << doc.path;
      EXPECT_LE(c.text.size(), kMaxTextBytes) << doc.path;
      EXPECT_LE(c.id.size(), kMaxIdBytes) << doc.path;
      EXPECT_TRUE(doc_ids.insert(c.id).second) << doc.path << ": repeated id " << c.id;
      ASSERT_TRUE(clause_from_json(clause_to_json(c)).ok()) << doc.path << ": " << c.text;
    }
    // Folders whose names share a slug are one platform on purpose: ids
    // must be unique across the rest.
    const std::string key = slugify(doc.platform) + "/" + slugify(doc.document);
    if (slugs_seen.insert(key).second) {
      for (const auto& id : doc_ids) EXPECT_TRUE(ids.insert(id).second) << id;
    }
    total += s.clauses.size();
  }
  EXPECT_GT(total, 50000u);
}

}  // namespace
}  // namespace clause

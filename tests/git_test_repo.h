// A git repository made in a test with libgit2, commit by commit, to replay
// with clause-indexer --history (tests/history_test.cpp,
// tests/history_routes_test.cpp). Dates are UTC noon of the given day.
#pragma once

#include <git2.h>
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

namespace clause::testing {

// A repository whose commits set whole files (empty content: delete).
class TestRepo {
 public:
  explicit TestRepo(const std::filesystem::path& dir) : dir_(dir) {
    git_libgit2_init();
    EXPECT_EQ(git_repository_init(&repo_, dir.c_str(), 0), 0);
  }
  ~TestRepo() {
    git_repository_free(repo_);
    git_libgit2_shutdown();
  }
  TestRepo(const TestRepo&) = delete;
  TestRepo& operator=(const TestRepo&) = delete;

  // Commits the files at `date` (YYYY-MM-DD, noon UTC); returns the id.
  std::string commit(const std::map<std::string, std::string>& files, const std::string& date) {
    git_index* index = nullptr;
    EXPECT_EQ(git_repository_index(&index, repo_), 0);
    for (const auto& [path, content] : files) {
      const std::filesystem::path full = dir_ / path;
      if (content.empty()) {
        std::filesystem::remove(full);
        git_index_remove_bypath(index, path.c_str());
        continue;
      }
      std::filesystem::create_directories(full.parent_path());
      std::ofstream(full, std::ios::binary) << content;
      EXPECT_EQ(git_index_add_bypath(index, path.c_str()), 0) << path;
    }
    git_oid tree_id, commit_id;
    EXPECT_EQ(git_index_write(index), 0);
    EXPECT_EQ(git_index_write_tree(&tree_id, index), 0);
    git_index_free(index);
    git_tree* tree = nullptr;
    git_tree_lookup(&tree, repo_, &tree_id);
    std::tm tm{};
    strptime((date + " 12:00:00").c_str(), "%Y-%m-%d %H:%M:%S", &tm);
    git_signature* sig = nullptr;
    git_signature_new(&sig, "Test", "test@example.org", timegm(&tm), 0);
    git_commit* parent = nullptr;
    git_oid head;
    const bool has_parent = git_reference_name_to_id(&head, repo_, "HEAD") == 0;
    if (has_parent) git_commit_lookup(&parent, repo_, &head);
    const git_commit* parents[] = {parent};
    EXPECT_EQ(git_commit_create(&commit_id, repo_, "HEAD", sig, sig, nullptr, "version", tree,
                                has_parent ? 1 : 0, parents),
              0);
    git_commit_free(parent);
    git_signature_free(sig);
    git_tree_free(tree);
    char hex[GIT_OID_HEXSZ + 1];
    git_oid_tostr(hex, sizeof hex, &commit_id);
    return hex;
  }

 private:
  std::filesystem::path dir_;
  git_repository* repo_ = nullptr;
};

}  // namespace clause::testing

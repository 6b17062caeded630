#include "schema/caching_stem.h"

#include <string>
#include <unordered_map>

namespace clause {
namespace {

class CachingStem : public Xapian::StemImplementation {
 public:
  CachingStem(Xapian::Stem inner, std::size_t max_words) : inner_(std::move(inner)), max_words_(max_words) {}

  std::string operator()(const std::string& word) override {
    if (const auto it = stems_.find(word); it != stems_.end()) return it->second;
    std::string stem = inner_(word);
    if (stems_.size() < max_words_) stems_.emplace(word, stem);
    return stem;
  }
  std::string get_description() const override { return "caching " + inner_.get_description(); }

 private:
  Xapian::Stem inner_;
  std::size_t max_words_;
  std::unordered_map<std::string, std::string> stems_;
};

}  // namespace

Xapian::Stem caching_stem(const Xapian::Stem& inner, std::size_t max_words) {
  return Xapian::Stem(new CachingStem(inner, max_words));
}

}  // namespace clause

#include "indexer/spelling_recorder.h"

namespace clause {

class SpellingRecorder::CountingStem : public Xapian::StemImplementation {
 public:
  CountingStem(Xapian::Stem inner, std::shared_ptr<Counts> counts)
      : inner_(std::move(inner)), counts_(std::move(counts)) {}

  std::string operator()(const std::string& word) override {
    if (counts_->on) ++counts_->words[word];
    return inner_(word);
  }
  std::string get_description() const override { return "counting " + inner_.get_description(); }

 private:
  Xapian::Stem inner_;
  std::shared_ptr<Counts> counts_;
};

SpellingRecorder::SpellingRecorder() : counts_(std::make_shared<Counts>()) {}

Xapian::Stem SpellingRecorder::counting(const Xapian::Stem& inner) const {
  return Xapian::Stem(new CountingStem(inner, counts_));
}

void SpellingRecorder::on(bool counting) { counts_->on = counting; }

void SpellingRecorder::count(const std::string& word) {
  if (counts_->on) ++counts_->words[word];
}

void SpellingRecorder::flush_into(Xapian::WritableDatabase& db) {
  for (const auto& [word, count] : counts_->words) db.add_spelling(word, count);
  counts_->words.clear();
}

std::size_t SpellingRecorder::pending_words() const { return counts_->words.size(); }

}  // namespace clause

// bench_type_quality --cv: the model's settings compared by cross-validation
// grouped by platform INSIDE the training halves only, so that choosing them
// never looks at the held-out halves the other figures come from.
#pragma once

#include <string>
#include <vector>

#include "indexer/type_training.h"

namespace clause::bench {

struct TypeCorpus {
  std::string name;
  std::vector<TypeExample> examples;
};

// Prints the table of settings: top-1 per corpus over 4 runs each (each
// training half split again by another bit of the platform hash; train on
// one part, predict the other, swap), and the ratio to today's setting.
int run_type_cv(const std::vector<TypeCorpus>& corpora, const std::string& only_grid);

}  // namespace clause::bench

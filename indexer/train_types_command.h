// `clause-indexer train-types`: learns a clause-type model from labelled
// JSONL files and writes it (docs/type-model.md).
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace clause {

// args[0] is "train-types". Returns the exit status (0 written, 1 bad input,
// 2 usage error, 3 the model could not be written).
int run_train_types(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

std::string train_types_usage();

}  // namespace clause

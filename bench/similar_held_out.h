// bench_similar_quality --held-out (bench/similar_held_out.cpp): /similar
// led by clause types, with whole platforms held out from the type model.
#pragma once

#include <filesystem>
#include <string>

#include "similar/types.h"

namespace clause::bench {

// Prints the figures for the corpora under `shared` (only one when `only` is
// set); 0 on success, 1 on an error. grid: also the variants of the soft type
// agreement and the expected count, each a row of the same run.
// choose: the third round's settings measured inside the training platforms
// only (cross-validation: each training half split again by another hash of
// the slug, a model trained on one part, the other part indexed and queried,
// then swapped), to choose them without looking at the held-out halves.
// first_model: the type models trained with the first model's setting
// (first_type_training) instead of the default, to compare the two.
// inside_only: the runs of `choose` (inside the training platforms) for the
// settings given alone, without the third round's grid: one setting per run
// of the program, compared across runs.
int run_held_out(const std::filesystem::path& shared, const std::string& only, const SimilarityOptions& tuned,
                 bool use_snapshot, bool grid = false, bool choose = false, bool first_model = false,
                 bool inside_only = false);

}  // namespace clause::bench

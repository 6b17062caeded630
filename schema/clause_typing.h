// Gives a clause record its type from clause-type models (schema/type_model.h):
// a record that brings clause_type/clause_types keeps it ("given"); one
// without gets the most confident model's prediction ("predicted", with its
// confidence and band, and the type's severity when it has none and the
// prediction is at least of medium confidence), or no type at all.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "schema/clause_record.h"
#include "schema/result.h"
#include "schema/type_model.h"

namespace clause {

// True when a text can be typed: it holds a letter (an ASCII letter, or any
// non-ASCII character, the letters of other scripts). A text of digits and
// punctuation ("13.", "10.1", a date) is a heading number or a stamp, not a
// clause: the models, trained on clauses, still give it a type (the shipped
// ToS;DR model typed "13." as an age limit at 0.943, from the "13" of "13
// years"), so it gets none, and no type distribution for /similar. No
// labelled clause of the shared corpora is such a text.
bool typeable_text(std::string_view text);

// Whether a typed record keeps the words and stems typing made of its text
// (ClauseRecord::text_stems), for an index builder that comes right after
// (clause-indexer's records): a few KB a record, not for records that are
// held (versions) or not indexed (/similar's query).
enum class KeepTextStems { no, yes };

// True when the record was given a predicted type.
bool assign_clause_type(ClauseRecord& record, const std::vector<TypeModel>& models,
                        KeepTextStems keep = KeepTextStems::no);

// One of a clause's most probable types and its share of the probability,
// calibrated: the top type's share is its confidence (as assign_clause_type
// states it), the others share the rest in proportion to their
// probabilities. "none" is never listed: its share is part of the rest.
struct TypeShare {
  std::string type;  // the label's name, as predicted
  double share = 0;  // 0..1
};

// The `top` most probable types of a text by the model that types it
// (assign_clause_type's: the most confident one whose best label is a type
// of at least kMinTypeConfidence; when none is, the most confident one),
// best first; below kMinTypeConfidence too, since they describe a
// distribution, not a type. Empty without models, and for a text that is
// not typeable_text. `none` (optional) is set
// to the share of "none" on the same scale (0 for a model without it), so
// that a caller can condition on the clause having a type.
std::vector<TypeShare> type_shares(std::string_view text, const std::vector<TypeModel>& models, std::size_t top,
                                   double* none = nullptr);

// The models' identities as a JSON list of {"name", "sha256", "types"}, the
// value of the index's type-models metadata (name and hash shown in /healthz,
// the types by /v1/types).
std::string type_models_identity(const std::vector<TypeModel>& models);

// The types `models` can predict that the index does not know: none of the
// models recorded in `recorded` (the index's kTypeModelsKey metadata, as
// type_models_identity wrote it) has them. Sorted names; empty when the index
// records no model types (a new index, one built without models or before
// models recorded their types): there is nothing to compare with.
std::vector<std::string> types_unknown_to_index(const std::string& recorded, const std::vector<TypeModel>& models);

// "the clause-type models would predict N types the index's models do not
// know (facet and /v1/types mix two taxonomies): A, B, ... and K more";
// empty for no types.
std::string unknown_types_warning(const std::vector<std::string>& types);

// The models shipped in data/type-models/, compiled in (none when the build
// found none there).
Result<std::vector<TypeModel>> default_type_models();

}  // namespace clause

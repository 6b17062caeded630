// Aligns the clauses of a new version of a document with those of the
// version before: each new clause is unchanged (the same text), formatting
// (the same words once white space, markdown, punctuation, case and
// enumerators are set aside), modified (a predecessor whose word bigrams
// overlap enough, near the same position) or added; each old clause left
// unmatched is removed.
//
// Modified: word-bigram Jaccard similarity minus a small penalty for moving
// (kPositionPenalty × the distance of the relative positions, 0..1); pairs
// at or above kModifiedThreshold are matched best first, each clause once.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace clause {

inline constexpr double kModifiedThreshold = 0.4;
inline constexpr double kPositionPenalty = 0.1;

enum class AlignKind { unchanged, formatting, modified, added };

struct AlignedClause {
  AlignKind kind = AlignKind::added;
  std::optional<std::size_t> old_index;  // the predecessor, unless added
  double similarity = 0;                 // modified only: the bigram Jaccard
};

struct Alignment {
  std::vector<AlignedClause> clauses;  // one per new clause, in order
  std::vector<std::size_t> removed;    // old clauses with no successor, in order
};

Alignment align_clauses(const std::vector<std::string>& old_texts,
                        const std::vector<std::string>& new_texts);

// The text reduced to its words: lower case (ASCII), letters and digits only;
// punctuation and symbols separate words, typographic ones too (curly quotes,
// dashes, bullets, emoji); invisible characters (zero-width, soft hyphen,
// BOM) are dropped; leading enumerators ("1.", "(a)", "iv)", "5.4",
// "17.15.") are dropped. Two texts with equal forms differ in formatting only.
std::string wording_form(std::string_view text);

// The Jaccard similarity of the word bigrams of two wording forms (of the
// words when either has a single word).
double bigram_jaccard(std::string_view form_a, std::string_view form_b);

}  // namespace clause

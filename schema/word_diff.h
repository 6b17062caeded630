// A word-level diff of two texts, for change records and provision histories
// (written by the indexer, recomputed when a history is read): the words of the old
// text that went in <del>, those of the new one that came in <ins>, the rest
// as is, HTML-escaped. Words are runs of non-space characters; the diff is
// a longest common subsequence of words, so a moved sentence shows as one
// deletion and one insertion.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clause {

// The words of a text, split at ASCII white space.
std::vector<std::string_view> split_words(std::string_view text);

// "We <del>may</del> <ins>will</ins> share data": words joined by one space,
// runs of deleted or inserted words in one element each. Past a size where
// the LCS table would be too large (old words × new words > 4 million) the
// whole old text is one deletion and the new one an insertion.
std::string word_diff_html(std::string_view old_text, std::string_view new_text);

}  // namespace clause

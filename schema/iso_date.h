// The dates a record takes (its `updated` field, a document version's
// date): YYYY-MM-DD, optionally followed by 'T' or a space and a time that
// is kept as given. Defined in clause_record.cpp, which validates them.
#pragma once

#include <string_view>

namespace clause {

bool is_iso_date(std::string_view s);

}  // namespace clause

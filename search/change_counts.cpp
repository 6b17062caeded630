#include "search/change_counts.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "schema/index_layout.h"
#include "schema/slug.h"

namespace clause::search {
namespace {

// The records of the platform (and document), as a boolean filter.
Xapian::Query subject_query(const ChangeCountRequest& request) {
  Xapian::Query platform(std::string(layout::kChangePlatformPrefix) + slugify(request.platform));
  if (!request.document) return platform;
  return Xapian::Query(Xapian::Query::OP_AND, platform,
                       Xapian::Query(std::string(layout::kChangeDocumentPrefix) + slugify(*request.document)));
}

// Stored dates may carry a time ("2025-02-20T12:00:00Z"), which sorts after
// the day alone: the upper bound is the day followed by the highest byte,
// so every time of as_of's day is in (as /v1/search's updated range).
std::string end_of(const std::string& day) { return day + '\xff'; }

std::size_t exact_count(const Xapian::Database& db, const Xapian::Query& subject, const std::string& from,
                        const std::string& through) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, subject,
                                  Xapian::Query(Xapian::Query::OP_VALUE_RANGE, layout::kChangeDateSlot, from,
                                                through)));
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

// Records sharing the newest date (one commit touching several documents of
// a platform) are told apart by id, so that a single index and its shards
// (whose docids differ) name the same one.
constexpr Xapian::doccount kSameDateCandidates = 16;

std::optional<LastChange> last_change(const Xapian::Database& db, const Xapian::Query& subject,
                                      const std::string& through) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, subject,
                                  Xapian::Query(Xapian::Query::OP_VALUE_LE, layout::kChangeDateSlot, through)));
  enquire.set_sort_by_value(layout::kChangeDateSlot, true);
  const Xapian::MSet newest = enquire.get_mset(0, kSameDateCandidates);
  std::optional<LastChange> best;
  for (auto it = newest.begin(); it != newest.end(); ++it) {
    const Xapian::Document doc = it.get_document();
    const std::string date = doc.get_value(layout::kChangeDateSlot);
    if (best && date != best->date) break;
    const auto record = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (!record.is_object()) continue;
    LastChange change{record.value("id", ""), date, record.value("summary", ""), std::nullopt};
    if (record.contains("severity") && record["severity"].is_string()) change.severity = record["severity"];
    if (!best || change.id < best->id) best = std::move(change);
  }
  return best;
}

}  // namespace

std::string days_before(const std::string& date, int days) {
  using namespace std::chrono;
  int y = 0;
  unsigned m = 0, d = 0;
  std::sscanf(date.c_str(), "%d-%u-%u", &y, &m, &d);
  const year_month_day day{sys_days{year{y} / month{m} / d} - std::chrono::days{days}};
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", static_cast<int>(day.year()), static_cast<unsigned>(day.month()),
                static_cast<unsigned>(day.day()));
  return out;
}

ChangeCounts count_changes(const Xapian::Database& db, const ChangeCountRequest& request) {
  ChangeCounts counts;
  counts.as_of = request.as_of;
  // An index without change records (or a platform without any) costs one
  // term lookup: this runs on every clause fetch.
  if (!db.term_exists(std::string(layout::kChangePlatformPrefix) + slugify(request.platform))) return counts;
  const Xapian::Query subject = subject_query(request);
  const std::string through = end_of(request.as_of);
  counts.last_365_days = exact_count(db, subject, days_before(request.as_of, 364), through);
  if (counts.last_365_days > 0) {
    counts.last_30_days = exact_count(db, subject, days_before(request.as_of, 29), through);
  }
  counts.last_change = last_change(db, subject, through);
  return counts;
}

}  // namespace clause::search

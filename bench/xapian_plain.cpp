// The straightforward Xapian peer: what a developer writes in an afternoon
// from Xapian's getting-started guide, to show what our engine adds.
//
//   xapian_plain index  DB CORPUS.jsonl               one loop, one writer
//   xapian_plain search DB QUERIES.txt MODE RUNS      MODE: total | facets
//
// Index: per record a TermGenerator (English stemmer, positions) over title
// and text, boolean terms for category/severity/platform, values for the
// facets, the JSON line as data, replace_document on the id term; Xapian's
// default autocommit, one commit at the end. Uses the project's layout
// (schema/index_layout.h) so that it builds a comparable document.
// Search: QueryParser (STEM_SOME, default AND), filters by OP_FILTER, top 10
// with checkatleast = doccount for an exact total, and in facets mode one
// ValueCountMatchSpy per facet slot in the same match (a multi-category value
// counts as one string: the shortcut such a loop takes).
#include <xapian.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/bench_common.h"
#include "schema/index_layout.h"
#include "schema/slug.h"

using namespace clause;
using namespace clause::bench;

namespace {

// Where results are summed, so the optimiser cannot drop reading them.
volatile std::size_t g_sink = 0;

std::string str(const nlohmann::json& rec, const char* key) {
  const auto it = rec.find(key);
  return it != rec.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::size_t build(const std::string& path, const std::string& corpus) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  tg.set_stemmer(Xapian::Stem(std::string(layout::kStemLanguage)));
  std::ifstream in(corpus);
  if (!in) throw std::runtime_error(corpus + ": cannot read");
  std::size_t n = 0;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto rec = nlohmann::json::parse(line);
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(str(rec, "title"));
    tg.increase_termpos();
    tg.index_text(str(rec, "text"));
    std::string categories;
    for (const auto& c : rec.value("categories", nlohmann::json::array())) {
      const std::string slug = slugify(c.get<std::string>());
      doc.add_boolean_term(layout::facet_term(layout::Facet::category, slug));
      if (!categories.empty()) categories += layout::kListSeparator;
      categories += slug;
    }
    const std::string severity = str(rec, "severity");
    const std::string platform = slugify(str(rec, "platform"));
    if (!severity.empty()) doc.add_boolean_term(layout::facet_term(layout::Facet::severity, severity));
    doc.add_boolean_term(layout::facet_term(layout::Facet::platform, platform));
    doc.add_value(layout::kCategoriesSlot, categories);
    doc.add_value(layout::kSeverityRankSlot, severity);
    doc.add_value(layout::kPlatformSlot, platform);
    doc.set_data(line);
    const std::string id = layout::id_term(str(rec, "id"));
    doc.add_boolean_term(id);
    db.replace_document(id, doc);
    ++n;
  }
  db.commit();
  return n;
}

Xapian::Query parse(const Xapian::Database& db, const BenchQuery& q) {
  Xapian::QueryParser qp;
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem(std::string(layout::kStemLanguage)));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  Xapian::Query query = qp.parse_query(q.line);
  for (const auto& [field, value] : q.filters) {
    const auto facet = field == "severity" ? layout::Facet::severity : layout::Facet::category;
    query = Xapian::Query(Xapian::Query::OP_FILTER, query,
                          Xapian::Query(layout::facet_term(facet, value)));
  }
  return query;
}

void run_query(const Xapian::Database& db, const BenchQuery& q, bool facets) {
  Xapian::Enquire enquire(db);
  enquire.set_query(parse(db, q));
  Xapian::ValueCountMatchSpy cat(layout::kCategoriesSlot), sev(layout::kSeverityRankSlot),
      plat(layout::kPlatformSlot);
  if (facets) {
    enquire.add_matchspy(&cat);
    enquire.add_matchspy(&sev);
    enquire.add_matchspy(&plat);
  }
  const Xapian::MSet mset = enquire.get_mset(0, 10, db.get_doccount());
  std::size_t bytes = mset.get_matches_estimated();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    const std::string data = it.get_document().get_data();
    bytes += data.size() + mset.snippet(data, 200).size();
  }
  if (facets) {
    for (auto* spy : {&cat, &sev, &plat}) {
      for (auto v = spy->top_values_begin(25); v != spy->top_values_end(25); ++v) bytes += v.get_termfreq();
    }
  }
  g_sink = bytes;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() == 3 && args[0] == "index") {
      const auto start = Clock::now();
      const std::size_t n = build(args[1], args[2]);
      const double secs = seconds_since(start);
      print_result({"index", "xapian-plain", std::to_string(n), fmt(secs, 3), fmt(n / secs, 0)});
      return 0;
    }
    if (args.size() == 5 && args[0] == "search" && (args[3] == "total" || args[3] == "facets")) {
      const auto queries = load_queries(args[2]);
      Xapian::Database db(args[1]);
      const bool facets = args[3] == "facets";
      search_passes("xapian-plain", args[3], queries, std::stoi(args[4]), [&](const BenchQuery& q) {
        run_query(db, q, facets);
        return true;
      });
      return 0;
    }
    std::cerr << "usage: xapian_plain index DB CORPUS.jsonl\n"
                 "       xapian_plain search DB QUERIES.txt total|facets RUNS\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "xapian_plain: error: " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "xapian_plain: error: " << e.get_description() << "\n";
    return 1;
  }
}

// Writes the stored record (document data, the record's JSON) of every
// clause in a Xapian index as JSON Lines on stdout, in docid order.
//
//   dump_records DB > records.jsonl
//
// The benchmarks use it to hand FTS5 exactly the clauses our segmenter made
// of the OTA documents (clause-indexer --docs), so both engines hold the same.
#include <xapian.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: dump_records DB > records.jsonl\n";
    return 2;
  }
  try {
    Xapian::Database db(argv[1]);
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      std::cout << db.get_document(*it).get_data() << '\n';
    }
    return std::cout.good() ? 0 : 1;
  } catch (const Xapian::Error& e) {
    std::cerr << "dump_records: " << e.get_description() << "\n";
    return 1;
  }
}

#include "indexer/indexer_options.h"

#include <charconv>
#include <cstdlib>
#include <map>
#include <set>

#include "schema/iso_date.h"

namespace clause {
namespace {

Result<std::size_t> parse_count(const std::string& option, const std::string& text,
                                std::size_t min, std::size_t max) {
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Error::invalid(option, option + ": expected a whole number from " +
                                      std::to_string(min) + " to " + std::to_string(max) +
                                      ", got '" + text + "'");
  }
  return value;
}

// "host:port,host:port" -> {"host:port", ...}; each needs a host and a port.
Result<std::vector<std::string>> parse_remotes(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const auto colon = item.rfind(':');
    if (colon == std::string::npos || colon == 0 ||
        !parse_count("--stub-remote", item.substr(colon + 1), 1, 65535)) {
      return Error::invalid("--stub-remote",
                            "--stub-remote: expected HOST:PORT[,HOST:PORT...], got '" + item + "'");
    }
    out.push_back(item);
    start = end + 1;
  }
  return out;
}

// "db/" and "db//" as "db": the work directories and the compacted copy are
// made beside the index by appending to its path ("db.build-N"), which a
// trailing slash would put inside it. The root "/" is left as it is.
std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

}  // namespace

std::string indexer_usage() {
  return R"(Usage: clause-indexer --db DIR [options] FILE.jsonl ... [--delete ID ...]

Upserts clause records (JSON Lines, one record a line; '-' reads standard
input) and the clauses of markdown documents (--docs) into the Xapian
database DIR, creating it when needed (only in a new or empty directory:
a directory holding anything but an index is refused). Records are
keyed by id: an unchanged record is not rewritten, a changed one replaces
the old. Bad records are reported as FILE:LINE: error: ... and skipped.

Options (those with a value also take the form --name=value; each is given
once, but for --docs, --synonyms and --type-model; contradictory ones, such
as --prune with --prune-all, are a usage error):
  --db DIR              the database directory (required; env CLAUSE_DB)
  --docs DIR            index a document tree DIR/<Platform>/<Document>.md:
                        each document is segmented into clauses (platform
                        from the folder, document from the file name);
                        clauses that vanished from a document are removed.
                        A document that gives no clause (empty, blank) is
                        an error and keeps its indexed clauses: to remove
                        a document, delete its file and use --prune
  --history REPO        replay a git repository of <Platform>/<Document>.md
                        commit by commit (first parent, oldest first; the
                        commit date is the version's date): provisions keep
                        their ids across edits, and each version that changed
                        a clause becomes a change record. A re-run continues
                        after the last commit recorded in the index. REPO is
                        a local path or a URL (https://, http://, ssh://,
                        git://, file://, user@host:path): a URL is cloned into
                        DIR.history-cache/ beside the index, and a re-run
                        fetches only what is new before replaying
  --since DATE          with --history: versions from DATE (YYYY-MM-DD) on
  --as-of DATE          with --docs: the trees are a snapshot taken on DATE
                        (YYYY-MM-DD, or with a time: 2025-01-10T12:00:00Z),
                        compared with the index like a version of --history
  --taxonomy FILE       classify with this taxonomy instead of the built-in
                        one (format: docs/taxonomy.md)
  --no-classify         leave records without categories uncategorised
                        (by default they get categories and a severity from
                        the taxonomy's rules; records' own ones are kept)
  --type-model FILE     type records without clause_type with this model
                        (repeatable; instead of the shipped models of
                        data/type-models/; made by 'clause-indexer
                        train-types', see docs/type-model.md)
  --no-type-model       predict no clause types (records' own are kept)
  --prune               remove records of the input's platforms that are no
                        longer in the input
  --prune-all           remove every record that is not in the input
                        (both are skipped when a record is rejected or a
                        file cannot be read: nothing is lost to bad input)
  --strict              index nothing from a file that has any bad record
  --delete ID ...       remove the records with these ids (every argument
                        after --delete is an id); alone, it needs an
                        existing index (none at DIR: exit 3)
  --jobs N              threads that build a NEW (absent or empty) index in
                        parallel shards, merged at the end (default: one per
                        core; 1 writes directly). Updates to an existing
                        index always use one writer.
  --shards N            write a sharded index: DIR/shard-0..N-1 (clauses routed
                        by FNV-1a of the platform slug), DIR/meta and the stub
                        DIR/XAPIANDB, so DIR opens as one database. Later runs
                        on DIR find the shards without this flag.
  --stub-remote H:P,... also write DIR/remote.stub, listing shard i as served
                        by xapian-tcpsrv at the i-th HOST:PORT, one per shard
                        (with --shards N, or on a sharded index: see
                        docs/scaling.md)
  --batch-size N        records between commits (default 10000)
  --max-line-bytes N    longest accepted input line (default 1048576)
  --no-spelling         do not record spelling data ("did you mean")
  --synonyms FILE       also record the spelling variants of FILE (format of
                        data/spelling-variants.txt; repeatable). The shipped
                        list (licence/license, ...) is always recorded, and
                        synonyms stay in the index over later runs
  --no-synonyms         record no spelling variants, not even the shipped
                        list (a run without it records them later)
  --quiet               no progress lines
  -h, --help            this text

Exit status: 0 all good; 1 some records were rejected, a file could not be
read, a document gave no clause or a --history URL could not be fetched
(the index is then unchanged);
2 usage error; 3 the database could not be opened or written;
130 interrupted (work up to the last commit is kept; re-run to complete).
)";
}

namespace {

// "--name=value" as "--name value", as clause-server takes it, for the
// options that take a value. Anything else is left whole: "--prune=1" is then
// an unknown option rather than a flag followed by an input file "1".
std::vector<std::string> split_equals(const std::vector<std::string>& args) {
  static const std::set<std::string> with_value = {"--db",     "--batch-size",  "--max-line-bytes", "--jobs",
                                                   "--shards", "--stub-remote", "--docs",           "--taxonomy",
                                                   "--synonyms", "--type-model", "--history", "--since", "--as-of"};
  std::vector<std::string> out;
  for (const auto& a : args) {
    const auto eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos && with_value.count(a.substr(0, eq))) {
      out.push_back(a.substr(0, eq));
      out.push_back(a.substr(eq + 1));
    } else {
      out.push_back(a);
    }
  }
  return out;
}

}  // namespace

Result<IndexerOptions> parse_indexer_options(const std::vector<std::string>& raw_args) {
  const std::vector<std::string> args = split_equals(raw_args);
  IndexerOptions o;
  if (const char* env = std::getenv("CLAUSE_DB")) o.db_path = env;
  bool deleting = false;
  // The first value of each option that takes one value: a second one
  // silently won ('--db a --db b' wrote to b). Only the lists repeat.
  static const std::set<std::string> repeatable = {"--docs", "--synonyms", "--type-model"};
  std::map<std::string, std::string> given;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](const std::string& option) -> Result<std::string> {
      if (i + 1 >= args.size()) return Error::invalid(option, option + " needs a value");
      const std::string& v = args[++i];
      if (const auto [first, fresh] = given.emplace(option, v); !fresh && !repeatable.count(option)) {
        return Error::invalid(option, option + " is given twice ('" + first->second + "' and '" + v +
                                          "'): give it once");
      }
      return v;
    };
    if (deleting && (a.empty() || a[0] != '-')) {
      o.delete_ids.push_back(a);
    } else if (a == "-h" || a == "--help") {
      o.show_help = true;
    } else if (a == "--db") {
      auto v = value(a);
      if (!v) return v.error();
      o.db_path = *v;
    } else if (a == "--batch-size" || a == "--max-line-bytes" || a == "--jobs" ||
               a == "--shards") {
      auto v = value(a);
      if (!v) return v.error();
      auto n = a == "--batch-size"   ? parse_count(a, *v, 1, 10'000'000)
               : a == "--max-line-bytes" ? parse_count(a, *v, 1024, std::size_t{1} << 30)
                                     : parse_count(a, *v, 1, 64);
      if (!n) return n.error();
      (a == "--batch-size" ? o.batch_size
       : a == "--jobs"     ? o.jobs
       : a == "--shards"   ? o.shards
                           : o.max_line_bytes) = *n;
    } else if (a == "--stub-remote") {
      auto v = value(a);
      if (!v) return v.error();
      auto remotes = parse_remotes(*v);
      if (!remotes) return remotes.error();
      o.stub_remotes = *remotes;
    } else if (a == "--docs" || a == "--taxonomy" || a == "--synonyms") {
      auto v = value(a);
      if (!v) return v.error();
      if (a == "--docs") o.doc_dirs.push_back(*v);
      else if (a == "--synonyms") o.synonym_files.push_back(*v);
      else o.taxonomy_path = *v;
    } else if (a == "--history" || a == "--since" || a == "--as-of") {
      auto v = value(a);
      if (!v) return v.error();
      // --since is compared with a commit's day; --as-of is a version's
      // date, which may carry a time (schema/iso_date.h).
      if (a == "--since" && !is_calendar_date(*v)) {
        return Error::invalid(a, a + ": expected a calendar date YYYY-MM-DD, got '" + *v + "'");
      }
      if (a == "--as-of" && !is_iso_date(*v)) {
        return Error::invalid(a, a + ": expected a calendar date YYYY-MM-DD, optionally with a time "
                                     "(2025-01-10T12:00:00Z), got '" + *v + "'");
      }
      (a == "--history" ? o.history_repo : a == "--since" ? o.since : o.as_of) = *v;
    } else if (a == "--type-model") {
      auto v = value(a);
      if (!v) return v.error();
      o.type_model_files.push_back(*v);
    } else if (a == "--no-type-model") {
      o.type_model = false;
    } else if (a == "--no-classify") {
      o.classify = false;
    } else if (a == "--prune") {
      o.prune = true;
    } else if (a == "--prune-all") {
      o.prune_all = true;
    } else if (a == "--strict") {
      o.strict = true;
    } else if (a == "--no-spelling") {
      o.spelling = false;
    } else if (a == "--no-synonyms") {
      o.synonyms = false;
    } else if (a == "--quiet") {
      o.quiet = true;
    } else if (a == "--delete") {
      deleting = true;
    } else if (a.size() > 1 && a[0] == '-') {
      return Error::invalid(a, "unknown option '" + a + "' (see --help)");
    } else {
      o.inputs.push_back(a);
    }
  }
  if (o.show_help) return o;
  if (o.db_path.empty()) return Error::invalid("--db", "--db DIR is required");
  o.db_path = without_trailing_slashes(o.db_path);
  if (!o.history_repo.empty() && (!o.inputs.empty() || !o.doc_dirs.empty() || !o.delete_ids.empty())) {
    return Error::invalid("--history", "--history replays a repository alone: give no input files, --docs or --delete");
  }
  if (!o.since.empty() && o.history_repo.empty()) return Error::invalid("--since", "--since needs --history REPO");
  if (!o.as_of.empty() && (o.doc_dirs.empty() || !o.inputs.empty())) {
    return Error::invalid("--as-of", "--as-of needs --docs TREE (and no JSONL input)");
  }
  if (o.inputs.empty() && o.doc_dirs.empty() && o.delete_ids.empty() && o.history_repo.empty()) {
    return Error::invalid("FILE", "nothing to do: give input files, '-', --docs DIR or --delete ID");
  }
  if ((o.prune || o.prune_all) && o.inputs.empty() && o.doc_dirs.empty()) {
    return Error::invalid("--prune", "--prune needs input files: it keeps what they hold");
  }
  if (o.prune && o.prune_all) {
    return Error::invalid("--prune-all", "--prune and --prune-all contradict each other: --prune keeps the "
                                         "platforms the input lacks, --prune-all removes them; give one");
  }
  if (!o.classify && !o.taxonomy_path.empty()) {
    return Error::invalid("--no-classify", "--no-classify and --taxonomy FILE contradict each other");
  }
  if (!o.type_model && !o.type_model_files.empty()) {
    return Error::invalid("--no-type-model", "--no-type-model and --type-model FILE contradict each other");
  }
  if (!o.synonyms && !o.synonym_files.empty()) {
    return Error::invalid("--no-synonyms", "--no-synonyms and --synonyms FILE contradict each other");
  }
  return o;
}

}  // namespace clause

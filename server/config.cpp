#include "server/config.h"

#include <charconv>
#include <cstdlib>
#include <set>

#include "server/cors.h"
#include "server/opensearch.h"

namespace clause::server {
namespace {

struct Setting {
  const char* flag;
  const char* env;
  const char* help;
  std::function<std::optional<Error>(Config&, const std::string&, const std::string&)> apply;
};

std::optional<Error> to_int(const std::string& where, const std::string& text, long min,
                            long max, long& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || out < min ||
      out > max) {
    return Error::invalid(where, where + ": expected a whole number in " + std::to_string(min) +
                                     ".." + std::to_string(max) + ", got '" + text + "'");
  }
  return std::nullopt;
}

std::optional<Error> to_share(const std::string& where, const std::string& text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(out >= 0 && out <= 1)) {
    return Error::invalid(where, where + ": expected a number in 0..1, got '" + text + "'");
  }
  return std::nullopt;
}

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      {"--db", "CLAUSE_DB", "index to serve: any path Xapian::Database opens (a directory or a stub file)",
       [](Config& c, const std::string&, const std::string& v) -> std::optional<Error> {
         c.db_path = v;
         return std::nullopt;
       }},
      {"--host", "CLAUSE_HOST", "address to bind (default 127.0.0.1)",
       [](Config& c, const std::string& where, const std::string& v) -> std::optional<Error> {
         if (v.empty()) return Error::invalid(where, where + ": must not be empty");
         c.host = v;
         return std::nullopt;
       }},
      {"--port", "CLAUSE_PORT", "TCP port (default 8080; 0 picks a free port)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 0, 65535, n);
         c.port = static_cast<int>(n);
         return err;
       }},
      {"--threads", "CLAUSE_THREADS",
       "threads serving connections, each an event loop (default twice the cores, at least 4; 1..256)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 1, 256, n);
         c.threads = static_cast<int>(n);
         return err;
       }},
      {"--work-threads", "CLAUSE_WORK_THREADS",
       "threads answering searches, /similar and writes, apart from the event loops (default twice the cores, at least 4; 1..256)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 1, 256, n);
         c.work_threads = static_cast<int>(n);
         return err;
       }},
      {"--log-level", "CLAUSE_LOG_LEVEL",
       "trace, debug, info, warn, error, critical or off (default info)",
       [](Config& c, const std::string& where, const std::string& v) -> std::optional<Error> {
         for (const char* l : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
           if (v == l) {
             c.log_level = v;
             return std::nullopt;
           }
         }
         return Error::invalid(where, where + ": unknown log level '" + v + "'");
       }},
      {"--max-body-bytes", "CLAUSE_MAX_BODY_BYTES", "largest request body accepted (default 1048576)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 1, 64L << 20, n);
         c.max_body_bytes = static_cast<std::size_t>(n);
         return err;
       }},
      {"--gzip-min-bytes", "CLAUSE_GZIP_MIN_BYTES",
       "smallest text answer sent gzip-compressed to a client whose Accept-Encoding allows it (default 1024; 0: never)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 0, 64L << 20, n);
         c.gzip_min_bytes = static_cast<std::size_t>(n);
         return err;
       }},
      {"--timeout", "CLAUSE_TIMEOUT", "socket read/write timeout in seconds (default 10)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 1, 3600, n);
         c.timeout_seconds = static_cast<int>(n);
         return err;
       }},
      {"--cors-origins", "CLAUSE_CORS_ORIGINS",
       "comma list of web origins allowed to call the API and frame the widget (default none)",
       [](Config& c, const std::string& where, const std::string& v) -> std::optional<Error> {
         auto origins = parse_origins(where, v);
         if (!origins) return origins.error();
         c.cors_origins = std::move(*origins);
         return std::nullopt;
       }},
      {"--max-connections", "CLAUSE_MAX_CONNECTIONS",
       "open connections at once (default 512); more are answered 503 and closed",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 1, 100000, n);
         c.max_connections = static_cast<std::size_t>(n);
         return err;
       }},
      {"--tls-cert", "CLAUSE_TLS_CERT", "PEM certificate: serve HTTPS (with --tls-key)",
       [](Config& c, const std::string& where, const std::string& v) -> std::optional<Error> {
         if (v.empty()) return Error::invalid(where, where + ": must not be empty");
         c.tls_cert = v;
         return std::nullopt;
       }},
      {"--tls-key", "CLAUSE_TLS_KEY", "PEM private key of --tls-cert",
       [](Config& c, const std::string& where, const std::string& v) -> std::optional<Error> {
         if (v.empty()) return Error::invalid(where, where + ": must not be empty");
         c.tls_key = v;
         return std::nullopt;
       }},
      {"--public-url", "CLAUSE_PUBLIC_URL",
       "base URL users reach the server at, e.g. https://clauses.example.org, for the OpenSearch "
       "description (default: the address it listens on)",
       [](Config& c, const std::string& where, const std::string& v) -> std::optional<Error> {
         auto url = parse_public_url(where, v);
         if (!url) return url.error();
         c.public_url = std::move(*url);
         return std::nullopt;
       }},
      {"--keys", "CLAUSE_KEYS",
       "API keys file: every route but the page, /healthz, /opensearch.xml, /openapi.json and OPTIONS "
       "preflights needs a key "
       "(reloaded on SIGHUP; make keys with `clause-server keys add`; default none: all open)",
       [](Config& c, const std::string& where, const std::string& v) -> std::optional<Error> {
         if (v.empty()) return Error::invalid(where, where + ": must not be empty");
         c.keys_file = v;
         return std::nullopt;
       }},
      {"--similar-bar", "CLAUSE_SIMILAR_BAR",
       "score (0..1) from which a platform's closest clause counts as similar (default 0.24, calibrated)",
       [](Config& c, const std::string& where, const std::string& v) {
         double bar = 0;
         auto err = to_share(where, v, bar);
         c.similar_bar = bar;
         return err;
       }},
      {"--similar-snapshot-max", "CLAUSE_SIMILAR_SNAPSHOT_MAX",
       "largest index (clauses) answered from an in-memory snapshot by /similar, ~1.6 KiB a clause "
       "(default 1000000; 0 off)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 0, 1L << 31, n);
         c.similar_snapshot_max = static_cast<std::size_t>(n);
         return err;
       }},
      {"--similar-snapshot-threads", "CLAUSE_SIMILAR_SNAPSHOT_THREADS",
       "threads that build the /similar snapshot (default 0: half the cores)",
       [](Config& c, const std::string& where, const std::string& v) {
         long n = 0;
         auto err = to_int(where, v, 0, 256, n);
         c.similar_snapshot_threads = static_cast<std::size_t>(n);
         return err;
       }},
  };
  return all;
}

}  // namespace

EnvLookup process_env() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (v == nullptr) return std::nullopt;
    return std::string(v);
  };
}

Result<Config> load_config(const std::vector<std::string>& args, const EnvLookup& env) {
  Config c;
  // A setting a flag gives is not read from the environment: the flag wins,
  // so a bad value it overrides (CLAUSE_PORT=x with --port 0) is no error.
  std::set<std::string> flagged;
  for (const auto& arg : args) {
    if (arg.rfind("--", 0) == 0) flagged.insert(arg.substr(0, arg.find('=')));
  }
  for (const auto& s : settings()) {
    if (flagged.count(s.flag) != 0) continue;
    if (auto v = env(s.env)) {
      if (auto err = s.apply(c, s.env, *v)) return *err;
    }
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      c.help = true;
      return c;
    }
    std::string name = arg, value;
    bool has_value = false;
    if (const auto eq = arg.find('='); arg.rfind("--", 0) == 0 && eq != std::string::npos) {
      name = arg.substr(0, eq);
      value = arg.substr(eq + 1);
      has_value = true;
    }
    const Setting* setting = nullptr;
    for (const auto& s : settings()) {
      if (name == s.flag) setting = &s;
    }
    if (setting == nullptr) {
      return Error::invalid(arg, "unknown argument '" + arg + "' (see --help)");
    }
    if (!has_value) {
      if (i + 1 >= args.size()) return Error::invalid(name, name + ": needs a value");
      value = args[++i];
    }
    if (auto err = setting->apply(c, name, value)) return *err;
  }
  if (c.tls_cert.empty() != c.tls_key.empty()) {
    const char* missing = c.tls_cert.empty() ? "--tls-cert" : "--tls-key";
    return Error::invalid(missing, std::string("HTTPS needs both --tls-cert and --tls-key; ") +
                                       missing + " is missing");
  }
  if (c.db_path.empty()) {
    return Error::invalid("--db", "no index given: pass --db PATH or set CLAUSE_DB");
  }
  return c;
}

std::string usage() {
  std::string text =
      "usage: clause-server --db PATH [--host 127.0.0.1] [--port 8080] [--threads N] [--work-threads N]\n"
      "                     [--log-level info] [--max-body-bytes N] [--gzip-min-bytes N] [--timeout S]\n"
      "                     [--max-connections N] [--tls-cert PEM --tls-key PEM]\n"
      "                     [--cors-origins https://a.example,https://b.example] [--public-url URL]\n"
      "                     [--keys FILE]\n"
      "                     [--similar-bar 0.24] [--similar-snapshot-max N] [--similar-snapshot-threads N]\n\n"
      "Serves the clause search API (docs/API.md) and the search page (GET /)\n"
      "over HTTP or HTTPS from a Xapian index,\n"
      "picking up new commits of the index without a restart.\n\n"
      "Settings come from defaults, then environment variables, then flags:\n";
  for (const auto& s : settings()) {
    std::string left = std::string("  ") + s.flag + " (" + s.env + ")";
    if (left.size() < 40) left.resize(40, ' ');
    text += left + " " + s.help + "\n";
  }
  text += "  --help                                 this text\n";
  text += "\n       clause-server keys add|list|remove ...   make and manage API keys (keys --help)\n";
  return text;
}

}  // namespace clause::server

#include "server/keys_cli.h"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "schema/text_file.h"
#include "server/api_keys.h"

namespace clause::server {
namespace {

constexpr char kFileHeader[] =
    "# clause-server API keys (docs/API.md): NAME SCOPE RATE BURST SHA256-HEX\n";

struct Options {
  std::string command;
  std::map<std::string, std::string> values;  // --name VALUE, by flag
};

// `--flag value` or `--flag=value`, from the flags `command` takes.
std::optional<std::string> parse_options(const std::vector<std::string>& args,
                                         const std::vector<std::string>& allowed, Options& o) {
  for (std::size_t i = 1; i < args.size(); ++i) {
    std::string flag = args[i], value;
    if (const auto eq = flag.find('='); eq != std::string::npos) {
      value = flag.substr(eq + 1);
      flag.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return flag + ": needs a value";
    }
    if (std::find(allowed.begin(), allowed.end(), flag) == allowed.end()) {
      return "unknown argument '" + flag + "' for keys " + o.command + " (see keys --help)";
    }
    o.values[flag] = value;
  }
  for (const auto& flag : allowed) {
    if (flag != "--burst" && !o.values.count(flag)) return flag + ": missing (see keys --help)";
  }
  return std::nullopt;
}

struct KeysFile {
  std::string text;
  std::vector<ApiKey> keys;
};

// The keys file, or an empty one when it does not exist yet (add creates
// it). A file that does not parse is an error: it is not ours to rewrite.
Result<KeysFile> read_keys(const std::string& path, bool may_be_missing) {
  if (may_be_missing && !std::filesystem::exists(path)) return KeysFile{};
  auto text = read_text_file(path);
  if (!text) return Error::invalid("--file", "--file " + path + ": " + text.error().message);
  auto keys = parse_keys(*text, path);
  if (!keys) return keys.error();
  return KeysFile{std::move(*text), std::move(*keys)};
}

// Writes next to the file, then renames: a reader (the server on SIGHUP)
// sees the old file or the new one, never half of one.
std::optional<std::string> write_file(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f || !(f << text) || !f.flush()) return "--file " + path + ": cannot write " + tmp;
  }
  ::chmod(tmp.c_str(), 0600);  // hashes only, but nobody else's business
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return "--file " + path + ": cannot replace it: " + ec.message();
  return std::nullopt;
}

std::optional<double> number(const std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::optional<std::string> add_key(const Options& o, std::ostream& out, std::ostream& err) {
  const std::string& path = o.values.at("--file");
  ApiKey key;
  key.name = o.values.at("--name");
  const std::string& scope = o.values.at("--scope");
  if (scope != "search" && scope != "admin") return "--scope: expected search or admin, got '" + scope + "'";
  key.scope = scope == "admin" ? KeyScope::admin : KeyScope::search;
  const auto rate = number(o.values.at("--rate"));
  if (!rate) return "--rate: not a number: '" + o.values.at("--rate") + "'";
  key.rate = *rate;
  // Default: one second's worth of requests at once.
  key.burst = std::max(1.0, std::ceil(key.rate));
  if (const auto b = o.values.find("--burst"); b != o.values.end()) {
    const auto burst = number(b->second);
    if (!burst) return "--burst: not a number: '" + b->second + "'";
    key.burst = *burst;
  }
  if (auto ok = validate_key(key); !ok) return "--" + ok.error().field + ": " + ok.error().message;
  auto file = read_keys(path, true);
  if (!file) return file.error().message;
  for (const auto& other : file->keys) {
    if (other.name == key.name) return "--name: a key named '" + key.name + "' is in " + path + " already";
  }
  const std::string secret = generate_key();
  key.digest = key_digest(secret);
  std::string updated = file->text.empty() ? kFileHeader : file->text;
  if (updated.back() != '\n') updated += '\n';
  if (auto failed = write_file(path, updated + key_line(key))) return failed;
  out << secret << "\n";
  err << "added " << scope_name(key.scope) << " key '" << key.name << "' to " << path
      << "; this is the only time the key is shown. A running server loads it on SIGHUP.\n";
  return std::nullopt;
}

std::optional<std::string> list_keys(const Options& o, std::ostream& out) {
  const std::string& path = o.values.at("--file");
  auto file = read_keys(path, false);
  if (!file) return file.error().message;
  for (const auto& key : file->keys) {
    out << key.name << " " << scope_name(key.scope) << " rate=" << key.rate
        << "/s burst=" << static_cast<long>(key.burst) << "\n";
  }
  return std::nullopt;
}

std::optional<std::string> remove_key(const Options& o, std::ostream& err) {
  const std::string& path = o.values.at("--file");
  const std::string& name = o.values.at("--name");
  auto file = read_keys(path, false);
  if (!file) return file.error().message;
  // Line by line, so comments and the other keys stay as they were.
  std::string kept;
  bool found = false;
  std::string_view rest = file->text;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    const std::string_view line = rest.substr(0, nl == std::string_view::npos ? rest.size() : nl + 1);
    rest.remove_prefix(line.size());
    auto parsed = parse_keys(line, path);
    if (parsed && parsed->size() == 1 && (*parsed)[0].name == name) {
      found = true;
    } else {
      kept += line;
    }
  }
  if (!found) return "--name: no key named '" + name + "' in " + path;
  if (auto failed = write_file(path, kept)) return failed;
  err << "removed key '" << name << "' from " << path << "; a running server drops it on SIGHUP.\n";
  return std::nullopt;
}

}  // namespace

std::string keys_usage() {
  return "usage: clause-server keys add --name NAME --scope search|admin --rate PER_SECOND\n"
         "                              [--burst N] --file FILE\n"
         "       clause-server keys list --file FILE\n"
         "       clause-server keys remove --name NAME --file FILE\n\n"
         "add prints the new key once (stdout) and stores only its SHA-256 in FILE.\n"
         "--burst defaults to the rate rounded up (one second's worth). A server\n"
         "started with --keys FILE reloads the file on SIGHUP.\n";
}

int run_keys_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h") {
    (args.empty() ? err : out) << keys_usage();
    return args.empty() ? 2 : 0;
  }
  Options o;
  o.command = args[0];
  std::optional<std::string> failed;
  if (o.command == "add") {
    failed = parse_options(args, {"--name", "--scope", "--rate", "--burst", "--file"}, o);
    if (!failed) failed = add_key(o, out, err);
  } else if (o.command == "list") {
    failed = parse_options(args, {"--file"}, o);
    if (!failed) failed = list_keys(o, out);
  } else if (o.command == "remove") {
    failed = parse_options(args, {"--name", "--file"}, o);
    if (!failed) failed = remove_key(o, err);
  } else {
    failed = "unknown keys command '" + o.command + "': add, list or remove";
  }
  if (!failed) return 0;
  err << "clause-server keys: " << *failed << "\n";
  return 2;
}

}  // namespace clause::server

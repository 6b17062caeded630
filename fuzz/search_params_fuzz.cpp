// Fuzzes request parameter parsing for every endpoint. The input is split
// into parameters the way a decoded query string arrives: '&' between
// parameters, the first '=' between name and value; the first byte picks
// the endpoint's parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/search_params.h"

using namespace clause::server;

namespace {

ParamMap split(std::string_view text) {
  ParamMap params;
  while (!text.empty()) {
    const auto amp = text.find('&');
    const std::string_view pair = text.substr(0, amp);
    const auto eq = pair.find('=');
    params.emplace(std::string(pair.substr(0, eq)),
                   eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
    if (amp == std::string_view::npos) break;
    text.remove_prefix(amp + 1);
  }
  return params;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const auto slash = rest.find('/');  // "slug/params" for the {slug} routes
  const std::string_view slug = rest.substr(0, slash);
  const ParamMap params = split(slash == std::string_view::npos ? rest : rest.substr(slash + 1));
  switch (data[0] % 5) {
    case 0: {
      auto r = parse_search(params);
      if (r && (r->page.limit > limits::kMaxLimit || r->page.offset > limits::kMaxOffset ||
                r->q.size() > limits::kMaxQueryBytes)) {
        __builtin_trap();  // a cap let through
      }
      break;
    }
    case 1: (void)parse_category(slug, params); break;
    case 2: (void)parse_platform(slug, params); break;
    case 3: (void)parse_compare(params); break;
    default: (void)parse_no_params(params); break;
  }
  return 0;
}

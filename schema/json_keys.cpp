#include "schema/json_keys.h"

#include <unordered_set>

namespace clause {

nlohmann::json parse_noting_repeated_key(std::string_view text, std::string& repeated, bool allow_exceptions) {
  repeated.clear();
  std::unordered_set<std::string> keys;
  const auto note = [&](int depth, nlohmann::json::parse_event_t event, nlohmann::json& parsed) {
    // Depth 1: the keys of the top-level object (a nested object's are its own).
    if (event == nlohmann::json::parse_event_t::key && depth == 1 && repeated.empty() && parsed.is_string()) {
      const auto& key = parsed.get_ref<const std::string&>();
      if (!keys.insert(key).second) repeated = key;
    }
    return true;
  };
  return nlohmann::json::parse(text, note, allow_exceptions);
}

}  // namespace clause

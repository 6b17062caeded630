// The pieces the OpenAPI document (server/openapi.h) is made of: parameter,
// schema and answer helpers, shared by the files that describe the routes
// (openapi_paths.cpp) and the answer shapes (openapi_schemas.cpp). Internal
// to server/openapi*.cpp.
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace clause::server::openapi {

using nlohmann::json;

// {"$ref": "#/components/schemas/NAME"}
json schema_ref(std::string_view name);

// Schemas of one value.
json whole_number(std::size_t min, std::size_t max, std::size_t fallback);
json one_of_strings(const std::vector<std::string>& values);
json nullable(json schema);  // the type widened with "null"

// Query parameters. `schema` carries type, range, enum and default.
json query_param(std::string_view name, json schema, std::string description, bool required = false);
// A filter that repeats and takes comma lists (platform=a&platform=b or
// platform=a,b): an array, sent exploded.
json list_param(std::string_view name, json item_schema, std::string description);
json path_param(std::string_view name, std::string description);

// The paging pair limit/offset: limit in min_limit..kMaxLimit, offset in
// 0..kMaxOffset, with their defaults.
std::vector<json> paging_params(std::size_t min_limit, std::string_view what);

// A 200 answer with a JSON body of this schema.
json json_answer(std::string description, json schema);
// A 200 answer with a body of another content type (a string schema).
json text_answer(std::string description, std::string_view content_type);

// One operation: summary, description, parameters and the 200 answer, plus
// the error answers every route can give (400, 413, 414, 431, 500, 503) and
// those in `more_errors` (e.g. 404), each the JSON error shape.
json operation(std::string summary, std::string description, std::vector<json> parameters, json ok,
               std::initializer_list<int> more_errors = {});

// Issue 18's reads (openapi_history.cpp): the as_of parameter, the history
// route, and their answer schemas (merged into answer_schemas()).
json as_of_param();
json history_operation();
json history_schemas();

// components.schemas and components.responses/headers of the document.
json answer_schemas();
json error_components();

// The change-record routes and answer shapes (openapi_changes.cpp).
json change_list_operation();
json change_feed_operation();
json change_operation();
json change_schemas();

// The API's paths (everything but the page's files and the documents about
// the API), path template -> method -> operation.
json api_paths();

}  // namespace clause::server::openapi

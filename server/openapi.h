// GET /openapi.json: the OpenAPI 3.1 description of every route, its
// parameters, request body, answer shapes and error answers.
//
// Generated, not hand-written: the parameter names, ranges and defaults come
// from search/requests.h (the constants the parsers use), the facet names
// from the layout's facet table, the error codes from error_code(), the
// page's files from web_assets(). What a generator cannot see (which route
// takes which parameter, which are required, the enum of a switch) is
// written beside it in openapi_paths.cpp, and tests/openapi_test.cpp checks
// that against the real handlers: every route of the route table described,
// every parameter a handler takes listed with the right type, range, enum,
// default and required-ness. A new route: one function in openapi_paths.cpp
// (and its answer shape in openapi_schemas.cpp); the test says when it is
// missing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace clause::server {

inline constexpr std::string_view kOpenApiPath = "/openapi.json";

// The document, naming `public_url` (Config::public_url) as its server.
nlohmann::json openapi_document(const std::string& public_url);

}  // namespace clause::server

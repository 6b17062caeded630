#include "server/compression.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "server/conditional.h"
#include "server/header_text.h"

namespace clause::server {
namespace {

// The weight of one element of the list ("gzip;q=0.5"): 1 without a q
// parameter, 0 when it is not a number in 0..1.
double weight_of(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semi = parameters.find(';');
    const std::string_view parameter = trim_spaces(parameters.substr(0, semi));
    parameters.remove_prefix(semi == std::string_view::npos ? parameters.size() : semi + 1);
    if (parameter.size() < 2 || std::tolower(static_cast<unsigned char>(parameter[0])) != 'q' ||
        parameter[1] != '=') {
      continue;
    }
    const std::string value(trim_spaces(parameter.substr(2)));
    char* end = nullptr;
    const double q = std::strtod(value.c_str(), &end);
    if (value.empty() || end != value.c_str() + value.size() || !(q >= 0.0 && q <= 1.0)) return 0.0;
    return q;
  }
  return 1.0;
}

bool is_text_type(std::string_view type) {
  const auto has = [&](std::string_view part) {
    return std::search(type.begin(), type.end(), part.begin(), part.end(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == y;
           }) != type.end();
  };
  return type.substr(0, 5) == "text/" || has("json") || has("xml") || has("javascript");
}

// Adds `token` to the response's Vary header (one header, a comma list).
void add_vary(ApiResponse& response, std::string_view token) {
  std::string* vary = find_header(response.headers, "Vary");
  if (vary == nullptr) {
    response.headers.emplace_back("Vary", std::string(token));
  } else if (vary->find(token) == std::string::npos) {
    *vary += ", " + std::string(token);
  }
}

// One deflate stream per thread, reset for each answer: making one
// allocates and clears a quarter of a megabyte, a reset much less.
class Deflater {
 public:
  Deflater() {
    // 15 + 16: a window of 2^15 bytes, with the gzip header and trailer.
    ready_ = deflateInit2(&stream_, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
  }
  ~Deflater() {
    if (ready_) deflateEnd(&stream_);
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  std::string pack(std::string_view data) {
    if (!ready_ || deflateReset(&stream_) != Z_OK) return {};
    std::string out(deflateBound(&stream_, static_cast<uLong>(data.size())), '\0');
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
    stream_.next_out = reinterpret_cast<Bytef*>(out.data());
    stream_.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream_, Z_FINISH);
    out.resize(stream_.total_out);
    return status == Z_STREAM_END ? out : std::string();
  }

 private:
  z_stream stream_{};
  bool ready_ = false;
};

// The tag of the gzip form: other bytes, another tag.
void tag_as_gzipped(ApiResponse& response) {
  if (std::string* etag = find_header(response.headers, "ETag")) *etag = gzipped_tag(*etag);
}

// A compressible answer (see compressible()) as a client that does or does
// not accept gzip gets it.
void encode_compressible(ApiResponse& response, bool accepted) {
  add_vary(response, "Accept-Encoding");
  if (!accepted) return;
  std::string packed = gzip(response.body);
  if (packed.empty() || packed.size() >= response.body.size()) return;
  response.body = std::move(packed);
  response.headers.emplace_back("Content-Encoding", "gzip");
  tag_as_gzipped(response);
}

}  // namespace

bool accepts_gzip(std::string_view accept_encoding) {
  double gzip_weight = -1, any_weight = -1;
  any_list_element(accept_encoding, [&](std::string_view element) {
    const auto semi = element.find(';');
    const std::string_view coding = trim_spaces(element.substr(0, semi));
    const double weight = semi == std::string_view::npos ? 1.0 : weight_of(element.substr(semi + 1));
    if (same_ignoring_case(coding, "gzip") || same_ignoring_case(coding, "x-gzip")) {
      gzip_weight = std::max(gzip_weight, weight);
    }
    if (coding == "*") any_weight = std::max(any_weight, weight);
    return false;  // every element counts
  });
  return gzip_weight >= 0 ? gzip_weight > 0 : any_weight > 0;
}

bool compressible(const ApiResponse& response, std::size_t min_bytes) {
  return min_bytes > 0 && response.body.size() >= min_bytes && response.status >= 200 &&
         response.status != 204 && response.status != 304 && is_text_type(response.content_type) &&
         find_header(response.headers, "Content-Encoding") == nullptr;
}

std::string gzip(std::string_view data) {
  thread_local Deflater deflater;
  return deflater.pack(data);
}

void encode_for_client(ApiResponse& response, bool accepted, std::size_t min_bytes) {
  if (compressible(response, min_bytes)) encode_compressible(response, accepted);
}

void answer_for_client(ApiResponse& response, std::string_view method, std::string_view if_none_match,
                       bool accepted, std::size_t min_bytes) {
  // Decided on the 200's body, once: a 304 carries the Vary and tag of the
  // form the client would have got.
  if (!compressible(response, min_bytes)) {
    answer_not_modified(response, method, if_none_match);
    return;
  }
  if (!answer_not_modified(response, method, if_none_match)) return encode_compressible(response, accepted);
  add_vary(response, "Accept-Encoding");
  if (accepted) tag_as_gzipped(response);
}

}  // namespace clause::server

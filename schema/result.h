// Result<T>: a value or an Error, the one way the engine reports failure.
//
// The engine knows nothing of HTTP: an Error carries a kind, a message for
// people and the field or parameter it concerns. The HTTP layer maps kinds
// to status codes in one place.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace clause {

enum class ErrorKind {
  invalid_argument,  // the caller's input is wrong (a field, a parameter)
  not_found,         // an id or slug that does not exist
  too_large,         // an input past a size limit
  unavailable,       // the index cannot be opened or read right now
  internal,          // a bug or an unexpected failure
};

struct Error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
  std::string field;  // the offending field or parameter; empty when none

  static Error invalid(std::string field, std::string message) {
    return {ErrorKind::invalid_argument, std::move(message), std::move(field)};
  }
  static Error not_found(std::string message) {
    return {ErrorKind::not_found, std::move(message), {}};
  }
  // Naming what was not found: a path's parameter (`id`, `slug`) or a field.
  static Error not_found(std::string field, std::string message) {
    return {ErrorKind::not_found, std::move(message), std::move(field)};
  }
  static Error too_large(std::string field, std::string message) {
    return {ErrorKind::too_large, std::move(message), std::move(field)};
  }
  static Error unavailable(std::string message) {
    return {ErrorKind::unavailable, std::move(message), {}};
  }
  static Error internal(std::string message) {
    return {ErrorKind::internal, std::move(message), {}};
  }
};

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit on purpose
  Result(Error error) : state_(std::move(error)) {}    // NOLINT: implicit on purpose

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  const Error& error() const { return std::get<Error>(state_); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace clause

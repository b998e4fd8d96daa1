// result.h — a value or an error a person can act on.
//
// Core never throws across its API and never returns a silent default: a call
// that can fail returns Result<T, E>. Check ok() before value(); error() holds
// the reason. (std::expected is C++23; this is the part of it we need.)
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace veldwijzer {

template <class E> struct Failure { E error; };
template <class E> Failure<std::decay_t<E>> fail(E &&error) {
  return {std::forward<E>(error)};
}

template <class T, class E = std::string> class [[nodiscard]] Result {
public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  template <class F> Result(Failure<F> failure) : state_(std::in_place_index<1>, E(std::move(failure.error))) {}

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T &value() & { return std::get<0>(state_); }
  const T &value() const & { return std::get<0>(state_); }
  T &&value() && { return std::get<0>(std::move(state_)); }
  const E &error() const { return std::get<1>(state_); }

private:
  std::variant<T, E> state_;
};

} // namespace veldwijzer

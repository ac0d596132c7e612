#include "models/cni/env_config.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace ekssim::cni {

bool env_flag(const EnvConfig& env, std::string_view name, bool fallback) {
  const auto it = env.find(name);
  if (it == env.end()) return fallback;
  const std::string& v = it->second;
  if (v == "1" || v == "t" || v == "T" || v == "TRUE" || v == "true" || v == "True") return true;
  if (v == "0" || v == "f" || v == "F" || v == "FALSE" || v == "false" || v == "False") {
    return false;
  }
  return fallback;
}

std::optional<int> env_int(const EnvConfig& env, std::string_view name) {
  const auto it = env.find(name);
  if (it == env.end()) return std::nullopt;
  std::string_view text = it->second;
  // Atoi takes a leading '+', which std::from_chars does not.
  if (text.size() > 1 && text.front() == '+' && text[1] != '-') text.remove_prefix(1);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return static_cast<int>(std::clamp<int64_t>(value, INT32_MIN, INT32_MAX));
}

}  // namespace ekssim::cni

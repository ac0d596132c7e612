#include "models/cni/env_config.h"

#include <charconv>

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
  int value = 0;
  const std::string& text = it->second;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace ekssim::cni

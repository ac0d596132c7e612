#include "tools/scenario/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>

#include "tools/scenario/edit_distance.h"
#include "tools/scenario/map_reader.h"
#include "tools/scenario/quantity.h"

namespace ekssim::scenario {
namespace {

bool all_of(std::string_view s, int (*predicate)(int)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [&](char c) {
    return predicate(static_cast<unsigned char>(c)) != 0;
  });
}

bool is_decimal_integer(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  return all_of(s, isdigit);
}

// YAML 1.2 core schema floats plus YAML 1.1's sexagesimal-free forms: 1.5, .5, 1e3, .inf, .nan.
bool is_float(std::string_view s) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  static constexpr std::array<std::string_view, 6> kSpecial = {".inf", ".Inf", ".INF",
                                                               ".nan", ".NaN", ".NAN"};
  if (std::find(kSpecial.begin(), kSpecial.end(), s) != kSpecial.end()) return true;
  const size_t e = s.find_first_of("eE");
  std::string_view mantissa = s.substr(0, e);
  if (e != std::string_view::npos) {
    std::string_view exponent = s.substr(e + 1);
    if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.remove_prefix(1);
    if (!all_of(exponent, isdigit)) return false;
  }
  const size_t dot = mantissa.find('.');
  if (dot == std::string_view::npos)
    return e != std::string_view::npos && all_of(mantissa, isdigit);
  const std::string_view whole = mantissa.substr(0, dot);
  const std::string_view fraction = mantissa.substr(dot + 1);
  return (whole.empty() || all_of(whole, isdigit)) &&
         (fraction.empty() || all_of(fraction, isdigit)) && !(whole.empty() && fraction.empty());
}

bool is_yaml11_bool_or_null(std::string_view s) {
  static constexpr std::array<std::string_view, 26> kWords = {
      "true", "True", "TRUE", "false", "False", "FALSE", "yes",  "Yes", "YES",
      "no",   "No",   "NO",   "on",    "On",    "ON",    "off",  "Off", "OFF",
      "y",    "Y",    "n",    "N",     "~",     "null",  "Null", "NULL"};
  return s.empty() || std::find(kWords.begin(), kWords.end(), s) != kWords.end();
}

}  // namespace

std::string integer_expected(int64_t min, int64_t max) {
  if (max == std::numeric_limits<int64_t>::max())
    return fmt::format("an integer of at least {}", min);
  return fmt::format("an integer from {} to {}", min, max);
}

spec::Location location_of(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {};
  return {mark.line + 1, mark.column + 1};
}

std::string describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a map";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar: {
      std::string text = node.Scalar();
      if (text.size() > 60) {
        // Cut before a UTF-8 continuation byte never: a message must stay UTF-8 (JSON, XML).
        size_t cut = 57;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
          --cut;
        text = text.substr(0, cut) + "...";
      }
      return "'" + text + "'";
    }
    default:
      return "empty";
  }
}

bool has_tag(const YAML::Node& node, std::string_view core_type) {
  const std::string& tag = node.Tag();
  return tag.size() == kCoreTagPrefix.size() + core_type.size() &&
         tag.starts_with(kCoreTagPrefix) && tag.ends_with(core_type);
}

bool is_quoted(const YAML::Node& node) {
  if (!node.IsScalar()) return false;
  const std::string& tag = node.Tag();
  // "?": a plain scalar; "!": a quoted one; the core schema's int, float, bool and null tags ask
  // for what they name; any other tag (!!str, or an application's own) makes text.
  if (tag == "?") return false;
  return !(has_tag(node, "int") || has_tag(node, "float") || has_tag(node, "bool") ||
           has_tag(node, "null"));
}

bool plain_non_string(const YAML::Node& node) {
  if (!node.IsScalar()) return node.IsNull();
  if (is_quoted(node)) return false;
  if (node.Tag() != "?") return true;  // !!int, !!float, !!bool, !!null
  const std::string& s = node.Scalar();
  return is_decimal_integer(s) || is_float(s) || is_yaml11_bool_or_null(s) ||
         (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'o'));
}

void Reader::error(const YAML::Node& at, std::string message, std::string expected) {
  spec::Location where = location_of(at);
  if (at.IsNull()) {
    for (const auto& [node, key_location] : empty_values_) {
      if (node.is(at)) where = key_location;
    }
  }
  sink_.error(where, std::move(message), std::move(expected));
}

void Reader::warning(const YAML::Node& at, std::string message, std::string expected) {
  sink_.warning(location_of(at), std::move(message), std::move(expected));
}

void Reader::note_empty_value(const YAML::Node& value, spec::Location key_location) {
  empty_values_.emplace_back(value, key_location);
}

void Reader::error(spec::Location at, std::string message, std::string expected) {
  sink_.error(at, std::move(message), std::move(expected));
}

void Reader::warning(spec::Location at, std::string message, std::string expected) {
  sink_.warning(at, std::move(message), std::move(expected));
}

std::optional<std::string> Reader::text(const YAML::Node& node, std::string_view label,
                                        std::string_view expected) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    error(node, fmt::format("{} is {}", label, node.IsScalar() ? "empty" : describe(node)),
          std::string(expected));
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<std::string> Reader::k8s_string(const YAML::Node& node, std::string_view label) {
  if (node.IsScalar() && plain_non_string(node)) {
    error(node,
          fmt::format("{} is {}, which YAML reads as a number, boolean or null", label,
                      describe(node)),
          fmt::format("a string: write \"{}\" in quotes, as Kubernetes requires", node.Scalar()));
    return std::nullopt;
  }
  if (is_quoted(node)) return node.Scalar();  // "" is a valid value
  return text(node, label, "a string");
}

std::optional<int64_t> Reader::integer(const YAML::Node& node, std::string_view label, int64_t min,
                                       int64_t max) {
  const std::string expected = integer_expected(min, max);
  const bool may_be_integer = node.IsScalar() && (has_tag(node, "int") || node.Tag() == "?");
  if (!may_be_integer || !is_decimal_integer(node.Scalar())) {
    std::string found = describe(node);
    if (node.IsScalar() && node.Tag() == "!") found += " (in quotes, so text)";
    if (node.IsScalar() && node.Tag().size() > 1) {
      const std::string& tag = node.Tag();
      found += " (tagged " +
               (tag.starts_with(kCoreTagPrefix) ? "!!" + tag.substr(kCoreTagPrefix.size()) : tag) +
               ")";
    }
    error(node, fmt::format("{} is {}", label, found), expected);
    return std::nullopt;
  }
  // from_chars reports a value beyond int64 (19 digits and more, or −2^63's negation) instead of
  // overflowing; it takes a leading '-' but not '+'.
  const std::string& s = node.Scalar();
  const std::string_view digits = s[0] == '+' ? std::string_view(s).substr(1) : std::string_view(s);
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value < min || value > max) {
    error(node, fmt::format("{} {} is out of range", label, s), expected);
    return std::nullopt;
  }
  return value;
}

std::optional<double> Reader::probability(const YAML::Node& node, std::string_view label) {
  const std::string expected = "a probability from 0 to 1, such as 0.02";
  double value = 0;
  bool parsed = false;
  if (node.IsScalar() && !is_quoted(node)) {
    const std::string& s = node.Scalar();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    parsed = ec == std::errc() && end == s.data() + s.size();
  }
  if (!parsed) {
    error(node, fmt::format("{} is {}", label, describe(node)), expected);
    return std::nullopt;
  }
  if (!(value >= 0 && value <= 1)) {
    error(node, fmt::format("{} {} is out of range", label, node.Scalar()), expected);
    return std::nullopt;
  }
  return value;
}

std::optional<bool> Reader::boolean(const YAML::Node& node, std::string_view label) {
  if (node.IsScalar() && (has_tag(node, "bool") || node.Tag() == "?")) {
    const std::string& s = node.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  error(node, fmt::format("{} is {}", label, describe(node)), "true or false");
  return std::nullopt;
}

std::optional<sim::Duration> Reader::duration(const YAML::Node& node, std::string_view label) {
  if (node.IsScalar()) {
    if (auto d = sim::parse_duration(node.Scalar())) return d;
    if (is_decimal_integer(node.Scalar()) || is_float(node.Scalar())) {
      error(node, fmt::format("{} is {}, a number without a unit", label, describe(node)),
            std::string(kDurationExpected));
      return std::nullopt;
    }
  }
  error(node, fmt::format("{} is {}", label, describe(node)), std::string(kDurationExpected));
  return std::nullopt;
}

std::optional<net::Cidr> Reader::cidr(const YAML::Node& node, std::string_view label) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (auto c = net::Cidr::parse(s)) return c;
    // Name the block the user probably meant when only host bits are wrong.
    const size_t slash = s.find('/');
    if (slash != std::string::npos) {
      const auto address = net::Ipv4::parse(std::string_view(s).substr(0, slash));
      const std::string length = s.substr(slash + 1);
      if (address && all_of(length, isdigit) && length.size() <= 2 && std::stoi(length) <= 32) {
        const net::Cidr block = net::Cidr::of(*address, std::stoi(length));
        error(node, fmt::format("{} '{}' has host bits set", label, s),
              fmt::format("the network address, {}", block.to_string()));
        return std::nullopt;
      }
    }
  }
  error(node, fmt::format("{} is {}", label, describe(node)), std::string(kCidrExpected));
  return std::nullopt;
}

std::optional<net::Ipv4> Reader::ipv4(const YAML::Node& node, std::string_view label) {
  if (node.IsScalar()) {
    if (auto a = net::Ipv4::parse(node.Scalar())) return a;
  }
  error(node, fmt::format("{} is {}", label, describe(node)), std::string(kIpv4Expected));
  return std::nullopt;
}

std::optional<int64_t> Reader::cpu(const YAML::Node& node, std::string_view label) {
  if (node.IsScalar()) {
    if (auto v = parse_cpu_millis(node.Scalar())) return v;
  }
  error(node, fmt::format("{} is {}", label, describe(node)),
        "a CPU quantity such as 250m, 1 or 1.5 (at most 3 decimals)");
  return std::nullopt;
}

std::optional<int64_t> Reader::memory(const YAML::Node& node, std::string_view label) {
  if (node.IsScalar()) {
    if (auto v = parse_memory_bytes(node.Scalar())) return v;
  }
  error(node, fmt::format("{} is {}", label, describe(node)),
        "a memory quantity such as 256Mi, 1Gi, 1G or 500k");
  return std::nullopt;
}

std::optional<spec::Ref> Reader::ref(const YAML::Node& node, std::string_view label,
                                     std::string_view expected) {
  auto name = text(node, label, expected);
  if (!name) return std::nullopt;
  return spec::Ref{*name, location_of(node)};
}

std::optional<std::string> Reader::one_of(const YAML::Node& node, std::string_view label,
                                          const std::vector<std::string>& allowed) {
  const std::string expected = "one of: " + join_names(allowed);
  auto value = text(node, label, expected);
  if (!value) return std::nullopt;
  if (std::find(allowed.begin(), allowed.end(), *value) != allowed.end()) return value;
  error(node, fmt::format("unknown {} '{}'{}", label, *value, did_you_mean(*value, allowed)),
        expected);
  return std::nullopt;
}

std::optional<std::vector<YAML::Node>> Reader::list(const YAML::Node& node, std::string_view label,
                                                    std::string_view expected) {
  if (!node.IsSequence()) {
    error(node, fmt::format("{} is {}", label, describe(node)), std::string(expected));
    return std::nullopt;
  }
  std::vector<YAML::Node> items;
  for (const YAML::Node& item : node)
    items.push_back(item);
  return items;
}

std::vector<spec::Ref> Reader::refs(const YAML::Node& node, std::string_view label,
                                    std::string_view expected_item) {
  std::vector<spec::Ref> out;
  auto items = list(node, label, fmt::format("a list of {}s", expected_item));
  if (!items) return out;
  for (size_t i = 0; i < items->size(); ++i) {
    if (auto r = ref((*items)[i], fmt::format("{}[{}]", label, i), expected_item)) {
      out.push_back(std::move(*r));
    }
  }
  return out;
}

std::map<std::string, std::string> Reader::string_map(
    const YAML::Node& node, std::string_view label,
    std::map<std::string, spec::Location>* locations) {
  std::map<std::string, std::string> out;
  if (!node.IsMap()) {
    error(node, fmt::format("{} is {}", label, describe(node)),
          "a map of strings such as {app: web}");
    return out;
  }
  MapReader map(*this, node, std::string(label), std::string(label));
  for (const MapReader::Entry& e : map.entries()) {
    if (auto v = k8s_string(e.value, e.key)) {
      out[e.key] = *v;
      if (locations) (*locations)[e.key] = location_of(e.value);
    }
  }
  return out;
}

}  // namespace ekssim::scenario

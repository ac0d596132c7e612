#include "models/dns/resolver_options.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

namespace ekssim::dns {

namespace {

// glibc's caps (resolv/resolv.h RES_MAXNDOTS, RES_MAXRETRANS, RES_MAXRETRY).
constexpr int kGlibcMaxNdots = 15;
constexpr int kGlibcMaxTimeout = 30;
constexpr int kGlibcMaxAttempts = 5;

// strtol(text, NULL, 10) on LP64, then stored in an int as res_setoptions does: an optional sign,
// the leading digits, 0 when there are none; saturated at LONG_MAX/LONG_MIN, then cut to 32 bits.
int32_t c_strtol_to_int(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  int64_t value = 0;
  bool saturated = false;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    const int digit = text[i] - '0';
    if (value > (std::numeric_limits<int64_t>::max() - digit) / 10) {
      saturated = true;
      break;
    }
    value = value * 10 + digit;
  }
  if (saturated) {
    value = negative ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
  } else if (negative) {
    value = -value;
  }
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(value)));
}

// Go's dtoi: the leading decimal digits (no sign), capped at big (0xFFFFFF); 0 without any.
int go_dtoi(std::string_view text) {
  constexpr int kBig = 0xFFFFFF;
  int value = 0;
  for (size_t i = 0; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    value = value * 10 + (text[i] - '0');
    if (value >= kBig) return kBig;
  }
  return value;
}

// The flags res_setoptions knows, in its table's order: the first whose letters begin the
// option wins, so "single-request-reopen" is looked for before "single-request".
enum class Flag { kRotate, kEdns0, kSingleRequestReopen, kSingleRequest, kOther };
struct GlibcFlag {
  std::string_view name;
  Flag flag;
};
constexpr std::array<GlibcFlag, 11> kGlibcFlags = {{
    {"rotate", Flag::kRotate},
    {"edns0", Flag::kEdns0},
    {"single-request-reopen", Flag::kSingleRequestReopen},
    {"single-request", Flag::kSingleRequest},
    {"no_tld_query", Flag::kOther},
    {"no-tld-query", Flag::kOther},
    {"no-reload", Flag::kOther},
    {"use-vc", Flag::kOther},
    {"trust-ad", Flag::kOther},
    {"no-aaaa", Flag::kOther},
    {"strict-error", Flag::kOther},
}};

const GlibcFlag* glibc_flag(std::string_view option) {
  for (const GlibcFlag& f : kGlibcFlags) {
    if (option.starts_with(f.name)) return &f;
  }
  return nullptr;
}

// The flag options Go's dnsReadConfig matches whole.
constexpr std::array<std::string_view, 9> kGoFlags = {
    "rotate", "single-request", "single-request-reopen", "use-vc", "usevc", "tcp", "trust-ad",
    "edns0",  "no-reload"};

bool go_knows(std::string_view option) {
  return std::find(kGoFlags.begin(), kGoFlags.end(), option) != kGoFlags.end();
}

// Each resolver's reading of one numeric option.
struct NumericReading {
  std::string_view name;
  int glibc = 0;
  int go = 0;
};

NumericReading read_numeric(std::string_view name, std::string_view digits) {
  const int32_t c = c_strtol_to_int(digits);
  const int go = go_dtoi(digits);
  if (name == "ndots") {
    // Stored in an unsigned int, then in the 4-bit field: a negative value keeps its low bits.
    const int glibc =
        c <= kGlibcMaxNdots ? static_cast<int>(static_cast<uint32_t>(c) & 0xF) : kGlibcMaxNdots;
    return {name, glibc, std::clamp(go, 0, 15)};
  }
  if (name == "timeout") {
    // send_dg waits at least 1 s.
    const int glibc = std::clamp<int32_t>(c, 1, kGlibcMaxTimeout);
    return {name, glibc, std::max(go, 1)};
  }
  // attempts: the try loop runs `retry` times, none when it is 0 or less.
  const int glibc = std::clamp<int32_t>(c, 0, kGlibcMaxAttempts);
  return {name, glibc, std::max(go, 1)};
}

std::optional<std::pair<std::string_view, std::string_view>> split_numeric(
    std::string_view option) {
  for (const std::string_view name : {"ndots", "timeout", "attempts"}) {
    if (option.size() > name.size() && option.starts_with(name) && option[name.size()] == ':') {
      return std::pair(name, option.substr(name.size() + 1));
    }
  }
  // "ndots:" with nothing after it is still the option, read as 0.
  for (const std::string_view name : {"ndots", "timeout", "attempts"}) {
    if (option.size() == name.size() + 1 && option.starts_with(name) && option.back() == ':') {
      return std::pair(name, std::string_view());
    }
  }
  return std::nullopt;
}

void apply_numeric(ResolverOptions& options, std::string_view name, int value) {
  if (name == "ndots") {
    options.ndots = value;
  } else if (name == "timeout") {
    options.timeout = sim::Duration::seconds(value);
  } else {
    options.attempts = value;
  }
}

bool is_plain_number(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string expected_range(std::string_view name) {
  if (name == "ndots") return "an integer from 0 to 15";
  if (name == "timeout") return "an integer from 1 to 30 (seconds)";
  return "an integer from 1 to 5";
}

std::string glibc_consequence(const NumericReading& r) {
  if (r.name == "attempts" && r.glibc == 0) {
    return "glibc sends no query at all: every lookup fails at once with \"Temporary failure in "
           "name resolution\"";
  }
  if (r.name == "timeout") return fmt::format("glibc waits {} s", r.glibc);
  return fmt::format("glibc takes {}", r.glibc);
}

}  // namespace

ResolverOptions glibc_resolver_options(std::span<const std::string> options) {
  ResolverOptions result;
  for (const std::string& text : options) {
    std::string_view option = text;
    if (const auto numeric = split_numeric(option)) {
      apply_numeric(result, numeric->first, read_numeric(numeric->first, numeric->second).glibc);
      continue;
    }
    // res_setoptions compares "ndots:" and the others before it looks for a '-'.
    if (option.starts_with("ndots:") || option.starts_with("timeout:") ||
        option.starts_with("attempts:")) {
      continue;
    }
    const bool clear = option.starts_with('-');
    if (clear) option.remove_prefix(1);
    const GlibcFlag* flag = glibc_flag(option);
    if (flag == nullptr) continue;
    switch (flag->flag) {
      case Flag::kRotate:
        result.rotate = !clear;
        break;
      case Flag::kEdns0:
        result.edns0 = !clear;
        break;
      case Flag::kSingleRequestReopen:
        result.single_request_reopen = !clear;
        break;
      case Flag::kSingleRequest:
        result.single_request = !clear;
        break;
      case Flag::kOther:
        break;
    }
  }
  return result;
}

ResolverOptions go_resolver_options(std::span<const std::string> options) {
  ResolverOptions result;
  for (const std::string& text : options) {
    const std::string_view option = text;
    if (const auto numeric = split_numeric(option)) {
      apply_numeric(result, numeric->first, read_numeric(numeric->first, numeric->second).go);
    } else if (option == "rotate") {
      result.rotate = true;
    } else if (option == "single-request" || option == "single-request-reopen") {
      result.single_request = true;
    }
  }
  return result;
}

std::optional<OptionSurprise> option_surprise(std::string_view name,
                                              std::optional<std::string_view> value) {
  const bool numeric = name == "ndots" || name == "timeout" || name == "attempts";
  if (numeric && !value) {
    return OptionSurprise{
        fmt::format("dnsConfig option {} has no value: resolv.conf gets \"{}\", which glibc and "
                    "Go ignore (they look for \"{}:\")",
                    name, name, name),
        expected_range(name)};
  }
  if (numeric) {
    const NumericReading r = read_numeric(name, *value);
    const int written =
        is_plain_number(*value) && value->size() <= 9 ? std::stoi(std::string(*value)) : -1;
    if (written == r.glibc && written == r.go) return std::nullopt;
    const std::string reading =
        written < 0 ? fmt::format("\"{}\" is not a whole number of at most 9 digits", *value)
                    : fmt::format("{} is out of range", *value);
    return OptionSurprise{fmt::format("dnsConfig option {}:{}: {}; {} (resolv/res_init.c reads "
                                      "it with strtol), Go's resolver takes {}",
                                      name, *value, reading, glibc_consequence(r), r.go),
                          expected_range(name)};
  }
  const std::string option = value ? fmt::format("{}:{}", name, *value) : std::string(name);
  const GlibcFlag* flag = glibc_flag(option);
  if (flag != nullptr && flag->name == option) {
    // glibc's own flags Go does not read (no-tld-query, no-aaaa …) are used as written.
    return std::nullopt;
  }
  if (flag == nullptr && go_knows(option)) return std::nullopt;  // Go's spellings (usevc, tcp)
  std::string problem;
  const GlibcFlag* cleared = option.starts_with('-') ? glibc_flag(option.substr(1)) : nullptr;
  if (cleared != nullptr && cleared->name == option.substr(1)) {
    problem = fmt::format(
        "dnsConfig option \"{}\" clears {} only in glibc 2.41 and later (res_setoptions); older "
        "glibc and Go's resolver ignore it",
        option, cleared->name);
  } else if (flag != nullptr) {
    problem = fmt::format(
        "dnsConfig option \"{}\" is not an option as written: glibc sets {} (res_setoptions "
        "compares only an option's first letters){}",
        option, flag->name, go_knows(option) ? "" : "; Go's resolver ignores it");
  } else {
    problem = fmt::format(
        "dnsConfig option \"{}\" is not an option glibc or Go knows; both ignore it", option);
  }
  return OptionSurprise{problem,
                        "ndots:N, timeout:N, attempts:N, rotate, single-request, "
                        "single-request-reopen, edns0, use-vc, trust-ad, no-tld-query, no-aaaa"};
}

}  // namespace ekssim::dns

#pragma once
// The "options" line of a resolv.conf as each stub resolver reads it. The two parsers disagree
// on values a pod's dnsConfig can carry, and neither reports a value it cannot use:
//
// - glibc (resolv/res_init.c res_setoptions): an option is recognised by its first letters
//   (strncmp), "ndots:", "timeout:" and "attempts:" are read with strtol (no error check, so
//   "ndots:x" is 0 and "attempts:2s" is 2) and capped above only: ndots at RES_MAXNDOTS 15,
//   timeout at RES_MAXRETRANS 30, attempts at RES_MAXRETRY 5. There is no lower bound: ndots is
//   kept in a 4-bit field of struct __res_state (resolv/bits/types/res_state.h), so a negative
//   value wraps ("ndots:-1" is 15); a timeout of 0 or less becomes send_dg's minimum wait of
//   1 s (res_send.c); attempts of 0 or less runs __res_context_send's try loop zero times, so no
//   query is sent and every lookup fails at once with ECONNREFUSED ("Temporary failure in name
//   resolution"). A leading '-' clears a flag option (glibc 2.41: "-rotate").
// - Go (net/dnsconfig_unix.go dnsReadConfig): options are matched whole (a flag with a value is
//   unknown and ignored), numbers read with dtoi (leading digits; no sign, so "-1" is 0):
//   ndots clamped to 0..15, timeout and attempts raised to at least 1 with no upper bound;
//   "single-request" and "single-request-reopen" both set singleRequest.

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sim/time.h"

namespace ekssim::dns {

struct ResolverOptions {
  int ndots = 1;
  sim::Duration timeout = sim::Duration::seconds(5);  // per try and nameserver (RES_TIMEOUT)
  int attempts = 2;             // tries per nameserver (RES_DFLRETRY); glibc: 0 sends nothing
  bool rotate = false;          // start each query at the next nameserver (RES_ROTATE)
  bool single_request = false;  // A, then AAAA once A is answered
  bool single_request_reopen = false;  // the same on a new socket
  // glibc only: `options edns0` (RES_USE_EDNS0) puts an OPT record advertising 1200 bytes in
  // every query (message_size.h). Go sends one always and ignores the option.
  bool edns0 = false;

  bool operator==(const ResolverOptions&) const = default;
};

// The options as glibc's res_setoptions leaves them, each entry an option as resolv.conf writes
// it ("ndots:5", "rotate"); later entries win.
ResolverOptions glibc_resolver_options(std::span<const std::string> options);
// The options as Go's dnsReadConfig leaves them.
ResolverOptions go_resolver_options(std::span<const std::string> options);

// An option of a pod's dnsConfig (name, and value after the ':') that a resolver would not use
// as written: what glibc and Go make of it, for a located warning. nullopt when both read it as
// written.
struct OptionSurprise {
  std::string problem;
  std::string expected;
};
std::optional<OptionSurprise> option_surprise(std::string_view name,
                                              std::optional<std::string_view> value);

}  // namespace ekssim::dns

#pragma once
// What the DNS models report, as trace events. One DnsLookupFailed per failed lookup of a pod
// (an application's getaddrinfo or dig), with the message the application prints and the root
// cause down to the dropping rule; traffic aggregated across pods reports counts instead.

#include <string_view>

#include "sim/trace.h"

namespace ekssim::dns {

struct DnsLookupFailed {
  static constexpr std::string_view kKind = "DnsLookupFailed";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view name;     // the name the application asked for
  std::string_view reason;   // a stable code: DnsTimeout, DnsRefused, DnsServfail, DnsNxdomain
  std::string_view message;  // ";; connection timed out; no servers could be reached", …
  std::string_view cause;    // the root cause in one line
  std::string_view fix;
  sim::Duration elapsed;     // how long the application waited
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("name", name);
    w.text("reason", reason);
    w.text("message", message);
    w.text("cause", cause);
    w.text("fix", fix);
    w.duration("elapsed", elapsed);
  }
};

// Only for the pods a run traces (ekssim run --trace-pod): one per resolved lookup, at the time
// the answer arrived.
struct DnsLookupSucceeded {
  static constexpr std::string_view kKind = "DnsLookupSucceeded";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view name;
  int64_t queries;  // queries sent, search-path expansion included
  sim::Duration elapsed;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("name", name);
    w.integer("queries", queries);
    w.duration("elapsed", elapsed);
  }
};

}  // namespace ekssim::dns

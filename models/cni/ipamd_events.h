#pragma once
// What ipamd reports, as trace events. IpamdAssignFailed carries the root cause of a pod's
// "failed to assign an IP address to container"; the report joins it with the kubelet's
// FailedCreatePodSandBox event for the same pod.

#include <string_view>

#include "sim/trace.h"

namespace ekssim::cni {

// ipamd's init failed and the aws-node container exits (it restarts with CrashLoopBackOff).
struct IpamdInitFailed {
  static constexpr std::string_view kKind = "IpamdInitFailed";
  std::string_view node;
  std::string_view log;    // the aws-node log line
  std::string_view cause;  // one line
  std::string_view fix;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("log", log);
    w.text("cause", cause);
    w.text("fix", fix);
  }
};

// ipamd is up and the CNI config is installed: the node's network is ready.
struct IpamdReady {
  static constexpr std::string_view kKind = "IpamdReady";
  std::string_view node;
  int64_t ips_total;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.integer("ipsTotal", ips_total);
  }
};

struct IpamdAssignFailed {
  static constexpr std::string_view kKind = "IpamdAssignFailed";
  std::string_view node;
  std::string_view ns;
  std::string_view pod;
  std::string_view reason;  // a stable code: EniLimitReached, SubnetExhausted, …
  std::string_view cause;
  std::string_view fix;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("reason", reason);
    w.text("cause", cause);
    w.text("fix", fix);
  }
};

struct PodIpAssigned {
  static constexpr std::string_view kKind = "PodIpAssigned";
  std::string_view node;
  std::string_view ns;
  std::string_view pod;
  std::string_view ip;
  std::string_view eni;
  int64_t ips_assigned;  // the node's assigned addresses after this one
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("ip", ip);
    w.text("eni", eni);
    w.integer("ipsAssigned", ips_assigned);
  }
};

struct PodIpReleased {
  static constexpr std::string_view kKind = "PodIpReleased";
  std::string_view node;
  std::string_view ip;
  int64_t ips_assigned;  // the node's assigned addresses after the release
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("ip", ip);
    w.integer("ipsAssigned", ips_assigned);
  }
};

// A change of the warm pool: ENIs attached or freed, addresses added or released.
struct IpamdPoolChanged {
  static constexpr std::string_view kKind = "IpamdPoolChanged";
  std::string_view node;
  std::string_view what;  // "eni attached", "ips assigned", "ips released", "eni freed"
  int64_t enis;
  int64_t ips_total;
  int64_t ips_assigned;
  // The warm-pool rule and its arithmetic behind the change (warm_pool_reason.h):
  // "WARM_IP_TARGET 5: 3 available of 9, short 2 → asks EC2 for 2 addresses on an attached ENI".
  std::string_view why;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("what", what);
    w.integer("enis", enis);
    w.integer("ipsTotal", ips_total);
    w.integer("ipsAssigned", ips_assigned);
    w.text("why", why);
  }
};

}  // namespace ekssim::cni

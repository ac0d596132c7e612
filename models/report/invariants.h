#pragma once
// Invariant checkers that every run subscribes to the trace: a broken one is a bug in ekssim, not
// a modelled failure, so it stops the run through sim::Kernel::fail (an InvariantViolation naming
// the virtual time, the event number and the checker).
//
// Built in: no IPv4 address is held by two live pods at once. A pod holds an address from its
// PodIpAssigned until the PodIpReleased of that address on its node or the pod's PodDeleted,
// whichever comes first (a terminated node's ipamd releases nothing; its pods are deleted).
// ipamd answering a repeated ADD for the same pod with the address it already holds is allowed
// (aws/amazon-vpc-cni-k8s, pkg/ipamd/datastore, `AssignPodIPv4Address` returns the existing
// assignment for a known sandbox).
//
// Hook: state checks owned by the composition root (a subnet's used + free = usable, ENIs and
// addresses per ENI within the instance type's limits), run by check_state() — at the end of a
// run, and every period after check_state_every().

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sim/kernel.h"
#include "sim/time.h"
#include "sim/timer.h"
#include "sim/trace.h"

namespace ekssim::report {

class InvariantCheckers {
 public:
  // The component name a double assignment is reported under.
  static constexpr std::string_view kPodAddresses = "pod address checker";

  // Subscribes to the trace; must outlive every later emit on it.
  InvariantCheckers(sim::Kernel& kernel, sim::Trace& trace);
  InvariantCheckers(const InvariantCheckers&) = delete;
  InvariantCheckers& operator=(const InvariantCheckers&) = delete;

  // A state check returns an empty string when it holds, else what is wrong in one line; a broken
  // one fails the run under `component`.
  using StateCheck = std::function<std::string()>;
  void add_state_check(std::string component, StateCheck check);
  // Runs every state check in the order added; fails on the first broken one.
  void check_state() const;
  // Also runs them every `period` of virtual time, the first time one period from now.
  void check_state_every(sim::Duration period);

  // Addresses held by live pods now.
  size_t addresses_held() const { return holders_.size(); }

 private:
  struct Holder {
    std::string pod;  // "namespace/name"
    std::string node;
  };
  struct NamedCheck {
    std::string component;
    StateCheck check;
  };
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  template <typename V>
  using NameMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

  void assigned(std::string_view ns, std::string_view pod, std::string_view node,
                std::string_view ip);
  void released(std::string_view node, std::string_view ip);
  void pod_deleted(std::string_view ns, std::string_view pod);

  sim::Kernel& kernel_;
  std::string key_;  // scratch for "namespace/name"
  // Lookup only, never iterated.
  NameMap<Holder> holders_;                        // address -> its live pod
  NameMap<std::vector<std::string>> held_by_pod_;  // "namespace/name" -> its addresses
  std::vector<NamedCheck> state_checks_;
  std::unique_ptr<sim::PeriodicTimer> periodic_;
};

}  // namespace ekssim::report

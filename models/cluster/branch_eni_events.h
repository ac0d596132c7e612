#pragma once
// What the VPC resource controller does for Security Groups for Pods, as trace events: a node's
// trunk ENI and its pod-eni capacity, each pod's branch ENI, and the failures on the way
// (aws/amazon-vpc-resource-controller-k8s pkg/provider/branch: the node events
// NodeTrunkInitiated / NodeTrunkFailedInitialization, the pod events SecurityGroupRequested and
// BranchAllocationFailed).

#include <string_view>

#include "sim/trace.h"

namespace ekssim::cluster {

struct TrunkEniAttached {
  static constexpr std::string_view kKind = "TrunkEniAttached";
  std::string_view node;
  std::string_view eni;
  int64_t device_index;
  int64_t pod_eni_capacity;  // the vpc.amazonaws.com/pod-eni the node now advertises
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("eni", eni);
    w.integer("deviceIndex", device_index);
    w.integer("podEniCapacity", pod_eni_capacity);
  }
};

struct TrunkEniFailed {
  static constexpr std::string_view kKind = "TrunkEniFailed";
  std::string_view node;
  std::string_view message;  // the node event's text
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("message", message);
  }
};

struct BranchEniAssociated {
  static constexpr std::string_view kKind = "BranchEniAssociated";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view eni;
  std::string_view ip;
  int64_t vlan;
  std::string_view security_groups;  // "payments, shared", the pod's groups
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("eni", eni);
    w.text("ip", ip);
    w.integer("vlan", vlan);
    w.text("securityGroups", security_groups);
  }
};

struct BranchEniFailed {
  static constexpr std::string_view kKind = "BranchEniFailed";
  std::string_view ns;
  std::string_view pod;
  std::string_view node;
  std::string_view message;
  void write(sim::FieldWriter& w) const {
    w.text("namespace", ns);
    w.text("pod", pod);
    w.text("node", node);
    w.text("message", message);
  }
};

struct BranchEniDeleted {
  static constexpr std::string_view kKind = "BranchEniDeleted";
  std::string_view node;
  std::string_view eni;
  void write(sim::FieldWriter& w) const {
    w.text("node", node);
    w.text("eni", eni);
  }
};

}  // namespace ekssim::cluster

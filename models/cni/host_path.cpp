#include "models/cni/host_path.h"

#include <fmt/format.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "models/vpc/describe.h"
#include "sim/invariant.h"

namespace ekssim::cni {

using net::Action;
using net::Component;
using net::Hop;
using net::Leg;

namespace {

enum class Origin : uint8_t { kPod, kHost };

bool on_node(const NodeHost& node, vpc::EniId eni) {
  for (vpc::EniId own : node.enis) {
    if (own == eni) return true;
  }
  return false;
}

bool is_branch(const NodeHost& node, vpc::EniId eni) {
  for (vpc::EniId own : node.branches) {
    if (own == eni) return true;
  }
  return false;
}

// Delivery on the node itself, if `dst` is one of its addresses. A branch-ENI pod of the node is
// local only in standard mode: in strict mode its packets come in over its branch.
std::optional<HostRoute> local_route(const vpc::Vpc& vpc, const NodeHost& node, net::Ipv4 dst,
                                     bool strict_pod_groups) {
  const std::optional<vpc::EniId> owner = vpc.owner_of(dst);
  if (!owner) return std::nullopt;
  if (is_branch(node, *owner)) {
    return strict_pod_groups ? std::nullopt : std::optional(HostRoute::kLocalPod);
  }
  if (!on_node(node, *owner)) return std::nullopt;
  return vpc.eni(*owner).primary_ip == dst ? HostRoute::kHostLocal : HostRoute::kLocalPod;
}

// The ENI holding a pod's address; throws unless it is a secondary or prefix address of the node,
// or the address of one of its pods' branch ENIs.
vpc::EniId pod_eni(const vpc::Vpc& vpc, const NodeHost& node, net::Ipv4 pod_ip) {
  const std::optional<vpc::EniId> owner = vpc.owner_of(pod_ip);
  if (owner && is_branch(node, *owner) && vpc.eni(*owner).primary_ip == pod_ip) return *owner;
  if (!owner || !on_node(node, *owner) || vpc.eni(*owner).primary_ip == pod_ip) {
    throw sim::ComponentFailure("cni/host-path", fmt::format("{} is not a pod address of node {}",
                                                             pod_ip.to_string(), node.name));
  }
  return *owner;
}

std::string node_label(const NodeHost& node) {
  return fmt::format("node {}", node.name);
}

// The hops of one evaluation's host part, collected only when tracing.
class HostTrace {
 public:
  explicit HostTrace(bool on) : on_(on) {}
  bool on() const { return on_; }
  void add(Hop hop) {
    if (on_) hops_.push_back(std::move(hop));
  }
  // The host's hops first, then `verdict`'s own.
  net::Verdict prepend_to(net::Verdict verdict) {
    if (!on_) return verdict;
    hops_.insert(hops_.end(), std::make_move_iterator(verdict.hops.begin()),
                 std::make_move_iterator(verdict.hops.end()));
    verdict.hops = std::move(hops_);
    return verdict;
  }

 private:
  bool on_;
  std::vector<Hop> hops_;
};

// kube-proxy's step; returns the verdict when it ends the path, else rewrites `flow`.
std::optional<net::Verdict> apply_services(const HostPathContext& context, const NodeHost& node,
                                           Origin origin, net::Flow& flow, HostTrace& trace) {
  if (!context.services || !*context.services || !flow.protocol.has_ports()) return std::nullopt;
  const ServiceLookup lookup = (*context.services)(flow.dst, flow.dst_port, flow.protocol);
  switch (lookup.kind) {
    case ServiceLookup::Kind::kNotAService:
      return std::nullopt;
    case ServiceLookup::Kind::kEndpoint:
      if (trace.on()) {
        trace.add(
            Hop(Leg::kRequest, Component::kKubeProxy, std::string(lookup.service),
                fmt::format("{}, nat {}", node_label(node),
                            origin == Origin::kPod ? "PREROUTING" : "OUTPUT"),
                std::nullopt, Action::kForwarded,
                fmt::format("DNAT {}:{} to endpoint {}:{}", flow.dst.to_string(), flow.dst_port,
                            lookup.endpoint_ip.to_string(), lookup.endpoint_port)));
      }
      flow.dst = lookup.endpoint_ip;
      flow.dst_port = lookup.endpoint_port;
      return std::nullopt;
    case ServiceLookup::Kind::kReject:
    case ServiceLookup::Kind::kDrop:
      break;
  }
  const bool reject = lookup.kind == ServiceLookup::Kind::kReject;
  net::Verdict verdict;
  verdict.disposition = net::Disposition::kDeniedOut;
  verdict.reason = reject ? net::Reason::kKubeProxyReject : net::Reason::kKubeProxyDrop;
  verdict.blocker = net::ComponentRef{Component::kKubeProxy, lookup.service_index};
  if (trace.on()) {
    const std::string service(lookup.service);
    trace.add(Hop(Leg::kRequest, Component::kKubeProxy, service,
                  fmt::format("{}, filter KUBE-SERVICES", node_label(node)), std::nullopt,
                  Action::kDenied,
                  reject ? fmt::format("REJECT {}:{}: {} has no endpoints, so the client gets ICMP "
                                       "port unreachable (connection refused) at once",
                                       flow.dst.to_string(), flow.dst_port, service)
                         : fmt::format("DROP {}:{}: {} has no local endpoints, so the packet is "
                                       "dropped and the client times out",
                                       flow.dst.to_string(), flow.dst_port, service)));
    verdict.fix = net::Fix{
        Component::kKubeProxy, service,
        reject ? fmt::format("make an endpoint of {} ready (scale up or fix its pods)", service)
               : fmt::format("run an endpoint of {} on node {}, or set its internalTrafficPolicy "
                             "to Cluster",
                             service, node.name)};
  }
  return trace.prepend_to(std::move(verdict));
}

net::Verdict delivered_on_node(const vpc::Vpc& vpc, const NodeHost& node, HostRoute route,
                               const net::Flow& flow, HostTrace& trace) {
  if (trace.on()) {
    const vpc::Eni& holder = vpc.eni(*vpc.owner_of(flow.dst));
    const std::string where = vpc::describe_eni(holder);
    if (route == HostRoute::kLocalPod) {
      trace.add(Hop(Leg::kRequest, Component::kVeth, "", node_label(node), std::nullopt,
                    Action::kArrived,
                    fmt::format("{} is a pod on this node ({} of {}): ip rule 512 sends it to its "
                                "veth through the main table; no ENI, security group or network "
                                "ACL sees it",
                                flow.dst.to_string(), holder.describe_address(flow.dst), where)));
    } else {
      trace.add(Hop(Leg::kRequest, Component::kHost, std::string(node.name), "", std::nullopt,
                    Action::kArrived,
                    fmt::format("{} is an address of this node (the primary IP of {}): the local "
                                "table delivers it; no ENI, security group or network ACL sees it",
                                flow.dst.to_string(), where)));
    }
  }
  return trace.prepend_to(net::Verdict{});
}

void note_routing(const vpc::Vpc& vpc, const NodeHost& node, Origin origin,
                  const HostDecision& decision, const net::Flow& flow, HostTrace& trace) {
  if (!trace.on()) return;
  const std::string out = vpc::describe_eni(vpc.eni(decision.eni));
  std::string detail;
  std::string attached;
  if (origin == Origin::kHost) {
    attached = "main table";
    detail = fmt::format("the default route leaves through {}, the primary ENI", out);
  } else if (is_branch(node, decision.eni)) {
    attached = fmt::format("pod VLAN {}", flow.src.to_string());
    detail = fmt::format(
        "the pod has a branch ENI (Security Groups for Pods): its packets leave over the node's "
        "trunk through {}, so that ENI's security groups judge them",
        out);
  } else if (decision.snat.translated()) {
    attached = "ip rule 1024";
    detail = fmt::format(
        "AWS-CONNMARK-CHAIN-0 marked the connection 0x80, so the main table "
        "sends it out through {}, the primary ENI",
        out);
  } else {
    attached = fmt::format("ip rule 1536, from {}", flow.src.to_string());
    detail = decision.eni == node.primary_eni
                 ? fmt::format("the main table, the primary ENI's, sends it out through {}", out)
                 : fmt::format(
                       "the route table of {}, which holds the pod's address, sends it "
                       "out through that ENI",
                       out);
  }
  trace.add(Hop(Leg::kRequest, Component::kHost, std::string(node.name), std::move(attached),
                std::nullopt, Action::kForwarded, std::move(detail)));
  if (origin == Origin::kHost || decision.snat.step == SnatStep::kNoChain) return;
  const std::string chain = "nat POSTROUTING, AWS-SNAT-CHAIN-0";
  switch (decision.snat.step) {
    case SnatStep::kReturnVpcCidr:
    case SnatStep::kReturnExcluded:
      detail = fmt::format("rule {}: -d {} RETURN ({}): the source stays {}", decision.snat.rule,
                           decision.snat.matched.to_string(),
                           decision.snat.step == SnatStep::kReturnVpcCidr
                               ? "a VPC CIDR"
                               : "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS",
                           flow.src.to_string());
      break;
    case SnatStep::kSnat:
      detail = fmt::format("rule {}: SNAT {} to {}, the primary IP of {}", decision.snat.rule,
                           flow.src.to_string(), decision.source.to_string(), out);
      break;
    case SnatStep::kNoChain:
      break;
  }
  trace.add(Hop(Leg::kRequest, Component::kHost, std::string(node.name), chain, std::nullopt,
                Action::kForwarded, std::move(detail)));
}

net::Verdict evaluate(const HostPathContext& context, const NodeHost& node, Origin origin,
                      const net::Flow& sent, const vpc::EvaluateOptions& options) {
  const bool strict = context.strict_pod_groups;
  // A strict-mode branch pod's packets all leave over its branch, to its own node's too.
  const bool through_branch =
      origin == Origin::kPod && strict && is_branch(node, pod_eni(context.vpc, node, sent.src));
  if (origin == Origin::kPod) pod_eni(context.vpc, node, sent.src);
  HostTrace trace(options.want_trace);
  net::Flow flow = sent;
  if (auto refused = apply_services(context, node, origin, flow, trace)) return *refused;
  if (const auto local = local_route(context.vpc, node, flow.dst, strict);
      local && !through_branch) {
    return delivered_on_node(context.vpc, node, *local, flow, trace);
  }
  const HostDecision decision =
      origin == Origin::kPod
          ? route_from_pod(context.vpc, context.snat, node, flow.src, flow.dst, strict)
          : route_from_node(context.vpc, node, flow.dst);
  note_routing(context.vpc, node, origin, decision, flow, trace);
  flow.src = decision.source;
  return trace.prepend_to(vpc::evaluate(context.vpc, flow, decision.eni, options));
}

}  // namespace

HostDecision route_from_pod(const vpc::Vpc& vpc, const SnatChain& snat, const NodeHost& node,
                            net::Ipv4 pod_ip, net::Ipv4 dst, bool strict_pod_groups) {
  const vpc::EniId own = pod_eni(vpc, node, pod_ip);
  // Strict mode: SNAT is off for a branch pod so that its own outbound rules apply (EKS user
  // guide, considerations), and nothing of its traffic stays on the node.
  if (strict_pod_groups && is_branch(node, own)) return {HostRoute::kEni, own, pod_ip, {}};
  if (const auto local = local_route(vpc, node, dst, strict_pod_groups))
    return {*local, own, pod_ip, {}};
  const SnatDecision decision = snat.decide(dst);
  if (decision.translated()) {
    return {HostRoute::kEni, node.primary_eni, vpc.eni(node.primary_eni).primary_ip, decision};
  }
  return {HostRoute::kEni, own, pod_ip, decision};
}

HostDecision route_from_node(const vpc::Vpc& vpc, const NodeHost& node, net::Ipv4 dst) {
  const net::Ipv4 primary_ip = vpc.eni(node.primary_eni).primary_ip;
  if (const auto local = local_route(vpc, node, dst, true))
    return {*local, node.primary_eni, primary_ip, {}};
  return {HostRoute::kEni, node.primary_eni, primary_ip, {}};
}

net::Verdict evaluate_from_pod(const HostPathContext& context, const NodeHost& node,
                               const net::Flow& flow, const vpc::EvaluateOptions& options) {
  return evaluate(context, node, Origin::kPod, flow, options);
}

net::Verdict evaluate_from_node(const HostPathContext& context, const NodeHost& node,
                                const net::Flow& flow, const vpc::EvaluateOptions& options) {
  if (flow.src != context.vpc.eni(node.primary_eni).primary_ip) {
    throw sim::ComponentFailure("cni/host-path", fmt::format("{} is not the primary IP of node {}",
                                                             flow.src.to_string(), node.name));
  }
  return evaluate(context, node, Origin::kHost, flow, options);
}

}  // namespace ekssim::cni

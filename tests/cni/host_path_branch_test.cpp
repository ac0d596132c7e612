// A branch-ENI pod's path (Security Groups for Pods), per POD_SECURITY_GROUP_ENFORCING_MODE as the
// amazon-vpc-cni-k8s README and the EKS user guide's "Security groups for Pods" considerations
// describe it: strict sends everything through the branch ENI, unSNATed; standard keeps traffic
// with its own node on the node and SNATs what leaves the VPC.

#include <catch2/catch.hpp>

#include "host_network.h"

using namespace ekssim;
using namespace ekssim::cni;
using namespace ekssim::cni::testing;

namespace {

// ng-new-1 of HostNetwork with one pod on a branch ENI, 10.0.1.40, whose group (`locked`)
// admits nothing.
struct BranchNetwork : HostNetwork {
  vpc::EniId branch;
  std::array<vpc::EniId, 1> branches;
  BranchNetwork() {
    branch = seed.vpc.add_eni(vpc::Eni{"eni-branch", seed.private_1a, ip("10.0.1.40"), {}, {},
                                       {locked}, std::nullopt, vpc::EniRole::kBranch, ""});
    branches = {branch};
  }
  NodeHost node() const { return NodeHost{"ng-new-1", seed.new_node, new_enis, branches}; }
};

net::Flow tcp(const char* src, net::Ipv4 dst, uint16_t port) {
  return net::Flow::tcp(ip(src), 40000, dst, port);
}

HostPathContext context(const BranchNetwork& net, const SnatChain& snat, bool strict) {
  HostPathContext c{net.seed.vpc, snat};
  c.strict_pod_groups = strict;
  return c;
}

}  // namespace

TEST_CASE("strict: a pod next to a branch-ENI pod meets the branch's groups") {
  BranchNetwork net;
  const SnatChain snat = net.snat();
  const net::Verdict verdict = evaluate_from_pod(context(net, snat, true), net.node(),
                                                 tcp("10.0.1.21", ip("10.0.1.40"), 8080),
                                                 {.want_trace = true});
  CHECK(verdict.disposition == net::Disposition::kDeniedIn);
  CHECK(verdict.explain().find("branch eni eni-branch") != std::string::npos);
}

TEST_CASE("standard: traffic between a branch-ENI pod and its own node is not filtered") {
  BranchNetwork net;
  const SnatChain snat = net.snat();
  CHECK(evaluate_from_pod(context(net, snat, false), net.node(),
                          tcp("10.0.1.21", ip("10.0.1.40"), 8080))
            .passed());
  CHECK(route_from_pod(net.seed.vpc, snat, net.node(), ip("10.0.1.21"), ip("10.0.1.40"), false)
            .route == HostRoute::kLocalPod);
}

TEST_CASE("the node's own address (kubelet probes) reaches a branch-ENI pod only in standard") {
  BranchNetwork net;
  const SnatChain snat = net.snat();
  const net::Flow probe = tcp("10.0.1.20", ip("10.0.1.40"), 8080);
  CHECK(evaluate_from_node(context(net, snat, true), net.node(), probe).disposition ==
        net::Disposition::kDeniedIn);
  CHECK(evaluate_from_node(context(net, snat, false), net.node(), probe).passed());
}

TEST_CASE("strict: a branch-ENI pod leaves the VPC unSNATed through its branch") {
  BranchNetwork net;
  const SnatChain snat = net.snat();
  const HostDecision d =
      route_from_pod(net.seed.vpc, snat, net.node(), ip("10.0.1.40"), kInternetHost, true);
  CHECK(d.route == HostRoute::kEni);
  CHECK(d.eni == net.branch);
  CHECK(d.source == ip("10.0.1.40"));
  CHECK_FALSE(d.snat.translated());
}

TEST_CASE("standard: a branch-ENI pod's traffic out of the VPC is SNATed through eth0") {
  BranchNetwork net;
  const SnatChain snat = net.snat();
  const HostDecision out =
      route_from_pod(net.seed.vpc, snat, net.node(), ip("10.0.1.40"), kInternetHost, false);
  CHECK(out.eni == net.seed.new_node);
  CHECK(out.source == ip("10.0.1.20"));
  CHECK(out.snat.translated());
  // Inside the VPC it still leaves through its branch.
  const HostDecision in_vpc =
      route_from_pod(net.seed.vpc, snat, net.node(), ip("10.0.1.40"), kCoreDnsPod, false);
  CHECK(in_vpc.eni == net.branch);
  CHECK(in_vpc.source == ip("10.0.1.40"));
}

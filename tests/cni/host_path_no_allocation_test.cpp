// The hot-path promise of host_path.h: without a trace, evaluating a pod's flow allocates nothing,
// Service lookup, SNAT and the VPC walk included. The global allocation functions are replaced in
// this test binary to count calls while a probe is armed.

#include <catch2/catch.hpp>

#include "host_network.h"
#include "tests/support/allocation_probe.h"

using namespace ekssim;
using namespace ekssim::cni;
using namespace ekssim::cni::testing;

TEST_CASE("Evaluating a pod's flow without a trace allocates nothing, whatever the outcome") {
  HostNetwork net;
  const SnatChain snat = net.snat();
  const ServiceDnat dnat = kube_dns_answering(ServiceLookup::Kind::kEndpoint);
  const ServiceDnat reject = kube_dns_answering(ServiceLookup::Kind::kReject);
  const NodeHost node = net.new_node();
  const net::Flow flows[] = {
      net::Flow::udp(ip("10.0.1.21"), 40000, kKubeDns, 53),            // DNAT, denied-in
      net::Flow::tcp(ip("10.0.1.21"), 40000, ip("10.0.1.32"), 80),     // same node
      net::Flow::tcp(ip("10.0.1.31"), 40000, kInternetHost, 443),      // SNAT, out the NAT
      net::Flow::tcp(ip("10.0.1.31"), 40000, ip("10.0.1.20"), 10250),  // the node itself
  };
  int passed = 0;
  ekssim::test::arm_allocation_probe();
  for (const net::Flow& flow : flows) {
    passed += evaluate_from_pod({net.seed.vpc, snat, &dnat}, node, flow).passed();
  }
  passed += evaluate_from_pod({net.seed.vpc, snat, &reject}, node, flows[0]).passed();
  passed += evaluate_from_node({net.seed.vpc, snat, &dnat}, node,
                               net::Flow::tcp(ip("10.0.1.20"), 40000, kInternetHost, 443))
                .passed();
  CHECK(ekssim::test::disarm_allocation_probe() == 0);
  CHECK(passed == 4);
}

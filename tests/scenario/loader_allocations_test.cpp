// What the API server's allocators and EC2 refuse (issue 16): two Services on one clusterIP, a
// Service on kube-dns's or default/kubernetes's address, one node port twice, two hosts with one
// address. kMinimal's VPC is in 10.0.0.0/8, so its service CIDR is 172.20.0.0/16.

#include <catch2/catch.hpp>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::minimal_with;

constexpr std::string_view kDeployment =
    "  - {kind: Deployment, namespace: web, name: web, replicas: 2}\n";

std::string with_services(std::string_view services) {
  return minimal_with(kDeployment, std::string(kDeployment) + std::string(services));
}

TEST_CASE("Two Services with one clusterIP: the second is refused as Kubernetes refuses it") {
  CHECK(diagnostics_of(with_services(
            "  - {kind: Service, namespace: web, name: a, clusterIP: 172.20.0.50, ports: [{port: "
            "80}]}\n"
            "  - {kind: Service, namespace: web, name: b, clusterIP: 172.20.0.50, ports: [{port: "
            "80}]}\n")) ==
        "s.yaml:29:5: error: Service web/b has clusterIP 172.20.0.50, which Service web/a has "
        "(line 28): provided IP is already allocated; expected an address no other Service has, "
        "or none to have one allocated\n"
        "    - {kind: Service, namespace: web, name: b, clusterIP: 172.20.0.50, ports: [{port: "
        "80}]}\n"
        "      ^\n");
}

TEST_CASE("A Service on kube-dns's tenth address or default/kubernetes's first is refused") {
  CHECK(diagnostics_of(with_services("  - {kind: Service, namespace: web, name: a, clusterIP: "
                                     "172.20.0.10, ports: [{port: 80}]}\n")) ==
        "s.yaml:28:57: error: clusterIP 172.20.0.10 is kube-system/kube-dns's: provided IP is "
        "already allocated; expected another address inside serviceIpv4Cidr, or none to have one "
        "allocated\n"
        "    - {kind: Service, namespace: web, name: a, clusterIP: 172.20.0.10, ports: [{port: "
        "80}]}\n"
        "                                                          ^\n");
  CHECK(diagnostics_of(with_services("  - {kind: Service, namespace: web, name: a, clusterIP: "
                                     "172.20.0.1, ports: [{port: 80}]}\n"))
            .find("clusterIP 172.20.0.1 is default/kubernetes's: provided IP is already "
                  "allocated") != std::string::npos);
  CHECK(diagnostics_of(with_services("  - {kind: Service, namespace: web, name: a, clusterIP: "
                                     "172.20.255.255, ports: [{port: 80}]}\n"))
            .find("clusterIP 172.20.255.255 is the service CIDR's broadcast address") !=
        std::string::npos);
}

TEST_CASE("One nodePort on two Services is refused, health check node ports included") {
  CHECK(diagnostics_of(with_services(
            "  - {kind: Service, namespace: web, name: a, type: NodePort, ports: [{port: 80, "
            "nodePort: 30080}]}\n"
            "  - {kind: Service, namespace: api, name: b, type: NodePort, ports: [{port: 81, "
            "nodePort: 30080}]}\n")) ==
        "s.yaml:29:70: error: nodePort 30080 of Service api/b is Service web/a's (line 28): "
        "provided port is already allocated; expected a node port no other Service has, or none "
        "to have one allocated\n"
        "    - {kind: Service, namespace: api, name: b, type: NodePort, ports: [{port: 81, "
        "nodePort: 30080}]}\n"
        "                                                                       ^\n");
  CHECK(diagnostics_of(
            with_services("  - {kind: Service, namespace: web, name: a, type: LoadBalancer, "
                          "externalTrafficPolicy: Local, healthCheckNodePort: 30080, ports: "
                          "[{port: 80, nodePort: 30080}]}\n"))
            .find("healthCheckNodePort 30080 of Service web/a is Service web/a's") !=
        std::string::npos);
}

TEST_CASE("Two hosts with one private address are refused, as EC2 refuses the second ENI") {
  const std::string text = minimal_with("    subnets:\n",
                                        "    hosts:\n"
                                        "      - {name: h1, subnet: a, ip: 10.0.0.20}\n"
                                        "      - {name: h2, subnet: a, ip: 10.0.0.20}\n"
                                        "    subnets:\n");
  CHECK(diagnostics_of(text) ==
        "s.yaml:12:9: error: host 'h2' has address 10.0.0.20, which host 'h1' has (line 11): a "
        "private address belongs to one network interface; expected an address no other host "
        "has\n"
        "        - {name: h2, subnet: a, ip: 10.0.0.20}\n"
        "          ^\n");
}

}  // namespace
}  // namespace ekssim::scenario

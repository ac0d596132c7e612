#pragma once
// The `vpc:` block of a test scenario whose nodes can reach the cluster API server: one private
// subnet `a` (10.0.0.0/20, us-east-1a) routed through a NAT gateway in a public subnet. Nodes of a
// VPC without a route out never register, so world-level tests that need running pods start
// from this.

#include <string_view>

namespace ekssim::test {

inline constexpr std::string_view kRoutedVpcYaml = R"(  vpc:
    cidr: 10.0.0.0/16
    subnets:
      - {name: a, az: us-east-1a, cidr: 10.0.0.0/20, routeTable: private}
      - {name: public, az: us-east-1a, cidr: 10.0.128.0/24, routeTable: public}
    internetGateway: true
    natGateways: [{name: nat, subnet: public}]
    routeTables:
      - {name: private, routes: [{destination: 0.0.0.0/0, natGateway: nat}]}
      - {name: public, routes: [{destination: 0.0.0.0/0, internetGateway: true}]}
)";

}  // namespace ekssim::test

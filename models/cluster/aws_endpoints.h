#pragma once
// The AWS endpoints a node must reach to come up, as seen from inside the VPC, and the check that
// a node's new HTTPS connection to one gets through (AWS "Amazon EKS private cluster
// requirements", "Amazon VPC endpoints: private DNS"; ../shared/reference/dataplane.md §d):
//  - the EKS API server: with private access, the cluster name resolves inside the VPC to the
//    control plane's ENIs (they carry the cluster security group, which must admit the node);
//    with public access only, to a public address reached through a NAT or internet gateway;
//  - the EC2 API: with an `ec2` interface endpoint and private DNS, the regional name resolves to
//    the endpoint's ENI (its own security groups must admit 443 from the node); otherwise to a
//    public address, reached through a NAT or internet gateway.
// The checks run through the same path evaluator as every other packet, so their explanations
// name the exact rule or route.
// The public API endpoint admits only sources in the cluster's publicAccessCidrs: a node reaching
// it through a NAT gateway (its Elastic IP) or with its own public IP must come from one of them
// (AWS "Cluster API server endpoint": "ensure that the CIDR blocks that you specify include the
// addresses that nodes ... access the public endpoint from").
// Simplification: public endpoints are one representative address each.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/net/verdict.h"
#include "models/vpc/vpc.h"

namespace ekssim::cluster {

struct EndpointTarget {
  net::Ipv4 address;
  std::string description;  // "ec2.us-east-1.amazonaws.com (interface endpoint vpce-ec2 in …)"
  std::string hostname;     // "ec2.us-east-1.amazonaws.com", as a client's error message names it
  // The internet sources it admits (the public API endpoint's publicAccessCidrs); empty: any.
  std::vector<net::Cidr> admitted_sources;
};

// Why a path is blocked: the hop that stopped it, the fix, and the whole trace.
struct BlockedPath {
  std::string cause;  // one line
  std::string fix;
  net::Verdict verdict;
};

class AwsEndpoints {
 public:
  AwsEndpoints(const std::string& cluster, std::string region, bool api_public_access,
               bool api_private_access, std::vector<net::Cidr> public_access_cidrs);

  void add_interface_endpoint(const std::string& service, const std::string& availability_zone,
                              vpc::EniId eni, net::Ipv4 address, bool private_dns);
  void add_control_plane_eni(vpc::EniId eni, net::Ipv4 address);

  EndpointTarget ec2(const std::string& availability_zone) const;
  EndpointTarget api_server(const std::string& availability_zone) const;
  const std::string& ec2_hostname() const { return ec2_hostname_; }
  const std::string& api_server_hostname() const { return api_hostname_; }
  // The control plane's ENI addresses (private access): default/kubernetes's endpoints.
  std::vector<net::Ipv4> control_plane_addresses() const {
    std::vector<net::Ipv4> addresses;
    for (const Local& l : control_plane_)
      addresses.push_back(l.address);
    return addresses;
  }

  // Representative public addresses of the regional endpoints.
  static constexpr net::Ipv4 kEc2PublicAddress = net::Ipv4::from_octets(52, 94, 0, 10);
  static constexpr net::Ipv4 kApiServerPublicAddress = net::Ipv4::from_octets(3, 210, 0, 10);

 private:
  struct Local {
    std::string availability_zone;
    vpc::EniId eni;
    net::Ipv4 address;
  };
  // The endpoint ENI in the caller's zone if there is one, else the first.
  static const Local* pick(const std::vector<Local>& enis, const std::string& zone);

  std::string region_;
  std::string ec2_hostname_;
  std::string api_hostname_;
  std::vector<net::Cidr> public_access_cidrs_;
  // Not read yet (clang's -Wunused-private-field says so): without private access the public
  // endpoint is used, whether or not public access is on.
  [[maybe_unused]] bool api_public_access_;
  bool api_private_access_;
  std::vector<Local> ec2_endpoint_;  // with private DNS only
  std::vector<Local> control_plane_;
};

// A new TCP connection from `source_ip` on `source_eni` to `target`:443. nullopt when it gets
// through (accepted or out of the network), else why not.
std::optional<BlockedPath> https_path_blocked(const vpc::Vpc& vpc, vpc::EniId source_eni,
                                              net::Ipv4 source_ip, const EndpointTarget& target);

}  // namespace ekssim::cluster

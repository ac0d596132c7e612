#pragma once
// Keeps the VPC data plane's address index in step with EC2: every ENI EC2 creates, every
// address it assigns or releases, reaches models/vpc at once, so a pod's address is routable and
// matched by security-group references from the moment EC2 hands it out. Also reports each
// subnet's free addresses as trace events.

#include <map>
#include <vector>

#include "models/aws/ec2_state.h"
#include "models/cluster/vpc_builder.h"
#include "models/vpc/vpc.h"
#include "sim/trace.h"

namespace ekssim::cluster {

class AddressSync final : public aws::Ec2Observer {
 public:
  AddressSync(const aws::Ec2State& ec2, vpc::Vpc& vpc, const VpcNames& names, sim::Trace& trace);

  void on_addresses_added(const aws::NetworkInterface& eni, const std::vector<net::Ipv4>& ips,
                          const std::vector<net::Cidr>& prefixes) override;
  void on_addresses_removed(const aws::NetworkInterface& eni, const std::vector<net::Ipv4>& ips,
                            const std::vector<net::Cidr>& prefixes) override;
  void on_attachment_changed(const aws::NetworkInterface& eni) override;
  void on_public_ip_changed(const aws::NetworkInterface& eni) override;

  // The data plane's ENI for an EC2 ENI, once EC2 has created it.
  std::optional<vpc::EniId> vpc_eni(aws::EniIndex eni) const;
  // Security groups by name, for ENIs and for changes of an ENI's groups.
  std::vector<vpc::SecurityGroupId> group_ids(const std::vector<std::string>& names) const;
  void groups_changed(const aws::NetworkInterface& eni);

 private:
  void report_subnet(aws::SubnetIndex subnet);

  const aws::Ec2State& ec2_;
  vpc::Vpc& vpc_;
  const VpcNames& names_;
  sim::Trace& trace_;
  std::vector<std::optional<vpc::EniId>> enis_;  // by aws::EniIndex
  std::vector<vpc::SubnetId> subnets_;           // by aws::SubnetIndex
};

}  // namespace ekssim::cluster

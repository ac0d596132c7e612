#include "models/cluster/address_sync.h"

#include "models/aws/ec2_events.h"

namespace ekssim::cluster {

AddressSync::AddressSync(const aws::Ec2State& ec2, vpc::Vpc& vpc, const VpcNames& names,
                         sim::Trace& trace)
    : ec2_(ec2), vpc_(vpc), names_(names), trace_(trace) {
  for (const aws::Subnet& s : ec2_.subnets())
    subnets_.push_back(names_.subnets.at(s.name));
}

std::vector<vpc::SecurityGroupId> AddressSync::group_ids(
    const std::vector<std::string>& groups) const {
  std::vector<vpc::SecurityGroupId> ids;
  for (const std::string& g : groups)
    ids.push_back(names_.security_groups.at(g));
  return ids;
}

std::optional<vpc::EniId> AddressSync::vpc_eni(aws::EniIndex eni) const {
  return eni < enis_.size() ? enis_[eni] : std::nullopt;
}

void AddressSync::on_addresses_added(const aws::NetworkInterface& eni,
                                     const std::vector<net::Ipv4>& ips,
                                     const std::vector<net::Cidr>& prefixes) {
  if (enis_.size() <= eni.index) enis_.resize(eni.index + 1);
  if (!enis_[eni.index]) {
    // A new ENI: EC2 reports all its addresses, the primary first.
    vpc::Eni created;
    created.name = eni.id;
    created.subnet = subnets_[eni.subnet];
    created.primary_ip = eni.primary_ip;
    created.secondary_ips = eni.secondary_ips;
    created.prefixes = eni.prefixes;
    created.security_groups = group_ids(eni.security_groups);
    created.role = eni.kind == aws::EniKind::kInterfaceEndpoint ? vpc::EniRole::kInterfaceEndpoint
                   : eni.kind == aws::EniKind::kEksControlPlane ? vpc::EniRole::kEksControlPlane
                   : eni.interface_type == aws::InterfaceType::kBranch ? vpc::EniRole::kBranch
                                                                        : vpc::EniRole::kInstance;
    created.service = eni.service;
    enis_[eni.index] = vpc_.add_eni(std::move(created));
  } else {
    for (net::Ipv4 ip : ips)
      vpc_.assign_private_ip(*enis_[eni.index], ip);
    for (const net::Cidr& p : prefixes)
      vpc_.assign_prefix(*enis_[eni.index], p);
  }
  report_subnet(eni.subnet);
}

void AddressSync::on_addresses_removed(const aws::NetworkInterface& eni,
                                       const std::vector<net::Ipv4>& ips,
                                       const std::vector<net::Cidr>& prefixes) {
  const auto id = vpc_eni(eni.index);
  if (!id) return;
  const bool whole_eni = !ips.empty() && ips.front() == eni.primary_ip;
  if (whole_eni) {
    vpc_.delete_eni(*id);
  } else {
    for (net::Ipv4 ip : ips)
      vpc_.unassign_private_ip(*id, ip);
    for (const net::Cidr& p : prefixes)
      vpc_.unassign_prefix(*id, p);
  }
  report_subnet(eni.subnet);
}

// The data plane does not care where an ENI is attached, only which addresses it holds.
void AddressSync::on_attachment_changed(const aws::NetworkInterface&) {}

// The internet gateway translates between the ENI's primary private address and its public one
// (VPC user guide, "Enable internet access": one-to-one NAT at the gateway).
void AddressSync::on_public_ip_changed(const aws::NetworkInterface& eni) {
  if (const auto id = vpc_eni(eni.index)) vpc_.set_public_ip(*id, eni.public_ip);
}

void AddressSync::groups_changed(const aws::NetworkInterface& eni) {
  if (const auto id = vpc_eni(eni.index)) {
    vpc_.set_security_groups(*id, group_ids(eni.security_groups));
  }
}

void AddressSync::report_subnet(aws::SubnetIndex subnet) {
  const aws::Subnet& s = ec2_.subnet(subnet);
  const auto& space = *s.addresses;
  trace_.emit(aws::SubnetAddressesChanged{s.name, space.free_addresses(), space.used_addresses(),
                                          space.usable_addresses(), space.free_prefixes()});
}

}  // namespace ekssim::cluster

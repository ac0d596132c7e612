#include "models/aws/ec2_state.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::aws {

Ec2State::Ec2State(uint64_t seed)
    : seed_(seed), ids_(seed, "ec2/ids"), placement_(seed, "ec2/placement") {}

SubnetIndex Ec2State::add_subnet(std::string name, std::string availability_zone, net::Cidr cidr) {
  subnets_.push_back(Subnet{std::move(name), std::move(availability_zone), cidr,
                            std::make_unique<SubnetAddressSpace>(cidr)});
  return static_cast<SubnetIndex>(subnets_.size() - 1);
}

void Ec2State::occupy_addresses(SubnetIndex subnet, int64_t count) {
  SubnetAddressSpace& space = *subnets_[subnet].addresses;
  sim::RandomStream stream(seed_, "ec2/in-use/" + subnets_[subnet].name);
  const auto pick = [&stream](uint64_t bound) { return stream.below(bound); };
  for (int64_t i = 0; i < count && space.free_addresses() > 0; ++i)
    space.allocate_address(pick);
}

std::string Ec2State::next_id(std::string_view prefix) {
  // EC2 ids are 17 hex digits after the prefix; drawn from a seeded stream so runs repeat.
  return fmt::format("{}-0{:016x}", prefix, ids_.next_u64());
}

Ec2Error Ec2State::take_addresses(SubnetIndex subnet, int count, std::vector<net::Ipv4>& out) {
  SubnetAddressSpace& space = *subnets_[subnet].addresses;
  if (space.free_addresses() < count) {
    return {ec2_errors::kInsufficientFreeAddressesInSubnet,
            fmt::format("There are not enough free addresses in subnet '{}' to satisfy the "
                        "requested number of instances.",
                        subnets_[subnet].name)};
  }
  const auto pick = [this](uint64_t bound) { return placement_.below(bound); };
  for (int i = 0; i < count; ++i)
    out.push_back(*space.allocate_address(pick));
  return Ec2Error::none();
}

Ec2Error Ec2State::take_prefixes(SubnetIndex subnet, int count, std::vector<net::Cidr>& out) {
  SubnetAddressSpace& space = *subnets_[subnet].addresses;
  if (space.free_prefixes() < count) {
    return {ec2_errors::kInsufficientCidrBlocks,
            fmt::format("The specified subnet '{}' does not have enough free cidr blocks to "
                        "satisfy the request.",
                        subnets_[subnet].name)};
  }
  const auto pick = [this](uint64_t bound) { return placement_.below(bound); };
  for (int i = 0; i < count; ++i)
    out.push_back(*space.allocate_prefix(pick));
  return Ec2Error::none();
}

Ec2State::Created Ec2State::create_service_interface(SubnetIndex subnet,
                                                     std::vector<std::string> security_groups,
                                                     EniKind kind, std::string service,
                                                     std::optional<net::Ipv4> address,
                                                     sim::Time now) {
  SubnetAddressSpace& space = *subnets_[subnet].addresses;
  net::Ipv4 primary;
  if (address) {
    if (!space.allocate_specific(*address)) {
      return {{ec2_errors::kInvalidParameterValue,
               fmt::format("Address {} is in use or reserved in subnet '{}'.", address->to_string(),
                           subnets_[subnet].name)},
              0};
    }
    primary = *address;
  } else {
    std::vector<net::Ipv4> one;
    if (Ec2Error error = take_addresses(subnet, 1, one); !error.ok()) return {error, 0};
    primary = one.front();
  }
  NetworkInterface eni;
  eni.index = static_cast<EniIndex>(enis_.size());
  eni.id = next_id("eni");
  eni.subnet = subnet;
  eni.security_groups = std::move(security_groups);
  eni.primary_ip = primary;
  eni.kind = kind;
  eni.service = std::move(service);
  eni.status = EniStatus::kInUse;  // attached to its owner, outside the cluster's instances
  eni.created_at = now;
  enis_.push_back(std::move(eni));
  if (observer_ != nullptr) observer_->on_addresses_added(enis_.back(), {primary}, {});
  return {Ec2Error::none(), enis_.back().index};
}

Ec2State::Launched Ec2State::run_instance(const InstanceType& type, SubnetIndex subnet,
                                          std::vector<std::string> security_groups, sim::Time now,
                                          std::optional<net::Ipv4> private_ip) {
  Created primary =
      create_network_interface(subnet, std::move(security_groups), 0, 0, false, now, private_ip);
  if (!primary.error.ok()) return {primary.error, 0};
  Instance instance;
  instance.index = static_cast<InstanceIndex>(instances_.size());
  instance.id = next_id("i");
  instance.type = &type;
  instance.subnet = subnet;
  instance.state = InstanceState::kRunning;
  instances_.push_back(std::move(instance));
  enis_[primary.eni].delete_on_termination = true;
  attach_network_interface(primary.eni, instances_.back().index, 0);
  if (subnets_[subnet].map_public_ip_on_launch) {
    NetworkInterface& eth0 = enis_[primary.eni];
    eth0.public_ip = public_ips_.take();
    if (eth0.public_ip && observer_ != nullptr) observer_->on_public_ip_changed(eth0);
  }
  return {Ec2Error::none(), instances_.back().index};
}

void Ec2State::terminate_instance(InstanceIndex index) {
  Instance& instance = instances_[index];
  if (instance.state == InstanceState::kTerminated) return;
  instance.state = InstanceState::kTerminated;
  const std::vector<EniIndex> attached = instance.enis;
  for (EniIndex e : attached) {
    if (NetworkInterface& eni = enis_[e]; eni.public_ip) {
      public_ips_.release(*eni.public_ip);
      eni.public_ip.reset();
      if (observer_ != nullptr) observer_->on_public_ip_changed(eni);
    }
    detach_network_interface(e);
    if (enis_[e].delete_on_termination) delete_network_interface(e);
  }
}

Ec2State::Created Ec2State::create_network_interface(SubnetIndex subnet,
                                                     std::vector<std::string> security_groups,
                                                     int secondary_ips, int prefixes, bool by_cni,
                                                     sim::Time now,
                                                     std::optional<net::Ipv4> primary_ip,
                                                     InterfaceType type) {
  std::vector<net::Ipv4> ips;
  std::vector<net::Cidr> blocks;
  // All or nothing: check both before taking either.
  if (subnets_[subnet].addresses->free_addresses() < 1 + secondary_ips) {
    return {{ec2_errors::kInsufficientFreeAddressesInSubnet,
             fmt::format("There are not enough free addresses in subnet '{}' to satisfy the "
                         "requested number of instances.",
                         subnets_[subnet].name)},
            0};
  }
  if (prefixes > 0 && subnets_[subnet].addresses->free_prefixes() < prefixes) {
    // What EC2 answers CreateNetworkInterface with Ipv4PrefixCount when no /28 is free
    // (aws/amazon-vpc-cni-k8s#3105); unlike InsufficientCidrBlocks, ipamd does not back off.
    return {{ec2_errors::kInvalidParameterValue,
             "There aren't sufficient free Ipv4 addresses or prefixes"},
            0};
  }
  if (primary_ip) {
    if (!subnets_[subnet].addresses->allocate_specific(*primary_ip)) {
      return {{ec2_errors::kInvalidIpAddressInUse,
               fmt::format("Address {} is in use.", primary_ip->to_string())},
              0};
    }
    ips.push_back(*primary_ip);
  }
  take_addresses(subnet, (primary_ip ? 0 : 1) + secondary_ips, ips);
  take_prefixes(subnet, prefixes, blocks);

  NetworkInterface eni;
  eni.index = static_cast<EniIndex>(enis_.size());
  eni.id = next_id("eni");
  eni.subnet = subnet;
  eni.security_groups = std::move(security_groups);
  eni.primary_ip = ips.front();
  eni.secondary_ips.assign(ips.begin() + 1, ips.end());
  eni.prefixes = std::move(blocks);
  eni.created_by_cni = by_cni;
  eni.interface_type = type;
  eni.created_at = now;
  enis_.push_back(std::move(eni));
  if (observer_ != nullptr) observer_->on_addresses_added(enis_.back(), ips, enis_.back().prefixes);
  return {Ec2Error::none(), enis_.back().index};
}

int Ec2State::attached_count(const Instance& instance) const {
  return static_cast<int>(instance.enis.size());
}

Ec2Error Ec2State::attach_network_interface(EniIndex e, InstanceIndex i, int device_index) {
  NetworkInterface& eni = enis_[e];
  Instance& instance = instances_[i];
  if (eni.status != EniStatus::kAvailable) {
    return {ec2_errors::kInvalidParameterValue, fmt::format("Interface: [{}] in use.", eni.id)};
  }
  if (attached_count(instance) >= instance.type->max_enis) {
    return {ec2_errors::kAttachmentLimitExceeded,
            fmt::format("Interface count {} exceeds the limit for {}", attached_count(instance) + 1,
                        instance.type->name)};
  }
  eni.instance = i;
  eni.device_index = device_index;
  eni.status = EniStatus::kInUse;
  instance.enis.push_back(e);
  if (observer_ != nullptr) observer_->on_attachment_changed(eni);
  return Ec2Error::none();
}

Ec2Error Ec2State::associate_trunk_interface(EniIndex b, EniIndex t, int vlan) {
  NetworkInterface& branch = enis_[b];
  const NetworkInterface& trunk = enis_[t];
  if (branch.status != EniStatus::kAvailable || branch.interface_type != InterfaceType::kBranch) {
    return {ec2_errors::kInvalidParameterValue,
            fmt::format("Interface: [{}] is not an available branch interface.", branch.id)};
  }
  if (trunk.status != EniStatus::kInUse || trunk.interface_type != InterfaceType::kTrunk) {
    return {ec2_errors::kInvalidParameterValue,
            fmt::format("Interface: [{}] is not an attached trunk interface.", trunk.id)};
  }
  branch.trunk = t;
  branch.vlan = vlan;
  branch.status = EniStatus::kInUse;
  if (observer_ != nullptr) observer_->on_attachment_changed(branch);
  return Ec2Error::none();
}

Ec2Error Ec2State::detach_network_interface(EniIndex e) {
  NetworkInterface& eni = enis_[e];
  if (!eni.instance) return Ec2Error::none();
  auto& list = instances_[*eni.instance].enis;
  list.erase(std::remove(list.begin(), list.end(), e), list.end());
  eni.instance.reset();
  eni.device_index = -1;
  eni.status = EniStatus::kAvailable;
  if (observer_ != nullptr) observer_->on_attachment_changed(eni);
  return Ec2Error::none();
}

void Ec2State::release_all(NetworkInterface& eni) {
  SubnetAddressSpace& space = *subnets_[eni.subnet].addresses;
  std::vector<net::Ipv4> ips{eni.primary_ip};
  ips.insert(ips.end(), eni.secondary_ips.begin(), eni.secondary_ips.end());
  for (net::Ipv4 ip : ips)
    space.release_address(ip);
  for (const net::Cidr& prefix : eni.prefixes)
    space.release_prefix(prefix);
  if (observer_ != nullptr) observer_->on_addresses_removed(eni, ips, eni.prefixes);
  eni.secondary_ips.clear();
  eni.prefixes.clear();
}

Ec2Error Ec2State::delete_network_interface(EniIndex e) {
  NetworkInterface& eni = enis_[e];
  if (eni.status == EniStatus::kDeleted) {
    return {ec2_errors::kInvalidNetworkInterfaceIdNotFound,
            fmt::format("The networkInterface ID '{}' does not exist", eni.id)};
  }
  if (eni.status == EniStatus::kInUse && eni.interface_type != InterfaceType::kBranch) {
    return {ec2_errors::kInvalidParameterValue,
            fmt::format("Network interface '{}' is currently in use.", eni.id)};
  }
  release_all(eni);
  eni.status = EniStatus::kDeleted;
  return Ec2Error::none();
}

Ec2Error Ec2State::assign_private_ip_addresses(EniIndex e, int count, int prefixes) {
  NetworkInterface& eni = enis_[e];
  if (eni.status == EniStatus::kDeleted) {
    return {ec2_errors::kInvalidNetworkInterfaceIdNotFound,
            fmt::format("The networkInterface ID '{}' does not exist", eni.id)};
  }
  if (eni.instance) {
    const InstanceType& type = *instances_[*eni.instance].type;
    const int used = 1 + static_cast<int>(eni.secondary_ips.size() + eni.prefixes.size());
    if (used + count + prefixes > type.ipv4_per_eni) {
      return {ec2_errors::kPrivateIpAddressLimitExceeded,
              fmt::format("Number of private addresses will exceed limit of {} for {}",
                          type.ipv4_per_eni, type.name)};
    }
  }
  std::vector<net::Ipv4> ips;
  std::vector<net::Cidr> blocks;
  if (Ec2Error error = take_addresses(eni.subnet, count, ips); !error.ok()) return error;
  if (Ec2Error error = take_prefixes(eni.subnet, prefixes, blocks); !error.ok()) {
    for (net::Ipv4 ip : ips)
      subnets_[eni.subnet].addresses->release_address(ip);
    return error;
  }
  eni.secondary_ips.insert(eni.secondary_ips.end(), ips.begin(), ips.end());
  eni.prefixes.insert(eni.prefixes.end(), blocks.begin(), blocks.end());
  if (observer_ != nullptr) observer_->on_addresses_added(eni, ips, blocks);
  return Ec2Error::none();
}

Ec2Error Ec2State::unassign_private_ip_addresses(EniIndex e, const std::vector<net::Ipv4>& ips,
                                                 const std::vector<net::Cidr>& prefixes) {
  NetworkInterface& eni = enis_[e];
  SubnetAddressSpace& space = *subnets_[eni.subnet].addresses;
  std::vector<net::Ipv4> removed_ips;
  std::vector<net::Cidr> removed_prefixes;
  for (net::Ipv4 ip : ips) {
    auto it = std::find(eni.secondary_ips.begin(), eni.secondary_ips.end(), ip);
    if (it == eni.secondary_ips.end()) continue;
    eni.secondary_ips.erase(it);
    space.release_address(ip);
    removed_ips.push_back(ip);
  }
  for (const net::Cidr& prefix : prefixes) {
    auto it = std::find(eni.prefixes.begin(), eni.prefixes.end(), prefix);
    if (it == eni.prefixes.end()) continue;
    eni.prefixes.erase(it);
    space.release_prefix(prefix);
    removed_prefixes.push_back(prefix);
  }
  if (observer_ != nullptr) observer_->on_addresses_removed(eni, removed_ips, removed_prefixes);
  return Ec2Error::none();
}

void Ec2State::set_security_groups(EniIndex e, std::vector<std::string> groups) {
  enis_[e].security_groups = std::move(groups);
}

std::optional<EniIndex> Ec2State::find_eni(std::string_view id) const {
  for (const auto& eni : enis_) {
    if (eni.id == id) return eni.index;
  }
  return std::nullopt;
}

std::string Ec2State::check_invariants() const {
  for (const Subnet& s : subnets_) {
    if (std::string problem = s.addresses->check_invariants(); !problem.empty()) {
      return "subnet " + s.name + ": " + problem;
    }
  }
  for (const Instance& instance : instances_) {
    if (instance.state == InstanceState::kTerminated) continue;
    if (attached_count(instance) > instance.type->max_enis) {
      return fmt::format("instance {} ({}) has {} ENIs attached; the type allows {}", instance.id,
                         instance.type->name, attached_count(instance), instance.type->max_enis);
    }
    for (EniIndex e : instance.enis) {
      const NetworkInterface& eni = enis_[e];
      const size_t used = 1 + eni.secondary_ips.size() + eni.prefixes.size();
      if (used > static_cast<size_t>(instance.type->ipv4_per_eni)) {
        return fmt::format("{} on {} holds {} addresses or prefixes; {} allows {}", eni.id,
                           instance.id, used, instance.type->name, instance.type->ipv4_per_eni);
      }
    }
  }
  return {};
}

}  // namespace ekssim::aws

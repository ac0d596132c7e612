#pragma once
// The region's EC2 resources that matter to pod networking: subnets and their address space,
// network interfaces (ENIs) with their private addresses and /28 prefixes, and instances with
// their attached ENIs. Operations here are the synchronous effect of an API call once EC2 has
// accepted it; latency, throttling and authorisation belong to Ec2Api.
//
// Semantics follow the EC2 API reference for each action:
//  - CreateNetworkInterface takes the primary address and the requested secondary addresses or
//    prefixes from the subnet, all or nothing (InsufficientFreeAddressesInSubnet, or for prefixes
//    InsufficientCidrBlocks);
//  - AttachNetworkInterface fails with AttachmentLimitExceeded past the instance type's ENI limit
//    on the card (ekssim attaches to the default card only, as the VPC CNI does without
//    ENABLE_MULTI_NIC);
//  - AssignPrivateIpAddresses fails with PrivateIpAddressLimitExceeded past the type's addresses
//    per ENI (the primary counts), and with the subnet errors above;
//  - terminating an instance deletes its ENIs marked DeleteOnTermination and detaches the others
//    (which then stay "available" and keep their addresses: a leaked ENI).
// EC2 picks free subnet addresses at random, which is what fragments /28 blocks.
// Observers hear every address change, so the VPC data plane can index addresses to ENIs.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/aws/ec2_error.h"
#include "models/aws/instance_types.h"
#include "models/aws/public_ip_pool.h"
#include "models/aws/subnet_address_space.h"
#include "models/net/ipv4.h"
#include "sim/random.h"
#include "sim/time.h"

namespace ekssim::aws {

using SubnetIndex = uint32_t;
using EniIndex = uint32_t;
using InstanceIndex = uint32_t;

struct Subnet {
  std::string name;
  std::string availability_zone;
  net::Cidr cidr;
  std::unique_ptr<SubnetAddressSpace> addresses;
  // The subnet attribute MapPublicIpOnLaunch: instances launched here get a public IPv4 address
  // on their primary ENI. False by default for subnets that are not a default VPC's.
  bool map_public_ip_on_launch = false;
  // The subnet's tags (DescribeSubnets' Tags), e.g. kubernetes.io/role/cni for the VPC CNI's
  // subnet discovery.
  std::map<std::string, std::string, std::less<>> tags{};
};

enum class EniStatus { kAvailable, kInUse, kDeleted };

// CreateNetworkInterface's InterfaceType as the VPC resource controller uses it (trunk.go):
// a trunk is attached to its instance like any ENI; a branch is never attached, it is associated
// with a trunk under a VLAN id (AssociateTrunkInterface) and holds one pod's address.
enum class InterfaceType { kInterface, kTrunk, kBranch };

// Who the ENI is for: an instance (a node, a host), a VPC interface endpoint, or the EKS control
// plane's cross-account ENIs (private API server access).
enum class EniKind { kInstance, kInterfaceEndpoint, kEksControlPlane };

struct NetworkInterface {
  EniIndex index = 0;
  std::string id;  // "eni-0123456789abcdef0"
  SubnetIndex subnet = 0;
  std::vector<std::string> security_groups;
  net::Ipv4 primary_ip;
  std::optional<net::Ipv4> public_ip;  // auto-assigned at launch (eth0 only), released at terminate
  std::vector<net::Ipv4> secondary_ips;
  std::vector<net::Cidr> prefixes;  // /28s (prefix delegation)
  std::optional<InstanceIndex> instance;
  int device_index = -1;
  bool delete_on_termination = false;
  bool created_by_cni = false;  // description aws-K8S-<instance>, the CNI's tags
  EniKind kind = EniKind::kInstance;
  InterfaceType interface_type = InterfaceType::kInterface;
  std::optional<EniIndex> trunk;  // kBranch, once associated
  int vlan = 0;                   // kBranch, once associated
  std::string service;  // kInterfaceEndpoint: "ec2", "ecr.api" …
  EniStatus status = EniStatus::kAvailable;
  sim::Time created_at;
};

enum class InstanceState { kPending, kRunning, kTerminated };

struct Instance {
  InstanceIndex index = 0;
  std::string id;  // "i-0123456789abcdef0"
  const InstanceType* type = nullptr;
  SubnetIndex subnet = 0;
  std::vector<EniIndex> enis;  // attached, by device index order
  InstanceState state = InstanceState::kPending;
};

// Told about every change of which address belongs to which ENI.
class Ec2Observer {
 public:
  virtual ~Ec2Observer() = default;
  virtual void on_addresses_added(const NetworkInterface& eni, const std::vector<net::Ipv4>& ips,
                                  const std::vector<net::Cidr>& prefixes) = 0;
  virtual void on_addresses_removed(const NetworkInterface& eni, const std::vector<net::Ipv4>& ips,
                                    const std::vector<net::Cidr>& prefixes) = 0;
  virtual void on_attachment_changed(const NetworkInterface& eni) = 0;
  virtual void on_public_ip_changed(const NetworkInterface& eni) = 0;
};

class Ec2State {
 public:
  explicit Ec2State(uint64_t seed);

  SubnetIndex add_subnet(std::string name, std::string availability_zone, net::Cidr cidr);
  void set_map_public_ip_on_launch(SubnetIndex subnet, bool map) {
    subnets_[subnet].map_public_ip_on_launch = map;
  }
  // Takes `count` free addresses of `subnet` for what the simulation does not model, picked as
  // EC2 picks any (at random) from a stream of the subnet's own, so the rest of the run draws as
  // it would without them. Fewer when the subnet has fewer free.
  void occupy_addresses(SubnetIndex subnet, int64_t count);
  void set_tags(SubnetIndex subnet, std::map<std::string, std::string, std::less<>> tags) {
    subnets_[subnet].tags = std::move(tags);
  }
  void set_observer(Ec2Observer* observer) { observer_ = observer; }

  // Launches an instance with its primary ENI (device 0, DeleteOnTermination) in `subnet`, with a
  // public IPv4 address when the subnet maps one on launch (none left: InsufficientAddressCapacity
  // is not modelled; the instance launches without one).
  struct Launched {
    Ec2Error error;
    InstanceIndex instance = 0;
  };
  // `private_ip`: RunInstances' PrivateIpAddress, the primary address asked for (none: EC2 picks
  // one); taken or reserved, the launch fails with InvalidIPAddress.InUse.
  Launched run_instance(const InstanceType& type, SubnetIndex subnet,
                        std::vector<std::string> security_groups, sim::Time now,
                        std::optional<net::Ipv4> private_ip = std::nullopt);
  void terminate_instance(InstanceIndex instance);

  struct Created {
    Ec2Error error;
    EniIndex eni = 0;
  };
  // `primary_ip`: the interface's primary address asked for (none: EC2 picks one); one that is
  // taken or reserved fails with InvalidIPAddress.InUse.
  Created create_network_interface(SubnetIndex subnet, std::vector<std::string> security_groups,
                                   int secondary_ips, int prefixes, bool by_cni, sim::Time now,
                                   std::optional<net::Ipv4> primary_ip = std::nullopt,
                                   InterfaceType type = InterfaceType::kInterface);
  // AssociateTrunkInterface: an available branch joins an attached trunk under `vlan`. The branch
  // is then in use, and DeleteNetworkInterface removes it and its association at once.
  Ec2Error associate_trunk_interface(EniIndex branch, EniIndex trunk, int vlan);
  // An interface that is not an instance's: an endpoint's or the control plane's, or a host's
  // with a fixed primary address (nullopt: EC2 picks one).
  Created create_service_interface(SubnetIndex subnet, std::vector<std::string> security_groups,
                                   EniKind kind, std::string service,
                                   std::optional<net::Ipv4> address, sim::Time now);
  Ec2Error attach_network_interface(EniIndex eni, InstanceIndex instance, int device_index);
  Ec2Error detach_network_interface(EniIndex eni);
  Ec2Error delete_network_interface(EniIndex eni);
  Ec2Error assign_private_ip_addresses(EniIndex eni, int count, int prefixes);
  Ec2Error unassign_private_ip_addresses(EniIndex eni, const std::vector<net::Ipv4>& ips,
                                         const std::vector<net::Cidr>& prefixes);
  void set_security_groups(EniIndex eni, std::vector<std::string> groups);
  // ModifyNetworkInterfaceAttribute: DeleteOnTermination = true.
  void set_delete_on_termination(EniIndex eni) { enis_[eni].delete_on_termination = true; }

  const Subnet& subnet(SubnetIndex i) const { return subnets_[i]; }
  const std::vector<Subnet>& subnets() const { return subnets_; }
  const NetworkInterface& eni(EniIndex i) const { return enis_[i]; }
  const std::vector<NetworkInterface>& enis() const { return enis_; }
  const Instance& instance(InstanceIndex i) const { return instances_[i]; }
  const std::vector<Instance>& instances() const { return instances_; }
  std::optional<EniIndex> find_eni(std::string_view id) const;

  // Invariant check for tests and the run's checker: per-subnet used + free = usable, and every
  // ENI within its instance type's limits. Returns the first violation, or an empty string.
  std::string check_invariants() const;

 private:
  std::string next_id(std::string_view prefix);
  // Takes `count` random free addresses (or /28 prefixes) from a subnet, all or none.
  Ec2Error take_addresses(SubnetIndex subnet, int count, std::vector<net::Ipv4>& out);
  Ec2Error take_prefixes(SubnetIndex subnet, int count, std::vector<net::Cidr>& out);
  void release_all(NetworkInterface& eni);
  int attached_count(const Instance& instance) const;

  std::vector<Subnet> subnets_;
  std::vector<NetworkInterface> enis_;
  std::vector<Instance> instances_;
  uint64_t seed_;
  sim::RandomStream ids_;
  sim::RandomStream placement_;
  PublicIpPool public_ips_;
  Ec2Observer* observer_ = nullptr;
};

}  // namespace ekssim::aws

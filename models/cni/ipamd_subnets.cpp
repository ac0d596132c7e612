// Where ipamd creates a new ENI (aws/amazon-vpc-cni-k8s pkg/awsutils/awsutils.go createENI,
// GetVpcSubnets, isSubnetValidForENICreation, IsSubnetExcluded):
//  - custom networking: the ENIConfig's subnet and security groups, no DescribeSubnets;
//  - ENABLE_SUBNET_DISCOVERY (default true): DescribeSubnets for the node's VPC and zone, sorted
//    by free addresses, most first (a stable sort over EC2's order, which ekssim takes as the
//    scenario's). Candidates: the node's own subnet unless tagged kubernetes.io/role/cni=0, and
//    every other subnet tagged kubernetes.io/role/cni with a value other than "0".
//    CreateNetworkInterface is tried in each, always with the primary ENI's security groups,
//    until one succeeds; the last error is returned. No candidate is an error. If
//    DescribeSubnets fails, the node's own subnet is used after a second DescribeSubnets
//    (IsSubnetExcluded) confirms it is not excluded; if that fails too, no ENI is created;
//  - discovery off: DescribeSubnets (IsSubnetExcluded) and the node's own subnet unless it is
//    tagged "0"; a failed DescribeSubnets is only logged.
// Not modelled: the cluster tags cni.networking.k8s.aws/cluster/<name>, which upstream checks
// only when aws-node has CLUSTER_NAME (the shipped manifest does not set it).

#include <fmt/format.h>

#include <algorithm>

#include "models/cni/ipamd.h"

namespace ekssim::cni {

using aws::Ec2Action;
using aws::Ec2Error;

namespace {

constexpr std::string_view kCniRoleTag = "kubernetes.io/role/cni";

std::string_view cni_tag(const aws::Subnet& subnet) {
  const auto it = subnet.tags.find(kCniRoleTag);
  return it == subnet.tags.end() ? std::string_view() : std::string_view(it->second);
}

// Not an EC2 error code: createENI's own refusal, before any CreateNetworkInterface.
Ec2Error no_valid_subnet(std::string message) {
  return Ec2Error{"NoValidSubnet", std::move(message)};
}

}  // namespace

std::vector<aws::SubnetIndex> Ipamd::discovered_subnets() const {
  const aws::Instance& instance = ctx_.ec2.instance(ctx_.instance);
  const aws::SubnetIndex own = ctx_.ec2.eni(instance.enis.front()).subnet;
  const std::string& zone = ctx_.ec2.subnet(own).availability_zone;
  std::vector<aws::SubnetIndex> out;
  for (aws::SubnetIndex i = 0; i < ctx_.ec2.subnets().size(); ++i) {
    const aws::Subnet& subnet = ctx_.ec2.subnet(i);
    if (subnet.availability_zone != zone) continue;
    const std::string_view tag = cni_tag(subnet);
    // isSubnetValidForENICreation: "0" excludes; the own subnet is in by default, others only
    // with the tag.
    if (tag == "0" || (i != own && tag.empty())) continue;
    out.push_back(i);
  }
  std::stable_sort(out.begin(), out.end(), [this](aws::SubnetIndex a, aws::SubnetIndex b) {
    return ctx_.ec2.subnet(a).addresses->free_addresses() >
           ctx_.ec2.subnet(b).addresses->free_addresses();
  });
  return out;
}

void Ipamd::create_eni(int resources, CreatedEni done) {
  const aws::Instance& instance = ctx_.ec2.instance(ctx_.instance);
  const aws::NetworkInterface& primary = ctx_.ec2.eni(instance.enis.front());
  const aws::SubnetIndex own = primary.subnet;
  std::vector<std::string> groups = primary.security_groups;
  if (ctx_.custom_networking) {
    if (!ctx_.custom_networking->security_groups.empty()) {
      groups = ctx_.custom_networking->security_groups;
    }
    create_eni_in({ctx_.custom_networking->subnet}, 0, resources, std::move(groups),
                  Ec2Error::none(), std::move(done));
    return;
  }
  // IsSubnetExcluded on the node's own subnet, after a DescribeSubnets of its own.
  auto own_subnet_unless_excluded = [this, own, resources, groups](bool describe_failed_is_fatal,
                                                                   CreatedEni done) {
    ctx_.api.describe_subnets(unless_restarted(
        [this, own, resources, groups, describe_failed_is_fatal, done](const Ec2Error& error) {
          if (!error.ok() && describe_failed_is_fatal) {
            done(error, Ec2Action::kDescribeSubnets, 0);
            return;
          }
          if (error.ok() && cni_tag(ctx_.ec2.subnet(own)) == "0") {
            done(no_valid_subnet(fmt::format("primary subnet {} is tagged with {}=0 - no valid "
                                             "subnets available for ENI creation",
                                             ctx_.ec2.subnet(own).name, kCniRoleTag)),
                 Ec2Action::kCreateNetworkInterface, 0);
            return;
          }
          create_eni_in({own}, 0, resources, groups, Ec2Error::none(), done);
        }));
  };
  if (!settings_.subnet_discovery) {
    own_subnet_unless_excluded(false, std::move(done));
    return;
  }
  ctx_.api.describe_subnets(unless_restarted([this, resources, groups, own_subnet_unless_excluded,
                                              done = std::move(done)](const Ec2Error& error) {
    if (!error.ok()) {
      // "Defaulting to same subnet as the primary interface for the new ENI".
      own_subnet_unless_excluded(true, done);
      return;
    }
    std::vector<aws::SubnetIndex> candidates = discovered_subnets();
    if (candidates.empty()) {
      done(no_valid_subnet("no valid subnets available for ENI creation - all subnets are "
                           "either not tagged or tagged with kubernetes.io/role/cni=0"),
           Ec2Action::kCreateNetworkInterface, 0);
      return;
    }
    create_eni_in(std::move(candidates), 0, resources, groups, Ec2Error::none(), done);
  }));
}

void Ipamd::create_eni_in(std::vector<aws::SubnetIndex> candidates, size_t i, int resources,
                          std::vector<std::string> groups, Ec2Error last, CreatedEni done) {
  if (i >= candidates.size()) {
    done(last, Ec2Action::kCreateNetworkInterface, 0);
    return;
  }
  aws::CreateEniRequest request;
  request.subnet = candidates[i];
  request.security_groups = groups;
  request.secondary_ips = config_.prefix_delegation ? 0 : resources;
  request.prefixes = config_.prefix_delegation ? resources : 0;
  ctx_.api.create_network_interface(
      std::move(request),
      unless_restarted([this, candidates = std::move(candidates), i, resources, groups,
                        done = std::move(done)](const Ec2Error& error, aws::EniIndex created) {
        if (error.ok()) {
          done(error, Ec2Action::kCreateNetworkInterface, created);
          return;
        }
        create_eni_in(candidates, i + 1, resources, groups, error, done);
      }));
}

}  // namespace ekssim::cni

#pragma once
// EC2 instance types' network limits, from the table the VPC CNI generates
// (aws/amazon-vpc-cni-k8s pkg/vpc/vpc_ip_resource_limit.go, with the resource controller's trunk
// and branch columns; models/aws/data/README.md names the sources and commits). The table is
// compiled into the binary; no model reads a file.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ekssim::aws {

enum class Hypervisor { kNitro, kXen, kUnknown };

struct InstanceType {
  std::string name;
  int max_enis = 0;      // ENIs on the default network card (what the CNI uses)
  int ipv4_per_eni = 0;  // IPv4 addresses per ENI, the primary included
  Hypervisor hypervisor = Hypervisor::kUnknown;
  bool bare_metal = false;
  int network_cards = 1;
  std::vector<int> max_enis_per_card;
  int max_enis_all_cards = 0;
  std::optional<bool> trunking_compatible;  // none: not in the resource controller's table
  std::optional<int> branch_interfaces;
};

// Every type, sorted by name.
const std::vector<InstanceType>& all_instance_types();
const InstanceType* find_instance_type(std::string_view name);
// The `n` names closest to `name` by edit distance (ties by name), for "did you mean".
std::vector<std::string> nearest_instance_types(std::string_view name, size_t n);

// Defined in the generated source that embeds models/aws/data/ec2-instance-network-limits.csv.
std::string_view embedded_instance_limits_csv();

}  // namespace ekssim::aws

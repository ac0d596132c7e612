#pragma once
// The Amazon VPC quotas that shape what a scenario can configure, with AWS's defaults (AWS
// "Amazon VPC quotas"):
// - "Inbound or outbound rules per security group": 60 each way. A rule that references a prefix
//   list counts as the list's maximum number of entries.
// - "Security groups per network interface": 5 (adjustable to 16; this quota times the rules
//   quota may not exceed 1,000).
// - "Rules per network ACL": 20 each way, the default deny rule included (adjustable to 40).
// AWS refuses the change that would break one (RulesPerSecurityGroupLimitExceeded,
// SecurityGroupsPerInterfaceLimitExceeded …); the evaluator itself never looks at quotas.

#include <string>
#include <vector>

#include "models/vpc/eni.h"
#include "models/vpc/network_acl.h"
#include "models/vpc/security_group.h"
#include "models/vpc/vpc.h"

namespace ekssim::vpc {

struct Quotas {
  int rules_per_security_group = 60;
  int security_groups_per_interface = 5;
  int rules_per_network_acl = 20;
};

// Each returns one message per broken quota, empty when all hold, for example
// "security group nodes-old has 61 inbound rules; AWS allows 60 (quota 'Inbound or outbound
// rules per security group')".
std::vector<std::string> check_security_group(const Vpc& vpc, const SecurityGroup& group,
                                              const Quotas& quotas = {});
std::vector<std::string> check_network_interface(const Eni& eni, const Quotas& quotas = {});
std::vector<std::string> check_network_acl(const NetworkAcl& acl, const Quotas& quotas = {});
// All of the above over the whole VPC (deleted ENIs skipped), in table order.
std::vector<std::string> check_quotas(const Vpc& vpc, const Quotas& quotas = {});

}  // namespace ekssim::vpc

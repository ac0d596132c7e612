#pragma once
// `aws ec2 describe-*` JSON output (the AWS CLI's, one file per call or several in a folder) to
// the VPC as it is: Vpcs (with CidrBlockAssociationSet), Subnets, RouteTables (igw, nat, tgw,
// pcx, blackhole; local routes implied; the main table for subnets without an association),
// SecurityGroups (IpRanges, UserIdGroupPairs; prefix lists noted), NetworkAcls (the `*` rule
// 32767 is ekssim's implicit deny), NatGateways, InternetGateways, VpcEndpoints;
// NetworkInterfaces and Instances are counted per subnet in notes. AWS ids are the names.
// Several VPCs without a VPC id is an error listing them.

#include <optional>
#include <string>
#include <vector>

#include "tools/import/import_log.h"
#include "tools/import/imported.h"
#include "tools/import/sources.h"

namespace ekssim::import {

void import_aws_describe(const std::vector<NamedPath>& paths,
                         const std::optional<std::string>& vpc_id, const Origin& vpc_id_at,
                         Imported& out, ImportLog& log);

}  // namespace ekssim::import

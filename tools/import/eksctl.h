#pragma once
// An eksctl ClusterConfig (eksctl.io/v1alpha5) to the cluster eksctl would create, with eksctl's
// own defaults where the file is silent (eksctl-io/eksctl, pkg/apis/eksctl.io/v1alpha5/
// defaults.go and types.go, pkg/vpc/vpc.go, pkg/cfn/builder/vpc*.go, cluster.go, nodegroup.go,
// managed_nodegroup.go). What does not change networking is skipped with one note each; what does
// and is not modelled (IPv6, remoteNetworkConfig) and placeholders left in the file are located
// errors.

#include <string>

#include "tools/import/import_log.h"
#include "tools/import/imported.h"

namespace ekssim::import {

void import_eksctl(const std::string& path, const Origin& named_at, Imported& out, ImportLog& log);

}  // namespace ekssim::import

#pragma once
// `ekssim max-pods [--prefix-delegation] [--custom-networking] [--max-eni N]
// [--calculator | --vcpus N | --cap N] TYPE…`: the kubelet's max pods for each instance type, by
// aws::max_pods (EKS's current formula by default, the AL2 calculator's variants through the
// options). `--calculator` caps each type at 110 or 250 by its own vCPUs, as amazon-eks-ami's
// max-pods-calculator.sh does with DescribeInstanceTypes' count (aws::resources_of).

#include <ostream>
#include <string>
#include <vector>

#include "models/aws/max_pods.h"

namespace ekssim::cli {

// Prints one `TYPE N` line per type to `out`, in the order given, and returns 0. If any type is
// unknown (or, with `vcpu_cap_per_type`, has no known vCPU count), prints nothing to `out`;
// instead `err` gets one line per such type naming it (suggesting the nearest known names, or
// --vcpus), and the result is 2 (bad input). `vcpu_cap_per_type` applies the calculator's cap with
// each type's vCPUs unless `options.vcpus` already gives one count for all.
int run_max_pods(const std::vector<std::string>& types, const aws::MaxPodsOptions& options,
                 bool vcpu_cap_per_type, std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli

#pragma once
// `ekssim max-pods [--prefix-delegation] [--custom-networking] [--max-eni N] [--vcpus N | --cap N]
// TYPE…`: the kubelet's max pods for each instance type, by aws::max_pods (EKS's current formula
// by default, the AL2 calculator's variants through the options).

#include <ostream>
#include <string>
#include <vector>

#include "models/aws/max_pods.h"

namespace ekssim::cli {

// Prints one `TYPE N` line per type to `out`, in the order given, and returns 0. If any type is
// unknown, prints nothing to `out`; instead `err` gets one line per unknown type naming it and
// suggesting the nearest known names, and the result is 2 (bad input).
int run_max_pods(const std::vector<std::string>& types, const aws::MaxPodsOptions& options,
                 std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli

#pragma once
// The VPC endpoint services a scenario may name (vpc.endpoints[].service): the ones the nodes'
// bring-up and the CNI talk to, as the EKS user guide's "private clusters" page lists them.
// The loader validates against these; import keeps only endpoints of these services.

#include <string>
#include <string_view>
#include <vector>

namespace ekssim::scenario {

const std::vector<std::string>& interface_endpoint_services();
const std::vector<std::string>& gateway_endpoint_services();  // s3, dynamodb
bool is_interface_endpoint_service(std::string_view service);

}  // namespace ekssim::scenario

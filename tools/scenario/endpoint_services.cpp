#include "tools/scenario/endpoint_services.h"

#include <algorithm>

namespace ekssim::scenario {

const std::vector<std::string>& interface_endpoint_services() {
  static const std::vector<std::string> services = {
      "ec2",         "ecr.api", "ecr.dkr",
      "s3",          "sts",     "eks",
      "eks-auth",    "logs",    "elasticloadbalancing",
      "autoscaling", "ssm",     "ssmmessages",
      "ec2messages", "kms",     "secretsmanager",
      "sqs",         "sns",     "monitoring",
      "xray",        "dynamodb"};
  return services;
}

const std::vector<std::string>& gateway_endpoint_services() {
  static const std::vector<std::string> services = {"s3", "dynamodb"};
  return services;
}

bool is_interface_endpoint_service(std::string_view service) {
  const auto& all = interface_endpoint_services();
  return std::find(all.begin(), all.end(), service) != all.end();
}

}  // namespace ekssim::scenario

#include "models/cluster/aws_endpoints.h"

#include <fmt/format.h>

#include "models/vpc/path.h"

namespace ekssim::cluster {

AwsEndpoints::AwsEndpoints(std::string region, bool api_public_access, bool api_private_access)
    : region_(std::move(region)),
      ec2_hostname_("ec2." + region_ + ".amazonaws.com"),
      api_public_access_(api_public_access),
      api_private_access_(api_private_access) {}

void AwsEndpoints::add_interface_endpoint(const std::string& service,
                                          const std::string& availability_zone, vpc::EniId eni,
                                          net::Ipv4 address, bool private_dns) {
  if (service == "ec2" && private_dns) ec2_endpoint_.push_back({availability_zone, eni, address});
}

void AwsEndpoints::add_control_plane_eni(vpc::EniId eni, net::Ipv4 address) {
  control_plane_.push_back({"", eni, address});
}

const AwsEndpoints::Local* AwsEndpoints::pick(const std::vector<Local>& enis,
                                              const std::string& zone) {
  for (const Local& l : enis) {
    if (l.availability_zone == zone) return &l;
  }
  return enis.empty() ? nullptr : &enis.front();
}

EndpointTarget AwsEndpoints::ec2(const std::string& availability_zone) const {
  if (const Local* local = pick(ec2_endpoint_, availability_zone)) {
    return {local->address,
            fmt::format("{} (interface endpoint in {})", ec2_hostname_, local->availability_zone)};
  }
  return {kEc2PublicAddress, ec2_hostname_ + " (public endpoint)"};
}

EndpointTarget AwsEndpoints::api_server(const std::string& availability_zone) const {
  // With private access on, the endpoint's name resolves to the private ENIs inside the VPC,
  // whether or not public access is also on (AWS "Cluster API server endpoint").
  if (api_private_access_) {
    if (const Local* local = pick(control_plane_, availability_zone)) {
      return {local->address, "the cluster API server (private endpoint)"};
    }
  }
  return {kApiServerPublicAddress, "the cluster API server (public endpoint)"};
}

std::optional<BlockedPath> https_path_blocked(const vpc::Vpc& vpc, vpc::EniId source_eni,
                                              net::Ipv4 source_ip, const EndpointTarget& target) {
  // An ephemeral source port in Linux's default range (net.ipv4.ip_local_port_range).
  const net::Flow flow = net::Flow::tcp(source_ip, 40000, target.address, 443);
  const net::Verdict quick = vpc::evaluate(vpc, flow, source_eni);
  if (quick.passed()) return std::nullopt;
  net::Verdict verdict = vpc::evaluate(vpc, flow, source_eni, {.want_trace = true});
  std::string cause =
      fmt::format("tcp 443 to {} blocked: {}", target.description, verdict.denial());
  std::string fix = verdict.fix ? verdict.fix->text : std::string();
  return BlockedPath{std::move(cause), std::move(fix), std::move(verdict)};
}

}  // namespace ekssim::cluster

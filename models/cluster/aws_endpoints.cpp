#include "models/cluster/aws_endpoints.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/vpc/path.h"

namespace ekssim::cluster {

namespace {

// FNV-1a, 64 bits: a stable hash of a name (not std::hash, which may differ between builds).
uint64_t stable_hash(std::string_view text, uint64_t basis = 14695981039346656037ULL) {
  uint64_t h = basis;
  for (unsigned char c : text)
    h = (h ^ c) * 1099511628211ULL;
  return h;
}

// EKS names a cluster's endpoint <32 hex digits>.<shard>.<region>.eks.amazonaws.com (the
// cluster's `endpoint` in DescribeCluster). The digits are random in AWS; here they come from the
// cluster's name, so a scenario's messages are the same in every run; the shard is fixed.
std::string eks_endpoint_hostname(const std::string& cluster, const std::string& region) {
  return fmt::format("{:016X}{:016X}.gr7.{}.eks.amazonaws.com", stable_hash(cluster),
                     stable_hash(cluster, stable_hash("eks-endpoint")), region);
}

}  // namespace

AwsEndpoints::AwsEndpoints(const std::string& cluster, std::string region, bool api_public_access,
                           bool api_private_access, std::vector<net::Cidr> public_access_cidrs)
    : region_(std::move(region)),
      ec2_hostname_("ec2." + region_ + ".amazonaws.com"),
      api_hostname_(eks_endpoint_hostname(cluster, region_)),
      public_access_cidrs_(std::move(public_access_cidrs)),
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
            fmt::format("{} (interface endpoint in {})", ec2_hostname_, local->availability_zone),
            ec2_hostname_,
            {}};
  }
  return {kEc2PublicAddress, ec2_hostname_ + " (public endpoint)", ec2_hostname_, {}};
}

EndpointTarget AwsEndpoints::api_server(const std::string& availability_zone) const {
  // With private access on, the endpoint's name resolves to the private ENIs inside the VPC,
  // whether or not public access is also on (AWS "Cluster API server endpoint").
  if (api_private_access_) {
    if (const Local* local = pick(control_plane_, availability_zone)) {
      return {local->address, "the cluster API server (private endpoint)", api_hostname_, {}};
    }
  }
  return {kApiServerPublicAddress, "the cluster API server (public endpoint)", api_hostname_,
          public_access_cidrs_};
}

namespace {

// A path that got through to a public endpoint which admits only some internet sources.
std::optional<BlockedPath> refused_source(const vpc::Vpc& vpc, const net::Flow& flow,
                                          vpc::EniId source_eni, const EndpointTarget& target,
                                          const net::Verdict& passed) {
  if (target.admitted_sources.empty() || !passed.internet_source) return std::nullopt;
  const net::Ipv4 from = *passed.internet_source;
  for (const net::Cidr& cidr : target.admitted_sources) {
    if (cidr.contains(from)) return std::nullopt;
  }
  std::vector<std::string> cidrs;
  for (const net::Cidr& cidr : target.admitted_sources)
    cidrs.push_back(cidr.to_string());
  const bool own_ip =
      flow.src == vpc.eni(source_eni).primary_ip && vpc.eni(source_eni).public_ip == from;
  std::string cause = fmt::format(
      "tcp 443 to {} refused: it admits only publicAccessCidrs {}, and the traffic arrives "
      "from {} ({})",
      target.description, fmt::join(cidrs, ", "), from.to_string(),
      own_ip ? "the node's public IP" : "the NAT gateway's Elastic IP");
  std::string fix = fmt::format(
      "add {}/32 to clusterEndpoints.publicAccessCidrs, or turn on clusterEndpoints.privateAccess",
      from.to_string());
  return BlockedPath{std::move(cause), std::move(fix),
                     vpc::evaluate(vpc, flow, source_eni, {.want_trace = true})};
}

}  // namespace

std::optional<BlockedPath> https_path_blocked(const vpc::Vpc& vpc, vpc::EniId source_eni,
                                              net::Ipv4 source_ip, const EndpointTarget& target) {
  // An ephemeral source port in Linux's default range (net.ipv4.ip_local_port_range).
  const net::Flow flow = net::Flow::tcp(source_ip, 40000, target.address, 443);
  const net::Verdict quick = vpc::evaluate(vpc, flow, source_eni);
  if (quick.passed()) return refused_source(vpc, flow, source_eni, target, quick);
  net::Verdict verdict = vpc::evaluate(vpc, flow, source_eni, {.want_trace = true});
  std::string cause =
      fmt::format("tcp 443 to {} blocked: {}", target.description, verdict.denial());
  std::string fix = verdict.fix ? verdict.fix->text : std::string();
  return BlockedPath{std::move(cause), std::move(fix), std::move(verdict)};
}

}  // namespace ekssim::cluster

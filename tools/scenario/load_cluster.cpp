// cluster: the EKS cluster's own settings (name, region, version, service CIDR, endpoint access,
// IAM roles, prefix lists, the EC2 API's behaviour) and the sections below it.
//
// EKS rules enforced here (Amazon EKS API, CreateCluster / KubernetesNetworkConfigRequest): the
// service CIDR lies in 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16, is /12 to /24, and does not
// overlap the VPC; at least one of the public and private endpoints is enabled.

#include <fmt/format.h>

#include <algorithm>

#include "models/aws/ec2_action.h"
#include "models/aws/iam.h"
#include "tools/scenario/edit_distance.h"
#include "tools/scenario/sections.h"

namespace ekssim::scenario {
namespace {

const std::vector<std::string> kRegions = {
    "us-east-1",      "us-east-2",      "us-west-1",      "us-west-2",      "af-south-1",
    "ap-east-1",      "ap-south-1",     "ap-south-2",     "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
    "ca-central-1",   "ca-west-1",      "eu-central-1",   "eu-central-2",   "eu-west-1",
    "eu-west-2",      "eu-west-3",      "eu-south-1",     "eu-south-2",     "eu-north-1",
    "il-central-1",   "me-south-1",     "me-central-1",   "sa-east-1",      "us-gov-east-1",
    "us-gov-west-1",  "cn-north-1",     "cn-northwest-1"};

// EKS CreateCluster: 1-100 characters, alphanumerics, '-' and '_', starting with an alphanumeric.
bool is_cluster_name(std::string_view name) {
  auto alnum = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  return !name.empty() && name.size() <= 100 && alnum(name[0]) &&
         std::all_of(name.begin(), name.end(),
                     [&](char c) { return alnum(c) || c == '-' || c == '_'; });
}

bool is_version(std::string_view v) {
  return v.size() == 4 && v.substr(0, 2) == "1." &&
         std::isdigit(static_cast<unsigned char>(v[2])) &&
         std::isdigit(static_cast<unsigned char>(v[3]));
}

spec::ClusterEndpoints load_endpoints(Reader& reader, const YAML::Node& node) {
  spec::ClusterEndpoints e;
  MapReader map(reader, node, "clusterEndpoints", "the cluster endpoint access");
  e.location = map.location();
  if (!map.ok()) return e;
  if (auto v = map.boolean("publicAccess", Need::kOptional)) e.public_access = *v;
  if (auto v = map.boolean("privateAccess", Need::kOptional)) e.private_access = *v;
  if (auto cidrs = map.get("publicAccessCidrs")) {
    for_each_item(reader, *cidrs, "publicAccessCidrs", "a list of CIDR blocks",
                  [&](const YAML::Node& item, const std::string& label) {
                    if (auto c = reader.cidr(item, label)) e.public_access_cidrs.push_back(*c);
                  });
    if (!e.public_access) {
      reader.error(*cidrs, "publicAccessCidrs given with publicAccess: false",
                   "publicAccessCidrs only with publicAccess: true");
    }
  } else {
    e.public_access_cidrs.push_back(net::Cidr::everything());
  }
  if (!e.public_access && !e.private_access) {
    reader.error(node, "both publicAccess and privateAccess are false",
                 "at least one endpoint enabled, as EKS requires");
  }
  map.finish();
  return e;
}

std::vector<spec::IamRole> load_iam(Reader& reader, const YAML::Node& node) {
  std::vector<spec::IamRole> roles;
  MapReader map(reader, node, "iam", "the IAM section");
  if (!map.ok()) return roles;
  if (auto list = map.get("roles")) {
    for_each_item(reader, *list, "roles", "a list of IAM roles",
                  [&](const YAML::Node& item, const std::string& label) {
                    MapReader role_map(reader, item, label, "an IAM role");
                    if (!role_map.ok()) return;
                    spec::IamRole role;
                    role.location = role_map.location();
                    if (auto name = role_map.text("name", Need::kRequired, "the role's name")) {
                      role.name = *name;
                    }
                    const auto& known = aws::known_managed_policies();
                    for (spec::Ref& policy :
                         role_map.refs("policies", Need::kOptional, "managed policy name")) {
                      if (std::find(known.begin(), known.end(), policy.name) == known.end()) {
                        reader.error(policy.location,
                                     fmt::format("unknown managed policy '{}'{}", policy.name,
                                                 did_you_mean(policy.name, known)),
                                     "one of: " + join_names(known));
                      } else {
                        role.policies.push_back(std::move(policy));
                      }
                    }
                    role_map.finish();
                    roles.push_back(std::move(role));
                  });
  }
  map.finish();
  return roles;
}

std::vector<spec::PrefixList> load_prefix_lists(Reader& reader, const YAML::Node& node) {
  std::vector<spec::PrefixList> lists;
  for_each_item(reader, node, "prefixLists", "a list of prefix lists",
                [&](const YAML::Node& item, const std::string& label) {
                  MapReader map(reader, item, label, "a prefix list");
                  if (!map.ok()) return;
                  spec::PrefixList list;
                  list.location = map.location();
                  if (auto name = map.text("name", Need::kRequired, "the prefix list's name")) {
                    list.name = *name;
                  }
                  if (auto cidrs = map.require("cidrs", "a list of CIDR blocks")) {
                    for_each_item(reader, *cidrs, "cidrs", "a list of CIDR blocks",
                                  [&](const YAML::Node& c, const std::string& c_label) {
                                    if (auto cidr = reader.cidr(c, c_label)) {
                                      list.cidrs.push_back(*cidr);
                                    }
                                  });
                  }
                  map.finish();
                  lists.push_back(std::move(list));
                });
  return lists;
}

spec::ThrottleLimit load_limit(Reader& reader, const YAML::Node& node, const std::string& label,
                               aws::ThrottleLimits defaults) {
  spec::ThrottleLimit limit{defaults.refill_per_second, defaults.capacity};
  MapReader map(reader, node, label, "a token bucket");
  if (!map.ok()) return limit;
  if (auto rate = map.integer("rate", Need::kOptional, 1, 1'000'000)) limit.rate = *rate;
  if (auto burst = map.integer("burst", Need::kOptional, 1, 1'000'000)) limit.burst = *burst;
  map.finish();
  return limit;
}

spec::Ec2Api load_ec2_api(Reader& reader, const YAML::Node* node) {
  spec::Ec2Api api;
  api.describe = {aws::kNonMutatingDefault.refill_per_second, aws::kNonMutatingDefault.capacity};
  api.mutate = {aws::kMutatingDefault.refill_per_second, aws::kMutatingDefault.capacity};
  if (!node) return api;
  MapReader map(reader, *node, "ec2Api", "the EC2 API settings");
  api.location = map.location();
  if (!map.ok()) return api;
  api.latency = map.duration("latency", Need::kOptional);
  if (auto throttle = map.get("throttle")) {
    MapReader t(reader, *throttle, "throttle", "EC2 API throttling");
    if (t.ok()) {
      if (auto d = t.get("describe")) {
        api.describe = load_limit(reader, *d, "describe", aws::kNonMutatingDefault);
      }
      if (auto m = t.get("mutate")) {
        api.mutate = load_limit(reader, *m, "mutate", aws::kMutatingDefault);
      }
      t.finish();
    }
  }
  map.finish();
  return api;
}

// EKS's choice when serviceIpv4Cidr is not given (Amazon EKS User Guide, "Create a cluster":
// 10.100.0.0/16, or 172.20.0.0/16 when the VPC is in 10.0.0.0/8).
net::Cidr default_service_cidr(const net::Cidr& vpc_cidr) {
  return *net::Cidr::parse(net::Cidr::of(net::Ipv4::from_octets(10, 0, 0, 0), 8).contains(vpc_cidr)
                               ? "172.20.0.0/16"
                               : "10.100.0.0/16");
}

void check_service_cidr(Reader& reader, const net::Cidr& cidr, const spec::Vpc& vpc,
                        const YAML::Node& node) {
  if (!net::is_rfc1918(cidr) || cidr.prefix_length() < 12 || cidr.prefix_length() > 24) {
    reader.error(node, fmt::format("serviceIpv4Cidr {} is not allowed by EKS", cidr.to_string()),
                 "a /12 to /24 block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16");
  } else if (vpc.location.known() && cidr.overlaps(vpc.cidr)) {
    reader.error(node,
                 fmt::format("serviceIpv4Cidr {} overlaps the VPC CIDR {}", cidr.to_string(),
                             vpc.cidr.to_string()),
                 "a block outside the VPC, such as " + default_service_cidr(vpc.cidr).to_string());
  }
}

// serviceNodePortRange (ext): kube-apiserver's --service-node-port-range as
// k8s.io/apimachinery/pkg/util/net PortRange.Set reads it: "PORT", "MIN-MAX" or "MIN+OFFSET",
// inclusive at both ends, within 1-65535.
std::optional<spec::PortRange> node_port_range(Reader& reader, const YAML::Node& node) {
  constexpr std::string_view kExpected =
      "a port range such as \"30000-32767\" or \"30000+2767\" (ports 1-65535)";
  const auto text = reader.text(node, "serviceNodePortRange", kExpected);
  if (!text) return std::nullopt;
  const auto number = [](std::string_view digits) -> std::optional<int> {
    int value = 0;
    if (digits.empty() || digits.size() > 5) return std::nullopt;
    for (const char c : digits) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  };
  const std::string_view all(*text);
  const size_t sep = all.find_first_of("-+");
  const auto low = number(all.substr(0, sep));
  std::optional<int> high = low;
  if (sep != std::string_view::npos) {
    const auto other = number(all.substr(sep + 1));
    high = !other || !low ? std::nullopt : all[sep] == '-' ? other : std::optional(*low + *other);
  }
  if (low && high && *low >= 1 && *high >= *low && *high <= 65535)
    return spec::PortRange{*low, *high};
  reader.error(node, fmt::format("serviceNodePortRange '{}' is not a port range", *text),
               std::string(kExpected));
  return std::nullopt;
}

}  // namespace

spec::Cluster load_cluster(Reader& reader, const YAML::Node& node) {
  spec::Cluster c;
  MapReader map(reader, node, "cluster", "the cluster");
  c.location = map.location();
  if (!map.ok()) return c;
  constexpr std::string_view kNameExpected =
      "a cluster name: up to 100 letters, digits, '-' and '_', starting with a letter or digit";
  if (auto name_node = map.require("name", kNameExpected)) {
    if (auto name = reader.text(*name_node, "name", kNameExpected)) {
      if (is_cluster_name(*name)) {
        c.name = *name;
      } else {
        reader.error(*name_node, fmt::format("cluster name '{}' is not allowed by EKS", *name),
                     std::string(kNameExpected));
      }
    }
  }
  if (auto region = map.one_of("region", Need::kRequired, kRegions)) c.region = *region;
  c.version = "1.30";
  if (auto version = map.get("version")) {
    if (auto v = reader.text(*version, "version", "a Kubernetes version such as \"1.29\"")) {
      if (is_version(*v)) {
        c.version = *v;
      } else {
        reader.error(*version, fmt::format("version is '{}'", *v),
                     "a Kubernetes version such as \"1.29\"");
      }
    }
  }
  if (auto range = map.get("serviceNodePortRange")) {
    if (auto parsed = node_port_range(reader, *range)) c.service_node_port_range = *parsed;
  }
  auto service_cidr_node = map.get("serviceIpv4Cidr");
  std::optional<net::Cidr> service_cidr;
  if (service_cidr_node) service_cidr = reader.cidr(*service_cidr_node, "serviceIpv4Cidr");
  if (auto e = map.get("clusterEndpoints")) {
    c.endpoints = load_endpoints(reader, *e);
  } else {
    c.endpoints.public_access_cidrs.push_back(net::Cidr::everything());
  }
  if (auto vpc = map.require("vpc", "the VPC: cidr, subnets …")) c.vpc = load_vpc(reader, *vpc);
  if (auto lists = map.get("prefixLists")) c.prefix_lists = load_prefix_lists(reader, *lists);
  if (auto groups = map.get("securityGroups")) {
    c.security_groups = load_security_groups(reader, *groups);
  }
  if (auto iam = map.get("iam")) c.iam_roles = load_iam(reader, *iam);
  if (auto groups = map.get("nodeGroups")) c.node_groups = load_node_groups(reader, *groups);
  c.addons = load_addons(reader, map.get("addons").value_or(YAML::Node()));
  auto ec2_api = map.get("ec2Api");
  c.ec2_api = load_ec2_api(reader, ec2_api ? &*ec2_api : nullptr);
  map.finish();

  if (service_cidr) {
    c.service_ipv4_cidr = *service_cidr;
    check_service_cidr(reader, *service_cidr, c.vpc, *service_cidr_node);
  } else {
    c.service_ipv4_cidr = default_service_cidr(c.vpc.cidr);
    c.service_ipv4_cidr_defaulted = true;
  }
  return c;
}

}  // namespace ekssim::scenario

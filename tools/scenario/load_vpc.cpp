// cluster.vpc: address space, subnets, DHCP options, gateways, route tables, endpoints, remote
// networks and hosts. Network ACLs are in load_network_acls.cpp.
//
// AWS rules enforced here ("VPC CIDR blocks", "Subnet CIDR blocks", "Route tables"): VPC and
// subnet blocks are /16 to /28; a subnet lies inside one of the VPC's blocks and overlaps no other
// subnet; a route table has one route per destination; a route has exactly one target.

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "tools/scenario/edit_distance.h"
#include "tools/scenario/endpoint_services.h"
#include "tools/scenario/sections.h"

namespace ekssim::scenario {
namespace {

constexpr int kMinPrefix = 16;  // AWS: blocks from /16 (65,536 addresses) …
constexpr int kMaxPrefix = 28;  // … to /28 (16 addresses)

bool block_size_ok(Reader& reader, const net::Cidr& cidr, spec::Location at,
                   std::string_view what) {
  if (cidr.prefix_length() >= kMinPrefix && cidr.prefix_length() <= kMaxPrefix) return true;
  reader.error(at, fmt::format("{} {} is a /{}", what, cidr.to_string(), cidr.prefix_length()),
               "a block from /16 to /28, as AWS allows");
  return false;
}

// AWS "Tag restrictions": keys of 1–128 characters that do not start with aws:, values of at
// most 256, at most 50 tags per resource.
void check_tags(Reader& reader, const YAML::Node& subnet,
                const std::map<std::string, std::string>& tags) {
  if (!subnet.IsMap() || !subnet["tags"]) return;
  const YAML::Node node = subnet["tags"];
  if (tags.size() > 50) {
    reader.error(node, fmt::format("the subnet has {} tags", tags.size()),
                 "at most 50 tags, as AWS allows");
  }
  for (const auto& [key, value] : tags) {
    if (key.empty() || key.size() > 128 || key.starts_with("aws:")) {
      reader.error(node[key] ? node[key] : node, fmt::format("tag key '{}' is not allowed", key),
                   "a key of 1 to 128 characters not starting with aws:");
    } else if (value.size() > 256) {
      reader.error(node[key],
                   fmt::format("tag '{}' has a value of {} characters", key, value.size()),
                   "a value of at most 256 characters");
    }
  }
}

void load_subnet(Reader& reader, const YAML::Node& node, const std::string& label, spec::Vpc& vpc) {
  MapReader map(reader, node, label, "a subnet");
  if (!map.ok()) return;
  spec::Subnet s;
  s.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the subnet's name")) {
    s.name = *name;
    map.set_what("subnet '" + s.name + "'");
  }
  if (auto az = map.text("az", Need::kRequired, "an availability zone such as us-east-1a")) {
    s.az = *az;
  }
  auto cidr_node = map.require("cidr", "a CIDR block such as 10.0.0.0/20");
  if (cidr_node) {
    s.cidr_location = location_of(*cidr_node);
    if (auto cidr = reader.cidr(*cidr_node, "cidr")) {
      s.cidr = *cidr;
      if (!block_size_ok(reader, s.cidr, s.cidr_location, "subnet")) s.cidr_location = {};
    } else {
      s.cidr_location = {};
    }
  }
  s.route_table = map.ref("routeTable", Need::kOptional, "a route table name");
  s.network_acl = map.ref("networkAcl", Need::kOptional, "a network ACL name");
  if (auto map_public = map.boolean("mapPublicIpOnLaunch", Need::kOptional)) {
    s.map_public_ip_on_launch = *map_public;
  }
  if (auto in_use = map.get("addressesInUse")) {
    // At most the subnet's usable addresses: its size less AWS's five reserved ones.
    const int64_t usable =
        s.cidr_location.known() ? static_cast<int64_t>(s.cidr.size()) - 5 : int64_t{65536};
    if (auto n = reader.integer(*in_use, "addressesInUse", 0, usable)) s.addresses_in_use = *n;
  }
  s.tags = map.string_map("tags");
  check_tags(reader, node, s.tags);
  map.finish();
  vpc.subnets.push_back(std::move(s));
}

// Subnets must lie inside the VPC and not overlap one another (AWS: InvalidSubnet.Range,
// InvalidSubnet.Conflict). Subnets whose CIDR did not parse are skipped.
void check_subnet_ranges(Reader& reader, const spec::Vpc& vpc, bool vpc_cidr_ok) {
  std::vector<net::Cidr> blocks;
  if (vpc_cidr_ok) blocks.push_back(vpc.cidr);
  blocks.insert(blocks.end(), vpc.secondary_cidrs.begin(), vpc.secondary_cidrs.end());
  std::string block_names;
  for (const net::Cidr& b : blocks)
    block_names += (block_names.empty() ? "" : " or ") + b.to_string();
  for (size_t i = 0; i < vpc.subnets.size(); ++i) {
    const spec::Subnet& s = vpc.subnets[i];
    if (!s.cidr_location.known()) continue;
    if (vpc_cidr_ok) {
      bool inside = false;
      for (const net::Cidr& b : blocks)
        inside = inside || b.contains(s.cidr);
      if (!inside) {
        reader.error(s.cidr_location,
                     fmt::format("subnet '{}' ({}) is outside the VPC", s.name, s.cidr.to_string()),
                     "a block inside " + block_names);
        continue;
      }
    }
    for (size_t j = 0; j < i; ++j) {
      const spec::Subnet& other = vpc.subnets[j];
      if (other.cidr_location.known() && other.cidr.overlaps(s.cidr)) {
        reader.error(s.cidr_location,
                     fmt::format("subnet '{}' ({}) overlaps subnet '{}' ({}, line {})", s.name,
                                 s.cidr.to_string(), other.name, other.cidr.to_string(),
                                 other.location.line),
                     "subnets with disjoint CIDR blocks");
        break;
      }
    }
  }
}

spec::DhcpOptions load_dhcp_options(Reader& reader, const YAML::Node& node) {
  spec::DhcpOptions options;
  MapReader map(reader, node, "dhcpOptions", "DHCP options");
  options.location = map.location();
  if (!map.ok()) return options;
  if (auto servers = map.get("domainNameServers")) {
    for_each_item(
        reader, *servers, "domainNameServers", "a list of AmazonProvidedDNS or IPv4 addresses",
        [&](const YAML::Node& item, const std::string& label) {
          spec::DomainNameServer server;
          server.location = location_of(item);
          if (item.IsScalar() && item.Scalar() == "AmazonProvidedDNS") {
            server.amazon_provided = true;
          } else if (item.IsScalar() && net::Ipv4::parse(item.Scalar())) {
            server.address = *net::Ipv4::parse(item.Scalar());
          } else {
            reader.error(
                item,
                fmt::format(
                    "{} is {}{}", label, describe(item),
                    item.IsScalar() ? did_you_mean(item.Scalar(), {"AmazonProvidedDNS"}) : ""),
                "AmazonProvidedDNS or an IPv4 address");
            return;
          }
          options.domain_name_servers.push_back(server);
        });
    if (options.domain_name_servers.empty() && servers->IsSequence()) {
      reader.error(*servers, "domainNameServers is an empty list",
                   "at least one of AmazonProvidedDNS or an IPv4 address");
    }
  } else {
    options.domain_name_servers.push_back({true, {}, {}});
  }
  map.finish();
  return options;
}

void load_nat_gateway(Reader& reader, const YAML::Node& node, const std::string& label,
                      spec::Vpc& vpc) {
  MapReader map(reader, node, label, "a NAT gateway");
  if (!map.ok()) return;
  spec::NatGateway nat;
  nat.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the NAT gateway's name")) nat.name = *name;
  if (auto subnet = map.ref("subnet", Need::kRequired, "a public subnet's name")) {
    nat.subnet = *subnet;
  }
  if (auto node = map.get("publicIp")) {
    if (auto ip = reader.ipv4(*node, "publicIp")) {
      if (net::is_rfc1918(net::Cidr::of(*ip, 32))) {
        reader.error(*node, fmt::format("publicIp {} is a private address", ip->to_string()),
                     "the NAT gateway's Elastic IP, a public IPv4 address");
      } else {
        nat.public_ip = *ip;
      }
    }
  }
  map.finish();
  vpc.nat_gateways.push_back(std::move(nat));
}

const std::vector<std::string> kRouteTargets = {"natGateway", "internetGateway", "transitGateway",
                                                "vpcPeering", "blackhole"};

void load_route(Reader& reader, const YAML::Node& node, const std::string& label,
                spec::RouteTable& table) {
  MapReader map(reader, node, label, "a route");
  if (!map.ok()) return;
  spec::Route route;
  route.location = map.location();
  auto destination = map.cidr("destination", Need::kRequired);
  if (destination) route.destination = *destination;
  for (const std::string& key : kRouteTargets)
    map.get(key);
  const std::vector<std::string> targets = map.present(kRouteTargets);
  bool ok = destination.has_value();
  if (targets.size() != 1) {
    reader.error(route.location,
                 targets.empty()
                     ? std::string("route has no target")
                     : fmt::format("route has {} targets: {}", targets.size(), join_names(targets)),
                 "exactly one of: " + join_names(kRouteTargets));
    ok = false;
  } else {
    const std::string& key = targets.front();
    if (key == "internetGateway" || key == "blackhole") {
      auto flag = map.boolean(key, Need::kOptional);
      if (flag && !*flag) {
        reader.error(*map.get(key), fmt::format("{} is false", key),
                     fmt::format("{}: true, or another target", key));
      }
      ok = ok && flag && *flag;
      route.target = key == "blackhole" ? spec::Route::Target::kBlackhole
                                        : spec::Route::Target::kInternetGateway;
    } else {
      auto name = map.ref(key, Need::kOptional, "a name");
      ok = ok && name;
      if (name) route.target_name = *name;
      route.target = key == "natGateway"       ? spec::Route::Target::kNatGateway
                     : key == "transitGateway" ? spec::Route::Target::kTransitGateway
                                               : spec::Route::Target::kVpcPeering;
    }
  }
  map.finish();
  if (!ok) return;
  for (const spec::Route& other : table.routes) {
    if (other.destination == route.destination) {
      reader.error(route.location,
                   fmt::format("route table '{}' has two routes to {} (first at line {})",
                               table.name, route.destination.to_string(), other.location.line),
                   "one route per destination");
      return;
    }
  }
  table.routes.push_back(std::move(route));
}

void load_route_table(Reader& reader, const YAML::Node& node, const std::string& label,
                      spec::Vpc& vpc) {
  MapReader map(reader, node, label, "a route table");
  if (!map.ok()) return;
  spec::RouteTable table;
  table.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the route table's name")) {
    table.name = *name;
    map.set_what("route table '" + table.name + "'");
  }
  if (auto routes = map.get("routes")) {
    for_each_item(reader, *routes, "routes", "a list of routes",
                  [&](const YAML::Node& item, const std::string& item_label) {
                    load_route(reader, item, item_label, table);
                  });
  }
  map.finish();
  vpc.route_tables.push_back(std::move(table));
}

void load_endpoint(Reader& reader, const YAML::Node& node, const std::string& label,
                   spec::Vpc& vpc) {
  MapReader map(reader, node, label, "a VPC endpoint");
  if (!map.ok()) return;
  spec::VpcEndpoint e;
  e.location = map.location();
  auto type = map.one_of("type", Need::kRequired, {"Interface", "Gateway"});
  if (type)
    e.type = *type == "Gateway" ? spec::VpcEndpoint::Type::kGateway
                                : spec::VpcEndpoint::Type::kInterface;
  const bool gateway = type && *type == "Gateway";
  if (auto service = map.require("service", "an AWS service such as ec2, sts or s3")) {
    if (auto s =
            reader.one_of(*service, "service",
                          gateway ? gateway_endpoint_services() : interface_endpoint_services())) {
      e.service = *s;
    }
  }
  auto subnets = map.get("subnets");
  auto groups = map.get("securityGroups");
  auto tables = map.get("routeTables");
  if (auto private_dns = map.boolean("privateDns", Need::kOptional)) e.private_dns = *private_dns;
  if (type && gateway) {
    for (const auto& [key, value] : {std::pair{"subnets", subnets}, {"securityGroups", groups}}) {
      if (value)
        reader.error(*value, fmt::format("{} given for a Gateway endpoint", key),
                     "routeTables only: gateway endpoints are route targets");
    }
    if (tables) e.route_tables = reader.refs(*tables, "routeTables", "route table name");
    if (!tables) map.require("routeTables", "a list of route table names");
  } else if (type) {
    if (tables)
      reader.error(*tables, "routeTables given for an Interface endpoint",
                   "subnets and securityGroups: interface endpoints are ENIs");
    if (subnets) e.subnets = reader.refs(*subnets, "subnets", "subnet name");
    if (!subnets) map.require("subnets", "a list of subnet names");
    if (groups) e.security_groups = reader.refs(*groups, "securityGroups", "security group name");
  }
  map.finish();
  vpc.endpoints.push_back(std::move(e));
}

void load_remote_network(Reader& reader, const YAML::Node& node, const std::string& label,
                         spec::Vpc& vpc) {
  MapReader map(reader, node, label, "a remote network");
  if (!map.ok()) return;
  spec::RemoteNetwork remote;
  remote.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the network's name")) remote.name = *name;
  if (auto cidr = map.cidr("cidr", Need::kRequired)) remote.cidr = *cidr;
  if (auto via_node = map.require("via", "{transitGateway: NAME} or {vpcPeering: NAME}")) {
    MapReader via(reader, *via_node, "via", "the way to a remote network");
    if (via.ok()) {
      const bool has_tgw = via.has("transitGateway");
      const bool has_pcx = via.has("vpcPeering");
      auto tgw = via.text("transitGateway", Need::kOptional, "a transit gateway name");
      auto pcx = via.text("vpcPeering", Need::kOptional, "a peering connection name");
      if (has_tgw == has_pcx) {
        reader.error(*via_node,
                     has_tgw ? "via names both a transit gateway and a peering connection"
                             : "via names neither a transit gateway nor a peering connection",
                     "exactly one of: transitGateway, vpcPeering");
      }
      remote.via =
          pcx ? spec::RemoteNetwork::Via::kVpcPeering : spec::RemoteNetwork::Via::kTransitGateway;
      remote.via_name = pcx ? *pcx : tgw.value_or("");
      via.finish();
    }
  }
  map.finish();
  vpc.remote_networks.push_back(std::move(remote));
}

void load_host(Reader& reader, const YAML::Node& node, const std::string& label, spec::Vpc& vpc) {
  MapReader map(reader, node, label, "a host");
  if (!map.ok()) return;
  spec::VpcHost host;
  host.location = map.location();
  if (auto name = map.text("name", Need::kRequired, "the host's name")) host.name = *name;
  if (auto subnet = map.ref("subnet", Need::kRequired, "a subnet name")) host.subnet = *subnet;
  if (auto ip = map.ipv4("ip", Need::kRequired)) host.ip = *ip;
  host.security_groups = map.refs("securityGroups", Need::kOptional, "security group name");
  if (auto dns = map.boolean("dnsServer", Need::kOptional)) host.dns_server = *dns;
  map.finish();
  vpc.hosts.push_back(std::move(host));
}

// Every route table starts with a local route for each of the VPC's blocks, which cannot be
// replaced by another target (AWS "Route tables": "You can't modify or delete the local route"),
// so a route to exactly one of the blocks is refused as EC2 CreateRoute refuses it.
void check_routes_against_local(Reader& reader, const spec::Vpc& vpc, bool cidr_ok) {
  std::vector<net::Cidr> blocks = vpc.secondary_cidrs;
  if (cidr_ok) blocks.insert(blocks.begin(), vpc.cidr);
  for (const spec::RouteTable& table : vpc.route_tables) {
    for (const spec::Route& route : table.routes) {
      if (std::find(blocks.begin(), blocks.end(), route.destination) == blocks.end()) continue;
      const bool primary = cidr_ok && route.destination == vpc.cidr;
      reader.error(
          route.location,
          fmt::format("route table '{}' has a route to {}, the VPC's {} CIDR, which its "
                      "local route already covers",
                      table.name, route.destination.to_string(), primary ? "primary" : "secondary"),
          "a destination outside the VPC's CIDR blocks, or no route (the local route "
          "carries traffic within the VPC)");
    }
  }
}

// A private address belongs to one network interface in a VPC: EC2 refuses a second
// (CreateNetworkInterface, "InvalidIPAddress.InUse").
void check_host_addresses(Reader& reader, const spec::Vpc& vpc) {
  std::map<net::Ipv4, const spec::VpcHost*> seen;
  for (const spec::VpcHost& host : vpc.hosts) {
    const auto [it, fresh] = seen.emplace(host.ip, &host);
    if (fresh) continue;
    reader.error(
        host.location,
        fmt::format("host '{}' has address {}, which host '{}' has (line {}): a private "
                    "address belongs to one network interface",
                    host.name, host.ip.to_string(), it->second->name, it->second->location.line),
        "an address no other host has");
  }
}

template <typename Load>
void load_list(Reader& reader, MapReader& map, std::string_view key, std::string_view expected,
               spec::Vpc& vpc, Load load) {
  if (auto node = map.get(key)) {
    for_each_item(
        reader, *node, key, expected,
        [&](const YAML::Node& item, const std::string& label) { load(reader, item, label, vpc); });
  }
}

}  // namespace

spec::Vpc load_vpc(Reader& reader, const YAML::Node& node) {
  spec::Vpc vpc;
  MapReader map(reader, node, "vpc", "the VPC");
  vpc.location = map.location();
  if (!map.ok()) return vpc;
  bool cidr_ok = false;
  if (auto cidr_node = map.require("cidr", "a CIDR block such as 10.0.0.0/16")) {
    if (auto cidr = reader.cidr(*cidr_node, "cidr")) {
      vpc.cidr = *cidr;
      cidr_ok = block_size_ok(reader, vpc.cidr, location_of(*cidr_node), "VPC CIDR");
    }
  }
  if (auto secondary = map.get("secondaryCidrs")) {
    for_each_item(reader, *secondary, "secondaryCidrs", "a list of CIDR blocks",
                  [&](const YAML::Node& item, const std::string& label) {
                    if (auto c = reader.cidr(item, label)) {
                      if (block_size_ok(reader, *c, location_of(item), "secondary CIDR")) {
                        vpc.secondary_cidrs.push_back(*c);
                      }
                    }
                  });
  }
  if (auto subnets = map.require("subnets", "a list of subnets")) {
    for_each_item(reader, *subnets, "subnets", "a list of subnets",
                  [&](const YAML::Node& item, const std::string& label) {
                    load_subnet(reader, item, label, vpc);
                  });
  }
  if (auto dns = map.boolean("enableDnsSupport", Need::kOptional)) vpc.enable_dns_support = *dns;
  if (auto dhcp = map.get("dhcpOptions")) {
    vpc.dhcp_options = load_dhcp_options(reader, *dhcp);
  } else {
    vpc.dhcp_options.domain_name_servers.push_back({true, {}, {}});
  }
  if (auto igw = map.boolean("internetGateway", Need::kOptional)) vpc.internet_gateway = *igw;
  load_list(reader, map, "natGateways", "a list of NAT gateways", vpc, load_nat_gateway);
  load_list(reader, map, "routeTables", "a list of route tables", vpc, load_route_table);
  load_list(reader, map, "endpoints", "a list of VPC endpoints", vpc, load_endpoint);
  if (auto acls = map.get("networkAcls")) vpc.network_acls = load_network_acls(reader, *acls);
  load_list(reader, map, "remoteNetworks", "a list of remote networks", vpc, load_remote_network);
  load_list(reader, map, "hosts", "a list of hosts", vpc, load_host);
  map.finish();
  check_subnet_ranges(reader, vpc, cidr_ok);
  check_routes_against_local(reader, vpc, cidr_ok);
  check_host_addresses(reader, vpc);
  return vpc;
}

}  // namespace ekssim::scenario

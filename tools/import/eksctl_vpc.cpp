// The VPC eksctl creates, or the existing one it is given.
//   Zones: availabilityZones, else three of the region's (pkg/az: RecommendedAvailabilityZones
//     = 3; eksctl picks them at random, ekssim takes a, b and c and says so).
//   CIDR 192.168.0.0/16 (v1alpha5 DefaultCIDR); pkg/vpc/vpc.go SetSubnets splits it into 8 (16
//     when more than 4 zones) equal blocks: public subnets take the first, private the next, one
//     of each per zone (/19s of a /16).
//   Routes (pkg/cfn/builder/vpc_ipv4.go): public subnets 0.0.0.0/0 to the internet gateway;
//     private ones to a NAT gateway per vpc.nat.gateway: Single (the default, in the first zone's
//     public subnet), HighlyAvailable (one per zone, a route table per zone) or Disable (none).
//   An existing VPC (vpc.id, vpc.subnets with ids): pkg/vpc/vpc.go ImportSubnets turns eksctl's
//     NAT off; its routes are the user's, assumed here as eksctl's own unless describe output
//     says otherwise.
//   privateCluster (pkg/cfn/builder/vpc_endpoint.go): interface endpoints for ec2, ecr.api,
//     ecr.dkr and sts plus additionalEndpointServices, a gateway endpoint for s3, no NAT; the
//     API server private only.
//   Security groups (pkg/cfn/builder/cluster.go): ClusterSharedNodeSecurityGroup admits every
//     node (IngressInterNodeGroupSG) and the EKS cluster security group
//     (IngressDefaultClusterToNodeSG), which admits it back (IngressNodeToDefaultClusterSG).

#include <fmt/format.h>

#include <set>

#include "models/net/ipv4.h"
#include "tools/import/eksctl_parts.h"
#include "tools/scenario/endpoint_services.h"

namespace ekssim::import {
namespace {

const std::vector<std::string> kPrivateEndpoints = {"ec2", "ecr.api", "ecr.dkr", "sts"};

Doc noted(Doc d, std::string note) {
  d.note = std::move(note);
  return d;
}

Doc rule_from_group(const std::string& group, const std::string& note) {
  Doc rule = Doc::map();
  rule.set("protocol", Doc::quoted("all"));
  rule.child("from").set("securityGroup", Doc::quoted(group));
  rule.note = note;
  return rule;
}

void zones(EksctlContext& c) {
  if (auto list = field(c.root, {"availabilityZones"}); list && list->IsSequence()) {
    for (const YAML::Node& z : *list)
      c.azs.push_back(z.Scalar());
    return;
  }
  for (const char* letter : {"a", "b", "c"})
    c.azs.push_back(c.region + letter);
  c.log.note(
      "eksctl availabilityZones not given: eksctl picks 3 of the region's zones at random; "
      "ekssim takes " +
      c.azs[0] + ", " + c.azs[1] + " and " + c.azs[2]);
}

void add_subnet(EksctlContext& c, Doc& subnets, EksctlSubnet s, const std::string& cidr,
                const std::string& note, const Origin& at) {
  Doc d = Doc::map();
  d.set("name", Doc::quoted(s.name));
  d.set("az", Doc::quoted(s.az));
  d.set("cidr", Doc::plain(cidr));
  if (!s.is_private) {
    // eksctl's own public subnets set it (pkg/cfn/builder/vpc_ipv4.go); for a VPC it did not
    // create, it refuses new node groups in public subnets without it unless the API server has
    // private access (pkg/vpc/vpc.go, ValidateExistingPublicSubnets), so it is assumed set.
    d.set("mapPublicIpOnLaunch",
          Doc::boolean(true).with_note("eksctl: public subnets map public IPs on launch"));
  }
  d.note = note;
  d.origin = at;
  subnets.push(std::move(d));
  if (!s.id.empty()) c.out.subnet_names[s.id] = s.name;
  c.subnets.push_back(std::move(s));
}

void generated_subnets(EksctlContext& c, const net::Cidr& vpc, Doc& subnets) {
  const int zones = static_cast<int>(c.azs.size());
  const int bits = zones * 2 <= 8 ? 3 : 4;
  if (zones * 2 > 16) {
    c.error(c.root, fmt::format("{} availability zones need {} subnets", zones, zones * 2),
            "at most 8 zones (eksctl creates at most 16 subnets)");
    return;
  }
  const int prefix = vpc.prefix_length() + bits;
  const uint64_t step = uint64_t{1} << (32 - prefix);
  for (bool is_private : {false, true}) {
    for (int i = 0; i < zones; ++i) {
      const uint64_t index = static_cast<uint64_t>(i + (is_private ? zones : 0));
      const net::Cidr cidr = net::Cidr::of(vpc.at(index * step), prefix);
      const std::string topology = is_private ? "private" : "public";
      add_subnet(
          c, subnets, {topology + "-" + c.azs[i], c.azs[i], "", c.azs[i], is_private},
          cidr.to_string(),
          fmt::format("eksctl default: {} /{} per AZ (pkg/vpc SetSubnets)", topology, prefix), {});
    }
  }
}

void existing_subnets(EksctlContext& c, const YAML::Node& given, Doc& subnets) {
  for (bool is_private : {false, true}) {
    const std::string topology = is_private ? "private" : "public";
    const auto map = field(given, {topology.c_str()});
    if (!map || !map->IsMap()) continue;
    for (const auto& pair : *map) {
      const std::string key = pair.first.Scalar();
      const std::string id = text_field(pair.second, {"id"}).value_or("");
      const std::string az = text_field(pair.second, {"az"}).value_or(key);
      const bool key_is_az = key == az;
      EksctlSubnet s{key_is_az ? topology + "-" + key : key, key, id, az, is_private};
      auto cidr = text_field(pair.second, {"cidr"});
      if (!cidr) {
        c.error(pair.first, fmt::format("subnet '{}' has no cidr", key),
                "its cidr in the file, or its describe-subnets output (--aws-describe)");
        continue;
      }
      add_subnet(
          c, subnets, s, *cidr,
          fmt::format("eksctl vpc.subnets.{}.{}{}", topology, key, id.empty() ? "" : " " + id),
          c.at(pair.second));
    }
  }
}

// A route table `name` whose one route sends 0.0.0.0/0 to `target_key: target`.
Doc default_route_table(const std::string& name, const std::string& target_key, Doc target) {
  Doc table = Doc::map();
  table.set("name", Doc::quoted(name));
  Doc route = Doc::map();
  route.set("destination", Doc::plain("0.0.0.0/0"));
  route.set(target_key, std::move(target));
  table.set("routes", Doc::list()).push(std::move(route));
  return table;
}

bool has_named(const Doc& list, const std::string& name) {
  return std::any_of(list.items.begin(), list.items.end(),
                     [&](const Doc& d) { return d.find("name")->text == name; });
}

// eksctl's NAT mode: Single by default, Disable for a private cluster.
std::pair<std::string, std::string> nat_mode(const EksctlContext& c, bool existing,
                                             bool private_cluster) {
  if (private_cluster) return {"Disable", "eksctl privateCluster: no NAT"};
  const auto node = field(c.root, {"vpc", "nat", "gateway"});
  const std::string mode = node ? node->Scalar() : "Single";
  if (existing && mode != "Disable")
    return {mode, "assumed: an existing VPC's own NAT, as eksctl's Single"};
  return {mode, node ? "eksctl vpc.nat.gateway" : "eksctl default: vpc.nat.gateway Single"};
}

void routes(EksctlContext& c, Doc& vpc, bool existing, bool private_cluster) {
  const auto [nat, nat_note] = nat_mode(c, existing, private_cluster);
  const bool ha = nat == "HighlyAvailable";
  std::vector<const EksctlSubnet*> publics, privates;
  for (const EksctlSubnet& s : c.subnets)
    (s.is_private ? privates : publics).push_back(&s);
  Doc tables = Doc::list();
  Doc gateways = Doc::list();
  if (!publics.empty()) {
    vpc.set("internetGateway", noted(Doc::boolean(true), "eksctl: public subnets have one"));
    tables.push(default_route_table("public", "internetGateway", Doc::boolean(true)));
  }
  const bool with_nat = nat != "Disable" && !publics.empty();
  for (const EksctlSubnet* p : privates) {
    if (!with_nat) break;
    const EksctlSubnet* host = publics.front();
    for (const EksctlSubnet* q : publics)
      if (ha && q->az == p->az) host = q;
    const std::string gateway = ha ? "nat-" + host->az : "nat";
    if (!has_named(gateways, gateway)) {
      Doc g = Doc::map();
      g.set("name", Doc::quoted(gateway));
      g.set("subnet", Doc::quoted(host->name));
      g.note = nat_note;
      gateways.push(std::move(g));
    }
    const std::string table = ha ? "private-" + p->az : "private";
    if (!has_named(tables, table))
      tables.push(default_route_table(table, "natGateway", Doc::quoted(gateway)));
  }
  // Each subnet to its table, when it has one (else the main table: local routes only).
  Doc& subnets = *vpc.find("subnets");
  for (size_t i = 0; i < c.subnets.size(); ++i) {
    const EksctlSubnet& s = c.subnets[i];
    const std::string table = !s.is_private ? "public" : ha ? "private-" + s.az : "private";
    if (has_named(tables, table)) subnets.items[i].set("routeTable", Doc::quoted(table));
  }
  if (!gateways.items.empty()) vpc.set("natGateways", std::move(gateways));
  if (!tables.items.empty()) vpc.set("routeTables", std::move(tables));
}

void endpoints(EksctlContext& c, Doc& vpc, const net::Cidr& cidr) {
  Doc list = Doc::list();
  std::vector<std::string> interface = kPrivateEndpoints;
  if (auto extra = field(c.root, {"privateCluster", "additionalEndpointServices"});
      extra && extra->IsSequence()) {
    for (const YAML::Node& e : *extra) {
      const std::string service = e.Scalar() == "cloudwatch" ? "logs" : e.Scalar();
      if (!scenario::is_interface_endpoint_service(service)) {
        c.log.note("eksctl privateCluster endpoint " + e.Scalar() + ": not modelled");
      } else {
        interface.push_back(service);
      }
    }
  }
  Doc private_subnets = Doc::list();
  for (const EksctlSubnet& s : c.subnets)
    if (s.is_private) private_subnets.push(Doc::quoted(s.name));
  for (const std::string& service : interface) {
    Doc e = Doc::map();
    e.set("service", Doc::quoted(service));
    e.set("type", Doc::quoted("Interface"));
    e.set("subnets", private_subnets);
    Doc groups = Doc::list();
    groups.push(Doc::quoted("vpc-endpoints"));
    e.set("securityGroups", std::move(groups));
    e.note = "eksctl privateCluster (pkg/cfn/builder/vpc_endpoint.go)";
    list.push(std::move(e));
  }
  Doc s3 = Doc::map();
  s3.set("service", Doc::quoted("s3"));
  s3.set("type", Doc::quoted("Gateway"));
  Doc tables = Doc::list();
  if (const Doc* rts = vpc.find("routeTables"))
    for (const Doc& t : rts->items)
      tables.push(Doc::quoted(t.find("name")->text));
  if (!tables.items.empty()) {
    s3.set("routeTables", std::move(tables));
    s3.note = "eksctl privateCluster: the S3 gateway endpoint";
    list.push(std::move(s3));
  }
  vpc.set("endpoints", std::move(list));
  Doc group = Doc::map();
  group.set("name", Doc::quoted("vpc-endpoints"));
  Doc rule = Doc::map();
  rule.set("protocol", Doc::quoted("tcp"));
  rule.set("ports", Doc::integer(443));
  rule.child("from").set("cidr", Doc::plain(cidr.to_string()));
  group.set("ingress", Doc::list()).push(std::move(rule));
  group.note = "eksctl privateCluster: the endpoints' group admits HTTPS from the VPC";
  c.out.cluster.find("securityGroups")->push(std::move(group));
}

void cluster_endpoints(EksctlContext& c, bool private_cluster) {
  Doc& ce = c.out.cluster.child("clusterEndpoints");
  if (private_cluster) {
    ce.set("publicAccess", noted(Doc::boolean(false), "eksctl privateCluster"));
    ce.set("privateAccess", noted(Doc::boolean(true), "eksctl privateCluster"));
    return;
  }
  for (const char* key : {"publicAccess", "privateAccess"})
    if (auto v = field(c.root, {"vpc", "clusterEndpoints", key}))
      ce.set(key, c.value(*v, std::string("vpc.clusterEndpoints.") + key, false));
  if (auto cidrs = field(c.root, {"vpc", "publicAccessCIDRs"}); cidrs && cidrs->IsSequence()) {
    Doc list = Doc::list();
    for (const YAML::Node& cidr : *cidrs)
      list.push(Doc::plain(cidr.Scalar()).at(c.at(cidr)));
    list.note = "eksctl vpc.publicAccessCIDRs";
    ce.set("publicAccessCidrs", std::move(list));
  }
  if (ce.entries.empty()) c.out.cluster.erase("clusterEndpoints");
}

void shared_group(EksctlContext& c) {
  const auto existing = field(c.root, {"vpc", "sharedNodeSecurityGroup"});
  c.shared_group = existing ? existing->Scalar() : "ClusterSharedNodeSecurityGroup";
  const std::string note =
      existing ? "eksctl vpc.sharedNodeSecurityGroup (existing; eksctl's rules assumed)"
               : "eksctl: the shared node group (pkg/cfn/builder/cluster.go)";
  Doc group = Doc::map();
  group.set("name", Doc::quoted(c.shared_group));
  Doc& ingress = group.set("ingress", Doc::list());
  ingress.push(rule_from_group(c.shared_group, "IngressInterNodeGroupSG"));
  ingress.push(rule_from_group(c.cluster_group, "IngressDefaultClusterToNodeSG"));
  group.note = note;
  Doc* groups = c.out.cluster.find("securityGroups");
  if (!groups) groups = &c.out.cluster.set("securityGroups", Doc::list());
  groups->push(std::move(group));
  // IngressNodeToDefaultClusterSG: the cluster group admits the shared group; as a rule on a
  // group ekssim creates itself, an event at 0s.
  Doc event = Doc::map();
  event.set("at", Doc::plain("0s"));
  Doc& add = event.child("addSecurityGroupRule");
  add.set("securityGroup", Doc::quoted(c.cluster_group));
  add.set("ingress", rule_from_group(c.shared_group, ""));
  event.note =
      "eksctl IngressNodeToDefaultClusterSG (pkg/cfn/builder/cluster.go): the cluster "
      "security group admits the shared node group";
  c.out.events.push(std::move(event));
  if (auto sg = field(c.root, {"vpc", "securityGroup"})) {
    c.log.note("eksctl vpc.securityGroup " + sg->Scalar() +
               ": the control plane's extra group is not modelled; ekssim's control plane carries "
               "the EKS cluster security group");
  }
}

// With describe output the VPC is as described; eksctl's subnets (by id) and public/private
// topology (a route to an internet gateway) are read from it.
void described_subnets(EksctlContext& c, const Doc& vpc) {
  std::set<std::string> public_tables;
  if (const Doc* tables = vpc.find("routeTables")) {
    for (const Doc& t : tables->items)
      for (const Doc& r : t.find("routes")->items)
        if (r.find("internetGateway")) public_tables.insert(t.find("name")->text);
  }
  const auto given = field(c.root, {"vpc", "subnets"});
  for (const Doc& subnet : vpc.find("subnets")->items) {
    const Doc* table = subnet.find("routeTable");
    EksctlSubnet e{subnet.find("name")->text, subnet.find("name")->text, subnet.find("name")->text,
                   subnet.find("az")->text, !(table && public_tables.count(table->text))};
    // Only the subnets the eksctl file names (by id) are its cluster's; eksctl's alias for each.
    bool listed = !given;
    if (given) {
      for (const char* topology : {"private", "public"})
        if (auto m = field(*given, {topology}); m && m->IsMap())
          for (const auto& pair : *m)
            if (text_field(pair.second, {"id"}).value_or("") == e.id) {
              e.key = pair.first.Scalar();
              listed = true;
            }
    }
    if (listed) c.subnets.push_back(std::move(e));
  }
  c.log.note(
      "eksctl vpc: the describe output's VPC is used as it is (its subnets, routes and "
      "gateways)");
}

}  // namespace

void import_eksctl_vpc(EksctlContext& c) {
  if (const Doc* described = c.out.cluster.find("vpc")) {
    described_subnets(c, *described);
    if (!field(c.root, {"availabilityZones"})) {
      for (const EksctlSubnet& s : c.subnets)
        if (std::find(c.azs.begin(), c.azs.end(), s.az) == c.azs.end()) c.azs.push_back(s.az);
    } else {
      zones(c);
    }
    shared_group(c);
    cluster_endpoints(
        c, text_field(c.root, {"privateCluster", "enabled"}).value_or("false") == "true");
    return;
  }
  zones(c);
  Doc& vpc = c.out.cluster.child("vpc");
  const auto given_cidr = field(c.root, {"vpc", "cidr"});
  const std::string cidr_text = given_cidr ? given_cidr->Scalar() : "192.168.0.0/16";
  const auto cidr = net::Cidr::parse(cidr_text);
  if (!cidr) {
    c.error(*given_cidr, fmt::format("vpc.cidr '{}' is not a CIDR block", cidr_text),
            "a CIDR block such as 10.0.0.0/16");
    return;
  }
  vpc.set("cidr", given_cidr ? c.value(*given_cidr, "vpc.cidr", false)
                             : Doc::plain(cidr_text).with_note("eksctl default (DefaultCIDR)"));
  Doc& subnets = vpc.set("subnets", Doc::list());
  const auto given = field(c.root, {"vpc", "subnets"});
  const bool existing = given.has_value() || field(c.root, {"vpc", "id"}).has_value();
  if (given) {
    existing_subnets(c, *given, subnets);
  } else {
    generated_subnets(c, *cidr, subnets);
  }
  const bool private_cluster =
      text_field(c.root, {"privateCluster", "enabled"}).value_or("false") == "true";
  routes(c, vpc, existing, private_cluster);
  shared_group(c);
  if (private_cluster &&
      text_field(c.root, {"privateCluster", "skipEndpointCreation"}).value_or("false") != "true") {
    endpoints(c, vpc, *cidr);
  }
  cluster_endpoints(c, private_cluster);
}

}  // namespace ekssim::import

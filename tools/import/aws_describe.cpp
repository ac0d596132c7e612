// The AWS CLI prints each describe call's response as JSON with the API's member names
// (EC2 API reference: DescribeVpcs, DescribeSubnets, DescribeRouteTables …); yaml-cpp reads
// JSON, so every value keeps its line and column for errors.

#include "tools/import/aws_describe.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "tools/import/describe_occupancy.h"
#include "tools/import/describe_rules.h"
#include "tools/import/manifest_kinds.h"
#include "tools/scenario/endpoint_services.h"

namespace ekssim::import {
namespace {

const std::vector<std::string> kArrays = {"Vpcs",           "Subnets",          "RouteTables",
                                          "SecurityGroups", "NetworkAcls",      "NetworkInterfaces",
                                          "NatGateways",    "InternetGateways", "VpcEndpoints",
                                          "Reservations"};

struct Item {
  YAML::Node node;
  std::string path;
};

using Items = std::map<std::string, std::vector<Item>>;  // by array name

std::string s(const Item& item, const char* key) {
  return text_field(item.node, {key}).value_or("");
}

std::string name_tag(const YAML::Node& node) {
  if (auto tags = field(node, {"Tags"}); tags && tags->IsSequence())
    for (const YAML::Node& t : *tags)
      if (text_field(t, {"Key"}).value_or("") == "Name")
        return text_field(t, {"Value"}).value_or("");
  return "";
}

// A NAT gateway's Elastic IP: the primary entry of NatGatewayAddresses (EC2 API reference,
// NatGatewayAddress; a gateway may carry secondary addresses), else the first with a PublicIp.
std::optional<std::string> nat_public_ip(const YAML::Node& nat) {
  auto addresses = field(nat, {"NatGatewayAddresses"});
  if (!addresses || !addresses->IsSequence()) return std::nullopt;
  std::optional<std::string> first;
  for (const YAML::Node& a : *addresses) {
    auto ip = text_field(a, {"PublicIp"});
    if (!ip) continue;
    if (text_field(a, {"IsPrimary"}).value_or("") == "true") return ip;
    if (!first) first = ip;
  }
  return first;
}

std::string provenance(const Item& item, const std::string& id) {
  const std::string tag = name_tag(item.node);
  return "describe: " + id + (tag.empty() ? "" : " (" + tag + ")");
}

class DescribeReader {
 public:
  DescribeReader(Imported& out, ImportLog& log) : out_(out), log_(log) {}

  void read_file_items(const std::string& path) {
    const auto text = read_file(path, log_);
    if (!text) return;
    YAML::Node root;
    try {
      root = YAML::Load(*text);
    } catch (const YAML::Exception& e) {
      log_.error(Origin{path, e.mark.line + 1, e.mark.column + 1}, "invalid JSON: " + e.msg,
                 "the JSON output of aws ec2 describe-*");
      return;
    }
    if (!root.IsMap()) {
      log_.error(root, path, "not a describe response",
                 "a JSON object such as {\"Subnets\": [...]}");
      return;
    }
    for (const auto& pair : root) {
      const std::string key = pair.first.Scalar();
      if (std::find(kArrays.begin(), kArrays.end(), key) == kArrays.end()) {
        if (key != "NextToken") log_.note("describe output " + key + " ignored");
        continue;
      }
      if (!pair.second.IsSequence()) {
        log_.error(pair.second, path, key + " is not a list",
                   "the list the describe call returned");
        continue;
      }
      for (const YAML::Node& item : pair.second)
        items_[key].push_back({item, path});
    }
  }

  void build(const std::optional<std::string>& vpc_id, const Origin& vpc_id_at) {
    const Item* vpc = choose_vpc(vpc_id, vpc_id_at);
    if (!vpc) return;
    vpc_ = s(*vpc, "VpcId");
    // The region first: a reference into the cluster map must not be taken before it grows.
    if (const auto subnets = of_vpc("Subnets"); !subnets.empty()) {
      const std::string az = s(*subnets.front(), "AvailabilityZone");
      out_.cluster.set(
          "region",
          Doc::quoted(az.substr(0, az.size() - 1)).with_note("describe: the subnets' zones"));
    }
    Doc& v = out_.cluster.child("vpc");
    v.set("cidr", Doc::plain(s(*vpc, "CidrBlock"))
                      .with_note(provenance(*vpc, vpc_))
                      .at(at(*vpc, "CidrBlock")));
    secondary_cidrs(*vpc, v);
    subnets(v);
    gateways(v);
    route_tables(v);
    security_groups();
    network_acls(v);
    endpoints(v);
    occupancy();
  }

 private:
  static Origin origin(const Item& item) { return origin_of(item.node, item.path); }
  static Origin at(const Item& item, const char* key) {
    const auto value = field(item.node, {key});
    return value ? origin_of(*value, item.path) : origin(item);
  }

  std::vector<const Item*> of_vpc(const std::string& array) const {
    std::vector<const Item*> out;
    const auto it = items_.find(array);
    if (it == items_.end()) return out;
    for (const Item& item : it->second) {
      std::string owner = s(item, "VpcId");
      if (owner.empty()) {  // internet gateways name their VPC in Attachments
        if (auto a = field(item.node, {"Attachments"}); a && a->IsSequence() && a->size() > 0)
          owner = text_field((*a)[0], {"VpcId"}).value_or("");
      }
      if (owner == vpc_) out.push_back(&item);
    }
    return out;
  }

  const Item* choose_vpc(const std::optional<std::string>& vpc_id, const Origin& vpc_id_at) {
    const auto& vpcs = items_["Vpcs"];
    std::vector<std::string> ids;
    for (const Item& v : vpcs)
      ids.push_back(s(v, "VpcId"));
    if (vpc_id) {
      for (const Item& v : vpcs)
        if (s(v, "VpcId") == *vpc_id) return &v;
      log_.error(vpc_id_at.known() ? vpc_id_at : Origin{"--vpc-id", 0, 0},
                 fmt::format("VPC '{}' is not in the describe output", *vpc_id),
                 ids.empty() ? "describe-vpcs output holding it" : "one of: " + join(ids));
      return nullptr;
    }
    if (vpcs.size() == 1) return &vpcs.front();
    if (vpcs.empty()) {
      log_.error(Origin{"--aws-describe", 0, 0}, "the describe output has no Vpcs",
                 "the output of aws ec2 describe-vpcs among the files");
      return nullptr;
    }
    log_.error(origin(vpcs[1]),
               fmt::format("the describe output holds {} VPCs: {}", vpcs.size(), join(ids)),
               "vpcId in from: (or --vpc-id) naming the one to import");
    return nullptr;
  }

  static std::string join(const std::vector<std::string>& ids) {
    std::string out;
    for (const std::string& id : ids)
      out += (out.empty() ? "" : ", ") + id;
    return out;
  }

  void secondary_cidrs(const Item& vpc, Doc& v) {
    Doc list = Doc::list();
    if (auto set = field(vpc.node, {"CidrBlockAssociationSet"}); set && set->IsSequence()) {
      for (const YAML::Node& a : *set) {
        const std::string cidr = text_field(a, {"CidrBlock"}).value_or("");
        const std::string state = text_field(a, {"CidrBlockState", "State"}).value_or("associated");
        if (!cidr.empty() && cidr != s(vpc, "CidrBlock") && state == "associated")
          list.push(Doc::plain(cidr).with_note("describe: CidrBlockAssociationSet"));
      }
    }
    if (!list.items.empty()) v.set("secondaryCidrs", std::move(list));
  }

  void subnets(Doc& v) {
    std::vector<YAML::Node> interfaces;
    for (const Item* item : of_vpc("NetworkInterfaces"))
      interfaces.push_back(item->node);
    const std::map<std::string, int64_t> recreated = held_by_the_cluster(interfaces);
    Doc list = Doc::list();
    for (const Item* item : of_vpc("Subnets")) {
      const std::string id = s(*item, "SubnetId");
      Doc d = Doc::map();
      d.set("name", Doc::quoted(id));
      d.set("az", Doc::quoted(s(*item, "AvailabilityZone")));
      d.set("cidr", Doc::plain(s(*item, "CidrBlock")).at(at(*item, "CidrBlock")));
      if (s(*item, "MapPublicIpOnLaunch") == "true")
        d.set("mapPublicIpOnLaunch", Doc::boolean(true)
                                         .with_note("describe: MapPublicIpOnLaunch")
                                         .at(at(*item, "MapPublicIpOnLaunch")));
      const auto it = recreated.find(id);
      if (auto n = addresses_in_use(item->node, it == recreated.end() ? 0 : it->second)) {
        d.set("addressesInUse", Doc::integer(n->count)
                                    .with_note("describe: " + n->arithmetic)
                                    .at(at(*item, "AvailableIpAddressCount")));
      }
      subnet_tags(*item, d);
      d.note =
          provenance(*item, id) + " AvailableIpAddressCount " + s(*item, "AvailableIpAddressCount");
      d.origin = origin(*item);
      list.push(std::move(d));
      out_.subnet_names[id] = id;
    }
    v.set("subnets", std::move(list));
  }

  // The one subnet tag ekssim models: kubernetes.io/role/cni, which the VPC CNI's subnet
  // discovery reads (pkg/awsutils/awsutils.go isSubnetValidForENICreation). Other tags (Name,
  // aws:cloudformation:…) change nothing a simulation shows and stay out.
  void subnet_tags(const Item& item, Doc& d) {
    const auto tags = field(item.node, {"Tags"});
    if (!tags || !tags->IsSequence()) return;
    for (const YAML::Node& t : *tags) {
      if (text_field(t, {"Key"}).value_or("") != "kubernetes.io/role/cni") continue;
      Doc map = Doc::map();
      map.set("kubernetes.io/role/cni", Doc::quoted(text_field(t, {"Value"}).value_or(""))
                                            .with_note("describe: Tags")
                                            .at(origin_of(t, item.path)));
      d.set("tags", std::move(map));
    }
  }

  void gateways(Doc& v) {
    if (!of_vpc("InternetGateways").empty())
      v.set("internetGateway",
            Doc::boolean(true).with_note("describe: " +
                                         s(*of_vpc("InternetGateways")[0], "InternetGatewayId")));
    Doc list = Doc::list();
    for (const Item* item : of_vpc("NatGateways")) {
      if (s(*item, "State") != "available" && !s(*item, "State").empty()) continue;
      Doc g = Doc::map();
      g.set("name", Doc::quoted(s(*item, "NatGatewayId")));
      g.set("subnet", Doc::quoted(s(*item, "SubnetId")));
      if (auto ip = nat_public_ip(item->node)) {
        g.set("publicIp",
              Doc::plain(*ip).with_note("describe: NatGatewayAddresses' primary PublicIp"));
      }
      g.note = provenance(*item, s(*item, "NatGatewayId"));
      list.push(std::move(g));
    }
    if (!list.items.empty()) v.set("natGateways", std::move(list));
  }

  std::optional<Doc> route(const YAML::Node& r, const std::string& path) {
    const auto dest = text_field(r, {"DestinationCidrBlock"});
    const std::string gateway = text_field(r, {"GatewayId"}).value_or("");
    if (!dest || gateway == "local") return std::nullopt;  // IPv6, prefix lists; local is implied
    Doc d = Doc::map();
    d.set("destination", Doc::plain(*dest));
    d.origin = origin_of(r, path);
    if (text_field(r, {"State"}).value_or("active") == "blackhole") {
      d.set("blackhole", Doc::boolean(true));
    } else if (gateway.starts_with("igw-")) {
      d.set("internetGateway", Doc::boolean(true));
    } else if (auto nat = text_field(r, {"NatGatewayId"})) {
      d.set("natGateway", Doc::quoted(*nat));
    } else if (auto tgw = text_field(r, {"TransitGatewayId"})) {
      d.set("transitGateway", Doc::quoted(*tgw));
    } else if (auto pcx = text_field(r, {"VpcPeeringConnectionId"})) {
      d.set("vpcPeering", Doc::quoted(*pcx));
    } else {
      log_.note("describe route to " + *dest + " via " +
                (gateway.empty() ? "an instance or ENI" : gateway) +
                ": target not modelled, route left out");
      return std::nullopt;
    }
    return d;
  }

  void route_tables(Doc& v) {
    Doc list = Doc::list();
    std::map<std::string, std::string> table_of;  // subnet → table
    std::string main;
    for (const Item* item : of_vpc("RouteTables")) {
      const std::string id = s(*item, "RouteTableId");
      Doc t = Doc::map();
      t.set("name", Doc::quoted(id));
      Doc routes = Doc::list();
      if (auto rs = field(item->node, {"Routes"}); rs && rs->IsSequence())
        for (const YAML::Node& r : *rs)
          if (auto d = route(r, item->path)) routes.push(std::move(*d));
      t.set("routes", std::move(routes));
      t.note = provenance(*item, id);
      t.origin = origin(*item);
      list.push(std::move(t));
      if (auto as = field(item->node, {"Associations"}); as && as->IsSequence()) {
        for (const YAML::Node& a : *as) {
          if (text_field(a, {"Main"}).value_or("false") == "true") main = id;
          if (auto subnet = text_field(a, {"SubnetId"})) table_of[*subnet] = id;
        }
      }
    }
    if (list.items.empty()) return;
    v.set("routeTables", std::move(list));
    for (Doc& subnet : v.find("subnets")->items) {
      const auto it = table_of.find(subnet.find("name")->text);
      const std::string table = it != table_of.end() ? it->second : main;
      if (!table.empty())
        subnet.set("routeTable", Doc::quoted(table).with_note(
                                     it != table_of.end() ? "describe: association"
                                                          : "describe: the main route table"));
    }
  }

  void security_groups() {
    const auto groups = of_vpc("SecurityGroups");
    for (const Item* item : groups)
      groups_.insert(s(*item, "GroupId"));
    if (groups.empty()) return;
    Doc& list = out_.cluster.find("securityGroups")
                    ? *out_.cluster.find("securityGroups")
                    : out_.cluster.set("securityGroups", Doc::list());
    for (const Item* item : groups) {
      const std::string id = s(*item, "GroupId");
      Doc g = Doc::map();
      g.set("name", Doc::quoted(id));
      if (!s(*item, "GroupName").empty()) g.set("description", Doc::quoted(s(*item, "GroupName")));
      Doc ingress = Doc::list(), egress = Doc::list();
      if (auto ps = field(item->node, {"IpPermissions"}); ps && ps->IsSequence())
        for (const YAML::Node& p : *ps)
          permission_rules(p, true, item->path, groups_, log_, ingress);
      if (auto ps = field(item->node, {"IpPermissionsEgress"}); ps && ps->IsSequence())
        for (const YAML::Node& p : *ps)
          permission_rules(p, false, item->path, groups_, log_, egress);
      g.set("ingress", std::move(ingress));
      g.set("egress", std::move(egress));
      g.note = provenance(*item, id);
      g.origin = origin(*item);
      list.push(std::move(g));
      out_.group_names[id] = id;
    }
  }

  void network_acls(Doc& v) {
    Doc list = Doc::list();
    std::map<std::string, std::string> acl_of;
    for (const Item* item : of_vpc("NetworkAcls")) {
      const std::string id = s(*item, "NetworkAclId");
      Doc acl = Doc::map();
      acl.set("name", Doc::quoted(id));
      Doc inbound = Doc::list(), outbound = Doc::list();
      if (auto es = field(item->node, {"Entries"}); es && es->IsSequence()) {
        for (const YAML::Node& e : *es) {
          auto entry = nacl_entry(e, item->path);
          if (!entry) continue;
          (text_field(e, {"Egress"}).value_or("false") == "true" ? outbound : inbound)
              .push(std::move(*entry));
        }
      }
      acl.set("inbound", std::move(inbound));
      acl.set("outbound", std::move(outbound));
      acl.note =
          provenance(*item, id) + (s(*item, "IsDefault") == "true" ? ", the default ACL" : "");
      acl.origin = origin(*item);
      list.push(std::move(acl));
      if (auto as = field(item->node, {"Associations"}); as && as->IsSequence())
        for (const YAML::Node& a : *as)
          if (auto subnet = text_field(a, {"SubnetId"})) acl_of[*subnet] = id;
    }
    if (list.items.empty()) return;
    v.set("networkAcls", std::move(list));
    for (Doc& subnet : v.find("subnets")->items)
      if (auto it = acl_of.find(subnet.find("name")->text); it != acl_of.end())
        subnet.set("networkAcl", Doc::quoted(it->second));
  }

  void endpoints(Doc& v) {
    Doc list = Doc::list();
    for (const Item* item : of_vpc("VpcEndpoints")) {
      const std::string name = s(*item, "ServiceName");
      const size_t region_end = name.find('.', std::string("com.amazonaws.").size());
      const std::string service =
          region_end == std::string::npos ? name : name.substr(region_end + 1);
      if (!scenario::is_interface_endpoint_service(service)) {
        log_.note("describe endpoint " + name + ": service not modelled");
        continue;
      }
      const bool gateway = s(*item, "VpcEndpointType") == "Gateway";
      Doc e = Doc::map();
      e.set("service", Doc::quoted(service));
      e.set("type", Doc::quoted(gateway ? "Gateway" : "Interface"));
      auto ids = [&](const char* key, const char* inner) {
        Doc l = Doc::list();
        if (auto xs = field(item->node, {key}); xs && xs->IsSequence())
          for (const YAML::Node& x : *xs)
            l.push(Doc::quoted(inner ? text_field(x, {inner}).value_or("") : x.Scalar()));
        return l;
      };
      if (gateway) {
        e.set("routeTables", ids("RouteTableIds", nullptr));
      } else {
        e.set("subnets", ids("SubnetIds", nullptr));
        e.set("securityGroups", ids("Groups", "GroupId"));
        if (s(*item, "PrivateDnsEnabled") == "false") e.set("privateDns", Doc::boolean(false));
      }
      e.note = provenance(*item, s(*item, "VpcEndpointId"));
      e.origin = origin(*item);
      list.push(std::move(e));
    }
    if (!list.items.empty()) v.set("endpoints", std::move(list));
  }

  void occupancy() {
    if (items_.count("Reservations"))
      log_.note(
          "describe-instances output read for nothing: node groups come from eksctl or the "
          "scenario");
  }

  Imported& out_;
  ImportLog& log_;
  Items items_;
  std::string vpc_;
  std::set<std::string> groups_;
};

}  // namespace

void import_aws_describe(const std::vector<NamedPath>& paths,
                         const std::optional<std::string>& vpc_id, const Origin& vpc_id_at,
                         Imported& out, ImportLog& log) {
  if (paths.empty()) return;
  DescribeReader reader(out, log);
  for (const std::string& file : expand_paths(paths, log))
    reader.read_file_items(file);
  reader.build(vpc_id, vpc_id_at);
}

}  // namespace ekssim::import

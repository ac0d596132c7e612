#include "tools/scenario/cross_references.h"

#include <fmt/format.h>

#include <set>

#include "models/spec/kind_names.h"
#include "tools/scenario/edit_distance.h"
#include "tools/scenario/name_table.h"
#include "tools/scenario/pinned_nodes_check.h"

namespace ekssim::scenario {
namespace {

// The node label that names a node's ENIConfig (amazon-vpc-cni-k8s, pkg/eniconfig/eniconfig.go,
// eniConfigLabel); the label EKS's own ENI_CONFIG_LABEL_DEF default points at is the zone.
constexpr std::string_view kEniConfigLabel = "k8s.amazonaws.com/eniConfig";

// The cluster security group EKS creates; models/cluster names it the same way.
std::string cluster_security_group(const std::string& cluster) {
  return "eks-cluster-sg-" + cluster;
}

struct Names {
  explicit Names(Reader& r)
      : subnets(r, "subnet", "cluster.vpc.subnets"),
        route_tables(r, "route table", "cluster.vpc.routeTables"),
        network_acls(r, "network ACL", "cluster.vpc.networkAcls"),
        nat_gateways(r, "NAT gateway", "cluster.vpc.natGateways"),
        security_groups(r, "security group", "cluster.securityGroups"),
        prefix_lists(r, "prefix list", "cluster.prefixLists"),
        roles(r, "IAM role", "cluster.iam.roles"),
        node_groups(r, "node group", "cluster.nodeGroups"),
        eni_configs(r, "ENIConfig", "cluster.addons.vpcCni.eniConfigs"),
        deployments(r, "Deployment", "workloads"),
        services(r, "Service", "workloads"),
        slices(r, "EndpointSlice", "workloads"),
        network_policies(r, "NetworkPolicy", "workloads or an applyNetworkPolicy event"),
        security_group_policies(r, "SecurityGroupPolicy",
                                "workloads or an applySecurityGroupPolicy event"),
        hosts(r, "host", "cluster.vpc.hosts or externalHosts"),
        remote_networks(r, "remote network", "cluster.vpc.remoteNetworks"),
        zones(r, "availability zone", "the subnets' az") {}

  NameTable subnets, route_tables, network_acls, nat_gateways, security_groups, prefix_lists, roles,
      node_groups, eni_configs, deployments, services, slices, network_policies,
      security_group_policies, hosts, remote_networks, zones;
};

std::string qualified(const std::string& ns, const std::string& name) {
  return ns + "/" + name;
}

void declare_all(Names& n, const spec::Scenario& s) {
  const spec::Cluster& c = s.cluster;
  for (const auto& x : c.vpc.subnets) {
    n.subnets.declare(x.name, x.location);
    if (!x.az.empty() && !n.zones.contains(x.az)) n.zones.declare(x.az, x.location);
  }
  for (const auto& x : c.vpc.route_tables)
    n.route_tables.declare(x.name, x.location);
  for (const auto& x : c.vpc.network_acls)
    n.network_acls.declare(x.name, x.location);
  for (const auto& x : c.vpc.nat_gateways)
    n.nat_gateways.declare(x.name, x.location);
  for (const auto& x : c.vpc.remote_networks)
    n.remote_networks.declare(x.name, x.location);
  if (!c.name.empty()) n.security_groups.declare_builtin(cluster_security_group(c.name));
  // The EKS CoreDNS add-on's Deployment: scaleDeployment and expectations may name it.
  n.deployments.declare_builtin(qualified("kube-system", "coredns"));
  for (const auto& x : c.security_groups)
    n.security_groups.declare(x.name, x.location);
  for (const auto& x : c.prefix_lists)
    n.prefix_lists.declare(x.name, x.location);
  for (const auto& x : c.iam_roles)
    n.roles.declare(x.name, x.location);
  for (const auto& x : c.node_groups)
    n.node_groups.declare(x.name, x.location);
  for (const auto& x : c.addons.vpc_cni.eni_configs)
    n.eni_configs.declare(x.name, x.location);
  for (const auto& x : c.vpc.hosts)
    n.hosts.declare(x.name, x.location);
  for (const auto& x : s.external_hosts)
    n.hosts.declare(x.name, x.location);
  for (const auto& w : s.workloads) {
    if (const auto* d = std::get_if<spec::Deployment>(&w)) {
      n.deployments.declare(qualified(d->ns, d->name), d->location);
    } else if (const auto* v = std::get_if<spec::Service>(&w)) {
      n.services.declare(qualified(v->ns, v->name), v->location);
    } else if (const auto* e = std::get_if<spec::EndpointSlice>(&w)) {
      n.slices.declare(qualified(e->ns, e->name), e->location);
    } else if (const auto* p = std::get_if<spec::NetworkPolicy>(&w)) {
      n.network_policies.declare(qualified(p->policy.ns, p->policy.name), p->location);
    } else if (const auto* g = std::get_if<spec::SecurityGroupPolicy>(&w)) {
      n.security_group_policies.declare(qualified(g->ns, g->name), g->location);
    }
  }
  // A policy applied by an event may be deleted by a later one (or the same name re-applied).
  for (const auto& e : s.events) {
    if (const auto* a = std::get_if<spec::ApplyNetworkPolicy>(&e.action)) {
      const std::string name = qualified(a->policy.policy.ns, a->policy.policy.name);
      if (!n.network_policies.contains(name)) n.network_policies.declare_builtin(name);
    }
    if (const auto* a = std::get_if<spec::ApplySecurityGroupPolicy>(&e.action)) {
      const std::string name = qualified(a->policy.ns, a->policy.name);
      if (!n.security_group_policies.contains(name))
        n.security_group_policies.declare_builtin(name);
    }
  }
}

void resolve_all(const NameTable& table, const std::vector<spec::Ref>& refs) {
  for (const spec::Ref& r : refs)
    table.resolve(r);
}

void check_rule(const Names& n, const spec::SecurityGroupRule& rule) {
  if (rule.peer.kind == spec::RulePeer::Kind::kSecurityGroup)
    n.security_groups.resolve(rule.peer.name);
  if (rule.peer.kind == spec::RulePeer::Kind::kPrefixList) n.prefix_lists.resolve(rule.peer.name);
}

void check_vpc(Reader& reader, const Names& n, const spec::Cluster& c) {
  const spec::Vpc& vpc = c.vpc;
  for (const auto& s : vpc.subnets) {
    if (s.route_table) n.route_tables.resolve(*s.route_table);
    if (s.network_acl) n.network_acls.resolve(*s.network_acl);
    if (!c.region.empty() && !s.az.empty() && s.az.rfind(c.region, 0) != 0) {
      reader.error(s.location,
                   fmt::format("subnet '{}' is in {}, outside the cluster's region {}", s.name,
                               s.az, c.region),
                   fmt::format("an availability zone of {}, such as {}a", c.region, c.region));
    }
  }
  for (const auto& nat : vpc.nat_gateways)
    n.subnets.resolve(nat.subnet);
  std::vector<std::pair<std::string, spec::Route::Target>> gateways;
  for (const auto& table : vpc.route_tables) {
    for (const auto& route : table.routes) {
      switch (route.target) {
        case spec::Route::Target::kNatGateway:
          n.nat_gateways.resolve(route.target_name);
          break;
        case spec::Route::Target::kInternetGateway:
          if (!vpc.internet_gateway) {
            reader.error(route.location, "route to the internet gateway, but the VPC has none",
                         "internetGateway: true under cluster.vpc");
          }
          break;
        case spec::Route::Target::kTransitGateway:
        case spec::Route::Target::kVpcPeering:
          for (const auto& [name, kind] : gateways) {
            if (name == route.target_name.name && kind != route.target) {
              reader.error(route.target_name.location,
                           fmt::format("'{}' names both a transit gateway and a peering "
                                       "connection",
                                       name),
                           "distinct names for transit gateways and peering connections");
            }
          }
          gateways.emplace_back(route.target_name.name, route.target);
          break;
        case spec::Route::Target::kBlackhole:
          break;
      }
    }
  }
  for (const auto& e : vpc.endpoints) {
    resolve_all(n.subnets, e.subnets);
    resolve_all(n.security_groups, e.security_groups);
    resolve_all(n.route_tables, e.route_tables);
  }
  for (const auto& remote : vpc.remote_networks) {
    if (remote.cidr.overlaps(vpc.cidr)) {
      reader.error(remote.location,
                   fmt::format("remote network '{}' ({}) overlaps the VPC ({})", remote.name,
                               remote.cidr.to_string(), vpc.cidr.to_string()),
                   "a block outside the VPC");
    }
  }
  for (const auto& host : vpc.hosts) {
    resolve_all(n.security_groups, host.security_groups);
    if (!n.subnets.resolve(host.subnet)) continue;
    for (const auto& s : vpc.subnets) {
      if (s.name != host.subnet.name) continue;
      // AWS reserves the first four addresses and the last one of every subnet.
      const bool inside = s.cidr.contains(host.ip);
      const uint64_t offset = host.ip.value() - s.cidr.base().value();
      if (!inside || offset < 4 || host.ip == s.cidr.last()) {
        reader.error(host.location,
                     fmt::format("host '{}' has address {}, {} subnet '{}' ({})", host.name,
                                 host.ip.to_string(), inside ? "reserved by AWS in" : "outside",
                                 s.name, s.cidr.to_string()),
                     fmt::format("an address from {} to {}", s.cidr.at(4).to_string(),
                                 s.cidr.at(s.cidr.size() - 2).to_string()));
      }
    }
  }
}

void check_cluster(Reader& reader, const Names& n, const spec::Cluster& c) {
  check_vpc(reader, n, c);
  for (const auto& group : c.security_groups) {
    for (const auto& rule : group.ingress)
      check_rule(n, rule);
    for (const auto& rule : group.egress)
      check_rule(n, rule);
  }
  for (const auto& g : c.node_groups) {
    resolve_all(n.subnets, g.subnets);
    resolve_all(n.security_groups, g.security_groups);
    n.roles.resolve(g.iam_role);
    if (auto it = g.labels.find(std::string(kEniConfigLabel)); it != g.labels.end()) {
      n.eni_configs.resolve({it->second, g.location});
    }
  }
  check_pinned_nodes(reader, c);
  for (const auto& config : c.addons.vpc_cni.eni_configs) {
    n.subnets.resolve(config.subnet);
    resolve_all(n.security_groups, config.security_groups);
  }
  if (c.addons.vpc_cni.service_account_role) {
    n.roles.resolve(*c.addons.vpc_cni.service_account_role);
  }
}

void check_subject(const Names& n, const spec::Subject& s) {
  switch (s.kind) {
    case spec::Subject::Kind::kDeployment:
      n.deployments.resolve({qualified(s.ns, s.name), s.location});
      break;
    case spec::Subject::Kind::kService:
      // The Services every EKS cluster has (service_registry.h) may be named without a declaration.
      if (qualified(s.ns, s.name) == "kube-system/kube-dns" ||
          qualified(s.ns, s.name) == "default/kubernetes") {
        break;
      }
      n.services.resolve({qualified(s.ns, s.name), s.location});
      break;
    case spec::Subject::Kind::kNodeGroup:
      n.node_groups.resolve({s.name, s.location});
      break;
    case spec::Subject::Kind::kHost:
      n.hosts.resolve({s.name, s.location});
      break;
    case spec::Subject::Kind::kAddress:
      break;
  }
}

void check_event(Reader& reader, const Names& n, const spec::Scenario& s, const spec::Event& e) {
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, spec::ScaleNodeGroup>) {
          if (!n.node_groups.resolve(a.node_group)) return;
          for (const auto& g : s.cluster.node_groups) {
            if (g.name != a.node_group.name) continue;
            if (a.desired_capacity < g.min_size ||
                (g.max_size && a.desired_capacity > *g.max_size)) {
              reader.error(e.location,
                           fmt::format("scaleNodeGroup sets '{}' to {}, outside its minSize {} "
                                       "and maxSize {}",
                                       g.name, a.desired_capacity, g.min_size,
                                       g.max_size ? std::to_string(*g.max_size) : "(none)"),
                           "a desiredCapacity within the node group's bounds");
            }
          }
        } else if constexpr (std::is_same_v<T, spec::ScaleDeployment>) {
          n.deployments.resolve({qualified(a.ns, a.name.name), a.name.location});
        } else if constexpr (std::is_same_v<T, spec::AddSecurityGroupRule> ||
                             std::is_same_v<T, spec::RemoveSecurityGroupRule>) {
          n.security_groups.resolve(a.security_group);
          check_rule(n, a.rule);
        } else if constexpr (std::is_same_v<T, spec::TerminateInstance>) {
          if (a.node_group) n.node_groups.resolve(*a.node_group);
        } else if constexpr (std::is_same_v<T, spec::AttachPolicy> ||
                             std::is_same_v<T, spec::DetachPolicy>) {
          n.roles.resolve(a.role);
        } else if constexpr (std::is_same_v<T, spec::FailAvailabilityZone>) {
          n.zones.resolve(a.az);
        } else if constexpr (std::is_same_v<T, spec::DeleteNetworkPolicy>) {
          n.network_policies.resolve({qualified(a.ns, a.name.name), a.name.location});
        } else if constexpr (std::is_same_v<T, spec::ApplySecurityGroupPolicy>) {
          resolve_all(n.security_groups, a.policy.security_groups);
        } else if constexpr (std::is_same_v<T, spec::DeleteSecurityGroupPolicy>) {
          n.security_group_policies.resolve({qualified(a.ns, a.name.name), a.name.location});
        }
      },
      e.action);
}

void check_expectation(const Names& n, const spec::Expectation& e) {
  auto filter = [&](const spec::PodFilter& f) {
    if (f.node_group) n.node_groups.resolve(*f.node_group);
  };
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (requires { c.pods; }) filter(c.pods);
        if constexpr (std::is_same_v<T, spec::SubnetFreeIps>) n.subnets.resolve(c.subnet);
        if constexpr (std::is_same_v<T, spec::NodesReady>) n.node_groups.resolve(c.node_group);
        if constexpr (std::is_same_v<T, spec::Reachable> || std::is_same_v<T, spec::Unreachable>) {
          check_subject(n, c.from);
          check_subject(n, c.to);
        }
        if constexpr (std::is_same_v<T, spec::Resolves> || std::is_same_v<T, spec::Connects>) {
          check_subject(n, c.from);
        }
      },
      e.check);
}

// A named NetworkPolicy port that no Deployment's containerPorts carry resolves nowhere: the
// network policy controller drops it (endpoints.go getPortList), so it only matches a Service
// whose targetPort has that name.
void check_named_ports(Reader& reader, const spec::Scenario& s) {
  std::set<std::string> declared;
  for (const auto& w : s.workloads) {
    if (const auto* d = std::get_if<spec::Deployment>(&w)) {
      for (const spec::ContainerPort& p : d->container_ports)
        if (!p.name.empty()) declared.insert(p.name);
    }
  }
  const auto check = [&](const spec::NetworkPolicy& np) {
    std::set<std::string> warned;
    for (const auto* rules : {&np.policy.ingress, &np.policy.egress}) {
      for (const netpol::Rule& rule : *rules) {
        for (const netpol::PolicyPort& port : rule.ports) {
          if (port.port_name.empty() || declared.count(port.port_name) != 0 ||
              !warned.insert(port.port_name).second)
            continue;
          reader.warning(np.location,
                         fmt::format("NetworkPolicy {}: named port '{}' is no Deployment's "
                                     "containerPort, so the network policy controller drops it "
                                     "for pods; it matches only a Service whose targetPort is '{}'",
                                     np.policy.id(), port.port_name, port.port_name),
                         fmt::format("a containerPorts entry named '{}', or a port number",
                                     port.port_name));
        }
      }
    }
  };
  for (const auto& w : s.workloads)
    if (const auto* np = std::get_if<spec::NetworkPolicy>(&w)) check(*np);
  for (const auto& e : s.events)
    if (const auto* a = std::get_if<spec::ApplyNetworkPolicy>(&e.action)) check(a->policy);
}

// A serviceAccountName that no ServiceAccount of the Deployment's namespace has ("default" always
// exists: kube-controller-manager's serviceaccount controller makes it). A cluster refuses such
// pods (the ServiceAccount admission plugin, plugin/pkg/admission/serviceaccount: "error looking
// up service account"); ekssim runs them as an account without labels, and says so.
void check_service_accounts(Reader& reader, const spec::Scenario& s) {
  std::set<std::pair<std::string, std::string>> declared;
  for (const spec::ServiceAccount& a : s.service_accounts)
    declared.insert({a.ns, a.name});
  for (const auto& w : s.workloads) {
    const auto* d = std::get_if<spec::Deployment>(&w);
    if (d == nullptr || d->service_account == "default" ||
        declared.count({d->ns, d->service_account}) != 0) {
      continue;
    }
    std::vector<std::string> in_namespace;
    for (const spec::ServiceAccount& a : s.service_accounts)
      if (a.ns == d->ns) in_namespace.push_back(a.name);
    reader.warning(d->service_account_location,
                   fmt::format("Deployment {}/{}: serviceAccountName '{}' is no ServiceAccount of "
                               "namespace '{}'{}, so its pods run as an account without labels "
                               "(a cluster without it refuses the pods)",
                               d->ns, d->name, d->service_account, d->ns,
                               did_you_mean(d->service_account, in_namespace)),
                   fmt::format("a serviceAccounts entry {{namespace: {}, name: {}}}", d->ns,
                               d->service_account));
  }
}

}  // namespace

void check_cross_references(Reader& reader, const spec::Scenario& scenario) {
  Names names(reader);
  declare_all(names, scenario);
  check_cluster(reader, names, scenario.cluster);
  for (const auto& w : scenario.workloads) {
    if (const auto* slice = std::get_if<spec::EndpointSlice>(&w)) {
      names.services.resolve({qualified(slice->ns, slice->service.name), slice->service.location});
    } else if (const auto* sgp = std::get_if<spec::SecurityGroupPolicy>(&w)) {
      resolve_all(names.security_groups, sgp->security_groups);
    }
  }
  for (const auto& e : scenario.events)
    check_event(reader, names, scenario, e);
  for (const auto& e : scenario.expectations)
    check_expectation(names, e);
  check_named_ports(reader, scenario);
  check_service_accounts(reader, scenario);
}

}  // namespace ekssim::scenario

// Section by section: what each accepts, and the message for what it refuses.

#include <catch2/catch.hpp>
#include <variant>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::load_ok;
using testing::minimal_with;

// The single diagnostic `text` gives, as "message; expected …".
std::string only_error(const std::string& text) {
  const LoadResult result = load_scenario_text(text, "s.yaml");
  INFO(format_diagnostics(result.diagnostics));
  REQUIRE(result.diagnostics.size() == 1);
  return result.diagnostics[0].message + "; expected " + result.diagnostics[0].expected;
}

std::string with_workload(std::string_view yaml) {
  return minimal_with("workloads:\n", "workloads:\n" + std::string(yaml) + "\n");
}
std::string with_event(std::string_view yaml) {
  return minimal_with("events:\n", "events:\n" + std::string(yaml) + "\n");
}
std::string with_expectation(std::string_view yaml) {
  return minimal_with("expect:\n", "expect:\n" + std::string(yaml) + "\n");
}
std::string with_vpc(std::string_view yaml) {
  return minimal_with("  securityGroups:\n", std::string(yaml) + "\n  securityGroups:\n");
}

TEST_CASE("Security group rules take a protocol, ports or icmp, and exactly one peer") {
  const spec::Scenario s = load_ok(minimal_with(
      "    - name: nodes\n",
      "    - name: nodes\n"
      "      ingress:\n"
      "        - {protocol: tcp, ports: 1024-65535, from: {cidr: 10.0.0.0/16}, description: x}\n"
      "        - {protocol: icmp, icmp: {type: 8, code: 0}, from: {securityGroup: nodes}}\n"
      "        - {protocol: 50, from: {prefixList: corp}}\n"
      "  prefixLists: [{name: corp, cidrs: [192.0.2.0/24]}]\n"));
  const auto& rules = s.cluster.security_groups[0].ingress;
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].traffic.to_string() == "tcp 1024-65535");
  CHECK(rules[0].description == "x");
  CHECK(rules[1].traffic.icmp.type == 8);
  CHECK(rules[1].peer.kind == spec::RulePeer::Kind::kSecurityGroup);
  CHECK(rules[2].traffic.protocol.value() == 50);
  CHECK(rules[2].peer.name.name == "corp");

  CHECK(only_error(minimal_with("    - name: nodes\n",
                                "    - name: nodes\n"
                                "      ingress: [{protocol: all, ports: 443, from: {cidr: "
                                "0.0.0.0/0}}]\n")) ==
        "ports given for protocol all; expected ports only with protocol tcp or udp");
  CHECK(only_error(minimal_with("    - name: nodes\n",
                                "    - name: nodes\n"
                                "      ingress: [{protocol: tcp, ports: 70000, from: {cidr: "
                                "0.0.0.0/0}}]\n")) ==
        "ports is '70000'; expected a port from 1 to 65535 or a range such as 1024-65535");
  CHECK(only_error(minimal_with("    - name: nodes\n",
                                "    - name: nodes\n"
                                "      egress: [{protocol: all, to: {prefixList: nope}}]\n")) ==
        "unknown prefix list 'nope'; expected a prefix list declared under cluster.prefixLists "
        "(none are)");
}

TEST_CASE("Network ACL rule numbers run 1 to 32766 and are unique per direction") {
  const std::string acl =
      "    networkAcls:\n"
      "      - name: strict\n"
      "        inbound:\n"
      "          - {rule: RULE, protocol: tcp, ports: 443, cidr: 10.0.0.0/16, action: allow}\n"
      "          - {rule: 100, protocol: all, cidr: 0.0.0.0/0, action: deny}\n"
      "        outbound:\n"
      "          - {rule: 100, protocol: all, cidr: 0.0.0.0/0, action: allow}";
  auto with_rule = [&](std::string_view rule) {
    std::string text = acl;
    text.replace(text.find("RULE"), 4, rule);
    return with_vpc(text);
  };
  const spec::Scenario s = load_ok(with_rule("90"));
  CHECK(s.cluster.vpc.network_acls[0].inbound[1].action == spec::RuleAction::kDeny);
  CHECK(only_error(with_rule("32767")) ==
        "rule 32767 is out of range; expected an integer from 1 to 32766");
  CHECK(only_error(with_rule("100")) ==
        "rule number 100 is used twice (first at line 16); expected a rule number not used by "
        "another entry in the same direction");
}

TEST_CASE("Routes have exactly one target, and the internet gateway must exist") {
  const spec::Scenario s = load_ok(
      with_vpc("    internetGateway: true\n"
               "    natGateways: [{name: nat-a, subnet: a}]\n"
               "    routeTables:\n"
               "      - name: private\n"
               "        routes:\n"
               "          - {destination: 0.0.0.0/0, natGateway: nat-a}\n"
               "          - {destination: 192.168.0.0/16, transitGateway: tgw-onprem}\n"
               "          - {destination: 172.16.0.0/12, blackhole: true}\n"
               "      - name: public\n"
               "        routes: [{destination: 0.0.0.0/0, internetGateway: true}]\n"
               "    remoteNetworks:\n"
               "      - {name: onprem, cidr: 192.168.0.0/16, via: {transitGateway: tgw-onprem}}"));
  const auto& routes = s.cluster.vpc.route_tables[0].routes;
  REQUIRE(routes.size() == 3);
  CHECK(routes[0].target == spec::Route::Target::kNatGateway);
  CHECK(routes[1].target_name.name == "tgw-onprem");
  CHECK(routes[2].target == spec::Route::Target::kBlackhole);
  CHECK(s.cluster.vpc.remote_networks[0].via_name == "tgw-onprem");

  CHECK(only_error(with_vpc("    routeTables:\n"
                            "      - {name: r, routes: [{destination: 0.0.0.0/0, "
                            "internetGateway: true}]}")) ==
        "route to the internet gateway, but the VPC has none; expected internetGateway: true "
        "under cluster.vpc");
  CHECK(only_error(with_vpc("    routeTables:\n"
                            "      - {name: r, routes: [{destination: 0.0.0.0/0, blackhole: "
                            "true, vpcPeering: p}]}")) ==
        "route has 2 targets: vpcPeering, blackhole; expected exactly one of: natGateway, "
        "internetGateway, transitGateway, vpcPeering, blackhole");
}

TEST_CASE("Endpoints and hosts are checked against their subnets and groups") {
  const spec::Scenario s = load_ok(
      with_vpc("    endpoints:\n"
               "      - {service: ec2, type: Interface, subnets: [a], securityGroups: [nodes]}\n"
               "    hosts:\n"
               "      - {name: dns, subnet: a, ip: 10.0.0.53, securityGroups: [nodes], "
               "dnsServer: true}"));
  CHECK(s.cluster.vpc.endpoints[0].service == "ec2");
  CHECK(s.cluster.vpc.hosts[0].dns_server);
  CHECK(only_error(with_vpc("    endpoints: [{service: s3, type: Gateway, subnets: [a], "
                            "routeTables: []}]")) ==
        "subnets given for a Gateway endpoint; expected routeTables only: gateway endpoints are "
        "route targets");
  CHECK(only_error(with_vpc("    hosts: [{name: h, subnet: a, ip: 10.0.0.2}]")) ==
        "host 'h' has address 10.0.0.2, reserved by AWS in subnet 'a' (10.0.0.0/20); expected "
        "an address from 10.0.0.4 to 10.0.15.254");
}

TEST_CASE("aws-node variables must be known and their values quoted strings") {
  const std::string addons = "  addons:\n    vpcCni:\n      env: ENV\n";
  auto with_env = [&](std::string_view env) {
    std::string block = addons;
    block.replace(block.find("ENV"), 3, env);
    return minimal_with("  nodeGroups:\n", block + "  nodeGroups:\n");
  };
  CHECK(load_ok(with_env("{WARM_IP_TARGET: \"5\"}"))
            .cluster.addons.vpc_cni.env.at("WARM_IP_TARGET") == "5");
  CHECK(only_error(with_env("{WARM_IP_TARGET: 5}")) ==
        "WARM_IP_TARGET is '5', which YAML reads as a number, boolean or null; expected a "
        "string: write \"5\" in quotes, as Kubernetes requires");
  CHECK(only_error(with_env("{WARM_IP_TARGETS: \"5\"}"))
            .rfind("unknown aws-node variable 'WARM_IP_TARGETS' (did you mean 'WARM_IP_TARGET'?); "
                   "expected one of: WARM_ENI_TARGET, WARM_IP_TARGET,",
                   0) == 0);
}

TEST_CASE("The cluster name follows EKS's rule") {
  CHECK(only_error(minimal_with("  name: c\n", "  name: my cluster\n")) ==
        "cluster name 'my cluster' is not allowed by EKS; expected a cluster name: up to 100 "
        "letters, digits, '-' and '_', starting with a letter or digit");
}

TEST_CASE("ENIConfigs and the IRSA role are references like any other") {
  const std::string addons =
      "  addons:\n"
      "    vpcCni:\n"
      "      eniConfigs: [{name: us-east-1a, subnet: b, securityGroups: [nodes]}]\n"
      "      serviceAccountRole: ROLE\n";
  auto with = [&](std::string_view role, std::string_view eni_config) {
    std::string block = addons;
    block.replace(block.find("ROLE"), 4, role);
    std::string text = minimal_with("  nodeGroups:\n", block + "  nodeGroups:\n");
    return text.replace(text.find("      iamRole: node-role"), 24,
                        "      iamRole: node-role\n      labels: {k8s.amazonaws.com/eniConfig: " +
                            std::string(eni_config) + "}");
  };
  const spec::Scenario s = load_ok(with("node-role", "us-east-1a"));
  CHECK(s.cluster.addons.vpc_cni.eni_configs[0].subnet.name == "b");
  CHECK(s.cluster.addons.vpc_cni.service_account_role->name == "node-role");
  CHECK(only_error(with("cni-role", "us-east-1a")) ==
        "unknown IAM role 'cni-role'; expected one of: node-role");
  CHECK(only_error(with("node-role", "us-east-1c")) ==
        "unknown ENIConfig 'us-east-1c' (did you mean 'us-east-1a'?); expected one of: "
        "us-east-1a");
}

TEST_CASE("kube-proxy's other modes are named as not modelled") {
  CHECK(only_error(minimal_with("  nodeGroups:\n",
                                "  addons: {kubeProxy: {mode: ipvs}}\n  nodeGroups:\n")) ==
        "kube-proxy mode 'ipvs' is not modelled; expected iptables");
}

TEST_CASE("Services follow Kubernetes' rules for their type") {
  const spec::Scenario s = load_ok(with_workload(
      "  - kind: Service\n"
      "    namespace: web\n"
      "    name: web\n"
      "    type: LoadBalancer\n"
      "    selector: {app: web}\n"
      "    ports: [{name: http, port: 80, targetPort: http, nodePort: 30080}]\n"
      "    externalTrafficPolicy: Local\n"
      "    healthCheckNodePort: 31000\n"
      "    sessionAffinity: ClientIP\n"
      "    sessionAffinityConfig: {clientIP: {timeoutSeconds: 60}}\n"
      "    loadBalancerSourceRanges: [203.0.113.0/24]\n"
      "  - {kind: Service, namespace: web, name: db, clusterIP: None}\n"
      "  - {kind: Service, namespace: web, name: ext, type: ExternalName, externalName: "
      "db.example.com}\n"
      "  - kind: EndpointSlice\n"
      "    namespace: web\n"
      "    name: db-1\n"
      "    service: db\n"
      "    addressType: IPv4\n"
      "    ports: [{name: pg, port: 5432, protocol: TCP}]\n"
      "    endpoints: [{addresses: [10.0.1.5], conditions: {ready: true}, nodeName: n1}]"));
  const auto& lb = std::get<spec::Service>(s.workloads[0]);
  CHECK(lb.type == spec::ServiceType::kLoadBalancer);
  CHECK(lb.ports[0].target_port_name == "http");
  CHECK(lb.ports[0].node_port == 30080);
  CHECK(lb.external_traffic_policy == spec::TrafficPolicy::kLocal);
  CHECK(lb.health_check_node_port == 31000);
  CHECK(lb.session_affinity_client_ip);
  CHECK(lb.session_affinity_timeout_seconds == 60);
  CHECK(std::get<spec::Service>(s.workloads[1]).headless);
  CHECK(std::get<spec::Service>(s.workloads[2]).external_name == "db.example.com");
  const auto& slice = std::get<spec::EndpointSlice>(s.workloads[3]);
  CHECK(slice.endpoints[0].conditions.ready == true);
  CHECK_FALSE(slice.endpoints[0].conditions.serving.has_value());

  CHECK(only_error(with_workload("  - {kind: Service, name: s, ports: [{port: 80}], "
                                 "externalTrafficPolicy: Local}")) ==
        "externalTrafficPolicy given for this Service's type; expected externalTrafficPolicy "
        "only with type NodePort or LoadBalancer");
  CHECK(only_error(with_workload("  - {kind: Service, name: s, type: NodePort, clusterIP: None, "
                                 "ports: [{port: 80}]}")) ==
        "clusterIP None on a NodePort or LoadBalancer Service; expected clusterIP: None only "
        "with type ClusterIP");
  CHECK(only_error(with_workload("  - {kind: EndpointSlice, name: e, service: nope}")) ==
        "unknown Service 'default/nope'; expected a Service declared under workloads (none are)");
  CHECK(only_error(with_workload("  - {kind: Servcie, name: s}")) ==
        "unknown kind 'Servcie' (did you mean 'Service'?); expected one of: Deployment, Service, "
        "EndpointSlice, NetworkPolicy, SecurityGroupPolicy");
}

TEST_CASE("Every event kind loads, and references are checked") {
  const spec::Scenario s = load_ok(with_event(
      "  - {at: 1m, scaleDeployment: {namespace: web, name: web, replicas: 4}}\n"
      "  - {at: 1m, addSecurityGroupRule: {securityGroup: nodes, ingress: {protocol: udp, "
      "ports: 53, from: {cidr: 10.0.0.0/16}}}}\n"
      "  - {at: 1m, removeSecurityGroupRule: {securityGroup: nodes, egress: {protocol: all, to: "
      "{cidr: 0.0.0.0/0}}}}\n"
      "  - {at: 2m, terminateInstance: {nodeGroup: ng, index: 1}}\n"
      "  - {at: 2m, terminateInstance: {node: ip-10-0-0-5.ec2.internal}}\n"
      "  - {at: 3m, deletePod: {namespace: web, selector: {app: web}}}\n"
      "  - {at: 3m, setEnv: {WARM_IP_TARGET: \"10\"}}\n"
      "  - {at: 4m, detachPolicy: {role: node-role, policy: AmazonEKSWorkerNodePolicy}}\n"
      "  - {at: 4m, ec2Throttle: {rate: 1, duration: 2m, action: AssignPrivateIpAddresses}}\n"
      "  - {at: 5m, failAvailabilityZone: {az: us-east-1b}}\n"
      "  - {at: 6m, restartDaemon: {daemon: ipamd}}"));
  REQUIRE(s.events.size() == 12);
  CHECK(std::get<spec::ScaleDeployment>(s.events[0].action).replicas == 4);
  CHECK(std::get<spec::AddSecurityGroupRule>(s.events[1].action).ingress);
  CHECK_FALSE(std::get<spec::RemoveSecurityGroupRule>(s.events[2].action).ingress);
  CHECK(std::get<spec::TerminateInstance>(s.events[3].action).index == 1);
  CHECK(std::get<spec::TerminateInstance>(s.events[4].action).node == "ip-10-0-0-5.ec2.internal");
  CHECK(std::get<spec::SetEnv>(s.events[6].action).env.at("WARM_IP_TARGET") == "10");
  CHECK(std::get<spec::Ec2Throttle>(s.events[8].action).duration == sim::Duration::minutes(2));
  CHECK(std::get<spec::RestartDaemon>(s.events[10].action).daemon ==
        spec::RestartDaemon::Daemon::kIpamd);

  CHECK(only_error(with_event("  - {at: 1m, failAvailabilityZone: {az: us-east-1c}}")) ==
        "unknown availability zone 'us-east-1c' (did you mean 'us-east-1a'?); expected one of: "
        "us-east-1a, us-east-1b");
  CHECK(only_error(with_event("  - {at: 1m, scaleNodeGroup: {name: ng, desiredCapacity: 9}}")) ==
        "scaleNodeGroup sets 'ng' to 9, outside its minSize 0 and maxSize 4; expected a "
        "desiredCapacity within the node group's bounds");
  CHECK(only_error(with_event("  - {at: 1m, attachPolicy: {role: node-role, policy: "
                              "AmazonEKS_CNI_Polcy}}")) ==
        "unknown managed policy 'AmazonEKS_CNI_Polcy' (did you mean 'AmazonEKS_CNI_Policy'?); "
        "expected one of: AmazonEKS_CNI_Policy, AmazonEKSWorkerNodePolicy, "
        "AmazonEC2ContainerRegistryReadOnly, AmazonSSMManagedInstanceCore, "
        "AmazonEKSVPCResourceController");
  CHECK(only_error(with_event("  - {at: 1m, terminateInstance: {node: n1, index: 2}}")) ==
        "terminateInstance has an index but no nodeGroup; expected nodeGroup (with an optional "
        "index, default 0) or node");
  CHECK(only_error(with_event("  - {at: 1m, restartDaemon: {daemon: kubeproxy}}")) ==
        "unknown daemon 'kubeproxy' (did you mean 'kube-proxy'?); expected one of: ipamd, "
        "coredns, kube-proxy");
}

TEST_CASE("Every expectation kind loads, with its name as written or in flow style") {
  const spec::Scenario s = load_ok(
      "externalHosts: [{name: dns, ip: 192.0.2.53}]\n" +
      with_expectation(
          "  - noIpFailures: {}\n"
          "  - ipFailures: {nodeGroup: ng, atLeast: 2, between: [1m, 2m]}\n"
          "  - subnetFreeIps: {subnet: a, atLeast: 100}\n"
          "  - podStartLatency: {p90: 30s, namespace: web}\n"
          "  - reachable: {from: {deployment: web/web}, to: {ip: 10.0.0.10}, port: 443, at: 5m}\n"
          "  - unreachable: {from: {nodeGroup: ng}, to: {host: dns}, port: 53, protocol: udp}\n"
          "  - nodesReady: {nodeGroup: ng, within: 5m}\n"
          "  - noDnsFailures: {selector: {app: web}, between: [1m, 2m]}\n"
          "  - dnsFailures: {namespace: web, atLeast: 1}\n"
          "  - resolves: {from: {deployment: web/web}, name: example.com, within: 1m}\n"
          "  - {name: web reaches the db, connects: {from: {deployment: web/web}, to: db, port: "
          "5432}}\n"
          "  - noIpFailures: {after: 3m, reasons: [SubnetExhausted, EniLimitReached]}"));
  REQUIRE(s.expectations.size() == 13);
  CHECK(s.expectations[0].name == "noIpFailures {}");
  CHECK(std::get<spec::IpFailures>(s.expectations[1].check).at_least == 2);
  CHECK(std::get<spec::PodStartLatency>(s.expectations[3].check).p90 == sim::Duration::seconds(30));
  CHECK(std::get<spec::Reachable>(s.expectations[4].check).to.kind ==
        spec::Subject::Kind::kAddress);
  CHECK(std::get<spec::Unreachable>(s.expectations[5].check).protocol == net::Protocol::udp());
  CHECK(s.expectations[10].name == "web reaches the db");
  CHECK(s.expectations[12].name == "podsRunning {namespace: web, within: 5m}");
  const auto& settled = std::get<spec::NoIpFailures>(s.expectations[11].check);
  CHECK(settled.after == sim::Duration::minutes(3));
  CHECK(settled.reasons == std::vector<std::string>{"SubnetExhausted", "EniLimitReached"});

  CHECK(only_error(with_expectation("  - reachable: {from: {deployment: web/api}, to: {ip: "
                                    "10.0.0.1}, port: 80}")) ==
        "unknown Deployment 'web/api' (did you mean 'web/web'?); expected one of: "
        "kube-system/coredns, web/web");
  CHECK(only_error(
            with_expectation("  - resolves: {from: {ip: 10.0.0.1}, name: web.web, within: 1m}")) ==
        "resolves is made from a pod, not from this endpoint; expected from: {deployment: "
        "NS/NAME} or {nodeGroup: NAME}");
  CHECK(only_error(
            with_expectation("  - connects: {from: {service: web/web}, to: web.web, port: 80}")) ==
        "connects is made from a pod, not from this endpoint; expected from: {deployment: "
        "NS/NAME} or {nodeGroup: NAME}");
  CHECK(only_error(with_expectation("  - noDnsFailures: {after: 1m, between: [1m, 2m]}")) ==
        "noDnsFailures has both after and between; expected at most one of: after, between");
  CHECK(only_error(with_expectation("  - noIpFailures: {after: 1m, between: [1m, 2m]}")) ==
        "noIpFailures has both after and between; expected at most one of: after, between");
  CHECK(only_error(with_expectation("  - noIpFailures: {reasons: [SubnetExhaustd]}")) ==
        "unknown IP failure reason 'SubnetExhaustd' (did you mean 'SubnetExhausted'?); expected "
        "one of: WarmPoolGrowing, CooldownStarvation, SubnetExhausted, NoFreePrefix, "
        "Unauthorized, Ec2Throttled, Ec2Error, EniLimitReached, MaxPodsReached, "
        "ProvisioningDisabled, NodeUnschedulable, NetworkPluginNotReady, "
        "FailedCreatePodSandBox, BranchEniPending");
  CHECK(only_error(with_expectation("  - dnsFailures: {between: [5m, 1m]}")) ==
        "between starts at 5m, after its end 1m; expected [start, end] with start <= end");
  CHECK(only_error(with_expectation("  - podsRunnig: {within: 1m}")) ==
        "unknown key 'podsRunnig' in an expectation (did you mean 'podsRunning'?); expected one "
        "of: name, podsRunning, noIpFailures, ipFailures, subnetFreeIps, podStartLatency, "
        "reachable, unreachable, nodesReady, noDnsFailures, dnsFailures, resolves, connects");
}

}  // namespace
}  // namespace ekssim::scenario

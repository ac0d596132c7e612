#include "tools/cli/generate_command.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "tools/cli/generate_shape.h"

namespace ekssim::cli {

namespace {

constexpr int64_t kAddressesPerBlock = 4 * (16384 - 5);  // four /18 subnets in each /16
// AWS allows 5 IPv4 CIDR blocks per VPC by default, adjustable to 50 ("Amazon VPC quotas"):
// clusters of this size run with the quota raised.
constexpr int kMaxVpcCidrBlocks = 50;
constexpr int kNamespaces = 20;
// Up to this many nodes the generated cluster keeps AWS's default EC2 API limits.
constexpr int64_t kDefaultEc2LimitNodes = 100;
constexpr std::array<const char*, 3> kZones = {"a", "b", "c"};

int64_t ceil_div(int64_t a, int64_t b) {
  return (a + b - 1) / b;
}

// The addresses the cluster needs, with a quarter spare.
int64_t addresses_needed(const GenerateOptions& o, const ClusterShape& shape) {
  return o.nodes * shape.addresses_per_node * 5 / 4;
}

}  // namespace

std::optional<std::string> check_generate_options(const GenerateOptions& o) {
  if (o.nodes < 1 || o.nodes > 100000) return "--nodes must be between 1 and 100000";
  if (o.services < 1 || o.services > 50000) return "--services must be between 1 and 50000";
  if (o.pods < o.services) return "--pods must be at least --services (one pod per Service)";
  if (o.node_groups < 1 || o.node_groups > 50) return "--node-groups must be between 1 and 50";
  if (o.node_groups > o.nodes) return "--node-groups cannot exceed --nodes";
  if (o.dns_every < sim::Duration::seconds(1)) return "--dns-every must be at least 1s";
  const ClusterShape shape = shape_for(o);
  if (auto problem = check_shape(o, shape)) return problem;
  const int64_t addresses = addresses_needed(o, shape);
  if (ceil_div(addresses, kAddressesPerBlock) > kMaxVpcCidrBlocks) {
    return fmt::format(
        "the cluster needs about {} addresses, more than {} VPC CIDR blocks of /16 "
        "hold",
        addresses, kMaxVpcCidrBlocks);
  }
  return std::nullopt;
}

namespace {

// The generated text, a line at a time.
class ScenarioText {
 public:
  void line(std::string_view text) {
    text_ += text;
    text_ += '\n';
  }
  void append(std::string_view text) { text_ += text; }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

void write_header(const GenerateOptions& o, const ClusterShape& shape, ScenarioText& y) {
  y.line("apiVersion: ekssim/v1");
  y.line("kind: Scenario");
  y.line("metadata:");
  y.line(fmt::format("  name: generated-{}n-{}p-{}s", o.nodes, o.pods, o.services));
  y.line(fmt::format(
      "  description: \"ekssim generate --nodes {} --pods {} --services {} --seed {} "
      "--node-groups {} --dns-every {}{}\"",
      o.nodes, o.pods, o.services, o.seed, o.node_groups, sim::format_duration(o.dns_every),
      shape.accelerated ? " --shape accelerated" : ""));
  y.line(fmt::format("seed: {}", o.seed));
  y.line(fmt::format("duration: {}", sim::format_duration(o.duration)));
  y.line("cluster:");
  y.line("  name: generated");
  y.line("  region: us-west-2");
  y.line("  version: \"1.30\"");
}

// The VPC: one /16 block per 65,536 addresses needed, four /18 private subnets per block (the
// first block's first quarter holds the public subnet); returns the private subnets' names.
std::vector<std::string> write_vpc(int blocks, ScenarioText& y) {
  y.line("  vpc:");
  y.line("    cidr: 10.0.0.0/16");
  if (blocks > 1) {
    y.append("    secondaryCidrs: [");
    for (int b = 1; b < blocks; ++b)
      y.append(fmt::format("{}10.{}.0.0/16", b > 1 ? ", " : "", b));
    y.line("]");
  }
  y.line("    subnets:");
  y.line("      - {name: public-a, az: us-west-2a, cidr: 10.0.0.0/24, routeTable: public}");
  std::vector<std::string> private_subnets;
  for (int b = 0; b < blocks; ++b) {
    for (int quarter = b == 0 ? 1 : 0; quarter < 4; ++quarter) {
      const std::string name = fmt::format("private-{}", private_subnets.size() + 1);
      const char* zone = kZones[private_subnets.size() % kZones.size()];
      y.line(
          fmt::format("      - {{name: {}, az: us-west-2{}, cidr: 10.{}.{}.0/18, routeTable: "
                      "private}}",
                      name, zone, b, quarter * 64));
      private_subnets.push_back(name);
    }
  }
  y.line("    internetGateway: true");
  y.line("    natGateways: [{name: nat-a, subnet: public-a}]");
  y.line("    routeTables:");
  y.line("      - {name: public, routes: [{destination: 0.0.0.0/0, internetGateway: true}]}");
  y.line("      - {name: private, routes: [{destination: 0.0.0.0/0, natGateway: nat-a}]}");
  return private_subnets;
}

void write_node_groups(const GenerateOptions& o, const ClusterShape& type,
                       const std::vector<std::string>& private_subnets, ScenarioText& y) {
  y.line("  nodeGroups:");
  std::string subnet_list;
  for (size_t i = 0; i < private_subnets.size(); ++i)
    subnet_list += (i ? ", " : "") + private_subnets[i];
  for (int g = 0; g < o.node_groups; ++g) {
    const int64_t size = o.nodes / o.node_groups + (g < o.nodes % o.node_groups ? 1 : 0);
    y.line(fmt::format("    - name: ng-{}", g + 1));
    y.line(fmt::format("      instanceType: {}", g % 2 == 0 ? type.family_a : type.family_b));
    y.line(fmt::format("      desiredCapacity: {}", size));
    y.line(fmt::format("      minSize: {}", size));
    y.line(fmt::format("      maxSize: {}", size * 2));
    y.line(fmt::format("      subnets: [{}]", subnet_list));
    y.line("      securityGroups: [nodes]");
    y.line("      iamRole: node-role");
  }
}

// One Deployment and Service per service, each resolving and calling the next one round.
void write_workloads(const GenerateOptions& o, const ClusterShape& shape, ScenarioText& y) {
  y.line("workloads:");
  for (int64_t s = 0; s < o.services; ++s) {
    const int64_t replicas = o.pods / o.services + (s < o.pods % o.services ? 1 : 0);
    const std::string ns = fmt::format("team-{:02}", s % kNamespaces + 1);
    const std::string name = fmt::format("svc-{:05}", s + 1);
    const int64_t peer = (s + 1) % o.services;
    const std::string peer_name =
        fmt::format("svc-{:05}.team-{:02}", peer + 1, peer % kNamespaces + 1);
    y.line(
        fmt::format("  - {{kind: Deployment, namespace: {}, name: {}, replicas: {}, labels: "
                    "{{app: {}}}, resources: {}, traffic: [{{resolve: "
                    "{}, every: {}}}, {{connect: \"{}:80\", every: {}}}]}}",
                    ns, name, replicas, name, shape.pod_resources, peer_name, sim::format_duration(o.dns_every),
                    peer_name, sim::format_duration(o.dns_every * 2)));
    y.line(
        fmt::format("  - {{kind: Service, namespace: {}, name: {}, selector: {{app: {}}}, ports: "
                    "[{{name: http, port: 80, targetPort: 8080, protocol: TCP}}]}}",
                    ns, name, name));
  }
}

}  // namespace

std::string generate_scenario(const GenerateOptions& o) {
  const ClusterShape shape = shape_for(o);
  const int64_t addresses = addresses_needed(o, shape);
  const int blocks =
      static_cast<int>(std::max<int64_t>(1, ceil_div(addresses, kAddressesPerBlock)));

  ScenarioText y;
  write_header(o, shape, y);
  const std::vector<std::string> private_subnets = write_vpc(blocks, y);
  if (o.nodes > kDefaultEc2LimitNodes) {
    // A cluster this size runs in an account whose EC2 API rate limits were raised (AWS grants
    // increases on request): with the defaults (5 mutating calls per second) thousands of nodes
    // launched at once would wait over an hour for their ENIs and addresses.
    const int64_t mutate = std::max<int64_t>(5, o.nodes / 25);
    const int64_t describe = std::max<int64_t>(20, o.nodes / 25);
    y.line(fmt::format(
        "  ec2Api: {{throttle: {{describe: {{rate: {}, burst: {}}}, mutate: {{rate: {}, "
        "burst: {}}}}}}}",
        describe, describe * 5, mutate, mutate * 5));
  }
  y.line("  securityGroups:");
  y.line("    - name: nodes");
  y.line("      ingress:");
  y.line("        - {protocol: all, from: {securityGroup: nodes}}");
  y.line("  iam:");
  y.line("    roles:");
  y.line("      - name: node-role");
  y.line(
      "        policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy, "
      "AmazonEC2ContainerRegistryReadOnly]");
  write_node_groups(o, shape, private_subnets, y);
  y.line("  addons:");
  y.line("    coredns:");
  y.line(fmt::format("      replicas: {}", shape.coredns_replicas));
  if (!shape.cni_env.empty()) {
    y.line("    vpcCni:");
    y.line("      env:");
    for (const auto& [variable, value] : shape.cni_env)
      y.line(fmt::format("        {}: \"{}\"", variable, value));
  }
  write_workloads(o, shape, y);
  // No noIpFailures: a cold start of this many pods under the default warm pool gives transient
  // "failed to assign an IP address" retries while ipamd grows (ipamd adds an ENI per 5 s tick),
  // as real clusters do; the pods all run in the end.
  // Both windows end inside the run, however short it is.
  const sim::Duration settle = std::min(sim::Duration::minutes(30), o.duration);
  y.line("expect:");
  y.line(fmt::format("  - {{podsRunning: {{within: {}}}}}", sim::format_duration(settle)));
  y.line(fmt::format("  - {{noDnsFailures: {{after: {}}}}}", sim::format_duration(settle / 2)));
  return y.take();
}

}  // namespace ekssim::cli

#include <CLI/CLI.hpp>
#include <iostream>
#include <map>

#include "tools/cli/exit_codes.h"
#include "tools/cli/subcommands.h"

namespace ekssim::cli {

void add_generate_subcommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<GenerateOptions>();
  auto dns_every = std::make_shared<std::string>("30s");
  auto duration = std::make_shared<std::string>("1h");
  CLI::App* sub = app.add_subcommand("generate", "Write a realistic scenario of a given size");
  sub->add_option("--nodes", options->nodes, "nodes across all node groups")->required();
  sub->add_option("--pods", options->pods, "application pods (Deployments' replicas)")->required();
  sub->add_option("--services", options->services, "Services, one Deployment behind each")
      ->required();
  sub->add_option("--seed", options->seed, "the scenario's seed")->capture_default_str();
  sub->add_option("--node-groups", options->node_groups, "node groups")->capture_default_str();
  const std::map<std::string, GenerateShape> shapes = {{"auto", GenerateShape::kAuto},
                                                       {"general", GenerateShape::kGeneral},
                                                       {"accelerated", GenerateShape::kAccelerated}};
  sub->add_option("--shape", options->shape,
                  "general (small pods, m5/c5), accelerated (a few large pods on p5 GPU nodes) "
                  "or auto (accelerated above 20000 nodes)")
      ->transform(CLI::CheckedTransformer(shapes, CLI::ignore_case))
      ->default_str("auto");
  sub->add_option("--dns-every", *dns_every, "how often each pod resolves a peer Service")
      ->capture_default_str();
  sub->add_option("--duration", *duration, "virtual time to simulate")->capture_default_str();
  sub->callback([options, dns_every, duration, &exit_code] {
    const auto every = sim::parse_duration(*dns_every);
    const auto span = sim::parse_duration(*duration);
    if (!every || !span) {
      std::cerr << "ekssim generate: error: --dns-every and --duration take durations such as "
                   "30s, 5m or 1h30m\n";
      exit_code = kExitBadInput;
      return;
    }
    options->dns_every = *every;
    options->duration = *span;
    if (auto problem = check_generate_options(*options)) {
      std::cerr << "ekssim generate: error: " << *problem << "\n";
      exit_code = kExitBadInput;
      return;
    }
    std::cout << generate_scenario(*options);
    exit_code = kExitOk;
  });
}

}  // namespace ekssim::cli

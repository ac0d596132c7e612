// Kubernetes manifests: multi-document YAML, a kubectl List export in JSON, the VPC CNI's
// manifest; what each becomes in the loaded scenario, and the located errors.

#include <catch2/catch.hpp>

#include "tests/import/import_support.h"

namespace ekssim::test {
namespace {

std::string without_source_dir(std::string text) {
  const std::string dir = std::string(EKSSIM_SOURCE_DIR) + "/";
  for (size_t at = text.find(dir); at != std::string::npos; at = text.find(dir, at))
    text.erase(at, dir.size());
  return text;
}

bool has_connect(const spec::Deployment& d, const std::string& host, int port) {
  for (const spec::Traffic& t : d.traffic)
    if (t.kind == spec::Traffic::Kind::kConnect && t.host == host && t.port == port) return true;
  return false;
}

}  // namespace

TEST_CASE("a multi-document manifest gives every controller's pods and every Service") {
  const spec::Scenario s = load_from("  manifests: [manifests/online-shop.yaml]\n");
  CHECK(s.workloads.size() == 12);  // 6 controllers, 6 Services
  CHECK(count_services(s) == 6);
  CHECK(deployment(s, "default", "catalog").replicas == 2);
  CHECK(deployment(s, "default", "frontend").replicas == 1);       // Kubernetes' default
  CHECK(deployment(s, "default", "redis-cart").replicas == 1);     // a StatefulSet
  CHECK(deployment(s, "default", "loadgenerator").replicas == 2);  // CronJob parallelism
  CHECK(service(s, "default", "frontend-external").type == spec::ServiceType::kLoadBalancer);
  CHECK(service(s, "default", "catalog").type == spec::ServiceType::kClusterIP);
  CHECK(service(s, "default", "catalog").ports.at(0).port == 3550);
}

TEST_CASE("NetworkPolicies become workloads with their spec as written") {
  const spec::Scenario s = load_from("  manifests: [manifests/network-policies.yaml]\n");
  std::vector<const netpol::NetworkPolicy*> policies;
  for (const spec::Workload& w : s.workloads)
    if (const auto* p = std::get_if<spec::NetworkPolicy>(&w)) policies.push_back(&p->policy);
  REQUIRE(policies.size() == 2);
  CHECK(policies[0]->id() == "shop/default-deny-egress");
  CHECK(policies[0]->pod_selector.empty());
  CHECK(policies[0]->isolates_egress);
  CHECK_FALSE(policies[0]->isolates_ingress);
  CHECK(policies[0]->egress.empty());
  CHECK(policies[1]->id() == "shop/allow-dns");
  REQUIRE(policies[1]->egress.size() == 1);
  CHECK(policies[1]->egress[0].peers.at(0).pod_selector->to_string() == "k8s-app=kube-dns");
  CHECK(policies[1]->egress[0].ports.at(1).end_port == 54);
  // The Namespace object becomes a declared namespace with its labels.
  REQUIRE(s.namespaces.size() == 1);
  CHECK(s.namespaces[0].name == "shop");
  CHECK(s.namespaces[0].labels.at("team") == "payments");
  CHECK(s.namespaces[0].labels.at("kubernetes.io/metadata.name") == "shop");
}

TEST_CASE(
    "ServiceAccounts become serviceAccounts and a pod template's serviceAccountName is kept") {
  const spec::Scenario s = load_from("  manifests: [manifests/online-shop.yaml]\n");
  REQUIRE(s.service_accounts.size() == 2);
  CHECK(s.service_accounts[0].ns == "default");
  CHECK(s.service_accounts[0].name == "frontend");
  CHECK(s.service_accounts[1].name == "cart");
  CHECK(deployment(s, "default", "frontend").service_account == "frontend");
  CHECK(deployment(s, "default", "catalog").service_account == "default");
}

TEST_CASE("a scenario's own serviceAccounts merge with the imported ones by namespace and name") {
  const spec::Scenario s = load_from("  manifests: [manifests/online-shop.yaml]\n",
                                     R"(serviceAccounts:
  - {name: frontend, labels: {sgp: web}}
  - {namespace: tools, name: ci}
cluster:
  name: test
  region: us-west-2
  vpc:
    cidr: 10.0.0.0/16
    subnets: [{name: private-2a, az: us-west-2a, cidr: 10.0.0.0/20}]
  securityGroups: [{name: nodes}]
  iam: {roles: [{name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}]}
  nodeGroups:
    - {name: general, instanceType: m5.large, desiredCapacity: 2, subnets: [private-2a],
       securityGroups: [nodes], iamRole: node-role}
)");
  REQUIRE(s.service_accounts.size() == 3);
  CHECK(s.service_accounts[0].name == "frontend");
  CHECK(s.service_accounts[0].labels.at("sgp") == "web");  // the scenario's, merged in
  CHECK(s.service_accounts[1].name == "cart");
  CHECK(s.service_accounts[2].ns == "tools");
}

TEST_CASE("a scenario's own namespaces merge with the imported ones by name") {
  const spec::Scenario s = load_from("  manifests: [manifests/network-policies.yaml]\n",
                                     R"(namespaces:
  - {name: shop, labels: {env: prod}}
  - {name: tools}
cluster:
  name: test
  region: us-west-2
  vpc:
    cidr: 10.0.0.0/16
    subnets: [{name: private-2a, az: us-west-2a, cidr: 10.0.0.0/20}]
  securityGroups: [{name: nodes}]
  iam: {roles: [{name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}]}
  nodeGroups:
    - {name: general, instanceType: m5.large, desiredCapacity: 2, subnets: [private-2a],
       securityGroups: [nodes], iamRole: node-role}
)");
  REQUIRE(s.namespaces.size() == 2);
  CHECK(s.namespaces[0].labels.at("team") == "payments");  // imported
  CHECK(s.namespaces[0].labels.at("env") == "prod");       // the scenario's, merged in
  CHECK(s.namespaces[1].name == "tools");
}

TEST_CASE("a pod's request is its containers' requests summed, a limit standing in for one") {
  const spec::Scenario s = load_from("  manifests: [manifests/online-shop.yaml]\n");
  const spec::Deployment& cart = deployment(s, "default", "cart");
  CHECK(cart.cpu_millis == 250);                   // 200m + the shipper's 50m limit
  CHECK(cart.memory_bytes == 96LL * 1024 * 1024);  // 64Mi + 32Mi
  CHECK(cart.labels.at("app") == "cart");
}

TEST_CASE("containers' ports become the Deployment's containerPorts") {
  const spec::Scenario s = load_from("  manifests: [manifests/online-shop.yaml]\n");
  const spec::Deployment& frontend = deployment(s, "default", "frontend");
  REQUIRE(frontend.container_ports.size() == 1);
  CHECK(frontend.container_ports[0].port == 8080);
  CHECK(frontend.container_ports[0].name.empty());
  CHECK(frontend.container_ports[0].protocol == net::Protocol::tcp());
  CHECK(deployment(s, "default", "catalog").container_ports.at(0).port == 3550);
}

TEST_CASE("env values that name an imported Service become traffic — others do not") {
  const spec::Scenario s = load_from("  manifests: [manifests/online-shop.yaml]\n");
  const spec::Deployment& frontend = deployment(s, "default", "frontend");
  CHECK(frontend.traffic.size() == 3);
  CHECK(has_connect(frontend, "catalog", 3550));
  CHECK(has_connect(frontend, "cart", 7070));
  CHECK(has_connect(frontend, "checkout", 5050));
  const spec::Deployment& checkout = deployment(s, "default", "checkout");
  CHECK(checkout.traffic.size() == 2);  // PAYMENT_URL names payments.example.com, not a Service
  CHECK(has_connect(checkout, "cart.default.svc.cluster.local", 7070));
  CHECK(frontend.traffic.at(0).every == sim::Duration::seconds(30));
}

TEST_CASE("a kubectl List export in JSON loads, less what the API server and controllers wrote") {
  const spec::Scenario s = load_from("  manifests: [manifests/guestbook-export.json]\n");
  CHECK(deployment(s, "guestbook", "frontend").replicas == 3);
  // The pod template's dnsConfig is carried over (ndots "2").
  const auto& dns_config = deployment(s, "guestbook", "frontend").dns_config;
  REQUIRE(dns_config.has_value());
  REQUIRE(dns_config->options.size() == 1);
  CHECK(dns_config->options.at(0).name == "ndots");
  CHECK(dns_config->options.at(0).value == "2");
  CHECK(service(s, "guestbook", "frontend").type == spec::ServiceType::kNodePort);
  CHECK(service(s, "guestbook", "frontend").ports.at(0).node_port == 30080);
  CHECK_FALSE(service(s, "guestbook", "redis-leader").cluster_ip.has_value());  // reallocated
  CHECK_FALSE(service(s, "guestbook", "legacy-db").selector.has_value());
  size_t slices = 0;
  for (const auto& w : s.workloads)
    if (const auto* e = std::get_if<spec::EndpointSlice>(&w)) {
      ++slices;
      CHECK(e->name == "legacy-db-1");  // the controller's slice for redis-leader is skipped
      CHECK(e->endpoints.at(0).addresses.at(0).to_string() == "10.20.0.15");
    }
  CHECK(slices == 1);
  CHECK(count_services(s) == 3);  // default/kubernetes is ekssim's own
  // REDIS_LEADER_SERVICE_HOST with its _PORT
  CHECK(has_connect(deployment(s, "guestbook", "frontend"), "redis-leader", 6379));
}

TEST_CASE("the aws-node DaemonSet's env becomes vpcCni.env, ENIConfigs and CoreDNS's replicas") {
  const spec::Scenario s = load_from("  manifests: [manifests/vpc-cni-and-coredns.yaml]\n",
                                     R"(cluster:
  name: test
  region: us-west-2
  vpc:
    cidr: 10.0.0.0/16
    secondaryCidrs: [100.64.0.0/16]
    subnets:
      - {name: private-2a, az: us-west-2a, cidr: 10.0.0.0/20}
      - {name: subnet-0aa11bb22cc33dd44, az: us-west-2a, cidr: 100.64.0.0/19}
      - {name: subnet-0ee55ff66aa77bb88, az: us-west-2b, cidr: 100.64.32.0/19}
  securityGroups: [{name: nodes}, {name: sg-0a1b2c3d4e5f60718}]
  iam: {roles: [{name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}]}
  nodeGroups:
    - {name: general, instanceType: m5.large, desiredCapacity: 2, subnets: [private-2a],
       securityGroups: [nodes], iamRole: node-role}
)");
  const auto& env = s.cluster.addons.vpc_cni.env;
  CHECK(env.size() == 9);
  CHECK(env.at("AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG") == "true");
  CHECK(env.at("WARM_ENI_TARGET") == "1");
  CHECK(env.at("AWS_VPC_ENI_MTU") == "9001");
  CHECK(env.count("ADDITIONAL_ENI_TAGS") == 0);  // not modelled: noted, not imported
  CHECK(env.count("MY_NODE_NAME") == 0);         // valueFrom
  const auto& configs = s.cluster.addons.vpc_cni.eni_configs;
  REQUIRE(configs.size() == 2);
  CHECK(configs[0].name == "us-west-2a");
  CHECK(configs[0].subnet.name == "subnet-0aa11bb22cc33dd44");  // no describe output: kept as id
  CHECK(s.cluster.addons.coredns.replicas == 3);
  CHECK(s.cluster.addons.kube_proxy.min_sync_period ==
        sim::Duration::seconds(2));  // kube-proxy-config
  CHECK(s.workloads.empty());        // aws-node, coredns, kube-dns are the cluster's own
}

TEST_CASE("a pod with dnsPolicy None and a bad quantity are located errors in the manifest") {
  CHECK(without_source_dir(errors_from("  manifests: [bad/dns-policy-none.yaml]\n")) ==
        "tests/import/fixtures/bad/dns-policy-none.yaml:10:18: error: dnsPolicy None (the pod's "
        "own dnsConfig) is not modelled; expected ClusterFirst, ClusterFirstWithHostNet or "
        "Default\n"
        "        dnsPolicy: None\n"
        "                   ^\n"
        "tests/import/fixtures/bad/dns-policy-none.yaml:17:27: error: cpu quantity 'half' is not "
        "valid; expected a Kubernetes quantity such as 250m or 256Mi\n"
        "            requests: {cpu: half}\n"
        "                            ^\n");
}

TEST_CASE("JSON that does not parse is located at the line and column yaml-cpp stopped at") {
  const std::string errors = without_source_dir(errors_from("  manifests: [bad/truncated.json]\n"));
  CHECK(
      errors.starts_with("tests/import/fixtures/bad/truncated.json:6:3: error: invalid YAML or "
                         "JSON: "));
}

TEST_CASE("a manifests path that does not exist is an error at the scenario's from: entry") {
  CHECK(without_source_dir(errors_from("  manifests: [nowhere/]\n")) ==
        "tests/import/fixtures/test.yaml:6:15: error: no such file or folder "
        "'tests/import/fixtures/nowhere/'; expected a file or a folder of files\n"
        "    manifests: [nowhere/]\n"
        "                ^\n");
}

TEST_CASE("a loader error about an imported value points at the manifest it came from") {
  CHECK(without_source_dir(errors_from("  manifests: [bad/service-name.yaml]\n")) ==
        "tests/import/fixtures/bad/service-name.yaml:4:9: error: name 'web_api' is not a valid "
        "Kubernetes name; expected a DNS-1035 label: at most 63 lowercase letters, digits and '-', "
        "starting with a letter and ending with a letter or digit\n"
        "    name: web_api\n"
        "          ^\n");
}

}  // namespace ekssim::test

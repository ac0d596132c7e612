#include <catch2/catch.hpp>

#include "models/aws/ec2_events.h"
#include "models/cluster/cluster_events.h"
#include "models/cni/ipamd_events.h"
#include "models/dns/dns_events.h"
#include "models/k8s/api_events.h"
#include "tests/cluster/report_test_support.h"

using namespace ekssim;
using namespace ekssim::report;
using namespace ekssim::report::testing;

namespace {

constexpr const char* kNode = "ip-10-0-1-5.ec2.internal";

// One line per failure, so that a test pins every field at once.
std::string line(const Failure& f) {
  return std::to_string(f.at) + " | " + f.reason + " | " + f.message + " | " + f.cause + " | " +
         f.fix + " | " + f.name;
}

void launch(ReportRun& run, sim::Duration t, const char* node, const char* group) {
  run.at(t,
         cluster::NodeLaunched{node, group, "i-0abc", "m5.large", "private-1a", "us-east-1a", 29});
}

}  // namespace

TEST_CASE("a pod's report follows it from creation to Running: node, node group, address, times",
          "[report]") {
  ReportRun run;
  launch(run, s(0), kNode, "ng-old");
  run.at(s(1), k8s::PodCreated{"default", "web-1", "web"});
  run.at(s(1), k8s::PodFailedScheduling{"default", "web-1",
                                        "0/1 nodes are available: 1 Insufficient cpu."});
  run.at(s(5), k8s::PodScheduled{"default", "web-1", kNode});
  run.at(s(16), cni::PodIpAssigned{kNode, "default", "web-1", "10.0.1.20", "eni-0a1", 1});
  run.at(s(16), k8s::PodSandboxCreated{"default", "web-1", kNode, "10.0.1.20", "eni-0a1"});
  run.at(ms(18'500), k8s::PodRunning{"default", "web-1", kNode, "10.0.1.20"});
  const RunReport r = run.finish(min(1));

  REQUIRE(r.pods.size() == 1);
  const PodReport& p = r.pods[0];
  CHECK(p.namespace_ == "default");
  CHECK(p.name == "web-1");
  CHECK(p.node == std::optional<std::string>(kNode));
  CHECK(p.node_group == std::optional<std::string>("ng-old"));
  CHECK(p.ip == std::optional<std::string>("10.0.1.20"));
  CHECK(p.eni == std::optional<std::string>("eni-0a1"));
  CHECK(p.phase == "Running");
  CHECK(p.created_at == 1);
  CHECK(p.scheduled_at == std::optional<double>(5));
  CHECK(p.ip_assigned_at == std::optional<double>(16));
  CHECK(p.running_at == std::optional<double>(18.5));
  CHECK_FALSE(p.deleted_at);
  CHECK_FALSE(p.pending_reason);  // cleared when the pod was bound
  CHECK(p.ip_failures.empty());
  CHECK(r.pod_start_latency.count == 1);
  CHECK(r.pod_start_latency.p50 == 17.5);
  CHECK(r.pod_start_latency.max == 17.5);
}

TEST_CASE(
    "a waiting pod keeps the latest FailedScheduling or sandbox message as its pending reason",
    "[report]") {
  ReportRun run;
  launch(run, s(0), kNode, "ng-old");
  run.at(s(1), k8s::PodCreated{"default", "a", ""});
  run.at(s(1), k8s::PodFailedScheduling{"default", "a", "first"});
  run.at(s(2),
         k8s::PodFailedScheduling{"default", "a", "0/1 nodes are available: 1 Too many pods."});
  run.at(s(1), k8s::PodCreated{"default", "b", ""});
  run.at(s(3), k8s::PodScheduled{"default", "b", kNode});
  run.at(s(4),
         k8s::PodSandboxFailed{"default", "b", kNode, "FailedCreatePodSandBox", "sandbox failed"});
  const RunReport r = run.finish(min(1));

  REQUIRE(r.pods.size() == 2);
  CHECK(r.pods[0].phase == "Pending");
  CHECK_FALSE(r.pods[0].node);
  CHECK(r.pods[0].pending_reason ==
        std::optional<std::string>("0/1 nodes are available: 1 Too many pods."));
  CHECK(r.pods[1].phase == "Pending");
  CHECK(r.pods[1].node == std::optional<std::string>(kNode));
  CHECK(r.pods[1].pending_reason == std::optional<std::string>("sandbox failed"));
  CHECK(r.pod_start_latency.count == 0);
}

TEST_CASE("a failed CNI ADD takes its reason, cause and fix from ipamd's failure for that pod",
          "[report]") {
  ReportRun run;
  launch(run, s(0), kNode, "ng-old");
  run.at(s(1), k8s::PodCreated{"default", "web-1", "web"});
  run.at(s(5), k8s::PodScheduled{"default", "web-1", kNode});
  run.at(s(6),
         cni::IpamdAssignFailed{kNode, "default", "web-1", "SubnetExhausted",
                                "subnet private-1a has no free addresses", "add a larger subnet"});
  run.at(s(6), k8s::PodSandboxFailed{"default", "web-1", kNode, "FailedCreatePodSandBox",
                                     "failed to assign an IP address to container"});
  // A second failure with no ipamd diagnosis does not reuse the first one's.
  run.at(s(17), k8s::PodSandboxFailed{"default", "web-1", kNode, "FailedCreatePodSandBox",
                                      "connection refused"});
  const RunReport r = run.finish(min(1));

  REQUIRE(r.pods.size() == 1);
  REQUIRE(r.pods[0].ip_failures.size() == 2);
  CHECK(line(r.pods[0].ip_failures[0]) ==
        "6.000000 | SubnetExhausted | failed to assign an IP address to container | subnet "
        "private-1a has no free addresses | add a larger subnet | ");
  CHECK(line(r.pods[0].ip_failures[1]) ==
        "17.000000 | FailedCreatePodSandBox | connection refused | the CNI ADD failed on "
        "ip-10-0-1-5.ec2.internal without a diagnosis from ipamd |  | ");
  REQUIRE(r.top_causes.size() == 2);
  CHECK(r.top_causes[0].reason == "SubnetExhausted");
  CHECK(r.top_causes[0].first_pod == "default/web-1 on ip-10-0-1-5.ec2.internal");
}

TEST_CASE(
    "a pod on a node whose network is not ready gets NetworkPluginNotReady with the node's "
    "cause",
    "[report]") {
  ReportRun run;
  launch(run, s(0), kNode, "ng-old");
  launch(run, s(0), "ip-10-0-1-6.ec2.internal", "ng-old");
  run.at(s(30), cni::IpamdInitFailed{kNode, "Failed to attach any ENIs for custom networking",
                                     "no ENIConfig for us-east-1a", "add an ENIConfig"});
  run.at(s(31), k8s::PodCreated{"kube-system", "coredns-1", "coredns"});
  run.at(s(31), k8s::PodScheduled{"kube-system", "coredns-1", kNode});
  run.at(s(32), k8s::PodSandboxFailed{"kube-system", "coredns-1", kNode, "NetworkNotReady",
                                      "network is not ready: container runtime network not ready"});
  run.at(s(31), k8s::PodCreated{"kube-system", "coredns-2", "coredns"});
  run.at(s(31), k8s::PodScheduled{"kube-system", "coredns-2", "ip-10-0-1-6.ec2.internal"});
  run.at(s(32), k8s::PodSandboxFailed{"kube-system", "coredns-2", "ip-10-0-1-6.ec2.internal",
                                      "NetworkNotReady", "network is not ready"});
  const RunReport r = run.finish(min(1));

  REQUIRE(r.pods.size() == 2);
  REQUIRE(r.pods[0].ip_failures.size() == 1);
  CHECK(line(r.pods[0].ip_failures[0]) ==
        "32.000000 | NetworkPluginNotReady | network is not ready: container runtime network not "
        "ready | no ENIConfig for us-east-1a | add an ENIConfig | ");
  REQUIRE(r.pods[1].ip_failures.size() == 1);
  CHECK(line(r.pods[1].ip_failures[0]) ==
        "32.000000 | NetworkPluginNotReady | network is not ready | the network plugin on "
        "ip-10-0-1-6.ec2.internal is not ready: aws-node has not installed the CNI "
        "configuration yet |  | ");
}

TEST_CASE("deleted pods stay in creation order with deletedAt — a reused name is a new entry",
          "[report]") {
  ReportRun run;
  run.builder.set_workload_labels("default", "web", {{"app", "web"}});
  run.at(s(1), k8s::PodCreated{"default", "a", "web"});
  run.at(s(2), k8s::PodCreated{"default", "b", ""});
  run.at(s(3), k8s::PodDeleted{"default", "a", ""});
  run.at(s(4), k8s::PodCreated{"default", "a", ""});
  run.at(s(5),
         dns::DnsLookupFailed{"default", "a", kNode, "db.default.svc.cluster.local", "DnsTimeout",
                              ";; connection timed out", "SG drops udp/53", "allow udp/53", s(5)});
  const RunReport r = run.finish(min(1));

  REQUIRE(r.pods.size() == 3);
  CHECK(r.pods[0].name == "a");
  CHECK(r.pods[0].deleted_at == std::optional<double>(3));
  CHECK(r.pods[0].labels == std::map<std::string, std::string>{{"app", "web"}});
  CHECK(r.pods[0].dns_failures.empty());
  CHECK(r.pods[1].name == "b");
  CHECK(r.pods[1].labels.empty());
  CHECK(r.pods[2].name == "a");
  CHECK(r.pods[2].created_at == 4);
  CHECK_FALSE(r.pods[2].deleted_at);
  REQUIRE(r.pods[2].dns_failures.size() == 1);
  CHECK(line(r.pods[2].dns_failures[0]) ==
        "5.000000 | DnsTimeout | ;; connection timed out | SG drops udp/53 | allow udp/53 | "
        "db.default.svc.cluster.local");
}

TEST_CASE("a node's report: launch facts, readiness, ipamd's pool, and why it is not Ready",
          "[report]") {
  ReportRun run;
  launch(run, s(0), kNode, "ng-old");
  launch(run, s(0), "ip-10-0-1-6.ec2.internal", "ng-new");
  launch(run, s(1), "ip-10-0-1-7.ec2.internal", "ng-new");
  // The first registers NotReady until aws-node is up, then is Ready.
  run.at(s(60), k8s::NodeNotReady{kNode, "False", "KubeletNotReady", "network not ready"});
  run.at(s(70), cni::IpamdPoolChanged{kNode, "eni attached", 1, 9, 0, ""});
  run.at(s(71), k8s::NodeReady{kNode});
  run.at(s(90), cni::IpamdPoolChanged{kNode, "ips assigned", 2, 18, 3, ""});
  // The second cannot reach the API server.
  run.at(s(60), cluster::NodeBringUpFailed{"ip-10-0-1-6.ec2.internal", "ng-new", "kubelet",
                                           "ApiServerUnreachable", "dial tcp: i/o timeout",
                                           "nodes-new has no egress to 443", "allow tcp/443 out"});
  // The third's aws-node fails; the kubelet's NotReady then carries that cause.
  run.at(s(50), cni::IpamdInitFailed{"ip-10-0-1-7.ec2.internal", "UnauthorizedOperation",
                                     "the node role lacks AmazonEKS_CNI_Policy",
                                     "attach AmazonEKS_CNI_Policy"});
  run.at(s(61), k8s::NodeNotReady{"ip-10-0-1-7.ec2.internal", "False", "KubeletNotReady",
                                  "network not ready"});
  run.at(s(120), cluster::InstanceTerminated{"ip-10-0-1-7.ec2.internal", "i-0abc"});
  const RunReport r = run.finish(min(3));

  REQUIRE(r.nodes.size() == 3);
  const NodeReport& a = r.nodes[0];
  CHECK(a.name == kNode);
  CHECK(a.node_group == "ng-old");
  CHECK(a.instance_type == "m5.large");
  CHECK(a.availability_zone == "us-east-1a");
  CHECK(a.subnet == "private-1a");
  CHECK(a.max_pods == 29);
  CHECK(a.launched_at == 0);
  CHECK(a.ready);
  CHECK(a.ready_at == std::optional<double>(71));
  CHECK_FALSE(a.not_ready);
  CHECK(a.enis == 2);
  CHECK(a.ips_total == 18);
  CHECK(a.ips_assigned == 3);

  const NodeReport& b = r.nodes[1];
  CHECK_FALSE(b.ready);
  REQUIRE(b.not_ready);
  CHECK(line(*b.not_ready) ==
        "60.000000 | ApiServerUnreachable | dial tcp: i/o timeout | nodes-new has no egress to "
        "443 | allow tcp/443 out | ");

  const NodeReport& c = r.nodes[2];
  CHECK(c.launched_at == 1);
  CHECK_FALSE(c.ready);
  CHECK(c.terminated_at == std::optional<double>(120));
  REQUIRE(c.not_ready);
  CHECK(line(*c.not_ready) ==
        "61.000000 | KubeletNotReady | network not ready | the node role lacks "
        "AmazonEKS_CNI_Policy | attach AmazonEKS_CNI_Policy | ");
}

TEST_CASE("a node that registers Ready is Ready from its registration", "[report]") {
  ReportRun run;
  launch(run, s(0), kNode, "ng-old");
  run.at(s(45), k8s::NodeRegistered{kNode, true});
  run.at(s(50), k8s::NodeRegistered{"ip-10-0-1-99.ec2.internal", true});  // never launched
  const RunReport r = run.finish(min(1));
  REQUIRE(r.nodes.size() == 1);
  CHECK(r.nodes[0].ready);
  CHECK(r.nodes[0].ready_at == std::optional<double>(45));
}

TEST_CASE(
    "subnets: registered ones first in their order, then as first seen, with the lowest "
    "free count and when",
    "[report]") {
  ReportRun run;
  SubnetReport registered;
  registered.name = "private-1b";
  registered.availability_zone = "us-east-1b";
  registered.cidr = "10.0.16.0/20";
  registered.usable = 4091;
  registered.free = 4091;
  registered.free_prefixes = 255;
  run.builder.add_subnet(registered);
  run.at(s(10), aws::SubnetAddressesChanged{"private-1a", 4000, 91, 4091, 240});
  run.at(s(20), aws::SubnetAddressesChanged{"private-1a", 3900, 191, 4091, 230});
  run.at(s(30), aws::SubnetAddressesChanged{"private-1a", 3900, 191, 4091, 230});
  run.at(s(40), aws::SubnetAddressesChanged{"private-1a", 3950, 141, 4091, 235});
  const RunReport r = run.finish(min(1));

  REQUIRE(r.subnets.size() == 2);
  CHECK(r.subnets[0].name == "private-1b");
  CHECK(r.subnets[0].cidr == "10.0.16.0/20");
  CHECK(r.subnets[0].free == 4091);
  CHECK(r.subnets[0].min_free == 4091);
  CHECK(r.subnets[0].min_free_at == 0);
  CHECK(r.subnets[1].name == "private-1a");
  CHECK(r.subnets[1].usable == 4091);
  CHECK(r.subnets[1].free == 3950);
  CHECK(r.subnets[1].free_prefixes == 235);
  CHECK(r.subnets[1].min_free == 3900);
  CHECK(r.subnets[1].min_free_at == 20);
}

TEST_CASE("series keep at most one point per node and metric per 10 s, the last value winning",
          "[report]") {
  ReportRun run;
  launch(run, s(0), kNode, "ng-old");
  run.at(s(1), cni::IpamdPoolChanged{kNode, "eni attached", 1, 9, 0, ""});
  run.at(s(3), cni::IpamdPoolChanged{kNode, "ips assigned", 1, 9, 1, ""});
  run.at(s(9), cni::IpamdPoolChanged{kNode, "ips assigned", 1, 9, 2, ""});
  run.at(s(12), cni::IpamdPoolChanged{kNode, "ips assigned", 1, 9, 2, ""});  // no change: no point
  run.at(s(25), cni::IpamdPoolChanged{kNode, "eni attached", 2, 18, 3, ""});
  const RunReport r = run.finish(min(1));

  using Points = std::vector<std::pair<double, double>>;
  REQUIRE(r.series.size() == 3);
  CHECK(r.series[0].metric == "awscni_eni_allocated");
  CHECK(r.series[0].label == kNode);
  CHECK(r.series[0].points == Points{{1, 1}, {25, 2}});
  CHECK(r.series[1].metric == "awscni_total_ip_addresses");
  CHECK(r.series[1].points == Points{{1, 9}, {25, 18}});
  CHECK(r.series[2].metric == "awscni_assigned_ip_addresses");
  CHECK(r.series[2].points == Points{{9, 2}, {25, 3}});
}

TEST_CASE("the subnet free-address series starts at registration and follows every change",
          "[report]") {
  ReportRun run;
  SubnetReport registered;
  registered.name = "private-1a";
  registered.free = 250;
  run.builder.add_subnet(registered);
  run.at(s(15), aws::SubnetAddressesChanged{"private-1a", 240, 11, 251, 14});
  const RunReport r = run.finish(min(1));

  REQUIRE(r.series.size() == 1);
  CHECK(r.series[0].metric == "subnet_available_ip_address_count");
  CHECK(r.series[0].label == "private-1a");
  CHECK(r.series[0].points == std::vector<std::pair<double, double>>{{0, 250}, {15, 240}});
}

TEST_CASE("EC2 API calls are counted per action, sorted by action, errors and throttles apart",
          "[report]") {
  ReportRun run;
  run.builder.count_ec2_call("DescribeNetworkInterfaces", "");
  run.builder.count_ec2_call("AssignPrivateIpAddresses", "");
  run.builder.count_ec2_call("AssignPrivateIpAddresses", "RequestLimitExceeded");
  run.builder.count_ec2_call("AssignPrivateIpAddresses", "InsufficientFreeAddressesInSubnet");
  const RunReport r = run.finish(min(1));

  REQUIRE(r.ec2_api.size() == 2);
  CHECK(r.ec2_api[0].action == "AssignPrivateIpAddresses");
  CHECK(r.ec2_api[0].calls == 3);
  CHECK(r.ec2_api[0].errors == 2);
  CHECK(r.ec2_api[0].throttled == 1);
  CHECK(r.ec2_api[1].action == "DescribeNetworkInterfaces");
  CHECK(r.ec2_api[1].calls == 1);
  CHECK(r.ec2_api[1].errors == 0);
}

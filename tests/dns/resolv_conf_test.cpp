// A pod's resolv.conf per dnsPolicy, against kubelet's pkg/kubelet/network/dns/dns_test.go
// (TestGetPodDNSType, TestGetPodDNSCustom, TestFormDNSSearchFitsLimits,
// TestFormDNSNameserversFitsLimits, TestMergeDNSOptions) and the EKS files they produce.

#include "models/dns/resolv_conf.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace ekssim::dns {
namespace {

net::Ipv4 ip(std::string_view text) {
  return *net::Ipv4::parse(text);
}

KubeletDnsSettings eks_kubelet(std::string_view region) {
  return KubeletDnsSettings{
      {ip("10.100.0.10")}, "cluster.local", ec2_node_resolv_conf(region, ip("10.0.0.2"))};
}

TEST_CASE("A ClusterFirst pod on a us-east-1 node gets the cluster search list and ndots:5",
          "[dns][resolv]") {
  const PodResolvConf pod =
      pod_resolv_conf(eks_kubelet("us-east-1"), "airflow", DnsPolicy::kClusterFirst, false);
  CHECK(pod.conf.to_text() ==
        "search airflow.svc.cluster.local svc.cluster.local cluster.local ec2.internal\n"
        "nameserver 10.100.0.10\n"
        "options ndots:5\n");
  CHECK(pod.events.empty());
}

TEST_CASE("Outside us-east-1 the node's domain is <region>.compute.internal", "[dns][resolv]") {
  CHECK(ec2_search_domain("us-east-1") == "ec2.internal");
  CHECK(ec2_search_domain("eu-west-1") == "eu-west-1.compute.internal");
  const PodResolvConf pod =
      pod_resolv_conf(eks_kubelet("eu-west-1"), "shop", DnsPolicy::kClusterFirst, false);
  CHECK(pod.conf.search == std::vector<std::string>{"shop.svc.cluster.local", "svc.cluster.local",
                                                    "cluster.local", "eu-west-1.compute.internal"});
}

// TestGetPodDNSType: which base each policy and hostNetwork combination gets.
TEST_CASE("Host network and Default pods get the node's file — ClusterFirstWithHostNet does not",
          "[dns][resolv]") {
  const KubeletDnsSettings kubelet = eks_kubelet("us-east-1");
  const ResolvConf& node = kubelet.host;
  CHECK(pod_resolv_conf(kubelet, "ns", DnsPolicy::kDefault, false).conf == node);
  CHECK(pod_resolv_conf(kubelet, "ns", DnsPolicy::kDefault, true).conf == node);
  CHECK(pod_resolv_conf(kubelet, "ns", DnsPolicy::kClusterFirst, true).conf == node);
  CHECK(
      pod_resolv_conf(kubelet, "ns", DnsPolicy::kClusterFirstWithHostNet, true).conf.nameservers ==
      std::vector{ip("10.100.0.10")});
  CHECK(
      pod_resolv_conf(kubelet, "ns", DnsPolicy::kClusterFirstWithHostNet, false).conf.nameservers ==
      std::vector{ip("10.100.0.10")});
  CHECK(pod_resolv_conf(kubelet, "ns", DnsPolicy::kNone, false).conf == ResolvConf{});
}

TEST_CASE("Without a cluster DNS address ClusterFirst falls back to Default, with an event",
          "[dns][resolv]") {
  KubeletDnsSettings kubelet = eks_kubelet("us-east-1");
  kubelet.cluster_dns.clear();
  const PodResolvConf pod = pod_resolv_conf(kubelet, "ns", DnsPolicy::kClusterFirst, false);
  CHECK(pod.conf == kubelet.host);
  CHECK(pod.events == std::vector<std::string>{
                          "kubelet does not have ClusterDNS IP configured and cannot create Pod "
                          "using \"ClusterFirst\" policy. Falling back to \"Default\" policy."});
}

// TestGetPodDNSCustom, with the node file "nameserver 8.8.8.8 / search host.domain".
TEST_CASE("dnsConfig is merged into every policy as in TestGetPodDNSCustom", "[dns][resolv]") {
  const KubeletDnsSettings kubelet{{ip("10.0.0.10")},
                                   "kubernetes.io",
                                   ResolvConf::parse("nameserver 8.8.8.8\nsearch host.domain\n")};
  const PodDnsConfig custom{{ip("10.0.0.11")}, {"my.domain"}, {{"ndots", "3"}, {"debug", {}}}};

  const PodResolvConf none_empty = pod_resolv_conf(kubelet, "testNS", DnsPolicy::kNone, false);
  CHECK(none_empty.conf == ResolvConf{});
  const PodDnsConfig none_config{
      {ip("203.0.113.1")}, {"my.domain", "second.domain"}, {{"ndots", "3"}, {"debug", {}}}};
  CHECK(pod_resolv_conf(kubelet, "testNS", DnsPolicy::kNone, false, &none_config).conf ==
        ResolvConf{{ip("203.0.113.1")}, {"my.domain", "second.domain"}, {"ndots:3", "debug"}});

  const ResolvConf cluster{{ip("10.0.0.10"), ip("10.0.0.11")},
                           {"testNS.svc.kubernetes.io", "svc.kubernetes.io", "kubernetes.io",
                            "host.domain", "my.domain"},
                           {"ndots:3", "debug"}};
  CHECK(pod_resolv_conf(kubelet, "testNS", DnsPolicy::kClusterFirst, false, &custom).conf ==
        cluster);
  CHECK(
      pod_resolv_conf(kubelet, "testNS", DnsPolicy::kClusterFirstWithHostNet, true, &custom).conf ==
      cluster);
  CHECK(pod_resolv_conf(kubelet, "testNS", DnsPolicy::kDefault, false, &custom).conf ==
        ResolvConf{
            {ip("8.8.8.8"), ip("10.0.0.11")}, {"host.domain", "my.domain"}, {"ndots:3", "debug"}});
}

// TestMergeDNSOptions: options of the same name are replaced, new ones added.
TEST_CASE("dnsConfig options override the node's options by name", "[dns][resolv]") {
  KubeletDnsSettings kubelet = eks_kubelet("us-east-1");
  kubelet.host.options = {"ndots:5", "debug"};
  const PodDnsConfig custom{
      {}, {}, {{"ndots", "3"}, {"debug", {}}, {"single-request", {}}, {"attempts", "3"}}};
  CHECK(pod_resolv_conf(kubelet, "ns", DnsPolicy::kDefault, false, &custom).conf.options ==
        std::vector<std::string>{"ndots:3", "debug", "single-request", "attempts:3"});
}

TEST_CASE("More than three nameservers are cut to three, with kubelet's event", "[dns][resolv]") {
  KubeletDnsSettings kubelet = eks_kubelet("us-east-1");
  kubelet.host.nameservers = {ip("127.0.0.1"), ip("10.0.0.10"), ip("8.8.8.8"), ip("1.2.3.4")};
  const PodResolvConf pod = pod_resolv_conf(kubelet, "ns", DnsPolicy::kDefault, false);
  CHECK(pod.conf.nameservers == std::vector{ip("127.0.0.1"), ip("10.0.0.10"), ip("8.8.8.8")});
  CHECK(pod.events == std::vector<std::string>{
                          "Nameserver limits were exceeded, some nameservers have been omitted, "
                          "the applied nameserver line is: 127.0.0.1 10.0.0.10 8.8.8.8"});
}

// TestFormDNSSearchFitsLimits, with the expanded limits (32 domains, 2048 characters).
TEST_CASE("Search lists are trimmed to kubelet's limits, with its event", "[dns][resolv]") {
  KubeletDnsSettings kubelet = eks_kubelet("us-east-1");
  kubelet.cluster_domain = "TEST";
  kubelet.host.search = {"AAA", std::string(256, 'B'), "BBB"};
  PodResolvConf pod = pod_resolv_conf(kubelet, "testNS", DnsPolicy::kClusterFirst, false);
  CHECK(pod.conf.search ==
        std::vector<std::string>{"testNS.svc.TEST", "svc.TEST", "TEST", "AAA", "BBB"});
  CHECK(pod.events == std::vector<std::string>{
                          "Search Line limits were exceeded, some search paths have been omitted, "
                          "the applied search line is: testNS.svc.TEST svc.TEST TEST AAA BBB"});

  kubelet.host.search.clear();
  for (int i = 0; i < 35; ++i)
    kubelet.host.search.push_back("d" + std::to_string(i));
  pod = pod_resolv_conf(kubelet, "testNS", DnsPolicy::kClusterFirst, false);
  CHECK(pod.conf.search.size() == 32);
  CHECK(pod.conf.search.back() == "d28");

  kubelet.host.search.assign(20, "");
  for (int i = 0; i < 20; ++i)
    kubelet.host.search[i] = std::string(200, 'a' + i);
  pod = pod_resolv_conf(kubelet, "testNS", DnsPolicy::kClusterFirst, false);
  // The 3 cluster domains take 29 characters with their spaces; ten 200-character domains with
  // theirs bring the line to 2039, an eleventh would pass 2048.
  CHECK(pod.conf.search.size() == 13);
  CHECK(pod.events.size() == 1);
}

TEST_CASE("Parsing a resolv.conf keeps the last search line, trims dots, skips comments",
          "[dns][resolv]") {
  const ResolvConf conf = ResolvConf::parse(
      "# generated\n"
      "search old.example\n"
      "nameserver 10.0.0.2\n"
      "search ec2.internal. example.com\n"
      "nameserver 169.254.169.253\n"
      "options timeout:2 attempts:5\n");
  CHECK(conf == ResolvConf{{ip("10.0.0.2"), ip("169.254.169.253")},
                           {"ec2.internal", "example.com"},
                           {"timeout:2", "attempts:5"}});
}

}  // namespace
}  // namespace ekssim::dns

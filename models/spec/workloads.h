#pragma once
// Workloads (scenario `workloads`): Deployments with the traffic their pods make, Services,
// hand-written EndpointSlices and NetworkPolicies. Field names and rules follow the Kubernetes API
// (apps/v1 Deployment, core/v1 Service, discovery.k8s.io/v1 EndpointSlice).

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "models/net/ipv4.h"
#include "models/net/protocol.h"
#include "models/netpol/network_policy.h"
#include "models/spec/location.h"
#include "models/spec/node_group.h"
#include "sim/time.h"

namespace ekssim::spec {

using Labels = std::map<std::string, std::string>;

struct Toleration {
  enum class Operator { kEqual, kExists };
  std::string key;  // empty with kExists: tolerates every taint
  Operator op = Operator::kEqual;
  std::string value;
  std::optional<TaintEffect> effect;  // none: every effect
  Location location;
};

// What each pod of a Deployment does, over and over on the virtual clock.
struct Traffic {
  enum class Kind { kResolve, kConnect };
  // Extension: the program whose resolver makes the lookups: getaddrinfo in a glibc image (curl,
  // Python), Go's own resolver, or dig.
  enum class Client { kGlibc, kGo, kDig };
  Kind kind = Kind::kResolve;
  Client client = Client::kGlibc;
  std::string host;                               // the name resolved, or the host connected to
  uint16_t port = 0;                              // kConnect
  net::Protocol protocol = net::Protocol::tcp();  // kConnect: tcp or udp
  sim::Duration every;
  // Extension: how many distinct names the entry stands for. Above 1, `host` holds the
  // placeholder "{n}" and each lookup takes the next of host[n := 0 .. names-1] in turn, as a
  // crawler, a per-tenant client or a sharded cache asks for many names, each rarely.
  int64_t names = 1;
  Location location;
};

inline constexpr std::string_view kNamePlaceholder = "{n}";

enum class DnsPolicy { kClusterFirst, kClusterFirstWithHostNet, kDefault };

// The pod template's spec.dnsConfig (core/v1 PodDNSConfig): kubelet appends it to the
// resolv.conf the dnsPolicy gives (pkg/kubelet/network/dns).
struct DnsConfigOption {
  std::string name;
  std::optional<std::string> value;
  Location location;
};
struct PodDnsConfig {
  std::vector<net::Ipv4> nameservers;
  std::vector<std::string> searches;
  std::vector<DnsConfigOption> options;
};

// A port a pod's containers declare (containers[].ports[]): what a NetworkPolicy's named port
// resolves to.
struct ContainerPort {
  std::string name;  // may be empty: only a numeric policy port can then match it
  int port = 0;      // containerPort
  net::Protocol protocol = net::Protocol::tcp();
  Location location;
};

struct Deployment {
  std::string ns;  // `namespace`
  std::string name;
  int replicas = 1;
  Labels labels;  // the pod template's labels
  Labels node_selector;
  std::vector<Toleration> tolerations;
  int64_t cpu_millis = 0;    // resources.cpu (the request)
  int64_t memory_bytes = 0;  // resources.memory (the request)
  DnsPolicy dns_policy = DnsPolicy::kClusterFirst;
  std::optional<PodDnsConfig> dns_config;
  bool host_network = false;
  std::vector<ContainerPort> container_ports;  // every container's, in one list
  std::vector<Traffic> traffic;
  // spec.template.spec.serviceAccountName; "default" when not given (the ServiceAccount admission
  // plugin's default).
  std::string service_account = "default";
  Location service_account_location;  // of serviceAccountName; unknown when not given
  Location location;
};

enum class ServiceType { kClusterIP, kNodePort, kLoadBalancer, kExternalName };
enum class TrafficPolicy { kCluster, kLocal };

struct ServicePort {
  std::string name;
  int port = 0;
  int target_port = 0;                            // a number (default: port) …
  std::string target_port_name;                   // … or the name of a container port
  std::optional<int> node_port;                   // NodePort and LoadBalancer; none: allocated
  net::Protocol protocol = net::Protocol::tcp();  // TCP, UDP or SCTP
  Location location;
};

struct Service {
  std::string ns;
  std::string name;
  ServiceType type = ServiceType::kClusterIP;
  std::optional<net::Ipv4> cluster_ip;  // none: allocated from serviceIpv4Cidr (unless headless)
  bool headless = false;                // clusterIP: None
  std::vector<ServicePort> ports;
  std::optional<Labels> selector;  // none: a selectorless Service (EndpointSlices by hand)
  std::vector<net::Ipv4> external_ips;
  std::optional<net::Ipv4> load_balancer_ip;
  std::vector<net::Cidr> load_balancer_source_ranges;
  bool session_affinity_client_ip = false;  // sessionAffinity: ClientIP (default None)
  int session_affinity_timeout_seconds = 10800;
  TrafficPolicy external_traffic_policy = TrafficPolicy::kCluster;
  TrafficPolicy internal_traffic_policy = TrafficPolicy::kCluster;
  std::optional<int> health_check_node_port;
  std::string external_name;  // ExternalName
  Location location;
};

struct EndpointConditions {
  std::optional<bool> ready;
  std::optional<bool> serving;
  std::optional<bool> terminating;
};

struct EndpointSliceEndpoint {
  std::vector<net::Ipv4> addresses;
  EndpointConditions conditions;
  std::string node_name;
  Location location;
};

struct EndpointSlicePort {
  std::string name;
  std::optional<int> port;
  net::Protocol protocol = net::Protocol::tcp();
  Location location;
};

struct EndpointSlice {
  std::string ns;
  std::string name;
  Ref service;  // the kubernetes.io/service-name label
  // addressType: only IPv4 is modelled.
  std::vector<EndpointSlicePort> ports;
  std::vector<EndpointSliceEndpoint> endpoints;
  Location location;
};

// A NetworkPolicy (networking.k8s.io/v1), enforced when aws-node's ENABLE_NETWORK_POLICY is on.
// Named ports carry their location: the loader warns that ekssim's pods declare no containerPorts.
struct NetworkPolicy {
  netpol::NetworkPolicy policy;
  Location location;
};

// A SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1, aws/amazon-vpc-resource-controller-k8s
// apis/vpcresources/v1beta1/securitygrouppolicy_types.go): the pods of its namespace that its
// podSelector and its serviceAccountSelector (each if given) select get a branch ENI carrying its
// groups, when aws-node's ENABLE_POD_ENI is on. Groups are the scenario's security group names.
struct SecurityGroupPolicy {
  std::string ns;
  std::string name;
  std::optional<netpol::LabelSelector> pod_selector;
  // Matched against the labels of the pod's service account; ekssim's service accounts are
  // "default" with no labels, so only an empty selector (every account) selects anything.
  std::optional<netpol::LabelSelector> service_account_selector;
  std::vector<Ref> security_groups;
  Location location;
};

using Workload =
    std::variant<Deployment, Service, EndpointSlice, NetworkPolicy, SecurityGroupPolicy>;

// A namespace with labels (scenario `namespaces`, or an imported `kind: Namespace`). Undeclared
// namespaces exist too, as soon as something names them, with no labels of their own. Either
// way the API server adds kubernetes.io/metadata.name: NAME (models/netpol/network_policy.h).
struct Namespace {
  std::string name;
  std::map<std::string, std::string> labels;
  Location location;
};

// A ServiceAccount with labels (scenario `serviceAccounts`, or an imported `kind:
// ServiceAccount`): what a SecurityGroupPolicy's serviceAccountSelector matches. Every namespace
// also has "default", with no labels (kube-controller-manager's serviceaccount controller makes
// it), unless one is declared.
struct ServiceAccount {
  std::string ns;  // `namespace`
  std::string name;
  std::map<std::string, std::string> labels;
  Location location;
};

// A name outside the cluster that the VPC resolver answers (scenario `externalHosts`). A name
// "*.ZONE" is a wildcard record: it answers every name below ZONE that has no record of its own.
struct ExternalHost {
  std::string name;
  net::Ipv4 ip;
  sim::Duration ttl = sim::Duration::seconds(60);  // extension: the record's TTL
  Location location;
};

}  // namespace ekssim::spec

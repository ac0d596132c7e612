#pragma once
// kube-proxy's per-service chain names (pkg/proxy/iptables/proxier.go portProtoHash,
// servicePortPolicyClusterChain, servicePortPolicyLocalChainName, serviceExternalChainName,
// serviceFirewallChainName, servicePortEndpointChainName): a prefix and the first 16 characters
// of base32(SHA-256(service port name + lowercase protocol [+ "ip:port"])). iptables limits chain
// names to 28 characters, hence the cut.

#include <array>
#include <string>
#include <string_view>

namespace ekssim::k8s {

// The 16-character hash suffix, kept by value so that compiled rules never allocate for it.
using ChainHash = std::array<char, 16>;

enum class ChainKind { kSvc, kSvl, kExt, kFw, kSep };

// portProtoHash: the suffix shared by KUBE-SVC-, KUBE-SVL-, KUBE-EXT- and KUBE-FW-.
ChainHash port_proto_hash(std::string_view service_port_name, std::string_view protocol);
// The KUBE-SEP- suffix for one endpoint, `endpoint` being "ip:port".
ChainHash endpoint_chain_hash(std::string_view service_port_name, std::string_view protocol,
                              std::string_view endpoint);

// "KUBE-SVC-", "KUBE-SVL-", "KUBE-EXT-", "KUBE-FW-", "KUBE-SEP-".
std::string_view chain_prefix(ChainKind kind);
std::string chain_name(ChainKind kind, const ChainHash& hash);
void append_chain_name(std::string& out, ChainKind kind, const ChainHash& hash);

}  // namespace ekssim::k8s

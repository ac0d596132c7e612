#pragma once
// Kubernetes' lenient reading of IPv4 addresses with leading zeros. Go's net.ParseIP took
// "010.001.002.003" as 10.1.2.3 (decimal, not octal) until Go 1.17 refused it; the API server
// and kube-proxy kept the old reading for stored values (k8s.io/utils/net ParseIPSloppy and
// ParseCIDRSloppy), and since KEP-4858 the API server warns about such values instead of
// refusing them. The loader does the same for a Service's externalIPs and
// loadBalancerSourceRanges: normalised, with a located warning.

#include <optional>
#include <string>
#include <string_view>

#include "models/net/ipv4.h"
#include "tools/scenario/yaml_reader.h"

namespace ekssim::scenario {

// The address `text` spells in four decimal fields of any number of digits, each at most 255;
// none for anything else.
std::optional<net::Ipv4> parse_ipv4_sloppy(std::string_view text);
// "ADDRESS/LENGTH" with a sloppy address.
std::optional<net::Cidr> parse_cidr_sloppy(std::string_view text);

// An IPv4 (or CIDR) value of a Service field: the strict form as usual; one with leading zeros
// normalised with a warning naming the canonical form; anything else the usual located error.
std::optional<net::Ipv4> read_service_ipv4(Reader& reader, const YAML::Node& node,
                                           const std::string& label);
std::optional<net::Cidr> read_service_cidr(Reader& reader, const YAML::Node& node,
                                           const std::string& label);

}  // namespace ekssim::scenario

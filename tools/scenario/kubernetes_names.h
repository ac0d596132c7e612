#pragma once
// Kubernetes' name formats (k8s.io/apimachinery, pkg/util/validation/validation.go):
// IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label and IsValidPortName, with the wording used
// for "expected …" in diagnostics.

#include <string_view>

namespace ekssim::scenario {

// Namespaces, node names: lowercase alphanumerics and '-', alphanumeric at both ends, <= 63.
bool is_dns1123_label(std::string_view s);
inline constexpr std::string_view kDns1123LabelExpected =
    "a DNS-1123 label: at most 63 lowercase letters, digits and '-', starting and ending with a "
    "letter or digit";

// Deployments, EndpointSlices, ExternalName targets: dot-separated DNS-1123 labels, <= 253.
bool is_dns1123_subdomain(std::string_view s);
inline constexpr std::string_view kDns1123SubdomainExpected =
    "a DNS-1123 subdomain: at most 253 lowercase letters, digits, '-' and '.', starting and "
    "ending with a letter or digit";

// Services: a DNS-1123 label that starts with a letter.
bool is_dns1035_label(std::string_view s);
inline constexpr std::string_view kDns1035LabelExpected =
    "a DNS-1035 label: at most 63 lowercase letters, digits and '-', starting with a letter and "
    "ending with a letter or digit";

// Port names (IANA_SVC_NAME): <= 15 lowercase alphanumerics and '-', at least one letter, no
// '-' at either end or twice in a row.
bool is_port_name(std::string_view s);
inline constexpr std::string_view kPortNameExpected =
    "a port name: at most 15 lowercase letters, digits and '-', with a letter, no leading, "
    "trailing or doubled '-'";

}  // namespace ekssim::scenario

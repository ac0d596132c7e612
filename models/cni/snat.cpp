#include "models/cni/snat.h"

#include <charconv>
#include <utility>

namespace ekssim::cni {

namespace {

constexpr std::string_view kExternalSnat = "AWS_VPC_K8S_CNI_EXTERNALSNAT";
constexpr std::string_view kExcludeSnatCidrs = "AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS";

// strings.TrimSpace for the ASCII spaces an environment value can hold.
std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\n\r\v\f";
  const size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

}  // namespace

std::optional<net::Cidr> parse_go_ipv4_cidr(std::string_view text) {
  text = trim(text);
  const size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto address = net::Ipv4::parse(text.substr(0, slash));
  const std::string_view length_text = text.substr(slash + 1);
  int length = -1;
  const auto [end, ec] =
      std::from_chars(length_text.data(), length_text.data() + length_text.size(), length);
  if (!address || length_text.empty() || length_text.size() > 2 || ec != std::errc() ||
      end != length_text.data() + length_text.size() || length < 0 || length > 32) {
    return std::nullopt;
  }
  return net::Cidr::of(*address, length);
}

SnatSettings SnatSettings::from_env(const EnvConfig& env) {
  SnatSettings settings;
  settings.external_snat = env_flag(env, kExternalSnat, false);
  if (auto it = env.find(kExcludeSnatCidrs); it != env.end()) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      if (auto cidr = parse_go_ipv4_cidr(rest.substr(0, comma))) {
        settings.exclude_cidrs.push_back(*cidr);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return settings;
}

SnatChain::SnatChain(std::vector<net::Cidr> vpc_cidrs, const SnatSettings& settings)
    : external_snat_(settings.external_snat),
      returns_(std::move(vpc_cidrs)),
      vpc_cidr_count_(returns_.size()) {
  // GetExcludeSNATCIDRs: the exclusions only exist alongside the chain.
  if (!external_snat_) {
    returns_.insert(returns_.end(), settings.exclude_cidrs.begin(), settings.exclude_cidrs.end());
  }
}

SnatDecision SnatChain::decide(net::Ipv4 dst) const {
  if (external_snat_) return {};
  for (size_t i = 0; i < returns_.size(); ++i) {
    if (!returns_[i].contains(dst)) continue;
    return {i < vpc_cidr_count_ ? SnatStep::kReturnVpcCidr : SnatStep::kReturnExcluded,
            static_cast<int>(i) + 1, returns_[i]};
  }
  return {SnatStep::kSnat, static_cast<int>(returns_.size()) + 1, net::Cidr()};
}

}  // namespace ekssim::cni

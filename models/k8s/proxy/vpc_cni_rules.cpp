#include "models/k8s/proxy/vpc_cni_rules.h"

#include <fmt/format.h>

namespace ekssim::k8s {

namespace {

constexpr std::string_view kSnatChain = "AWS-SNAT-CHAIN-0";
constexpr std::string_view kConnmarkChain = "AWS-CONNMARK-CHAIN-0";

// A CIDR RETURN rule with its comment, as buildIptables*Rules spell them.
std::string cidr_return(std::string_view chain, const net::Cidr& cidr, std::string_view comment) {
  return fmt::format(R"(-A {} -d {} -m comment --comment "{}" -j RETURN)", chain, cidr.to_string(),
                     comment);
}

void snat_rules(const VpcCniHostConfig& config, VpcCniRules& rules) {
  if (config.external_snat) return;
  rules.nat_rules.push_back(
      fmt::format(R"(-A POSTROUTING -m comment --comment "AWS SNAT CHAIN" -j {})", kSnatChain));
  // Inserted at position 1 one after another: the last CIDR ends up first.
  std::vector<std::string> returns;
  for (const net::Cidr& cidr : config.vpc_cidrs) {
    returns.push_back(cidr_return(kSnatChain, cidr, "AWS SNAT CHAIN"));
  }
  for (const net::Cidr& cidr : config.exclude_snat_cidrs) {
    returns.push_back(cidr_return(kSnatChain, cidr, "AWS SNAT CHAIN EXCLUSION"));
  }
  rules.nat_rules.insert(rules.nat_rules.end(), returns.rbegin(), returns.rend());
  std::string snat = fmt::format(
      R"(-A {} ! -o vlan+ -m comment --comment "AWS, SNAT" -m addrtype ! --dst-type LOCAL )"
      R"(-j SNAT --to-source {})",
      kSnatChain, config.primary_ip.to_string());
  if (config.randomize_snat == SnatRandomization::kHashRandom) snat += " --random";
  if (config.randomize_snat == SnatRandomization::kPrng) {
    snat += config.iptables_has_random_fully ? " --random-fully" : " --random";
  }
  rules.nat_rules.push_back(std::move(snat));
}

void connmark_rules(const VpcCniHostConfig& config, VpcCniRules& rules) {
  if (config.external_snat) return;
  rules.nat_rules.push_back(
      fmt::format(R"(-A PREROUTING -i {}+ -m comment --comment "AWS, outbound connections" -j {})",
                  config.veth_prefix, kConnmarkChain));
  std::vector<std::string> returns;
  for (const net::Cidr& cidr : config.vpc_cidrs) {
    returns.push_back(cidr_return(kConnmarkChain, cidr, "AWS CONNMARK CHAIN, VPC CIDR"));
  }
  for (const net::Cidr& cidr : config.exclude_snat_cidrs) {
    returns.push_back(cidr_return(kConnmarkChain, cidr, "AWS CONNMARK CHAIN, EXCLUDED CIDR"));
  }
  rules.nat_rules.insert(rules.nat_rules.end(), returns.rbegin(), returns.rend());
  rules.nat_rules.push_back(fmt::format(
      R"(-A PREROUTING -m comment --comment "AWS, CONNMARK" -j CONNMARK --restore-mark --mask {:#x})",
      config.connmark));
  rules.nat_rules.push_back(fmt::format(
      R"(-A {} -m comment --comment "AWS, CONNMARK" -j CONNMARK --set-xmark {:#x}/{:#x})",
      kConnmarkChain, config.connmark, config.connmark));
}

void mangle_rules(const VpcCniHostConfig& config, VpcCniRules& rules) {
  const uint32_t mark = config.connmark;
  if (config.node_port_support) {
    rules.mangle_rules.push_back(fmt::format(
        R"(-A PREROUTING -m comment --comment "AWS, primary ENI" -i {} -m addrtype --dst-type LOCAL )"
        R"(--limit-iface-in -j CONNMARK --set-mark {:#x}/{:#x})",
        config.primary_interface, mark, mark));
  }
  if (config.node_port_support || !config.external_snat) {
    rules.mangle_rules.push_back(fmt::format(
        R"(-A PREROUTING -m comment --comment "AWS, primary ENI" -i {}+ -j CONNMARK --restore-mark )"
        R"(--mask {:#x})",
        config.veth_prefix, mark));
  }
  if (config.node_port_support) {
    rules.mangle_rules.push_back(fmt::format(
        R"(-A PREROUTING -m comment --comment "AWS, primary ENI" -i vlan+ -j CONNMARK --restore-mark )"
        R"(--mask {:#x})",
        mark));
  }
}

}  // namespace

VpcCniRules build_vpc_cni_rules(const VpcCniHostConfig& config) {
  VpcCniRules rules;
  rules.nat_chains = {std::string(kSnatChain), std::string(kConnmarkChain)};
  // updateHostIptablesRules: the SNAT rules (with the mangle ones) first, then the connmark ones.
  snat_rules(config, rules);
  mangle_rules(config, rules);
  connmark_rules(config, rules);
  return rules;
}

}  // namespace ekssim::k8s

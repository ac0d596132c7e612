// Differential: the SNAT decision the data plane takes per packet (cni::SnatChain::decide)
// against what aws-node's rendered nat rules (k8s::build_vpc_cni_rules) do to the same packet,
// run by tests/support/iptables_interpreter.h, for random VPC CIDRs, exclusion lists (with
// entries net.ParseCIDR refuses) and EXTERNALSNAT values. Both sides read the same environment
// through SnatSettings::from_env, as models/cluster/node_rules.cpp does for `ekssim iptables`.

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

#include "models/cni/snat.h"
#include "models/k8s/proxy/vpc_cni_rules.h"
#include "tests/support/iptables_interpreter.h"

namespace ekssim::cni {
namespace {

using testing::IptablesInterpreter;
using testing::IptablesOutcomes;
using testing::IptablesPacket;

net::Cidr random_block(std::mt19937_64& random) {
  const auto octet = [&] { return static_cast<uint8_t>(random() % 256); };
  const uint8_t first = static_cast<uint8_t>(std::vector<int>{10, 100, 172, 192}[random() % 4]);
  const int length = 8 + static_cast<int>(random() % 21);  // /8 to /28
  return net::Cidr::of(net::Ipv4::from_octets(first, octet(), octet(), octet()), length);
}

std::string restore_text(const k8s::VpcCniRules& rules) {
  std::string text = "*nat\n";
  for (const std::string& rule : rules.nat_rules) text += rule + "\n";
  return text + "COMMIT\n";
}

TEST_CASE("the SNAT decision and aws-node's rendered nat rules agree on random settings",
          "[snat][differential]") {
  std::mt19937_64 random(61206);
  const net::Ipv4 primary = net::Ipv4::from_octets(10, 0, 0, 31);
  int compared = 0, disagreements = 0, translated = 0;
  for (int round = 0; round < 500; ++round) {
    std::vector<net::Cidr> vpc_cidrs;
    for (int i = 0, n = 1 + static_cast<int>(random() % 3); i < n; ++i)
      vpc_cidrs.push_back(random_block(random));
    EnvConfig env;
    std::string excluded;
    for (int i = 0, n = static_cast<int>(random() % 4); i < n; ++i) {
      if (!excluded.empty()) excluded += ",";
      excluded += random() % 5 == 0 ? "not-a-cidr" : random_block(random).to_string();
    }
    if (!excluded.empty()) env["AWS_VPC_K8S_CNI_EXCLUDE_SNAT_CIDRS"] = excluded;
    if (random() % 4 == 0) env["AWS_VPC_K8S_CNI_EXTERNALSNAT"] = random() % 2 ? "true" : "bogus";

    const SnatSettings settings = SnatSettings::from_env(env);
    const SnatChain chain(vpc_cidrs, settings);
    k8s::VpcCniHostConfig host;
    host.external_snat = settings.external_snat;
    host.vpc_cidrs = vpc_cidrs;
    host.exclude_snat_cidrs = settings.exclude_cidrs;
    host.primary_ip = primary;
    const IptablesInterpreter rules(restore_text(k8s::build_vpc_cni_rules(host)));

    for (int k = 0; k < 40; ++k) {
      IptablesPacket p;
      p.source = net::Ipv4::from_octets(10, 0, 0, 77);
      // Half the destinations inside a block the chain knows, half anywhere.
      const std::vector<net::Cidr>& known = chain.returns();
      p.destination = !known.empty() && k % 2 == 0
                          ? known[random() % known.size()].base() +
                                static_cast<uint32_t>(random() % 16)
                          : net::Ipv4(static_cast<uint32_t>(random()));
      p.out_interface = "eth0";
      const IptablesOutcomes ruled = rules.run("nat", "POSTROUTING", p);
      const SnatDecision decision = chain.decide(p.destination);
      const IptablesOutcomes expected = decision.translated()
                                            ? IptablesOutcomes{{"SNAT " + primary.to_string(), 1.0}}
                                            : IptablesOutcomes{{"", 1.0}};
      ++compared;
      translated += decision.translated() ? 1 : 0;
      if (ruled != expected) {
        ++disagreements;
        UNSCOPED_INFO("round " << round << ": " << p.destination.to_string() << " excluded '"
                               << excluded << "': the rules give "
                               << (ruled.count("") ? "no SNAT" : ruled.begin()->first)
                               << ", the decision " << (decision.translated() ? "SNAT" : "none"));
      }
    }
  }
  CHECK(compared == 500 * 40);
  CHECK(translated > 1000);  // both kinds of outcome are exercised
  CHECK(compared - translated > 1000);
  CHECK(disagreements == 0);
}

}  // namespace
}  // namespace ekssim::cni

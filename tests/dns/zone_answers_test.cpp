#include "models/dns/zone_answers.h"

#include <catch2/catch.hpp>

#include "dns_test_support.h"

using namespace ekssim::dns;
using ekssim::dns::test::ip;

TEST_CASE("the zone's answers are kept until the Services change, and follow CNAMEs in the zone",
          "[zone_answers]") {
  MapServiceDirectory services;
  services.add_cluster_ip("shop", "cart", ip("172.20.0.20"));
  services.add_external_name("shop", "alias", "cart.shop.svc.cluster.local");
  services.add_external_name("shop", "loop", "loop.shop.svc.cluster.local");
  services.add_external_name("shop", "outside", "db.example.com");
  const KubernetesZone zone;
  ZoneAnswers answers(zone, services);
  NameTable names;
  const auto ask = [&](const char* name, QueryType type = QueryType::kA) {
    return answers.answer(names.intern(name), name, type);
  };

  CHECK(ask("cart.shop.svc.cluster.local").answer.addresses ==
        std::vector<ekssim::net::Ipv4>{ip("172.20.0.20")});
  CHECK(ask("cart.shop.svc.cluster.local", QueryType::kAAAA).answer.kind() ==
        ResponseKind::kNoData);
  // A CNAME to a name in the zone is followed; a loop ends in no data; one out of the zone is
  // left for CoreDNS to resolve.
  CHECK(ask("alias.shop.svc.cluster.local").answer.addresses ==
        std::vector<ekssim::net::Ipv4>{ip("172.20.0.20")});
  CHECK(ask("loop.shop.svc.cluster.local").answer.kind() == ResponseKind::kNoData);
  CHECK(ask("outside.shop.svc.cluster.local").cname == "db.example.com");
  CHECK(ask("gone.shop.svc.cluster.local").answer.kind() == ResponseKind::kNxDomain);

  // A change of the Services is seen at the next question.
  services.add_cluster_ip("shop", "gone", ip("172.20.0.21"));
  services.add_cluster_ip("shop", "cart", ip("172.20.0.22"));
  CHECK(ask("gone.shop.svc.cluster.local").answer.addresses ==
        std::vector<ekssim::net::Ipv4>{ip("172.20.0.21")});
  CHECK(ask("cart.shop.svc.cluster.local").answer.addresses ==
        std::vector<ekssim::net::Ipv4>{ip("172.20.0.22")});
  CHECK(ask("alias.shop.svc.cluster.local").answer.addresses ==
        std::vector<ekssim::net::Ipv4>{ip("172.20.0.22")});
}

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

TEST_CASE("answers asked by id alone match those asked with the text, across Service changes",
          "[zone_answers]") {
  MapServiceDirectory services;
  services.add_cluster_ip("shop", "cart", ip("172.20.0.20"));
  services.add_external_name("shop", "outside", "db.example.com");
  const KubernetesZone zone;
  ZoneAnswers by_id(zone, services);
  ZoneAnswers by_text(zone, services);
  NameTable names;
  const std::vector<std::string> asked = {"cart.shop.svc.cluster.local",
                                          "outside.shop.svc.cluster.local",
                                          "gone.shop.svc.cluster.local", "shop.svc.cluster.local"};
  const auto same = [&] {
    for (const std::string& name : asked) {
      for (const QueryType type : {QueryType::kA, QueryType::kAAAA}) {
        const NameId id = names.intern(name);
        const KubernetesAnswer& a = by_id.answer(id, names, type);
        const KubernetesAnswer& b = by_text.answer(id, name, type);
        CHECK(a.answer == b.answer);
        CHECK(a.cname == b.cname);
      }
    }
  };
  same();
  same();  // memoized now
  services.add_cluster_ip("shop", "gone", ip("172.20.0.21"));
  services.add_cluster_ip("shop", "cart", ip("172.20.0.22"));
  same();
  CHECK(by_id.answer(names.intern("cart.shop.svc.cluster.local"), names, QueryType::kA)
            .answer.addresses == std::vector<ekssim::net::Ipv4>{ip("172.20.0.22")});
}

TEST_CASE("whether a name is in the zone is is_in_zone's verdict, kept by id", "[zone_answers]") {
  MapServiceDirectory services;
  const KubernetesZone zone;
  ZoneAnswers answers(zone, services);
  NameTable names;
  for (const char* name : {"cart.shop.svc.cluster.local", "cluster.local", "acluster.local",
                           "db.example.com", "cluster.local.ec2.internal"}) {
    const NameId id = names.intern(name);
    CHECK(answers.in_zone(id, names) == is_in_zone(names.text(id), zone.zone));
    CHECK(answers.in_zone(id, names) == is_in_zone(names.text(id), zone.zone));  // memoized
  }
  CHECK(answers.in_zone(names.intern("cart.shop.svc.cluster.local"), names));
  CHECK_FALSE(answers.in_zone(names.intern("acluster.local"), names));
}

TEST_CASE("an answer handed out stays valid while more names are answered", "[zone_answers]") {
  // CoreDns::walk holds the answer while it goes on; the memo must not move it (the sanitized
  // build reads freed memory if it does).
  MapServiceDirectory services;
  services.add_cluster_ip("shop", "cart", ip("172.20.0.20"));
  const KubernetesZone zone;
  ZoneAnswers answers(zone, services);
  NameTable names;
  const KubernetesAnswer& first =
      answers.answer(names.intern("cart.shop.svc.cluster.local"), names, QueryType::kA);
  for (int i = 0; i < 5000; ++i) {
    const std::string name = "svc-" + std::to_string(i) + ".shop.svc.cluster.local";
    CHECK(answers.answer(names.intern(name), names, QueryType::kA).answer.kind() ==
          ResponseKind::kNxDomain);
  }
  CHECK(first.answer.addresses == std::vector<ekssim::net::Ipv4>{ip("172.20.0.20")});
}

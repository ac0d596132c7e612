// NameAnswers is a memo of resolved_address and of the A answer's size: checked against the
// uncached path, name by name, as the Services change under it.

#include "models/cluster/name_answers.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "models/cluster/dns_exchanges.h"
#include "tests/dns/dns_test_support.h"

using namespace ekssim;
using dns::test::ip;

namespace {

// The uncached answer, as DnsExchanges worked it out before the memo.
size_t a_records_uncached(std::string_view text, const dns::ServiceDirectory& directory,
                          const dns::VpcResolver& vpc) {
  const dns::KubernetesZone zone;
  return (dns::is_in_zone(text, zone.zone)
              ? dns::answer_cluster_name(text, dns::QueryType::kA, zone, directory).answer
              : vpc.answer(text, dns::QueryType::kA))
      .addresses.size();
}

}  // namespace

TEST_CASE("the memoized A answers match the uncached ones as the Services change",
          "[name_answers]") {
  dns::test::DnsWorld world;
  cluster::NameAnswers answers(world.services, world.vpc, world.names);
  const std::vector<std::string> names = {
      "airflow-pgbouncer.airflow.svc.cluster.local",  // a ClusterIP
      "airflow-workers.airflow.svc.cluster.local",    // headless, three distinct endpoints
      "missing.airflow.svc.cluster.local",            // NXDOMAIN
      "airflow.svc.cluster.local",                    // no data
      "gitlab.cloudopz.co",                           // an external host
      "ip-10-0-1-5.ec2.internal",                     // a node name
      "nowhere.example.com",                          // NXDOMAIN at the VPC resolver
  };
  const auto check_all = [&] {
    for (const std::string& name : names) {
      const dns::NameId id = world.names.intern(name);
      const cluster::NameAnswers::Summary& got = answers.a_answer(id);
      CHECK(got.first == cluster::resolved_address(name + ".", world.services, world.vpc));
      CHECK(got.records == a_records_uncached(name, world.services, world.vpc));
    }
  };
  check_all();
  check_all();  // from the memo
  CHECK(answers.a_answer(world.names.intern(names[1])).records == 3);
  CHECK(answers.a_answer(world.names.intern(names[4])).first == ip("203.0.113.10"));

  // Every change moves answers_version: the memo answers as the Services are now.
  world.services.add_cluster_ip("airflow", "missing", ip("172.20.14.9"));
  world.services.add_headless("airflow", "airflow-workers", {ip("10.0.1.50")});
  world.services.remove("airflow", "airflow-pgbouncer");
  check_all();
  CHECK(answers.a_answer(world.names.intern(names[2])).first == ip("172.20.14.9"));
  CHECK(answers.a_answer(world.names.intern(names[1])).records == 1);
  CHECK_FALSE(answers.a_answer(world.names.intern(names[0])).first);
}

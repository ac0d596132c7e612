// The `namespaces` section: namespaces declared with labels for NetworkPolicy namespaceSelectors
// (models/netpol/network_policy.h namespace_labels). Names are DNS-1123 labels (the API server's
// ValidateNamespaceName), each once; kubernetes.io/metadata.name belongs to the API server.

#include <catch2/catch.hpp>
#include <string>

#include "tests/scenario/scenario_text.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::load_ok;
using testing::minimal_with;

std::string with_namespaces(std::string_view section) {
  return minimal_with("workloads:\n", std::string(section) + "workloads:\n");
}

TEST_CASE("namespaces load with their labels") {
  const spec::Scenario s = load_ok(with_namespaces(
      "namespaces:\n"
      "  - {name: web, labels: {team: shop, env: prod}}\n"
      "  - name: tools\n"));
  REQUIRE(s.namespaces.size() == 2);
  CHECK(s.namespaces[0].name == "web");
  CHECK(s.namespaces[0].labels.at("team") == "shop");
  CHECK(s.namespaces[0].labels.at("env") == "prod");
  CHECK(s.namespaces[0].location.line == 27);
  CHECK(s.namespaces[1].name == "tools");
  CHECK(s.namespaces[1].labels.empty());
}

TEST_CASE("a namespace's name, duplicates and the API server's own label are refused, located") {
  CHECK(diagnostics_of(with_namespaces("namespaces:\n  - {name: Web}\n"))
            .find("s.yaml:27:12: error: namespace name 'Web'") != std::string::npos);
  CHECK(diagnostics_of(with_namespaces("namespaces:\n  - {name: web}\n  - {name: web}\n"))
            .find("s.yaml:28:12: error: namespace 'web' is declared twice") != std::string::npos);
  CHECK(diagnostics_of(with_namespaces(
                           "namespaces:\n"
                           "  - {name: web, labels: {kubernetes.io/metadata.name: shop}}\n"))
            .find("error: labels give kubernetes.io/metadata.name 'shop' to namespace 'web'") !=
        std::string::npos);
  CHECK(diagnostics_of(with_namespaces("namespaces:\n  - {name: web, label: {a: b}}\n"))
            .find("unknown key 'label'") != std::string::npos);
  // The API server's value itself is allowed (it is what the server would set).
  CHECK(load_ok(with_namespaces("namespaces:\n"
                                "  - {name: web, labels: {kubernetes.io/metadata.name: web}}\n"))
            .namespaces.size() == 1);
}

}  // namespace
}  // namespace ekssim::scenario

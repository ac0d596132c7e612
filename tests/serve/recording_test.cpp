// The recording of the seed story: instants, distinct states, the state at an instant and the
// events after it, and a DNS walk that follows glibc's search list.

#include "tools/serve/recording.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tools/scenario/loader.h"

using namespace ekssim;

TEST_CASE("the seed story is recorded every 4 s with its quiet instants sharing states",
          "[serve][recording]") {
  const auto loaded = scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) +
                                                   "/scenarios/new-asg-missing-sg-rules.yaml");
  REQUIRE(loaded.ok());
  const serve::Recording run(*loaded.scenario, 7);
  CHECK(run.duration() == 2400);
  CHECK(run.instants() == 601);
  CHECK(run.distinct_states() < 60);
  const auto timeline = nlohmann::json::parse(run.timeline_json());
  CHECK(timeline["step"] == 4);
  const auto before = nlohmann::json::parse(run.state_json(250));
  CHECK(before["instant"] == 248);
  CHECK(before["cluster"]["nodes"].size() == 2);
  const auto after = nlohmann::json::parse(run.state_json(1500));
  CHECK(after["cluster"]["nodes"].size() == 4);
  const auto story =
      nlohmann::json::parse(*run.pod_json("airflow", "airflow-scheduler-58b56c5567-mvf5h"));
  std::vector<std::string> candidates;
  for (const auto& e : story["entries"]) {
    if (e["kind"] != "DnsLookupFailed" ||
        e["title"] != "lookup of airflow-pgbouncer failed: DnsTimeout")
      continue;
    for (const auto& x : e["walk"]["exchanges"])
      candidates.push_back(x["candidate"]);
    break;
  }
  // A timeout ends the search list; glibc still tries the name as given (res_query.c).
  CHECK(candidates == std::vector<std::string>{"airflow-pgbouncer.airflow.svc.cluster.local.",
                                               "airflow-pgbouncer.airflow.svc.cluster.local.",
                                               "airflow-pgbouncer.", "airflow-pgbouncer."});
  CHECK_FALSE(run.pod_json("airflow", "nobody"));
}

TEST_CASE("with Security Groups for Pods a node's trunk ENI carries its branch ENIs, each with its "
          "pod, groups, subnet and address, and a pod its groups",
          "[serve][recording][sgp]") {
  const auto loaded = scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) +
                                                   "/scenarios/sgp-strict-mode.yaml");
  REQUIRE(loaded.ok());
  const serve::Recording run(*loaded.scenario, 7);
  const auto state = nlohmann::json::parse(run.state_json(480));
  const auto& cluster = state["cluster"];
  REQUIRE(cluster["nodes"].size() == 1);
  nlohmann::json trunk;
  std::vector<int> devices;
  for (const auto& eni : cluster["nodes"][0]["enis"]) {
    CHECK(eni.contains("securityGroups"));
    devices.push_back(eni["device"]);
    if (eni.value("trunk", false)) trunk = eni;
  }
  REQUIRE(trunk.is_object());
  // The trunk took the highest free index (2); ipamd's next ENI the lowest free one (1).
  CHECK(trunk["device"] == 2);
  std::sort(devices.begin(), devices.end());
  CHECK(devices == std::vector<int>{0, 1, 2});
  CHECK(trunk["securityGroups"] == nlohmann::json::array({"nodes", "eks-cluster-sg-shop"}));
  CHECK(trunk["cells"].size() == 1);  // its primary address only: no pod address is on it
  REQUIRE(trunk["branches"].size() == 1);
  const auto& branch = trunk["branches"][0];
  const std::string pod = branch["pod"];
  CHECK(pod.rfind("shop/payments-", 0) == 0);
  CHECK(branch["securityGroups"] == nlohmann::json::array({"payments-pods"}));
  CHECK(branch["subnet"] == "private-1a");
  CHECK(branch["vlan"] == 1);
  const std::string id = branch["id"];
  CHECK(id.rfind("eni-", 0) == 0);
  int seen = 0;
  for (const auto& p : cluster["pods"]) {
    if (std::string(p["ns"]) + "/" + std::string(p["name"]) == pod) {
      ++seen;
      CHECK(p["branchEni"] == id);
      CHECK(p["ip"] == branch["ip"]);
      CHECK(p["securityGroups"] == nlohmann::json::array({"payments-pods"}));
    } else if (p["ns"] == "shop") {
      ++seen;  // web: the groups of the node's ENI its address is on
      CHECK_FALSE(p.contains("branchEni"));
      CHECK(p["securityGroups"] == nlohmann::json::array({"nodes", "eks-cluster-sg-shop"}));
    }
  }
  CHECK(seen == 2);
}

// The recording of the seed story: instants, distinct states, the state at an instant and the
// events after it, and a DNS walk that follows glibc's search list.

#include "tools/serve/recording.h"

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

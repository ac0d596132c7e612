#include "tests/import/import_support.h"

#include <catch2/catch.hpp>
#include <stdexcept>

#include "tools/scenario/loader.h"

namespace ekssim::test {

std::string fixture(const std::string& relative) {
  return std::string(EKSSIM_SOURCE_DIR) + "/tests/import/fixtures/" + relative;
}

namespace {

const char* kSmallCluster = R"(cluster:
  name: test
  region: us-west-2
  vpc:
    cidr: 10.0.0.0/16
    subnets: [{name: private-2a, az: us-west-2a, cidr: 10.0.0.0/20}]
  securityGroups: [{name: nodes, ingress: [{protocol: all, from: {securityGroup: nodes}}]}]
  iam: {roles: [{name: node-role, policies: [AmazonEKSWorkerNodePolicy, AmazonEKS_CNI_Policy]}]}
  nodeGroups:
    - {name: general, instanceType: m5.large, desiredCapacity: 2, subnets: [private-2a],
       securityGroups: [nodes], iamRole: node-role}
)";

scenario::LoadResult load(const std::string& from_section, const std::string& cluster) {
  std::string text = "apiVersion: ekssim/v1\nkind: Scenario\nmetadata: {name: t}\nduration: 10m\n";
  text += "from:\n" + from_section;
  if (!text.ends_with("\n")) text += "\n";
  text += cluster == "default" ? std::string(kSmallCluster) : cluster;
  return import::load_scenario_text(text, fixture("test.yaml"));
}

}  // namespace

spec::Scenario load_from(const std::string& from_section, const std::string& cluster) {
  auto loaded = load(from_section, cluster);
  if (!loaded.ok()) throw std::runtime_error(scenario::format_diagnostics(loaded.diagnostics));
  return *loaded.scenario;
}

std::string errors_from(const std::string& from_section, const std::string& cluster) {
  return scenario::format_diagnostics(load(from_section, cluster).diagnostics);
}

std::string resolved_text(const import::Sources& sources) {
  const import::Resolution r = import::resolve_sources(sources);
  if (!r.resolved) throw std::runtime_error(scenario::format_diagnostics(r.diagnostics));
  return r.resolved->text;
}

template <typename T>
static const T& find_workload(const spec::Scenario& s, const std::string& ns,
                              const std::string& name) {
  for (const auto& w : s.workloads)
    if (const T* t = std::get_if<T>(&w); t && t->ns == ns && t->name == name) return *t;
  throw std::runtime_error("no workload " + ns + "/" + name);
}

const spec::Deployment& deployment(const spec::Scenario& s, const std::string& ns,
                                   const std::string& name) {
  return find_workload<spec::Deployment>(s, ns, name);
}

const spec::Service& service(const spec::Scenario& s, const std::string& ns,
                             const std::string& name) {
  return find_workload<spec::Service>(s, ns, name);
}

size_t count_services(const spec::Scenario& s) {
  size_t n = 0;
  for (const auto& w : s.workloads)
    n += std::holds_alternative<spec::Service>(w) ? 1 : 0;
  return n;
}

}  // namespace ekssim::test

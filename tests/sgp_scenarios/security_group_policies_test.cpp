// Which SecurityGroupPolicies apply to a pod (models/cluster/security_group_policies.h), after the
// VPC resource controller's filterPodSecurityGroups (pkg/utils/helper.go) and its tests
// (helper_test.go): every selector a policy has must match, the podSelector the pod's labels and
// the serviceAccountSelector its service account's; and the webhook that asks at pod creation only
// (models/cluster/pod_eni_webhook.h), run by the API server for each new pod.

#include "models/cluster/security_group_policies.h"

#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/cluster/pod_eni_webhook.h"
#include "models/k8s/api_server.h"
#include "sim/kernel.h"
#include "sim/trace.h"

using namespace ekssim;

namespace {

using LabelMap = std::map<std::string, std::string>;

netpol::LabelSelector selecting(LabelMap labels) {
  netpol::LabelSelector s;
  s.match_labels = std::move(labels);
  return s;
}

spec::SecurityGroupPolicy policy(std::string name, std::optional<netpol::LabelSelector> pods,
                                 std::optional<netpol::LabelSelector> accounts, std::string group) {
  spec::SecurityGroupPolicy p;
  p.ns = "shop";
  p.name = std::move(name);
  p.pod_selector = std::move(pods);
  p.service_account_selector = std::move(accounts);
  p.security_groups.push_back(spec::Ref{std::move(group), {}});
  return p;
}

spec::ServiceAccount account(std::string name, LabelMap labels) {
  spec::ServiceAccount a;
  a.ns = "shop";
  a.name = std::move(name);
  a.labels = std::move(labels);
  return a;
}

std::vector<spec::Workload> workloads(std::vector<spec::SecurityGroupPolicy> policies) {
  std::vector<spec::Workload> w;
  for (auto& p : policies)
    w.emplace_back(std::move(p));
  return w;
}

using Groups = std::vector<std::string>;

}  // namespace

TEST_CASE("a serviceAccountSelector matches the labels of the pod's service account") {
  const cluster::SecurityGroupPolicies policies(
      workloads({policy("by-account", std::nullopt, selecting({{"role", "payments"}}), "sg-a")}),
      {account("payments", {{"role", "payments"}}), account("web", {{"role", "web"}})});
  CHECK(policies.groups_for("shop", {{"app", "x"}}, "payments") == Groups{"sg-a"});
  CHECK(policies.groups_for("shop", {{"app", "x"}}, "web").empty());
}

TEST_CASE("the default service account and an undeclared one have no labels") {
  const cluster::SecurityGroupPolicies policies(
      workloads({policy("labelled", std::nullopt, selecting({{"role", "payments"}}), "sg-a"),
                 policy("any-account", std::nullopt, netpol::LabelSelector{}, "sg-b")}),
      {account("payments", {{"role", "payments"}})});
  CHECK(policies.groups_for("shop", {}, "default") == Groups{"sg-b"});
  CHECK(policies.groups_for("shop", {}, "undeclared") == Groups{"sg-b"});
}

TEST_CASE("with both selectors a pod must match both (filterPodSecurityGroups)") {
  const cluster::SecurityGroupPolicies policies(
      workloads(
          {policy("both", selecting({{"app", "payments"}}), selecting({{"role", "pay"}}), "sg-a")}),
      {account("pay", {{"role", "pay"}})});
  CHECK(policies.groups_for("shop", {{"app", "payments"}}, "pay") == Groups{"sg-a"});
  CHECK(policies.groups_for("shop", {{"app", "payments"}}, "default").empty());
  CHECK(policies.groups_for("shop", {{"app", "web"}}, "pay").empty());
}

TEST_CASE("a service account of another namespace does not lend its labels") {
  spec::ServiceAccount elsewhere = account("pay", {{"role", "pay"}});
  elsewhere.ns = "other";
  const cluster::SecurityGroupPolicies policies(
      workloads({policy("by-account", std::nullopt, selecting({{"role", "pay"}}), "sg-a")}),
      {elsewhere});
  CHECK(policies.groups_for("shop", {}, "pay").empty());
}

TEST_CASE("apply creates or replaces a policy by namespace and name, remove deletes it") {
  cluster::SecurityGroupPolicies policies(workloads({}), {});
  CHECK(policies.empty());
  policies.apply(policy("p", selecting({{"app", "web"}}), std::nullopt, "sg-a"));
  CHECK(policies.groups_for("shop", {{"app", "web"}}, "default") == Groups{"sg-a"});
  policies.apply(policy("p", selecting({{"app", "web"}}), std::nullopt, "sg-b"));
  CHECK(policies.all().size() == 1);
  CHECK(policies.groups_for("shop", {{"app", "web"}}, "default") == Groups{"sg-b"});
  policies.remove("shop", "p");
  CHECK(policies.empty());
  CHECK(policies.groups_for("shop", {{"app", "web"}}, "default").empty());
}

TEST_CASE(
    "the webhook sets pod-eni on pods created while a policy selects them, never on "
    "running ones or host-network pods") {
  sim::Kernel kernel;
  sim::Trace trace(kernel);
  k8s::ApiServer api(kernel, trace);
  cluster::SecurityGroupPolicies policies(workloads({}), {});
  const cluster::PodEniWebhook webhook(api.strings(), policies);
  api.add_pod_admission(&webhook);

  k8s::PodTemplate web;
  web.ns = api.strings().intern("shop");
  web.labels = k8s::Labels::intern(api.strings(), {{"app", "web"}});
  web.service_account = api.strings().intern("default");
  const k8s::TemplateId web_template = api.add_template(web);
  k8s::PodTemplate host = web;
  host.host_network = true;
  const k8s::TemplateId host_template = api.add_template(host);

  const k8s::PodId before = api.create_pod(web_template, "web-1");
  policies.apply(policy("p", selecting({{"app", "web"}}), std::nullopt, "sg-a"));
  const k8s::PodId after = api.create_pod(web_template, "web-2");
  const k8s::PodId after_too = api.create_pod(web_template, "web-3");
  const k8s::PodId host_pod = api.create_pod(host_template, "host-1");
  policies.remove("shop", "p");
  const k8s::PodId deleted = api.create_pod(web_template, "web-4");

  CHECK(api.spec_of(api.pod(before)).pod_eni == 0);
  CHECK(api.spec_of(api.pod(after)).pod_eni == 1);
  // Pods admitted alike share one template, so the scheduler sees one class.
  CHECK(api.pod(after).spec == api.pod(after_too).spec);
  CHECK(api.pod(after).spec != web_template);
  CHECK(api.spec_of(api.pod(host_pod)).pod_eni == 0);
  CHECK(api.spec_of(api.pod(deleted)).pod_eni == 0);
  CHECK(api.pod(deleted).spec == web_template);
}

// SchedulerCache::find_feasible against kube-scheduler's filter loop written out plainly: every
// live node in round-robin order from the start, each judged by the four filters of node_fit.h,
// until enough fit. Random clusters change under it (pods bound and removed, nodes going NotReady,
// cordoned, removed) and more pod classes are scheduled than the cache keeps bitsets for, so that
// classes are given up and rebuilt. The feasible nodes, their order and the number of nodes
// visited must be the same.

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "models/k8s/scheduler_cache.h"
#include "tests/k8s/k8s_test_support.h"

namespace ekssim::k8s::testing {
namespace {

// Feeds the cache the API server's events, as the Scheduler does.
struct CacheFeed final : PodWatcher, NodeWatcher {
  explicit CacheFeed(SchedulerCache& c) : cache(c) {}
  void pod_changed(const Pod& pod, PodChange change) override {
    if (change == PodChange::kBound) cache.add_pod(pod);
  }
  void pod_removed(const Pod& pod) override { cache.remove_pod(pod); }
  void node_added(const Node& node) override { cache.add_node(node); }
  void node_changed(const Node& node) override { cache.update_node(node); }
  void node_removed(const Node& node) override { cache.remove_node(node); }
  SchedulerCache& cache;
};

struct Feasible {
  std::vector<NodeId> nodes;
  size_t visited = 0;
  bool operator==(const Feasible&) const = default;
};

// The filter loop over the API server's nodes, with the requests the test bound to each.
Feasible reference_walk(World& w, const std::vector<NodeId>& order,
                        const std::map<uint32_t, NodeUsage>& usage, const PodTemplate& spec,
                        size_t start, size_t to_find) {
  const StrId unschedulable = w.api.strings().intern(kTaintNodeUnschedulable);
  Feasible out;
  const size_t all = order.size();
  for (size_t i = 0; i < all && out.nodes.size() < to_find; ++i) {
    const NodeId id = order[(start + i) % all];
    const NodeSpec& node = w.api.node(id).spec;
    const auto used = usage.find(id.index());
    const bool fits =
        check_cordon_and_taints(spec, node.unschedulable, node.taints, unschedulable).fits() &&
        matches_selector(spec, node) &&
        check_resources(spec, node.cpu_millis, node.memory_bytes, node.max_pods,
                        used == usage.end() ? NodeUsage{} : used->second, node.pod_eni)
            .fits();
    out.visited = i + 1;
    if (fits) out.nodes.push_back(id);
  }
  if (out.nodes.size() < to_find) out.visited = all;
  return out;
}

TEST_CASE("find_feasible visits the nodes the plain filter loop accepts, in its order",
          "[scheduler]") {
  std::mt19937_64 rng(GENERATE(1, 2, 3));
  World w;
  SchedulerCache cache(w.api);
  CacheFeed feed(cache);
  w.api.watch_pods(&feed);
  w.api.watch_nodes(&feed);

  const Taint gpu = w.taint("nvidia.com/gpu", "true");
  const StrId zone = w.api.strings().intern("topology.kubernetes.io/zone");
  const StrId zones[] = {w.api.strings().intern("a"), w.api.strings().intern("b")};

  // 90 templates, each its own pod class (distinct requests): more than the cache tracks.
  std::vector<TemplateId> templates;
  for (int t = 0; t < 90; ++t) {
    PodTemplate spec = w.pod_spec("default", 100 * (1 + t % 9), int64_t{64 + t} << 20);
    if (t % 5 == 0) spec.node_selector.set(zone, zones[t % 2]);
    if (t % 7 == 0) spec.tolerations.push_back(w.toleration("nvidia.com/gpu", "true"));
    if (t % 11 == 0) spec.pod_eni = 1;
    templates.push_back(w.api.add_template(spec));
  }

  std::map<uint32_t, NodeUsage> usage;  // by node id
  std::vector<std::pair<PodId, NodeId>> bound;
  int names = 0;
  const auto add_node = [&] {
    const auto cpu = static_cast<int64_t>(500 + rng() % 2500);
    const auto memory = static_cast<int64_t>(256 + rng() % 1024) << 20;
    NodeSpec spec = w.node("n" + std::to_string(++names), 3 + static_cast<int>(rng() % 6), cpu,
                           memory);
    spec.labels.set(zone, zones[rng() % 2]);
    if (rng() % 6 == 0) spec.taints.push_back(gpu);
    spec.pod_eni = static_cast<int32_t>(rng() % 3);
    w.api.register_node(spec, rng() % 4 == 0 ? NodeReadiness::kFalse : NodeReadiness::kTrue, "x",
                        "x");
  };
  for (int i = 0; i < 300; ++i) add_node();

  size_t checks = 0;
  for (int step = 0; step < 3000; ++step) {
    const std::vector<NodeId>& order = cache.nodes();
    switch (rng() % 8) {
      case 0:
      case 1: {  // bind a pod anywhere (the cache counts whatever is bound, fitting or not)
        const NodeId node = order[rng() % order.size()];
        const PodId pod = w.api.create_pod(templates[rng() % templates.size()],
                                           "p" + std::to_string(++names));
        w.api.bind(pod, node);
        const PodTemplate& spec = w.api.spec_of(w.api.pod(pod));
        NodeUsage& u = usage[node.index()];
        u.cpu_millis += spec.cpu_millis;
        u.memory_bytes += spec.memory_bytes;
        u.pods += 1;
        u.pod_eni += spec.pod_eni;
        bound.emplace_back(pod, node);
        break;
      }
      case 2: {  // a bound pod goes
        if (bound.empty()) break;
        const size_t i = rng() % bound.size();
        const auto [pod, node] = bound[i];
        const PodTemplate& spec = w.api.spec_of(w.api.pod(pod));
        NodeUsage& u = usage[node.index()];
        u.cpu_millis -= spec.cpu_millis;
        u.memory_bytes -= spec.memory_bytes;
        u.pods -= 1;
        u.pod_eni -= spec.pod_eni;
        w.api.delete_pod(pod);
        w.api.finish_pod_deletion(pod);
        bound.erase(bound.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
      case 3: {  // readiness or cordon flips
        const NodeId node = order[rng() % order.size()];
        if (rng() % 2 == 0) {
          const bool ready = w.api.node(node).ready == NodeReadiness::kTrue;
          w.api.set_node_readiness(node, ready ? NodeReadiness::kFalse : NodeReadiness::kTrue,
                                   "x", "x");
        } else {
          w.api.set_node_unschedulable(node, !w.api.node(node).spec.unschedulable);
        }
        break;
      }
      case 4: {  // a node goes, another comes
        if (rng() % 4 != 0 || order.size() < 50) break;
        const NodeId node = order[rng() % order.size()];
        std::erase_if(bound, [&](const auto& b) { return b.second == node; });
        usage.erase(node.index());
        w.api.remove_node(node);
        add_node();
        break;
      }
      default: {  // a scheduling cycle's filter walk
        const TemplateId t = templates[rng() % templates.size()];
        const PodId probe = w.api.create_pod(t, "probe" + std::to_string(++names));
        const PodClassId pod_class = cache.pod_class(w.api.pod(probe));
        const size_t start = rng() % order.size();
        const size_t to_find = 1 + rng() % 40;
        Feasible got;
        FitDiagnosis diagnosis;
        got.visited = cache.find_feasible(pod_class, start, to_find, got.nodes, diagnosis);
        const Feasible want =
            reference_walk(w, cache.nodes(), usage, w.api.pod_template(t), start, to_find);
        INFO("step " << step << ", template " << t.index() << ", start " << start);
        REQUIRE(got == want);
        ++checks;
        break;
      }
    }
  }
  CHECK(checks > 1000);
}

}  // namespace
}  // namespace ekssim::k8s::testing

#include "tools/cli/report_headroom.h"

#include <fmt/format.h>

#include <map>

namespace ekssim::cli {
namespace {

struct GroupHeadroom {
  int nodes = 0;
  int64_t enis = 0, assigned = 0, total = 0, max_pods = 0, running = 0;
};

}  // namespace

std::string ip_headroom_section(const report::RunReport& r) {
  std::map<std::string, GroupHeadroom> groups;
  for (const auto& n : r.nodes) {
    if (n.terminated_at) continue;
    GroupHeadroom& g = groups[n.node_group];
    ++g.nodes;
    g.enis += n.enis;
    g.assigned += n.ips_assigned;
    g.total += n.ips_total;
    g.max_pods += n.max_pods;
  }
  for (const auto& p : r.pods) {
    if (p.phase != "Running" || !p.node_group) continue;
    const auto it = groups.find(*p.node_group);
    if (it != groups.end()) ++it->second.running;
  }
  if (groups.empty()) return "";
  std::string out = "IP headroom by node group, at the end:\n";
  for (const auto& [name, g] : groups) {
    out += fmt::format(
        "  {:<20} {:>4} node{} {:>5} ENIs {:>6} addresses assigned + {} warm = {}; {} pods "
        "running of {} max pods\n",
        name, g.nodes, g.nodes == 1 ? " " : "s", g.enis, g.assigned, g.total - g.assigned, g.total,
        g.running, g.max_pods);
  }
  return out;
}

}  // namespace ekssim::cli

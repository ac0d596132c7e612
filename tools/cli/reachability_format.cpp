#include "tools/cli/reachability_format.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <sstream>
#include <vector>

// GCC's -O3 flow analysis sees Boost.Graph's edge iterator (a boost::optional inside) as maybe
// uninitialized; a known false positive, silenced for this header only. (Clang has no such
// warning and would reject the unknown name under -Werror.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <boost/graph/graphviz.hpp>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

namespace ekssim::cli {

namespace {

using cluster::EndpointKind;
using cluster::Reachability;
using cluster::ReachabilityCell;
using cluster::WorkloadReachability;

std::string pad(const std::string& text, size_t width) {
  return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
}

// One port's matrix and the denials below it; `number` counts denials across ports.
void write_port(const Reachability& r, size_t port, int& number, std::string& out) {
  const size_t n = r.endpoints.size();
  std::vector<std::vector<std::string>> rows(n + 1, std::vector<std::string>(n + 1));
  rows[0][0] = "from \\ to";
  std::vector<const ReachabilityCell*> denials;
  for (size_t i = 0; i < n; ++i) {
    rows[0][i + 1] = r.endpoints[i].name;
    rows[i + 1][0] = r.endpoints[i].name;
    for (size_t j = 0; j < n; ++j) {
      const ReachabilityCell* c = r.cell(i, j, port);
      if (c == nullptr) {
        rows[i + 1][j + 1] = "-";
      } else if (c->allowed()) {
        rows[i + 1][j + 1] = "ok";
      } else {
        rows[i + 1][j + 1] = fmt::format("DENIED #{}", number + static_cast<int>(denials.size()));
        denials.push_back(c);
      }
    }
  }
  std::vector<size_t> widths(n + 1, 0);
  for (const auto& row : rows) {
    for (size_t k = 0; k <= n; ++k)
      widths[k] = std::max(widths[k], row[k].size());
  }
  out += fmt::format("\n{}\n", r.ports[port].to_string());
  for (const auto& row : rows) {
    std::string line;
    for (size_t k = 0; k <= n; ++k)
      line += pad(row[k], k == n ? 0 : widths[k] + 2);
    out += line + "\n";
  }
  for (const ReachabilityCell* c : denials) {
    const net::Verdict& v = c->verdict;
    out += fmt::format("  #{} {} -> {} on {}: {}", number++, r.endpoints[c->from].name,
                       r.endpoints[c->to].name, r.ports[port].to_string(),
                       net::to_string(v.disposition));
    if (v.reason != net::Reason::kNone) out += fmt::format(" ({})", net::to_string(v.reason));
    if (v.leg == net::Leg::kReply) out += " on the reply";
    out += "\n";
    if (const net::Hop* hop = cluster::blocking_hop(v)) {
      out += fmt::format("     at: {}\n", hop->to_string());
    }
    if (v.fix) out += fmt::format("     fix: {}\n", v.fix->text);
  }
}

// A DOT double-quoted string: quotes and backslashes escaped, newlines as DOT's centred "\n".
std::string dot_quoted(const std::string& text) {
  std::string quoted = "\"";
  for (char ch : text) {
    if (ch == '\n') {
      quoted += "\\n";
      continue;
    }
    if (ch == '"' || ch == '\\') quoted += '\\';
    quoted += ch;
  }
  return quoted + "\"";
}

const char* shape_of(EndpointKind kind) {
  switch (kind) {
    case EndpointKind::kNodeGroup:
      return "box3d";
    case EndpointKind::kCoreDns:
      return "ellipse";
    case EndpointKind::kControlPlane:
      return "doubleoctagon";
    case EndpointKind::kInterfaceEndpoint:
      return "component";
    case EndpointKind::kHost:
      return "box";
    case EndpointKind::kPodSecurityGroup:
      return "hexagon";
  }
  return "box";
}

struct VertexWriter {
  const cluster::ReachabilityGraph& graph;
  template <typename Vertex>
  void operator()(std::ostream& out, const Vertex& v) const {
    out << "[label=" << dot_quoted(graph[v].name) << ", shape=" << shape_of(graph[v].kind) << "]";
  }
};

struct EdgeWriter {
  const cluster::ReachabilityGraph& graph;
  template <typename Edge>
  void operator()(std::ostream& out, const Edge& e) const {
    const cluster::ReachabilityEdge& edge = graph[e];
    out << "[label=" << dot_quoted(edge.label);
    if (edge.allowed) {
      out << ", color=darkgreen";
    } else {
      out << ", color=red, fontcolor=red, style=dashed";
    }
    out << "]";
  }
};

struct GraphWriter {
  void operator()(std::ostream& out) const {
    out << "rankdir=LR;\n"
        << "node [fontname=\"Helvetica\"];\n"
        << "edge [fontname=\"Helvetica\", fontsize=10];\n";
  }
};

// "egress shop/allow-dns spec.egress[0]", "ingress DEFAULT_ALLOW": which program decided, by which
// policy and rule (the hop's name is the policy, or the pod's state when none selects it).
std::string policy_summary(const net::Hop& hop) {
  const bool egress = hop.direction == net::Direction::kOutbound;
  std::string text = fmt::format("{} {}", egress ? "egress" : "ingress", hop.name);
  if (hop.rule) text += fmt::format(" spec.{}[{}]", egress ? "egress" : "ingress", *hop.rule);
  return text;
}

// "8080/tcp: ok (egress DEFAULT_ALLOW, ingress shop/allow-web spec.ingress[0])".
std::string flow_summary(const cluster::WorkloadFlow& f) {
  std::string text = f.port.to_string() + ": ";
  text += f.verdict.passed() ? "ok" : std::string(net::to_string(f.verdict.reason));
  std::string policies;
  for (const net::Hop* hop : cluster::policy_hops(f.verdict))
    policies += (policies.empty() ? "" : ", ") + policy_summary(*hop);
  if (!policies.empty()) text += " (" + policies + ")";
  return text;
}

void write_workloads(const WorkloadReachability& w, std::string& out) {
  if (w.flows.empty() && w.notes.empty()) return;
  out +=
      "\nworkloads under NetworkPolicy (each Deployment's first Running pod sends; every "
      "program that judged, with its policy and rule):\n";
  std::vector<const cluster::WorkloadFlow*> senders;  // the first flow of each sender
  size_t width = 0;
  for (const cluster::WorkloadFlow& f : w.flows) {
    if (!senders.empty() && senders.back()->from == f.from) continue;
    senders.push_back(&f);
    width = std::max(width, f.from.size());
  }
  for (const cluster::WorkloadFlow* f : senders)
    out += fmt::format("  {}  {}\n", pad(f->from, width), f->sender);
  for (const std::string& note : w.notes)
    out += fmt::format("  {}\n", note);
  for (const cluster::WorkloadFlow& f : w.flows) {
    const net::Verdict& v = f.verdict;
    out += fmt::format("\n  {} -> {} on {}: ", f.from, f.to, f.port.to_string());
    if (v.passed()) {
      out += "ok\n";
    } else {
      out += fmt::format("DENIED ({}", net::to_string(v.disposition));
      if (v.reason != net::Reason::kNone) out += fmt::format(", {}", net::to_string(v.reason));
      out += v.leg == net::Leg::kReply ? ", on the reply)\n" : ")\n";
    }
    out += fmt::format("     to: {}\n", f.target);
    for (const net::Hop* hop : cluster::policy_hops(v))
      out += fmt::format("     policy: {}\n", hop->to_string());
    if (v.passed()) continue;
    const net::Hop* blocking = cluster::blocking_hop(v);
    if (blocking != nullptr && blocking->component != net::Component::kNetworkPolicy)
      out += fmt::format("     at: {}\n", blocking->to_string());
    if (v.fix) out += fmt::format("     fix: {}\n", v.fix->text);
  }
}

// The workload rows as a DOT cluster of their own, edges to the matrix's CoreDNS vertex.
std::string workloads_dot(const Reachability& r, const WorkloadReachability& w) {
  if (w.flows.empty()) return "";
  std::vector<std::string> names;
  for (const cluster::WorkloadFlow& f : w.flows) {
    if (std::find(names.begin(), names.end(), f.from) == names.end()) names.push_back(f.from);
  }
  std::string out = "subgraph cluster_workloads {\nlabel=\"workloads under NetworkPolicy\";\n";
  for (const std::string& name : names) {
    out += fmt::format("{} [label={}, shape=box, style=rounded];\n", dot_quoted("w:" + name),
                       dot_quoted(name));
  }
  out += "}\n";
  const std::optional<size_t> coredns = r.find_endpoint("coredns");
  // One edge per (from, to) and verdict, its label a line per port.
  for (size_t i = 0; i < w.flows.size();) {
    const cluster::WorkloadFlow& first = w.flows[i];
    std::string label;
    const bool allowed = first.verdict.passed();
    size_t j = i;
    for (; j < w.flows.size() && w.flows[j].from == first.from && w.flows[j].to == first.to; ++j) {
      if (w.flows[j].verdict.passed() != allowed) break;
      label += (label.empty() ? "" : "\n") + flow_summary(w.flows[j]);
    }
    i = j;
    std::string to = dot_quoted("w:" + first.to);
    if (first.to == "coredns") {
      if (!coredns) continue;
      to = std::to_string(*coredns);
    }
    out += fmt::format("{}->{} [label={}, {}];\n", dot_quoted("w:" + first.from), to,
                       dot_quoted(label),
                       allowed ? "color=darkgreen" : "color=red, fontcolor=red, style=dashed");
  }
  return out;
}

}  // namespace

std::string format_reachability_text(const Reachability& r, const WorkloadReachability& w) {
  std::string out = "endpoints:\n";
  size_t width = 0;
  for (const auto& e : r.endpoints)
    width = std::max(width, e.name.size());
  for (const auto& e : r.endpoints) {
    out += fmt::format("  {}  {}\n", pad(e.name, width), e.description);
  }
  out +=
      "\nrows: from, columns: to; ok: allowed; DENIED #n: explained below the matrix; -: not "
      "judged\n";
  int number = 1;
  for (size_t port = 0; port < r.ports.size(); ++port)
    write_port(r, port, number, out);
  write_workloads(w, out);
  return out;
}

std::string format_reachability_dot(const Reachability& r, const WorkloadReachability& w) {
  std::ostringstream out;
  boost::write_graphviz(out, r.graph, VertexWriter{r.graph}, EdgeWriter{r.graph}, GraphWriter{});
  std::string dot = out.str();
  // write_graphviz closes the graph with "}\n"; the workload rows go inside it.
  dot.insert(dot.rfind('}'), workloads_dot(r, w));
  return dot;
}

}  // namespace ekssim::cli

#include "models/k8s/proxy/kube_proxy_rules.h"

#include <fmt/format.h>

#include <iterator>
#include <string_view>
#include <vector>

#include "models/k8s/proxy/service_port_plan.h"

namespace ekssim::k8s {

namespace {

constexpr std::string_view kServices = "KUBE-SERVICES";
constexpr std::string_view kExternalServices = "KUBE-EXTERNAL-SERVICES";
constexpr std::string_view kNodePorts = "KUBE-NODEPORTS";
constexpr std::string_view kPostrouting = "KUBE-POSTROUTING";
constexpr std::string_view kMarkMasq = "KUBE-MARK-MASQ";
constexpr std::string_view kForward = "KUBE-FORWARD";
constexpr std::string_view kProxyFirewall = "KUBE-PROXY-FIREWALL";
constexpr std::string_view kKubeletFirewall = "KUBE-FIREWALL";
// metrics.IPTablesCTStateInvalidDroppedNFAcctCounter, LocalhostNodePortAcceptedNFAcctCounter.
constexpr std::string_view kInvalidDroppedCounter = "ct_state_invalid_dropped_pkts";
constexpr std::string_view kLocalhostNodePortCounter = "localhost_nps_accepted_pkts";

// One "-A CHAIN …" line, built piece by piece like proxier's LineBuffer.Write(args...).
class Rule {
 public:
  explicit Rule(std::string_view chain) {
    text_ = "-A ";
    text_ += chain;
  }
  Rule& add(std::string_view piece) {
    text_ += ' ';
    text_ += piece;
    return *this;
  }
  template <typename... Args>
  Rule& addf(fmt::format_string<Args...> format, Args&&... args) {
    text_ += ' ';
    fmt::format_to(std::back_inserter(text_), format, std::forward<Args>(args)...);
    return *this;
  }
  Rule& jump(std::string_view target) { return add("-j").add(target); }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

std::string chain(ChainKind kind, const ServicePortEntry& entry) {
  return chain_name(kind, entry.hash);
}

class SyncWriter {
 public:
  SyncWriter(const NodeProxyView& view, KubeProxyRules& out)
      : view_(view),
        config_(view.config),
        out_(out),
        large_cluster_(view.services.total_endpoints() > kLargeClusterEndpointsThreshold) {}

  void write() {
    out_.filter.chains = {std::string(kServices), std::string(kExternalServices),
                          std::string(kForward), std::string(kNodePorts),
                          std::string(kProxyFirewall)};
    out_.nat.chains = {std::string(kServices), std::string(kNodePorts), std::string(kPostrouting),
                       std::string(kMarkMasq)};
    const std::string& mark = config_.masquerade_mark;
    nat(Rule(kPostrouting).addf("-m mark ! --mark {}/{}", mark, mark).jump("RETURN"));
    nat(Rule(kPostrouting).jump("MARK").addf("--xor-mark {}", mark));
    Rule masquerade(kPostrouting);
    masquerade.add(R"(-m comment --comment "kubernetes service traffic requiring SNAT")")
        .jump("MASQUERADE");
    if (config_.random_fully) masquerade.add("--random-fully");
    nat(std::move(masquerade));
    nat(Rule(kMarkMasq).jump("MARK").addf("--or-mark {}", mark));
    if (config_.localhost_node_ports && config_.since(27)) {
      // Mitigates the route_localnet hole (issue 90259); kubelet writes the same rule. kube-proxy
      // writes its own from 1.27 on (kubernetes#114470, KEP-3178's iptables fixups); 1.26 left
      // it to kubelet.
      out_.filter.chains.emplace_back(kKubeletFirewall);
      filter(Rule(kKubeletFirewall)
                 .add(R"(-m comment --comment "block incoming localnet connections")")
                 .add("-d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack")
                 .add("! --ctstate RELATED,ESTABLISHED,DNAT")
                 .jump("DROP"));
    }
    for (const auto& entry : view_.services.entries())
      write_service(*entry);
    write_nodeports_jump();
    write_forward();
  }

 private:
  void nat(Rule rule) { out_.nat.rules.push_back(rule.take()); }
  void filter(Rule rule) { out_.filter.rules.push_back(rule.take()); }

  // "-m tcp -p tcp -d 10.0.0.1 --dport 80": the destination match kube-proxy repeats.
  static void match_destination(Rule& rule, const ServicePortEntry& entry, net::Ipv4 ip) {
    const std::string_view p = entry.protocol_name();
    rule.addf("-m {} -p {} -d {} --dport {}", p, p, ip.to_string(), entry.port);
  }

  // appendServiceCommentLocked: dropped in large-cluster mode.
  void service_comment(Rule& rule, std::string_view comment) const {
    if (!large_cluster_) rule.add("-m comment --comment").add(comment);
  }

  // One service port's rules, each choice read off its plan (service_port_plan.h), which the
  // data plane's decision reads too.
  void write_service(const ServicePortEntry& e) {
    const ServicePortPlan plan = plan_service_port(e, view_.node_name, config_);
    const std::string_view p = e.protocol_name();
    const std::string svc = chain(ChainKind::kSvc, e);
    const std::string svl = chain(ChainKind::kSvl, e);
    const std::string ext = chain(ChainKind::kExt, e);
    const std::string fw = chain(ChainKind::kFw, e);

    const bool has_endpoints = plan.has_endpoints;
    const std::string& internal_chain = plan.internal.local() ? svl : svc;
    const bool has_internal = plan.internal.has_endpoints;
    const std::string& external_policy_chain = plan.external.local() ? svl : svc;
    const bool has_external = plan.external.has_endpoints;
    const bool uses_fw_chain = plan.uses_firewall_chain;
    const std::string& load_balancer_chain = uses_fw_chain ? fw : ext;

    const std::string_view internal_target = filter_target(plan.internal);
    const std::string_view external_target = filter_target(plan.external);
    const std::string internal_comment = filter_comment(plan.internal, e);
    const std::string external_comment = filter_comment(plan.external, e);

    // The cluster IP.
    if (has_internal) {
      Rule rule(kServices);
      rule.addf(R"(-m comment --comment "{} cluster IP")", e.name);
      match_destination(rule, e, e.cluster_ip);
      nat(std::move(rule.jump(internal_chain)));
    } else {
      Rule rule(kServices);
      rule.add("-m comment --comment").add(internal_comment);
      match_destination(rule, e, e.cluster_ip);
      filter(std::move(rule.jump(internal_target)));
    }
    // External IPs.
    for (const net::Ipv4 ip : e.external_ips) {
      if (has_endpoints) {
        Rule rule(kServices);
        rule.addf(R"(-m comment --comment "{} external IP")", e.name);
        match_destination(rule, e, ip);
        nat(std::move(rule.jump(ext)));
      }
      if (!has_external) {
        Rule rule(kExternalServices);
        rule.add("-m comment --comment").add(external_comment);
        match_destination(rule, e, ip);
        filter(std::move(rule.jump(external_target)));
      }
    }
    // Load balancer IPs.
    for (const net::Ipv4 ip : e.load_balancer_ips) {
      if (has_endpoints) {
        Rule rule(kServices);
        rule.addf(R"(-m comment --comment "{} loadbalancer IP")", e.name);
        match_destination(rule, e, ip);
        nat(std::move(rule.jump(load_balancer_chain)));
      }
      if (uses_fw_chain) {
        Rule rule(kProxyFirewall);
        rule.addf(R"(-m comment --comment "{} traffic not accepted by {}")", e.name, fw);
        match_destination(rule, e, ip);
        filter(std::move(rule.jump("DROP")));
      }
    }
    if (!has_external) {
      for (const net::Ipv4 ip : e.load_balancer_ips) {
        Rule rule(kExternalServices);
        rule.add("-m comment --comment").add(external_comment);
        match_destination(rule, e, ip);
        filter(std::move(rule.jump(external_target)));
      }
    }
    // The node port.
    if (e.node_port != 0) {
      if (has_endpoints) {
        // Counted from 1.31 on (kubernetes#125015: localhost_nps_accepted_pkts, the metric
        // kubeproxy_iptables_localhost_nodeports_accepted_packets_total).
        if (config_.localhost_node_ports && config_.nfacct_counters && config_.since(31)) {
          nat(Rule(kNodePorts)
                  .addf("-m comment --comment {} -m {} -p {} -d 127.0.0.0/8 --dport {}", e.name, p,
                        p, e.node_port)
                  .addf("-m nfacct --nfacct-name {}", kLocalhostNodePortCounter)
                  .jump(ext));
        }
        nat(Rule(kNodePorts)
                .addf("-m comment --comment {} -m {} -p {} --dport {}", e.name, p, p, e.node_port)
                .jump(ext));
      }
      if (!has_external) {
        filter(Rule(kExternalServices)
                   .add("-m comment --comment")
                   .add(external_comment)
                   .addf("-m addrtype --dst-type LOCAL -m {} -p {} --dport {}", p, p, e.node_port)
                   .jump(external_target));
      }
    }
    if (e.health_check_node_port != 0) {
      filter(Rule(kNodePorts)
                 .addf(R"(-m comment --comment "{} health check node port")", e.name)
                 .addf("-m tcp -p tcp --dport {}", e.health_check_node_port)
                 .jump("ACCEPT"));
    }

    // Internal traffic: masquerade what does not come from a pod (or everything).
    if (has_internal && plan.internal_masquerade != InternalMasquerade::kNone) {
      Rule rule(internal_chain);
      rule.addf(R"(-m comment --comment "{} cluster IP")", e.name);
      match_destination(rule, e, e.cluster_ip);
      if (plan.internal_masquerade == InternalMasquerade::kNotFromClusterCidr)
        rule.addf("! -s {}", config_.cluster_cidr->to_string());
      nat(std::move(rule.jump(kMarkMasq)));
    }
    if (plan.uses_external_chain) write_external_chain(plan, ext, svc, external_policy_chain);
    if (uses_fw_chain) write_firewall_chain(e, fw, ext);
    if (plan.uses_cluster_chain) {
      out_.nat.chains.push_back(svc);
      write_service_to_endpoint_rules(plan, svc, plan.cluster_endpoints);
    }
    if (plan.uses_local_chain) {
      out_.nat.chains.push_back(svl);
      write_service_to_endpoint_rules(plan, svl, plan.local_endpoints);
    }
    write_endpoint_chains(plan);
  }

  // The filter rule for traffic with nowhere to go, and its comment ("" when it has endpoints).
  static std::string_view filter_target(const TrafficPlan& traffic) {
    if (traffic.has_endpoints) return {};
    return traffic.when_none == NoEndpointTarget::kReject ? "REJECT" : "DROP";
  }
  static std::string filter_comment(const TrafficPlan& traffic, const ServicePortEntry& e) {
    if (traffic.has_endpoints) return {};
    return traffic.when_none == NoEndpointTarget::kReject
               ? fmt::format(R"("{} has no endpoints")", e.name)
               : fmt::format(R"("{} has no local endpoints")", e.name);
  }

  void write_external_chain(const ServicePortPlan& plan, const std::string& ext,
                            const std::string& svc, const std::string& policy_chain) {
    const ServicePortEntry& e = *plan.entry;
    out_.nat.chains.push_back(ext);
    if (!plan.external.local()) {
      // Non-local endpoints may be on another node: masquerade so replies come back here.
      nat(Rule(ext)
              .addf(R"(-m comment --comment "masquerade traffic for {} external destinations")",
                    e.name)
              .jump(kMarkMasq));
    } else {
      if (plan.external_short_circuits_pods) {
        // Pods reaching an external address short-circuit to every endpoint, as if the packet
        // had gone out to the load balancer and come back.
        nat(Rule(ext)
                .addf(R"(-m comment --comment "pod traffic for {} external destinations")", e.name)
                .addf("-s {}", config_.cluster_cidr->to_string())
                .jump(svc));
      }
      nat(Rule(ext)
              .addf(R"(-m comment --comment "masquerade LOCAL traffic for {} external )"
                    R"(destinations")",
                    e.name)
              .add("-m addrtype --src-type LOCAL")
              .jump(kMarkMasq));
      nat(Rule(ext)
              .addf(R"(-m comment --comment "route LOCAL traffic for {} external destinations")",
                    e.name)
              .add("-m addrtype --src-type LOCAL")
              .jump(svc));
    }
    if (plan.external.has_endpoints) nat(Rule(ext).jump(policy_chain));
  }

  void write_firewall_chain(const ServicePortEntry& e, const std::string& fw,
                            const std::string& ext) {
    out_.nat.chains.push_back(fw);
    const std::string comment = fmt::format(R"(-m comment --comment "{} loadbalancer IP")", e.name);
    bool allow_from_node = false;
    for (const net::Cidr& range : e.load_balancer_source_ranges) {
      nat(Rule(fw).add(comment).addf("-s {}", range.to_string()).jump(ext));
      if (range.contains(view_.node_ip)) allow_from_node = true;
    }
    // A VIP often is a local address too: traffic from this node to it loops back with the VIP
    // as its source.
    if (allow_from_node) {
      for (const net::Ipv4 ip : e.load_balancer_ips) {
        nat(Rule(fw).add(comment).addf("-s {}", ip.to_string()).jump(ext));
      }
    }
    nat(Rule(fw).addf(
        R"(-m comment --comment "other traffic to {} will be dropped by KUBE-PROXY-FIREWALL")",
        e.name));
  }

  // writeServiceToEndpointRules: affinity checks first, then the probability cascade.
  void write_service_to_endpoint_rules(const ServicePortPlan& plan, const std::string& from,
                                       std::span<const ProxyEndpoint> endpoints) {
    const ServicePortEntry& e = *plan.entry;
    std::string endpoint_text, comment, sep;
    const auto describe = [&](const ProxyEndpoint& endpoint) {
      endpoint_text.clear();
      append_endpoint(endpoint_text, endpoint.ip, endpoint.port);
      comment = fmt::format(R"("{} -> {}")", e.name, endpoint_text);
      sep = chain_name(ChainKind::kSep, endpoint.chain);
    };
    if (plan.affinity.client_ip) {
      for (const ProxyEndpoint& endpoint : endpoints) {
        describe(endpoint);
        Rule rule(from);
        service_comment(rule, comment);
        rule.addf("-m recent --name {} --rcheck --seconds {} --reap", sep,
                  plan.affinity.timeout_seconds);
        nat(std::move(rule.jump(sep)));
      }
    }
    const int n = static_cast<int>(endpoints.size());
    for (int i = 0; i < n; ++i) {
      describe(endpoints[i]);
      Rule rule(from);
      service_comment(rule, comment);
      if (i < n - 1)
        rule.add("-m statistic --mode random --probability").add(iptables_probability(n - i));
      nat(std::move(rule.jump(sep)));
    }
  }

  // One KUBE-SEP chain per endpoint reachable from this node (allReachableEndpoints).
  void write_endpoint_chains(const ServicePortPlan& plan) {
    const ServicePortEntry& e = *plan.entry;
    const std::vector<const ProxyEndpoint*> reachable = plan.reachable_endpoints();
    const std::string_view p = e.protocol_name();
    std::string endpoint_text;
    for (const ProxyEndpoint* endpoint : reachable) {
      const std::string sep = chain_name(ChainKind::kSep, endpoint->chain);
      out_.nat.chains.push_back(sep);
      endpoint_text.clear();
      append_endpoint(endpoint_text, endpoint->ip, endpoint->port);
      Rule hairpin(sep);
      service_comment(hairpin, e.name);
      nat(std::move(hairpin.addf("-s {}", endpoint->ip.to_string()).jump(kMarkMasq)));
      Rule dnat(sep);
      service_comment(dnat, e.name);
      if (plan.affinity.client_ip) dnat.addf("-m recent --name {} --set", sep);
      dnat.addf("-m {} -p {}", p, p).jump("DNAT").addf("--to-destination {}", endpoint_text);
      nat(std::move(dnat));
    }
  }

  // The tail call to KUBE-NODEPORTS; it must stay the last rule of KUBE-SERVICES.
  void write_nodeports_jump() {
    Rule rule(kServices);
    rule.add(R"(-m comment --comment "kubernetes service nodeports; NOTE: this must be the last )"
             R"(rule in this chain")");
    rule.add("-m addrtype --dst-type LOCAL");
    if (!config_.localhost_node_ports) rule.add("! -d 127.0.0.0/8");
    nat(std::move(rule.jump(kNodePorts)));
  }

  void write_forward() {
    // Drops packets conntrack marks INVALID (kubernetes#74840); from 1.29 on only while the
    // tcp_be_liberal sysctl is off (kubernetes#120412, issues 117924 and 94861), and counted
    // from 1.30 on (kubernetes#122812: ct_state_invalid_dropped_pkts).
    if (!config_.conntrack_tcp_be_liberal || !config_.since(29)) {
      Rule rule(kForward);
      rule.add("-m conntrack --ctstate INVALID");
      if (config_.nfacct_counters && config_.since(30))
        rule.addf("-m nfacct --nfacct-name {}", kInvalidDroppedCounter);
      filter(std::move(rule.jump("DROP")));
    }
    const std::string& mark = config_.masquerade_mark;
    filter(Rule(kForward)
               .add(R"(-m comment --comment "kubernetes forwarding rules")")
               .addf("-m mark --mark {}/{}", mark, mark)
               .jump("ACCEPT"));
    filter(Rule(kForward)
               .add(R"(-m comment --comment "kubernetes forwarding conntrack rule")")
               .add("-m conntrack --ctstate RELATED,ESTABLISHED")
               .jump("ACCEPT"));
  }

  const NodeProxyView& view_;
  const ProxyConfig& config_;
  KubeProxyRules& out_;
  bool large_cluster_;
};

void append_table(std::string& out, std::string_view name, const TableRules& table) {
  out += '*';
  out += name;
  out += '\n';
  for (const std::string& chain : table.chains)
    fmt::format_to(std::back_inserter(out), ":{} - [0:0]\n", chain);
  for (const std::string& rule : table.rules) {
    out += rule;
    out += '\n';
  }
  out += "COMMIT\n";
}

}  // namespace

std::string iptables_probability(int n) {
  return fmt::format("{:.10f}", 1.0 / n);
}

KubeProxyRules build_kube_proxy_rules(const NodeProxyView& view) {
  KubeProxyRules rules;
  SyncWriter(view, rules).write();
  return rules;
}

std::string render_kube_proxy_restore(const NodeProxyView& view) {
  const KubeProxyRules rules = build_kube_proxy_rules(view);
  std::string text;
  append_table(text, "filter", rules.filter);
  append_table(text, "nat", rules.nat);
  return text;
}

}  // namespace ekssim::k8s

#include "models/cluster/dns_exchanges.h"

#include <fmt/format.h>

#include <algorithm>

#include "models/cluster/node_agent.h"
#include "models/dns/message_size.h"
#include "models/vpc/describe.h"

namespace ekssim::cluster {

namespace {

// An ICMP port unreachable comes back about as fast as an answer would.
constexpr sim::Duration kIcmpLatency = sim::Duration::microseconds(200);

dns::Reply to_reply(dns::ResponseKind kind) {
  switch (kind) {
    case dns::ResponseKind::kAnswer:
      return dns::Reply::kAnswer;
    case dns::ResponseKind::kNoData:
      return dns::Reply::kNoData;
    case dns::ResponseKind::kNxDomain:
      return dns::Reply::kNxdomain;
    case dns::ResponseKind::kServFail:
      return dns::Reply::kServfail;
    case dns::ResponseKind::kRefused:
      return dns::Reply::kRefused;
  }
  return dns::Reply::kServfail;
}

uint32_t add_cause(std::vector<FailureCause>& causes, std::string cause, std::string fix) {
  for (size_t i = 0; i < causes.size(); ++i) {
    if (causes[i].cause == cause) return static_cast<uint32_t>(i + 1);
  }
  causes.push_back({std::move(cause), std::move(fix)});
  return static_cast<uint32_t>(causes.size());
}

}  // namespace

std::optional<net::Ipv4> resolved_address(std::string_view wire_name,
                                          const dns::ServiceDirectory& directory,
                                          const dns::VpcResolver& vpc_resolver) {
  const std::string name = dns::normalize_name(wire_name);
  const dns::KubernetesZone zone;
  const dns::DnsAnswer answer =
      dns::is_in_zone(name, zone.zone)
          ? dns::answer_cluster_name(name, dns::QueryType::kA, zone, directory).answer
          : vpc_resolver.answer(name, dns::QueryType::kA);
  if (answer.addresses.empty()) return std::nullopt;
  return answer.addresses.front();
}

DnsExchanges::DnsExchanges(const ServiceRegistry& services, const PodNetwork& network,
                           CoreDnsFleet& fleet, dns::VpcResolver& vpc_resolver,
                           dns::NameTable& names)
    : services_(services),
      network_(network),
      fleet_(fleet),
      vpc_resolver_(vpc_resolver),
      names_(names),
      name_answers_(services, vpc_resolver, names) {}

net::Verdict DnsExchanges::path(const Senders& senders, net::Ipv4 dst, bool want_trace) const {
  // Every caller has kube-proxy's pick for `dst`; the egress program judged the Service address.
  return network_.from_senders(senders, connection_flow(senders, net::Protocol::udp(), dst, 53),
                               want_trace, 0, /*egress_judged=*/true);
}

const DnsExchanges::Reach& DnsExchanges::reach(const Senders& senders,
                                               std::span<const k8s::ProxyEndpoint> candidates) {
  if (reach_.size() <= senders.class_id) reach_.resize(senders.class_id + 1);
  Reach& r = reach_[senders.class_id];
  if (r.network_version != network_version()) {
    r.judged.clear();
    r.candidates.clear();
    r.network_version = network_version();
  }
  const bool same = std::equal(
      candidates.begin(), candidates.end(), r.candidates.begin(), r.candidates.end(),
      [](const k8s::ProxyEndpoint& e, net::Ipv4 ip) { return e.ip == ip; });
  if (same && !r.candidates.empty()) return r;
  r.candidates.clear();
  r.reachable.clear();
  r.unreachable.clear();
  r.replicas_version = ~uint64_t{0};
  for (const k8s::ProxyEndpoint& e : candidates) {
    r.candidates.push_back(e.ip);
    (passes(senders, r, e.ip) ? r.reachable : r.unreachable).push_back(e.ip);
  }
  return r;
}

bool DnsExchanges::passes(const Senders& senders, Reach& r, net::Ipv4 endpoint) const {
  const auto owner = network_.vpc().owner_of(endpoint);
  const uint32_t eni = owner ? owner->index() + 1 : 0;
  const auto by_address = [](const Reach::Judged& j, uint32_t address) {
    return j.address < address;
  };
  auto at = std::lower_bound(r.judged.begin(), r.judged.end(), endpoint.value(), by_address);
  if (at != r.judged.end() && at->address == endpoint.value()) {
    if (at->eni == eni) return at->passed;
    at->eni = eni;
    at->passed = path(senders, endpoint, false).passed();
    return at->passed;
  }
  const bool passed = path(senders, endpoint, false).passed();
  r.judged.insert(at, {endpoint.value(), eni, passed});
  return passed;
}

// "general", or "general (a branch ENI with checkout-pods)" for a Security Groups for Pods pod,
// whose own groups judged the query (the ENI itself is left out: one cause for every such pod).
std::string DnsExchanges::sender_label(const Senders& senders) const {
  const vpc::Vpc& vpc = network_.vpc();
  const auto eni = vpc.owner_of(senders.pod_ip);
  if (senders.host_network || !eni || vpc.eni(*eni).role != vpc::EniRole::kBranch) {
    return senders.node->node_group();
  }
  return fmt::format("{} (a branch ENI with {})", senders.node->node_group(),
                     vpc::describe_groups(vpc, vpc.eni(*eni)));
}

uint32_t DnsExchanges::blocked(const Senders& senders, net::Ipv4 endpoint, std::string_view what,
                               std::vector<FailureCause>& causes) const {
  const net::Verdict v = path(senders, endpoint, true);
  return add_cause(causes,
                   fmt::format("udp 53 from {} to {} {} dropped: {}", sender_label(senders),
                               what, endpoint.to_string(), v.denial()),
                   v.fix ? v.fix->text : std::string());
}

uint32_t DnsExchanges::egress_blocked(const Senders& senders, net::Ipv4 server,
                                      std::vector<FailureCause>& causes) const {
  if (!network_.egress_policy(senders, net::Protocol::udp(), server, 53, false).denied) return 0;
  const NetworkPolicies::Judgement j =
      network_.egress_policy(senders, net::Protocol::udp(), server, 53, true);
  const net::Verdict& v = *j.denied;
  const std::string what = server == services_.kube_dns_ip() ? "kube-dns" : "DNS server";
  return add_cause(causes,
                   fmt::format("udp 53 from {} to {} {} dropped: {}", sender_label(senders),
                               what, server.to_string(), v.denial()),
                   v.fix ? v.fix->text : std::string());
}

bool DnsExchanges::uniform(const Senders& senders, net::Ipv4 nameserver, sim::Time at) {
  // Cached per class until kube-dns's endpoints or the network change; a node whose rules still
  // lag such a change is merged by the answer it will give within minSyncPeriod.
  if (reach_.size() <= senders.class_id) reach_.resize(senders.class_id + 1);
  Reach& r = reach_[senders.class_id];
  const bool kube_dns = nameserver == services_.kube_dns_ip();
  if (kube_dns && r.uniform_dns_version == services_.kube_dns_version() &&
      r.uniform_network_version == network_version()) {
    return r.uniform;
  }
  // A network policy that drops the lookups before the DNAT makes the class fail alike, alone.
  if (network_.egress_policy(senders, net::Protocol::udp(), nameserver, 53, false).denied)
    return false;
  const k8s::DnatDecision d = services_.decide(senders.node_id, senders.node_name, nameserver,
                                               53, net::Protocol::udp(), at);
  bool result = false;
  switch (d.verdict) {
    case k8s::DnatVerdict::kReject:
      result = true;
      break;
    case k8s::DnatVerdict::kDnat:
      result = reach(senders, d.candidates).unreachable.empty();
      break;
    case k8s::DnatVerdict::kNotAService:
      result = vpc_resolver_.is_amazon_dns(nameserver);
      break;
    case k8s::DnatVerdict::kDrop:
      result = false;
      break;
  }
  if (kube_dns) {
    Reach& cached = reach_[senders.class_id];
    cached.uniform = result;
    cached.uniform_dns_version = services_.kube_dns_version();
    cached.uniform_network_version = network_version();
  }
  return result;
}

uint32_t DnsExchanges::class_of(const NodeAgent& node, uint32_t policy_identity,
                                uint32_t branch_identity) {
  const auto key = std::tuple<const void*, uint32_t, uint32_t, uint32_t>(
      &node.node_group(), node.subnet().subnet, policy_identity, branch_identity);
  return classes_.try_emplace(key, static_cast<uint32_t>(classes_.size())).first->second;
}

void DnsExchanges::answer(const Senders& senders, sim::Time start, sim::Duration span,
                          const ExchangeRequest& request, dns::NameId name,
                          sim::RandomStream& random, std::vector<FailureCause>& causes,
                          std::vector<ExchangeShare>& shares) {
  const sim::Time at = start + request.sent;
  // The pod's egress program sees the nameserver's address before kube-proxy rewrites it.
  if (const uint32_t cause = egress_blocked(senders, request.server, causes)) {
    shares.push_back({request.count, {dns::Reply::kTimeout, {}, false}, kNoPick, cause});
    return;
  }
  const k8s::DnatDecision d = services_.decide(senders.node_id, senders.node_name,
                                               request.server, 53, net::Protocol::udp(), at);
  switch (d.verdict) {
    case k8s::DnatVerdict::kNotAService:
      ask_directly(senders, at, span, request, causes, shares);
      return;
    case k8s::DnatVerdict::kReject:
      shares.push_back({request.count,
                        {dns::Reply::kUnreachable, kIcmpLatency, false},
                        kNoPick,
                        add_cause(causes,
                                  fmt::format("kube-proxy REJECTs {}: the Service has no "
                                              "endpoints (no CoreDNS pod is ready)",
                                              d.service_port->name),
                                  "run CoreDNS pods that can become ready")});
      return;
    case k8s::DnatVerdict::kDrop:
      shares.push_back({request.count,
                        {dns::Reply::kTimeout, {}, false},
                        kNoPick,
                        add_cause(causes,
                                  fmt::format("kube-proxy DROPs {}: no local endpoint on {}",
                                              d.service_port->name, senders.node_name),
                                  "run a CoreDNS pod on every node, or internalTrafficPolicy: "
                                  "Cluster")});
      return;
    case k8s::DnatVerdict::kDnat:
      break;
  }
  if (request.pick != kNoPick) {
    // A retry on the same socket: conntrack sends it where the first try went.
    const net::Ipv4 endpoint(request.pick);
    if (path(senders, endpoint, false).passed()) {
      serve(senders, endpoint, fleet_.replica_at(endpoint), name, at, span, request, request.count,
            causes, shares);
    } else {
      shares.push_back({request.count,
                        {dns::Reply::kTimeout, {}, false},
                        request.pick,
                        blocked(senders, endpoint, "CoreDNS", causes)});
    }
    return;
  }
  const size_t first_share = shares.size();
  const Reach& r = reach(senders, d.candidates);
  const size_t n = r.reachable.size() + r.unreachable.size();
  // Each member picks uniformly: the unreachable part is count × u / n, the remainder drawn.
  const int64_t scaled = request.count * static_cast<int64_t>(r.unreachable.size());
  int64_t lost = scaled / static_cast<int64_t>(n);
  if (scaled % static_cast<int64_t>(n) != 0 &&
      random.below(n) < static_cast<uint64_t>(scaled % static_cast<int64_t>(n))) {
    ++lost;
  }
  const uint64_t turn = rotation_++;
  if (lost > 0) {
    const net::Ipv4 endpoint = r.unreachable[turn % r.unreachable.size()];
    shares.push_back({lost,
                      {dns::Reply::kTimeout, {}, false},
                      endpoint.value(),
                      blocked(senders, endpoint, "CoreDNS", causes)});
  }
  if (request.count > lost) {
    const size_t index = turn % r.reachable.size();
    serve(senders, r.reachable[index], reachable_replica(senders, index), name, at, span, request,
          request.count - lost, causes, shares);
  }
  if (request.same_socket_pair && d.candidates.size() >= 2)
    draw_conntrack_race(senders.conntrack_dns_race, first_share, random, shares);
}

void DnsExchanges::draw_conntrack_race(double chance, size_t first_share, sim::RandomStream& random,
                                       std::vector<ExchangeShare>& shares) {
  // A new socket's A and AAAA both pass kube-proxy's DNAT before either conntrack entry is
  // confirmed; the second clashes at confirm time and is dropped (kubernetes#56903,
  // weaveworks/weave#3287), so one reply never comes and glibc waits out its timeout. It takes
  // two endpoints to pick from; the chance is the node group's. Each answered share loses
  // count × chance members to it, the remainder drawn.
  if (chance <= 0) return;
  const size_t end = shares.size();
  for (size_t i = first_share; i < end; ++i) {
    const dns::Reply reply = shares[i].result.reply;
    if (reply != dns::Reply::kAnswer && reply != dns::Reply::kNoData &&
        reply != dns::Reply::kNxdomain) {
      continue;
    }
    const double expected = static_cast<double>(shares[i].count) * chance;
    auto raced = static_cast<int64_t>(expected);
    if (random.uniform01() < expected - static_cast<double>(raced)) ++raced;
    if (raced == 0) continue;
    ExchangeShare stalled = shares[i];
    stalled.count = raced;
    stalled.result.one_reply_lost = true;
    shares[i].count -= raced;
    shares.push_back(stalled);
  }
}

dns::CoreDns* DnsExchanges::reachable_replica(const Senders& senders, size_t index) {
  Reach& r = reach_[senders.class_id];
  if (r.replicas_version != fleet_.serving_version()) {
    r.reachable_replicas.clear();
    for (const net::Ipv4 endpoint : r.reachable)
      r.reachable_replicas.push_back(fleet_.replica_at(endpoint));
    r.replicas_version = fleet_.serving_version();
  }
  return r.reachable_replicas[index];
}

void DnsExchanges::serve(const Senders& senders, net::Ipv4 endpoint, dns::CoreDns* replica,
                         dns::NameId name, sim::Time at, sim::Duration span,
                         const ExchangeRequest& request, int64_t count,
                         std::vector<FailureCause>& causes, std::vector<ExchangeShare>& shares) {
  if (replica == nullptr) {
    // An endpoint the node's rules still hold, whose pod is gone: nothing answers.
    shares.push_back({count,
                      {dns::Reply::kTimeout, {}, false},
                      endpoint.value(),
                      add_cause(causes,
                                fmt::format("no CoreDNS answers at {} any more (the node's "
                                            "kube-proxy rules still hold the old endpoint)",
                                            endpoint.to_string()),
                                "")});
    return;
  }
  replica->prefetch_cache(name);
  // Every exchange is asked at its lookup's start or later, and lookups start at the present.
  replica->forget_expired(fleet_.now());
  const dns::BatchResult a = replica->query_batch(name, dns::QueryType::kA, count, at, span);
  const dns::BatchResult aaaa = replica->query_batch(name, dns::QueryType::kAAAA, count, at, span);
  fleet_.count(a);
  fleet_.count(aaaa);
  for (const dns::Outcome& o : a.outcomes) {
    ExchangeShare share{o.count, {to_reply(o.kind), o.latency, false}, endpoint.value(), 0};
    if (o.latency >= request.timeout) share.result.reply = dns::Reply::kTimeout;
    if (share.result.reply == dns::Reply::kServfail || share.result.reply == dns::Reply::kTimeout) {
      FailureCause why = fleet_.upstream_cause(*replica);
      share.cause = add_cause(causes, std::move(why.cause), std::move(why.fix));
    }
    if (share.result.reply == dns::Reply::kAnswer)
      retry_over_tcp(senders, endpoint, name, request, causes, share);
    shares.push_back(share);
  }
}

void DnsExchanges::ask_directly(const Senders& senders, sim::Time at, sim::Duration span,
                                const ExchangeRequest& request, std::vector<FailureCause>& causes,
                                std::vector<ExchangeShare>& shares) {
  if (vpc_resolver_.is_amazon_dns(request.server)) {
    if (!vpc_resolver_.answering()) {
      shares.push_back({request.count,
                        {dns::Reply::kTimeout, {}, false},
                        kNoPick,
                        add_cause(causes, "the VPC has DNS support turned off (enableDnsSupport)",
                                  "turn on enableDnsSupport")});
      return;
    }
    // The pod's own ENI carries its queries, within the 1024 packets per second (one packet per
    // member for A; the AAAA packets are charged too).
    const auto eni = network_.vpc().owner_of(senders.pod_ip);
    int64_t answered = request.count;
    if (eni) {
      answered = vpc_resolver_.admit_spread(eni->index(), at, span, request.count);
      vpc_resolver_.admit_spread(eni->index(), at, span, request.count);
    }
    const dns::DnsAnswer answer =
        vpc_resolver_.answer(dns::normalize_name(request.wire_name), dns::QueryType::kA);
    shares.push_back(
        {answered, {to_reply(answer.kind()), vpc_resolver_.latency(), false}, kNoPick, 0});
    if (answered < request.count) {
      shares.push_back({request.count - answered,
                        {dns::Reply::kTimeout, {}, false},
                        kNoPick,
                        add_cause(causes,
                                  "dropped by the VPC resolver's limit of 1024 packets per second "
                                  "per network interface",
                                  "spread the lookups, cache them, or use fewer search domains")});
    }
    return;
  }
  if (!path(senders, request.server, false).passed()) {
    shares.push_back({request.count,
                      {dns::Reply::kTimeout, {}, false},
                      kNoPick,
                      blocked(senders, request.server, "DNS server", causes)});
    return;
  }
  // A custom server forwards to the VPC resolver and answers as it does.
  const dns::DnsAnswer answer =
      vpc_resolver_.answer(dns::normalize_name(request.wire_name), dns::QueryType::kA);
  shares.push_back(
      {request.count, {to_reply(answer.kind()), vpc_resolver_.latency(), false}, kNoPick, 0});
}

size_t DnsExchanges::a_records(dns::NameId name) {
  return name_answers_.a_answer(name).records;
}

std::optional<FailureCause> DnsExchanges::tcp_blocked(const Senders& senders, net::Ipv4 server,
                                                      net::Ipv4 endpoint) const {
  const std::string_view group = senders.node->node_group();
  // The pod's egress program judges the Service address, before kube-proxy's DNAT.
  if (network_.egress_policy(senders, net::Protocol::tcp(), server, 53, false).denied) {
    const NetworkPolicies::Judgement j =
        network_.egress_policy(senders, net::Protocol::tcp(), server, 53, true);
    return FailureCause{fmt::format("tcp 53 from {} to {} dropped: {}", group, server.to_string(),
                                    j.denied->denial()),
                        j.denied->fix ? j.denied->fix->text : std::string()};
  }
  const net::Flow flow = connection_flow(senders, net::Protocol::tcp(), endpoint, 53);
  if (network_.from_senders(senders, flow, false, 0, /*egress_judged=*/true).passed())
    return std::nullopt;
  const net::Verdict v = network_.from_senders(senders, flow, true, 0, /*egress_judged=*/true);
  return FailureCause{fmt::format("tcp 53 from {} to CoreDNS {} dropped: {}", group,
                                  endpoint.to_string(), v.denial()),
                      v.fix ? v.fix->text : std::string()};
}

void DnsExchanges::retry_over_tcp(const Senders& senders, net::Ipv4 endpoint, dns::NameId name,
                                  const ExchangeRequest& request, std::vector<FailureCause>& causes,
                                  ExchangeShare& share) {
  const size_t records = a_records(name);
  const bool edns0 = request.udp_payload != 0;
  const size_t size =
      dns::a_response_size_for_wire_length(names_.wire_length(name), records, edns0);
  const size_t limit = dns::udp_response_limit(request.udp_payload);
  if (size <= limit) return;
  share.result.over_tcp = true;
  const std::optional<FailureCause> blocked = tcp_blocked(senders, request.server, endpoint);
  if (!blocked) {
    // The TCP handshake and the query over it: two more round trips like the first.
    share.result.latency = share.result.latency * 3;
    return;
  }
  const std::string allowed =
      edns0 ? fmt::format("the {} bytes its query's EDNS0 record allows (RFC 6891)", limit)
            : fmt::format("the {} bytes a UDP answer may carry without EDNS0 (RFC 1035 §2.3.4)",
                          limit);
  share.result.reply = dns::Reply::kTimeout;
  share.result.latency = share.result.latency + request.tcp_give_up;
  share.cause = add_cause(
      causes,
      fmt::format("the answer for {} is {} bytes ({} A records), over {}: CoreDNS sets TC and "
                  "the resolver asks again over TCP; {}",
                  names_.text(name), size, records, allowed, blocked->cause),
      blocked->fix);
}

}  // namespace ekssim::cluster

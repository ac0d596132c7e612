#include "models/dns/vpc_resolver.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::dns {

void ExternalHosts::add(std::string_view name, net::Ipv4 ip, sim::Duration ttl) {
  const std::string key = normalize_name(name);
  ExternalRecord& record = records_[key];
  if (std::find(record.addresses.begin(), record.addresses.end(), ip) == record.addresses.end())
    record.addresses.push_back(ip);
  record.ttl = ttl;
  // The name exists, and so does every name above it (RFC 4592 §2.2.2: an empty non-terminal
  // exists too), a wildcard's zone included.
  existing_.insert(key);
  for (size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', dot + 1))
    existing_.insert(key.substr(dot + 1));
}

const ExternalRecord* ExternalHosts::lookup(std::string_view name) const {
  std::string key(name);
  if (const auto it = records_.find(key); it != records_.end()) return &it->second;
  // A name that exists without records of its own (an empty non-terminal) is not synthesised.
  if (existing_.contains(key)) return nullptr;
  // RFC 4592 §3.3.1: only the wildcard at the closest encloser — the nearest name above that
  // exists — answers, so with records api.example.com and *.example.com, x.api.example.com has
  // none (api.example.com is its closest encloser) while x.y.example.com takes *.example.com.
  // Route 53 documents wildcards ("Supported DNS record types") without this detail and is taken
  // to follow the RFC, as authoritative servers do. (CoreDNS's file plugin, not in EKS's
  // Corefile, stops at a name with records but not at an empty non-terminal: plugin/file/lookup.go
  // keeps the deepest wildcard it passed.)
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    key.assign(name.substr(dot + 1));
    if (!existing_.contains(key)) continue;
    key.insert(0, "*.");
    const auto it = records_.find(key);
    return it == records_.end() ? nullptr : &it->second;
  }
  return nullptr;
}

VpcResolver::VpcResolver(const sim::Kernel& kernel, VpcResolverConfig config,
                         const ExternalHostDirectory& hosts)
    : kernel_(kernel),
      config_(std::move(config)),
      hosts_(hosts),
      node_domain_(config_.region == "us-east-1" ? "ec2.internal"
                                                 : config_.region + ".compute.internal") {}

bool VpcResolver::is_amazon_dns(net::Ipv4 server) const {
  return server == address() || server == kLinkLocalAddress;
}

std::string VpcResolver::node_domain() const {
  return node_domain_;
}

bool VpcResolver::in_vpc(net::Ipv4 ip) const {
  if (config_.vpc_cidr.contains(ip)) return true;
  return std::any_of(config_.secondary_cidrs.begin(), config_.secondary_cidrs.end(),
                     [&](const net::Cidr& c) { return c.contains(ip); });
}

DnsAnswer VpcResolver::answer(std::string_view name, QueryType type) const {
  if (const ExternalRecord* record = hosts_.lookup(name)) {
    if (type == QueryType::kAAAA) return DnsAnswer::no_data(config_.negative_ttl);
    return DnsAnswer::records(record->addresses, record->ttl);
  }
  // ip-a-b-c-d.<node domain>: the label before the node domain must be the whole host part.
  if (is_in_zone(name, node_domain_) && name.size() > node_domain_.size() + 1) {
    const std::string_view host = name.substr(0, name.size() - node_domain_.size() - 1);
    if (host.starts_with("ip-") && host.find('.') == std::string_view::npos) {
      const std::optional<net::Ipv4> ip = parse_dashed_ipv4(host.substr(3));
      if (ip && in_vpc(*ip)) {
        if (type == QueryType::kAAAA) return DnsAnswer::no_data(config_.negative_ttl);
        return DnsAnswer::records({*ip}, config_.node_name_ttl);
      }
    }
  }
  return DnsAnswer::nxdomain(config_.negative_ttl);
}

PacketBudget& VpcResolver::budget(EniKey eni) {
  return budgets_.try_emplace(eni, config_.packets_per_second).first->second;
}

void VpcResolver::check_retained(const PacketBudget& b, EniKey eni, sim::Time at) const {
  if (b.retains(at)) return;
  kernel_.fail("vpc-resolver",
               fmt::format("ENI #{} charged for the second at {}, older than the {} s its packet "
                           "budget keeps",
                           eni, sim::format_time(at), PacketBudget::kRetainedSeconds));
}

int64_t VpcResolver::admit(EniKey eni, sim::Time at, int64_t packets) {
  PacketBudget& b = budget(eni);
  check_retained(b, eni, at);
  return b.admit(at, packets, kernel_.now());
}

int64_t VpcResolver::admit_spread(EniKey eni, sim::Time start, sim::Duration span,
                                  int64_t packets) {
  PacketBudget& b = budget(eni);
  check_retained(b, eni, start);
  return b.admit_spread(start, span, packets, kernel_.now());
}

int64_t VpcResolver::remaining(EniKey eni, sim::Time at) const {
  const auto it = budgets_.find(eni);
  return it == budgets_.end() ? config_.packets_per_second : it->second.remaining(at);
}

int64_t VpcResolver::dropped_total(EniKey eni) const {
  const auto it = budgets_.find(eni);
  return it == budgets_.end() ? 0 : it->second.dropped_total();
}

int64_t VpcResolver::dropped_total() const {
  int64_t total = 0;
  for (const auto& [eni, budget] : budgets_)
    total += budget.dropped_total();
  return total;
}

EniPackets VpcResolver::packets_of(EniKey eni) const {
  const auto it = budgets_.find(eni);
  if (it == budgets_.end()) return {eni, 0, 0, 0, {}};
  const PacketBudget& b = it->second;
  return {eni, b.admitted_total() + b.dropped_total(), b.dropped_total(), b.peak_offered(),
          b.peak_second()};
}

std::vector<EniPackets> VpcResolver::packets_by_eni() const {
  std::vector<EniPackets> out;
  for (const auto& [eni, b] : budgets_)
    out.push_back(packets_of(eni));
  return out;
}

}  // namespace ekssim::dns

#include "models/dns/vpc_resolver.h"

#include <fmt/format.h>

#include <algorithm>

namespace ekssim::dns {

void ExternalHosts::add(std::string_view name, net::Ipv4 ip, sim::Duration ttl) {
  ExternalRecord& record = records_[normalize_name(name)];
  if (std::find(record.addresses.begin(), record.addresses.end(), ip) == record.addresses.end())
    record.addresses.push_back(ip);
  record.ttl = ttl;
}

const ExternalRecord* ExternalHosts::lookup(std::string_view name) const {
  std::string key(name);
  if (const auto it = records_.find(key); it != records_.end()) return &it->second;
  // A wildcard answers the names below its zone that have no record of their own, the closest
  // zone first (Route 53 "Supported DNS record types", wildcard records): a.b.example.com tries
  // *.b.example.com, then *.example.com, then *.com. Simplification: RFC 4592's closest encloser
  // is not checked, so with records api.example.com and *.example.com, x.api.example.com takes
  // the wildcard's address where a real server answers NXDOMAIN.
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    key.assign("*");
    key.append(name.substr(dot));
    if (const auto it = records_.find(key); it != records_.end()) return &it->second;
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

#include "models/dns/dns_name.h"

#include <algorithm>

#include "models/dns/message_size.h"

namespace ekssim::dns {

std::string_view to_string(QueryType type) {
  switch (type) {
    case QueryType::kA:
      return "A";
    case QueryType::kAAAA:
      return "AAAA";
  }
  return "?";
}

std::string_view to_string(Rcode rcode) {
  switch (rcode) {
    case Rcode::kNoError:
      return "NOERROR";
    case Rcode::kServFail:
      return "SERVFAIL";
    case Rcode::kNxDomain:
      return "NXDOMAIN";
    case Rcode::kRefused:
      return "REFUSED";
  }
  return "?";
}

std::string_view to_string(ResponseKind kind) {
  switch (kind) {
    case ResponseKind::kAnswer:
      return "answer";
    case ResponseKind::kNoData:
      return "nodata";
    case ResponseKind::kNxDomain:
      return "nxdomain";
    case ResponseKind::kServFail:
      return "servfail";
    case ResponseKind::kRefused:
      return "refused";
  }
  return "?";
}

DnsAnswer DnsAnswer::records(std::vector<net::Ipv4> addresses, sim::Duration ttl) {
  return DnsAnswer{Rcode::kNoError, std::move(addresses), ttl};
}

DnsAnswer DnsAnswer::no_data(sim::Duration negative_ttl) {
  return DnsAnswer{Rcode::kNoError, {}, negative_ttl};
}

DnsAnswer DnsAnswer::nxdomain(sim::Duration negative_ttl) {
  return DnsAnswer{Rcode::kNxDomain, {}, negative_ttl};
}

DnsAnswer DnsAnswer::servfail() {
  return DnsAnswer{Rcode::kServFail, {}, sim::Duration::zero()};
}

std::string normalize_name(std::string_view name) {
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  std::string out(name);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  return out;
}

std::string fqdn(std::string_view name) {
  std::string out(name);
  out.push_back('.');
  return out;
}

bool is_in_zone(std::string_view name, std::string_view zone) {
  if (name.size() == zone.size()) return name == zone;
  return name.size() > zone.size() && name.ends_with(zone) &&
         name[name.size() - zone.size() - 1] == '.';
}

std::optional<net::Ipv4> parse_dashed_ipv4(std::string_view label) {
  if (std::count(label.begin(), label.end(), '-') != 3) return std::nullopt;
  std::string dotted(label);
  std::replace(dotted.begin(), dotted.end(), '-', '.');
  return net::Ipv4::parse(dotted);
}

NameId NameTable::intern(std::string_view name) {
  std::string key = normalize_name(name);
  auto [it, inserted] = ids_.try_emplace(std::move(key), static_cast<NameId>(texts_.size()));
  if (inserted) {
    texts_.push_back(&it->first);
    wire_lengths_.push_back(static_cast<uint32_t>(wire_name_length(it->first)));
  }
  return it->second;
}

std::optional<NameId> NameTable::find(std::string_view name) const {
  const auto it = ids_.find(normalize_name(name));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ekssim::dns

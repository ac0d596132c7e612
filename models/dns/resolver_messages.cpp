#include "models/dns/resolver_messages.h"

#include <fmt/format.h>

namespace ekssim::dns {

namespace {

// Without a nameserver both stub resolvers fall back to the local host.
std::string server_of(const LookupResult& result, const ResolverConfig& config) {
  if (config.nameservers().empty()) return "127.0.0.1";
  return config.nameservers()[result.last_server].to_string();
}

std::string glibc_message(Reply cause) {
  switch (cause) {
    case Reply::kNxdomain:
      return "Name or service not known";
    case Reply::kNoData:
      return "No address associated with hostname";
    default:
      return "Temporary failure in name resolution";
  }
}

std::string go_message(const LookupResult& result, std::string_view name, const std::string& server,
                       ClientSocket client) {
  if (result.candidates_tried == 0 && result.cause == Reply::kNxdomain) {
    return fmt::format("lookup {}: no such host", name);
  }
  const std::string socket =
      fmt::format("read udp {}:{}->{}:53", client.ip.to_string(), client.port, server);
  std::string error;
  switch (result.cause) {
    case Reply::kNxdomain:
    case Reply::kNoData:
      error = "no such host";
      break;
    case Reply::kServfail:
    case Reply::kRefused:
      error = "server misbehaving";
      break;
    case Reply::kTimeout:
      error = socket + ": i/o timeout";
      break;
    case Reply::kUnreachable:
      error = socket + ": read: connection refused";
      break;
    case Reply::kAnswer:
      break;
  }
  return fmt::format("lookup {} on {}:53: {}", name, server, error);
}

std::string dig_message(Reply cause, const std::string& server) {
  switch (cause) {
    case Reply::kTimeout:
      return ";; connection timed out; no servers could be reached";
    case Reply::kUnreachable:
      return fmt::format(";; communications error to {}#53: connection refused", server);
    case Reply::kNxdomain:
      return "status: NXDOMAIN";
    case Reply::kServfail:
      return "status: SERVFAIL";
    case Reply::kRefused:
      return "status: REFUSED";
    case Reply::kNoData:
      return "status: NOERROR";
    case Reply::kAnswer:
      break;
  }
  return "";
}

}  // namespace

std::string failure_message(ResolverKind kind, const LookupResult& result, std::string_view name,
                            const ResolverConfig& config, ClientSocket client) {
  if (result.resolved) return "";
  switch (kind) {
    case ResolverKind::kGlibc:
      return glibc_message(result.cause);
    case ResolverKind::kGo:
      return go_message(result, name, server_of(result, config), client);
    case ResolverKind::kDig:
      break;
  }
  return dig_message(result.cause, server_of(result, config));
}

std::string_view failure_reason(const LookupResult& result) {
  if (result.resolved) return "";
  // glibc with attempts:0 (resolver_lookup.h): ECONNREFUSED without a query on the wire.
  if (result.queries == 0 && result.candidates_tried > 0 && result.cause == Reply::kUnreachable)
    return "DnsNoQuerySent";
  switch (result.cause) {
    case Reply::kTimeout:
      return "DnsTimeout";
    case Reply::kUnreachable:
      return "DnsRefused";
    case Reply::kServfail:
      return "DnsServfail";
    case Reply::kRefused:
      return "DnsRcodeRefused";
    case Reply::kNxdomain:
      return "DnsNxdomain";
    case Reply::kNoData:
      return "DnsNoData";
    case Reply::kAnswer:
      break;
  }
  return "";
}

}  // namespace ekssim::dns

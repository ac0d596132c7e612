#pragma once
// IP protocols, port ranges and ICMP type/code matches: the words security group rules, network
// ACL entries and flows share.
//
// Numbers and spellings follow the EC2 API (AuthorizeSecurityGroupIngress, CreateNetworkAclEntry):
// protocol "-1" means all protocols, tcp is 6, udp 17, icmp 1; a port range applies to tcp and udp
// only; an ICMP type or code of -1 means any.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ekssim::net {

class Protocol {
 public:
  static constexpr Protocol all() { return Protocol(-1); }
  static constexpr Protocol icmp() { return Protocol(1); }
  static constexpr Protocol tcp() { return Protocol(6); }
  static constexpr Protocol udp() { return Protocol(17); }
  static constexpr Protocol number(uint8_t iana_number) { return Protocol(iana_number); }
  // "all", "-1", "tcp", "udp", "icmp" (any case) or a number 0-255.
  static std::optional<Protocol> parse(std::string_view text);

  constexpr bool is_all() const { return value_ < 0; }
  // The IANA number; -1 for all.
  constexpr int value() const { return value_; }
  // Only tcp and udp carry ports that rules can select.
  constexpr bool has_ports() const { return value_ == 6 || value_ == 17; }
  constexpr bool is_icmp() const { return value_ == 1; }
  // True when a rule for this protocol covers a packet of protocol `packet` (never "all").
  constexpr bool covers(Protocol packet) const { return is_all() || value_ == packet.value_; }
  // "all", "tcp", "udp", "icmp" or "protocol 47".
  std::string to_string() const;

  constexpr bool operator==(const Protocol&) const = default;

 private:
  constexpr explicit Protocol(int value) : value_(static_cast<int16_t>(value)) {}
  int16_t value_;
};

// An inclusive port range. A rule's range is matched against the packet's destination port, in
// both directions (so a rule for replies names the client's ephemeral ports).
struct PortRange {
  uint16_t first = 0;
  uint16_t last = 65535;

  static constexpr PortRange all() { return {0, 65535}; }
  static constexpr PortRange single(uint16_t port) { return {port, port}; }
  // "53", "1024-65535"; rejects first > last.
  static std::optional<PortRange> parse(std::string_view text);

  constexpr bool is_all() const { return first == 0 && last == 65535; }
  constexpr bool contains(uint16_t port) const { return first <= port && port <= last; }
  // "53" or "1024-65535".
  std::string to_string() const;

  constexpr bool operator==(const PortRange&) const = default;
};

// The ICMP types and codes a rule selects; -1 means any.
struct IcmpMatch {
  int16_t type = -1;
  int16_t code = -1;

  constexpr bool is_all() const { return type < 0 && code < 0; }
  constexpr bool covers(uint8_t packet_type, uint8_t packet_code) const {
    return (type < 0 || type == packet_type) && (code < 0 || code == packet_code);
  }
  // "type 8 code 0", "type 3" (any code) or "" for all.
  std::string to_string() const;

  constexpr bool operator==(const IcmpMatch&) const = default;
};

// The ephemeral ports AWS recommends network ACLs allow for return traffic: 1024-65535 covers
// Linux clients (32768-60999), NAT gateways and load balancers (AWS "Network ACLs", "Ephemeral
// ports").
inline constexpr PortRange kEphemeralPorts{1024, 65535};

}  // namespace ekssim::net

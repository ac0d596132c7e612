#pragma once
// The smallest configuration change that lets a refused flow through, one line each, in the
// spirit of Reachability Analyzer's explanations (the component, the rule) but phrased as the
// change to make. Called only when a trace was asked for.

#include <optional>

#include "models/net/flow.h"
#include "models/net/hop.h"
#include "models/net/verdict.h"
#include "models/vpc/eni.h"
#include "models/vpc/network_acl.h"
#include "models/vpc/route_table.h"
#include "models/vpc/vpc.h"

namespace ekssim::vpc {

// A rule for `filtered`'s first group. The peer is the other end's first security group when it
// is an ENI that carries one (rules that name groups survive pod and node churn), else its /32.
// Inbound: "add to nodes-old an inbound rule: udp 53 from security group nodes-new".
net::Fix security_group_fix(const Vpc& vpc, const net::Flow& packet, net::Direction direction,
                            const Eni& filtered, const Eni* other_end);

// An allow entry numbered just below the denying entry (or, after "*", at the next hundred
// above the last entry) for the packet's protocol and port and the other end's subnet (its /32
// outside the VPC). On the reply leg the port is the client's ephemeral range, 1024-65535, and
// the text says why.
net::Fix network_acl_fix(const Vpc& vpc, NetworkAclId acl, net::Direction direction, net::Leg leg,
                         const net::Flow& packet, const NaclDecision& decision);

// A route for `destination` in `table`: to the gateway of the remote network that holds it,
// else 0.0.0.0/0 to a NAT gateway (one in `from`'s Availability Zone first) or the internet
// gateway.
net::Fix missing_route_fix(const Vpc& vpc, RouteTableId table, SubnetId from,
                           net::Ipv4 destination);

// The route matched but its target is gone.
net::Fix blackhole_fix(const Vpc& vpc, RouteTableId table, const RouteMatch& match);

// A NAT gateway's subnet must send internet traffic to the internet gateway.
net::Fix nat_needs_internet_gateway_fix(const Vpc& vpc, RouteTableId nat_table,
                                        const std::optional<RouteMatch>& current);

// The transit gateway or peering connection has no network behind it that holds `destination`.
net::Fix gateway_route_fix(const Vpc& vpc, GatewayId gateway, net::Ipv4 destination);

// A private address cannot leave through the internet gateway without a public one.
net::Fix public_ip_fix(const Eni& source, net::Ipv4 address);

}  // namespace ekssim::vpc

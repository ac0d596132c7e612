#include "models/net/verdict.h"

#include <fmt/format.h>

namespace ekssim::net {

std::string_view to_string(Disposition disposition) {
  switch (disposition) {
    case Disposition::kAccepted:
      return "accepted";
    case Disposition::kDelivered:
      return "delivered";
    case Disposition::kExitsNetwork:
      return "exits-network";
    case Disposition::kDeniedOut:
      return "denied-out";
    case Disposition::kDeniedIn:
      return "denied-in";
    case Disposition::kNoRoute:
      return "no-route";
    case Disposition::kNullRouted:
      return "null-routed";
    case Disposition::kNeighborUnreachable:
      return "neighbor-unreachable";
  }
  return "?";
}

std::string_view to_string(Reason reason) {
  switch (reason) {
    case Reason::kNone:
      return "";
    case Reason::kEniSgRulesMismatch:
      return "ENI_SG_RULES_MISMATCH";
    case Reason::kSubnetAclRestriction:
      return "SUBNET_ACL_RESTRICTION";
    case Reason::kNoRouteToDestination:
      return "NO_ROUTE_TO_DESTINATION";
    case Reason::kBadStateRoute:
      return "BAD_STATE_ROUTE";
    case Reason::kIgwPublicIpAssociationForEgress:
      return "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS";
    case Reason::kEniSourceDestCheckRestriction:
      return "ENI_SOURCE_DEST_CHECK_RESTRICTION";
    case Reason::kNoPossibleDestination:
      return "NO_POSSIBLE_DESTINATION";
    case Reason::kPcxRequiresAddressInVpcCidr:
      return "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR";
    case Reason::kRemoteNetworkRestriction:
      return "REMOTE_NETWORK_RESTRICTION";
    case Reason::kVpcDnsSupportDisabled:
      return "VPC_DNS_SUPPORT_DISABLED";
    case Reason::kKubeProxyReject:
      return "KUBE_PROXY_REJECT";
    case Reason::kKubeProxyDrop:
      return "KUBE_PROXY_DROP";
    case Reason::kNetworkPolicy:
      return "NETWORK_POLICY";
  }
  return "?";
}

bool Verdict::passed() const {
  return disposition == Disposition::kAccepted || disposition == Disposition::kDelivered ||
         disposition == Disposition::kExitsNetwork;
}

std::string Verdict::explain() const {
  std::string text;
  for (size_t i = 0; i < hops.size(); ++i) {
    text += fmt::format("{}. {}\n", i + 1, hops[i].to_string());
  }
  text += fmt::format("=> {}", to_string(disposition));
  if (reason != Reason::kNone) text += fmt::format(" ({})", to_string(reason));
  if (leg == Leg::kReply) text += " on the reply";
  text += "\n";
  if (fix) text += fmt::format("fix: {}\n", fix->text);
  return text;
}

std::string Verdict::denial() const {
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    if (it->action == Action::kDenied || it->action == Action::kDropped) return it->to_string();
  }
  return std::string(to_string(disposition));
}

}  // namespace ekssim::net

#pragma once
// Endpoints as kube-proxy reads them (k8s.io/api/discovery/v1 EndpointSlice): one address per
// endpoint, the node it runs on, its conditions, and the ports every endpoint of the slice serves.
// A service's endpoints may be spread over several slices.
//
// Conditions follow pkg/proxy/endpointslicecache.go newEndpointSliceInfo: an unset Ready or Serving
// means true, an unset Terminating means false. Simplification: topology hints (zone and node
// hints for trafficDistribution) are not modelled, so every ready endpoint is eligible everywhere.

#include <cstdint>
#include <string>
#include <vector>

#include "models/k8s/string_table.h"
#include "models/net/ipv4.h"
#include "models/net/protocol.h"

namespace ekssim::k8s {

struct EndpointConditions {
  bool ready = true;
  bool serving = true;
  bool terminating = false;
};

// An endpoint's node is its nodeName, interned in the ApiServer's StringTable (kEmpty: no
// nodeName, never local). kube-proxy compares it with its own hostname, not with a Node object
// (pkg/proxy/endpointslicecache.go, addEndpoints: isLocal is nodeName == the proxier's
// hostname), so a slice written before its node exists is local there as soon as the node runs
// kube-proxy.
struct Endpoint {
  net::Ipv4 ip;
  StrId node_name = StringTable::kEmpty;
  EndpointConditions conditions;
};

// The port an endpoint serves for the service port of the same name and protocol: the number
// the endpoints controller resolved targetPort to.
struct EndpointPort {
  std::string name;
  uint16_t port = 0;
  net::Protocol protocol = net::Protocol::tcp();
};

struct EndpointSlice {
  std::vector<EndpointPort> ports;
  std::vector<Endpoint> endpoints;
};

}  // namespace ekssim::k8s

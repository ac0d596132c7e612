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

#include "models/k8s/ids.h"
#include "models/net/ipv4.h"
#include "models/net/protocol.h"

namespace ekssim::k8s {

struct EndpointConditions {
  bool ready = true;
  bool serving = true;
  bool terminating = false;
};

struct Endpoint {
  net::Ipv4 ip;
  NodeId node;  // none: no nodeName, which kube-proxy treats as never local
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

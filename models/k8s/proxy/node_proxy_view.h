#pragma once
// What one node's kube-proxy works from: the shared service table (by reference, never copied
// per node), the proxy's settings, and the node's own identity.

#include "models/k8s/proxy/proxy_config.h"
#include "models/k8s/proxy/service_table.h"
#include "models/k8s/string_table.h"
#include "models/net/ipv4.h"

namespace ekssim::k8s {

struct NodeProxyView {
  const ProxyServiceTable& services;
  const ProxyConfig& config;
  // The node's name (kube-proxy's hostname) interned in the ApiServer's StringTable; endpoints
  // whose nodeName is this are local. StringTable::kMissing: no endpoint names the node.
  StrId node_name;
  net::Ipv4 node_ip;  // the node IP kube-proxy was given (--bind-address / the Node's address)
};

}  // namespace ekssim::k8s

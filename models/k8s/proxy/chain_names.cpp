#include "models/k8s/proxy/chain_names.h"

#include "models/k8s/proxy/base32.h"
#include "models/k8s/proxy/sha256.h"

namespace ekssim::k8s {

namespace {

ChainHash hash_suffix(Sha256& hash) {
  const Sha256Digest digest = hash.finish();
  ChainHash suffix;
  base32_encode_prefix(digest, suffix);
  return suffix;
}

}  // namespace

ChainHash port_proto_hash(std::string_view service_port_name, std::string_view protocol) {
  Sha256 hash;
  hash.update(service_port_name);
  hash.update(protocol);
  return hash_suffix(hash);
}

ChainHash endpoint_chain_hash(std::string_view service_port_name, std::string_view protocol,
                              std::string_view endpoint) {
  Sha256 hash;
  hash.update(service_port_name);
  hash.update(protocol);
  hash.update(endpoint);
  return hash_suffix(hash);
}

std::string_view chain_prefix(ChainKind kind) {
  switch (kind) {
    case ChainKind::kSvc:
      return "KUBE-SVC-";
    case ChainKind::kSvl:
      return "KUBE-SVL-";
    case ChainKind::kExt:
      return "KUBE-EXT-";
    case ChainKind::kFw:
      return "KUBE-FW-";
    case ChainKind::kSep:
      return "KUBE-SEP-";
  }
  return "";
}

std::string chain_name(ChainKind kind, const ChainHash& hash) {
  std::string name;
  append_chain_name(name, kind, hash);
  return name;
}

void append_chain_name(std::string& out, ChainKind kind, const ChainHash& hash) {
  out.append(chain_prefix(kind));
  out.append(hash.data(), hash.size());
}

}  // namespace ekssim::k8s

#include "models/k8s/pod_names.h"

namespace ekssim::k8s {

std::string safe_encode(std::string_view text) {
  std::string encoded(text.size(), ' ');
  for (size_t i = 0; i < text.size(); ++i) {
    encoded[i] = kNameAlphabet[static_cast<unsigned char>(text[i]) % kNameAlphabet.size()];
  }
  return encoded;
}

std::string pod_template_hash(std::string_view ns, std::string_view workload) {
  std::string key(ns);
  key += '/';
  key += workload;
  const auto hash = static_cast<uint32_t>(sim::stable_hash(key));
  return safe_encode(std::to_string(hash));
}

std::string random_suffix(sim::RandomStream& rng, int length) {
  std::string suffix(static_cast<size_t>(length), ' ');
  for (char& c : suffix)
    c = kNameAlphabet[rng.below(kNameAlphabet.size())];
  return suffix;
}

}  // namespace ekssim::k8s

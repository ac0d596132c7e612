#pragma once
// Generated object names, in upstream's shapes:
// - `<deployment>-<pod-template-hash>` for a ReplicaSet and `<replicaset>-<5 chars>` for its
//   pods: "airflow-scheduler-7d948bd89d-vc9b9";
// - `<daemonset>-<5 chars>` for a DaemonSet's pods: "aws-node-x7k2p".
// The 5-character suffix is generateName's (k8s.io/apiserver/pkg/storage/names, `GenerateName`,
// with k8s.io/apimachinery/pkg/util/rand `String`), drawn here from the caller's seeded stream.
// The pod-template-hash is `controller.ComputeHash`: a 32-bit hash of the pod template, printed
// in decimal and passed through `rand.SafeEncodeString`, which maps each digit into the alphabet
// below (so it only ever uses 4-9, b, c, d, f). We hash the workload's namespace and name instead
// of the template's serialisation: stable, and distinct per workload.

#include <cstdint>
#include <string>
#include <string_view>

#include "sim/random.h"

namespace ekssim::k8s {

// k8s.io/apimachinery/pkg/util/rand: consonants and digits that cannot spell words.
inline constexpr std::string_view kNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

// `rand.SafeEncodeString`: every byte b becomes kNameAlphabet[b % 27].
std::string safe_encode(std::string_view text);
// The pod-template-hash label of a workload.
std::string pod_template_hash(std::string_view ns, std::string_view workload);
// `rand.String(n)`.
std::string random_suffix(sim::RandomStream& rng, int length = 5);

}  // namespace ekssim::k8s

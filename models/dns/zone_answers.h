#pragma once
// The kubernetes plugin's answers for names in the cluster zone, CNAMEs inside the zone followed,
// kept per (name, type) until the Services change (ServiceDirectory::answers_version). Every
// replica reads the same Services (each through its own informer cache upstream, which the model
// does not delay), so one ZoneAnswers serves a whole fleet: a cache miss in any replica costs a
// hash lookup instead of parsing the name and asking the directory again. It is a memo of a pure
// function, not a model of anything in CoreDNS; each replica's own `cache 30` still decides what
// is a miss. It holds at most 2^18 answers and starts again past that.

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/dns/coredns_kubernetes.h"
#include "models/dns/dns_name.h"

namespace ekssim::dns {

class ZoneAnswers {
 public:
  ZoneAnswers(const KubernetesZone& zone, const ServiceDirectory& services);
  ZoneAnswers(const ZoneAnswers&) = delete;
  ZoneAnswers& operator=(const ZoneAnswers&) = delete;

  // The answer for `name` (whose text is `text`, in the zone): a record set, a denial, or a
  // CNAME out of the zone for the caller to resolve. A chain that loops or runs past 10 hops
  // inside the zone gives NOERROR with no data.
  const KubernetesAnswer& answer(NameId name, std::string_view text, QueryType type);
  // The same, reading the name's text from `names` only when the answer is not memoized.
  // The ids of one ZoneAnswers must all come from one NameTable (the memos key on them).
  const KubernetesAnswer& answer(NameId name, const NameTable& names, QueryType type);
  // Whether `name` lies in the zone (is_in_zone), memoized by id for good: a name's text and the
  // zone never change. CoreDns::walk asks for every batch, and reading the text each time cost
  // the 5,000-node run a cache miss or two per batch.
  bool in_zone(NameId name, const NameTable& names);

 private:
  KubernetesAnswer resolve(std::string_view text, QueryType type) const;

  const KubernetesZone& zone_;
  const ServiceDirectory& services_;
  uint64_t version_;
  // Lookup only, never iterated.
  std::unordered_map<uint64_t, KubernetesAnswer> answers_;
  // By NameId (dense): 0 not known yet, else kOutside or kInside.
  std::vector<uint8_t> in_zone_;
};

}  // namespace ekssim::dns

#pragma once
// The kubernetes plugin's answers for names in the cluster zone, CNAMEs inside the zone followed,
// kept per (name, type) until the Services change (ServiceDirectory::answers_version). Every
// replica reads the same Services (each through its own informer cache upstream, which the model
// does not delay), so one ZoneAnswers serves a whole fleet: a cache miss in any replica costs a
// hash lookup instead of parsing the name and asking the directory again. It is a memo of a pure
// function, not a model of anything in CoreDNS; each replica's own `cache 30` still decides what
// is a miss. It holds at most 2^18 answers and starts again past that.
//
// The memo is found by name id (ids are dense), not hashed: a replica's cache miss came to it
// cold, and a hash table's bucket and node were two misses in a row before the answer's own
// (3% of the 5,000-node hour's samples).

#include <cstdint>
#include <deque>
#include <string_view>
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
  // Resolves and memoizes an answer the memo does not hold, starting the memo again first when
  // the Services changed or it is full.
  const KubernetesAnswer& add(NameId name, std::string_view text, QueryType type);
  // The memoized answer, or null: none yet, or the Services changed since.
  const KubernetesAnswer* memoized(NameId name, QueryType type) const;
  static size_t slot_of(NameId name, QueryType type) {
    return size_t{name} << 1 | static_cast<size_t>(type);
  }

  // A memo entry counts while its generation is the memo's: a new generation (the Services
  // changed, or the memo filled up) forgets every answer at once.
  struct Memo {
    uint32_t generation = 0;  // 0: never set
    uint32_t index = 0;       // into answers_
  };

  const KubernetesZone& zone_;
  const ServiceDirectory& services_;
  uint64_t version_;
  uint32_t generation_ = 1;
  std::vector<Memo> memo_;  // by slot_of(name, type)
  // A deque, so that the answers handed out stay where they are as others are added.
  std::deque<KubernetesAnswer> answers_;
  // By NameId (dense): 0 not known yet, else kOutside or kInside.
  std::vector<uint8_t> in_zone_;
};

}  // namespace ekssim::dns

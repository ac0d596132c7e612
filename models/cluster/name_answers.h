#pragma once
// What the A answer for a name holds, as the pods' resolvers get it (resolved_address in
// dns_exchanges.h): a cluster name from the kubernetes plugin's view of the Services, any other
// from the VPC resolver. Its first address is where a resolved connection goes; its number of
// records sizes the UDP answer (the truncation check, dns/message_size.h).
//
// A memo, not a model: every resolved connection and every answered A share asks, and working
// the answer out parses the name and allocates several strings and vectors (3-7% of the DNS
// model's time in the 500- and 5,000-node runs). It is kept per interned name until the
// Services' answers change (ServiceDirectory::answers_version); the VPC resolver's answers are
// fixed for a run (its external hosts and the VPC's ranges are set when it is built).

#include <cstdint>
#include <optional>
#include <vector>

#include "models/dns/coredns_kubernetes.h"
#include "models/dns/dns_name.h"
#include "models/dns/vpc_resolver.h"
#include "models/net/ipv4.h"

namespace ekssim::cluster {

class NameAnswers {
 public:
  NameAnswers(const dns::ServiceDirectory& directory, const dns::VpcResolver& vpc_resolver,
              const dns::NameTable& names);

  struct Summary {
    std::optional<net::Ipv4> first;  // the first address; none without one
    uint32_t records = 0;            // A records in the answer
  };
  // The A answer for `name`, an id of the table given at construction, as it is now.
  const Summary& a_answer(dns::NameId name);

 private:
  static constexpr uint64_t kNever = ~uint64_t{0};
  struct Memo {
    uint64_t version = kNever;  // the answers_version it was worked out at
    Summary summary;
  };

  const dns::ServiceDirectory& directory_;
  const dns::VpcResolver& vpc_resolver_;
  const dns::NameTable& names_;
  std::vector<Memo> memo_;  // by NameId: ids are dense
};

}  // namespace ekssim::cluster

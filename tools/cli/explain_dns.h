#pragma once
// `ekssim explain SCENARIO --from pod/NS/NAME --dns NAME [--at D]`: one pod's lookup of NAME as the
// run made it, step by step: the pod's resolv.conf as kubelet writes it, the search-list
// candidates in order, the run's last failed lookup of NAME by that pod at or before --at (its
// reason, message, root cause and fix from the trace; successful lookups are traced only as
// counts) walked exchange by exchange through the resolver's state machine
// (tools/serve/dns_walk.h), and where a query goes: kube-dns's cluster IP, DNATed by kube-proxy to
// each CoreDNS pod, hop by hop as `explain --to svc/kube-system/kube-dns:53
// --protocol udp` judges it. Exit 0 with the walk; 2 for a bad option, a scenario with errors, or
// a source that is not a pod.

#include <ostream>

#include "tools/cli/explain_command.h"

namespace ekssim::cli {

int run_explain_dns(const ExplainOptions& options, std::ostream& out, std::ostream& err);

}  // namespace ekssim::cli

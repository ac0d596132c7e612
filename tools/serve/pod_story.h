#pragma once
// A pod's story for the page, in time order, from the run's trace: creation, scheduling (or why
// not), each IP attempt with ipamd's decision (the address, the ENI, and the warm-pool rule with
// its arithmetic behind the node's last pool change: IpamdPoolChanged::why), sandbox failures
// with their root cause, Running; every DNS lookup with its walk (dns_walk.h), the application's
// message, the root cause and the fix; failed connections; deletion. Repeats of the same lookup
// with the same outcome are folded into one entry with a count and the time of the last.

#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "models/cluster/world.h"
#include "tools/serve/event_log.h"

namespace ekssim::serve {

// {"ns", "name", "node", "ip", "traffic": [{"kind": connect|resolve, "to", "protocol", "name"}],
//  "entries": [{"t", "until", "count", "kind", "title", "detail",
//  "cause", "fix", "walk"}]}; none when the trace never mentions the pod.
std::optional<nlohmann::json> pod_story(const cluster::World& world,
                                        const std::vector<RecordedEvent>& events,
                                        std::string_view ns, std::string_view name);

}  // namespace ekssim::serve

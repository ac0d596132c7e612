#pragma once
// The scenario's words for the alternatives of the spec's variants and enums, for messages and
// reports ("scaleNodeGroup", "podsRunning", "Deployment", "NoSchedule").

#include <string>
#include <string_view>
#include <vector>

#include "models/spec/events.h"
#include "models/spec/expectations.h"
#include "models/spec/node_group.h"
#include "models/spec/workloads.h"

namespace ekssim::spec {

std::string_view kind_name(const EventAction& action);
std::string_view kind_name(const Check& check);
std::string_view kind_name(const Workload& workload);
// Every event kind and every expectation kind, in their variants' order: the keys the loader
// accepts.
const std::vector<std::string>& event_kind_names();
const std::vector<std::string>& check_kind_names();
std::string_view effect_name(TaintEffect effect);
std::string_view service_type_name(ServiceType type);

}  // namespace ekssim::spec

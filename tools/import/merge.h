#pragma once
// A scenario's own `cluster:`, `namespaces:` and `workloads:` merged onto what was imported:
//   maps merge by key (a key the import lacks is added);
//   lists whose items are maps with a `name` merge item by item, matched by name (workloads by
//     kind, namespace and name); in `cluster:` an item naming nothing imported is a located
//     error listing what was, in `workloads:` it is a workload of the scenario's own, added;
//   any other value (a scalar, a list of names, rules without names) replaces the imported one.
// Every value taken from the scenario is noted "scenario FILE:LINE".

#include <string>

#include "tools/import/doc.h"
#include "tools/import/import_log.h"

namespace ekssim::import {

// Merges `override` onto `base`; `where` names the value in messages ("cluster.nodeGroups").
void merge_cluster(Doc& base, const Doc& override, const std::string& where, ImportLog& log);
void merge_workloads(Doc& base, const Doc& override, ImportLog& log);
// Namespaces by name; one the scenario declares and the manifests do not is added.
void merge_namespaces(Doc& base, const Doc& override, ImportLog& log);
// Service accounts by namespace/name (namespace "default" when not given), likewise.
void merge_service_accounts(Doc& base, const Doc& override, ImportLog& log);

}  // namespace ekssim::import

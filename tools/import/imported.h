#pragma once
// What the importers build together: the parts of an ekssim/v1 scenario (its `cluster` map,
// `namespaces` and `workloads` lists, as a Doc tree with provenance) plus the lookups one importer leaves for the
// next (AWS ids to the names the scenario uses).

#include <map>
#include <string>

#include "tools/import/doc.h"

namespace ekssim::import {

struct Imported {
  Doc cluster = Doc::map();
  Doc namespaces = Doc::list();  // kind: Namespace, with its labels
  Doc service_accounts = Doc::list();  // kind: ServiceAccount, with its labels
  Doc workloads = Doc::list();
  // Events at 0s for what the scenario format cannot declare: rules eksctl adds to the EKS
  // cluster security group, which ekssim creates itself.
  Doc events = Doc::list();
  // AWS ids (subnet-…, sg-…) to the names the resolved scenario gives them.
  std::map<std::string, std::string> subnet_names;
  std::map<std::string, std::string> group_names;
  int initial_nodes = 0;  // nodes the imported node groups start with
};

}  // namespace ekssim::import

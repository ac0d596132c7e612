#pragma once
// The user's files an import reads: what a scenario's `from:` names or `ekssim import`'s flags
// give, and running every importer over them.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/import/import_log.h"
#include "tools/import/imported.h"

namespace ekssim::import {

using NamedPath = std::pair<std::string, Origin>;  // a path and where it was named

struct Sources {
  std::optional<NamedPath> eksctl;
  std::vector<NamedPath> manifests;
  std::vector<NamedPath> aws_describe;
  std::optional<std::string> vpc_id;
  Origin vpc_id_at;

  bool empty() const { return !eksctl && manifests.empty() && aws_describe.empty(); }
};

// Describe output first (the VPC as it is), then the eksctl config (what eksctl would build, or
// the existing VPC it names), then the manifests (which resolve ENIConfig ids through both).
Imported import_sources(const Sources& sources, ImportLog& log);

}  // namespace ekssim::import

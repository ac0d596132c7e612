#include "tools/import/sources.h"

#include "tools/import/aws_describe.h"
#include "tools/import/eksctl.h"
#include "tools/import/manifests.h"

namespace ekssim::import {

Imported import_sources(const Sources& sources, ImportLog& log) {
  Imported imported;
  import_aws_describe(sources.aws_describe, sources.vpc_id, sources.vpc_id_at, imported, log);
  if (sources.eksctl) import_eksctl(sources.eksctl->first, sources.eksctl->second, imported, log);
  import_manifests(sources.manifests, imported, log);
  return imported;
}

}  // namespace ekssim::import

#include "models/vpc/path.h"

#include <fmt/format.h>

#include <stdexcept>

#include "models/vpc/walk.h"
#include "sim/invariant.h"

namespace ekssim::vpc {

net::Verdict evaluate(const Vpc& vpc, const net::Flow& flow, EniId source,
                      const EvaluateOptions& options) {
  if (!vpc.eni_exists(source)) {
    throw sim::ComponentFailure("vpc/path",
                                fmt::format("evaluate: no live ENI #{}", source.index()));
  }
  if (flow.protocol.is_all()) {
    throw sim::ComponentFailure("vpc/path",
                                "evaluate: a flow needs a concrete protocol, not 'all'");
  }
  return detail::Walk(vpc, flow, source, options.want_trace).run();
}

}  // namespace ekssim::vpc

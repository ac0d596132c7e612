#pragma once
// The two renderings of `ekssim reachability`'s result (models/cluster/reachability.h).
//
// Text: a legend of the endpoints, then per port a matrix (rows: from, columns: to) whose cells
// read "ok", "DENIED #n" or "-" (not judged), each followed by its denials: the pair, the
// disposition and reason code, the hop that stopped it and the fix.
//
// DOT (Graphviz, written with boost::write_graphviz): one node per endpoint, shaped by kind; an
// allowed edge per pair labelled with its ports; a red dashed edge per pair for the ports denied,
// labelled with each reason code.

#include <string>

#include "models/cluster/reachability.h"

namespace ekssim::cli {

std::string format_reachability_text(const cluster::Reachability& reachability);
std::string format_reachability_dot(const cluster::Reachability& reachability);

}  // namespace ekssim::cli

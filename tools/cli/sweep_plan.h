#pragma once
// Which variants a sweep runs: the baseline (the scenario as written) first, then every named
// variant of the scenario's `sweep:` section (and "none") crossed with every combination of the
// axes' values, the section's axes first, then the command line's (`--set PATH=V1,V2,…`; a path
// given in both takes the command line's values). The order is the table's and the shards'.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/scenario/sweep_section.h"

namespace ekssim::cli {

struct Variant {
  std::string name;  // "baseline", "pd", "WARM_IP_TARGET=1", "pd WARM_IP_TARGET=1 replicas=90"
  std::vector<scenario::Setting> settings;
};

// `--set PATH=V1,V2,…`: values split at commas outside quotes and brackets. Returns an error
// message naming what was wrong, or nullopt.
std::optional<std::string> parse_set_option(std::string_view arg, scenario::SweepAxis& axis);

std::vector<Variant> plan_variants(const scenario::SweepSection& section,
                                   const std::vector<scenario::SweepAxis>& command_line_axes);

// 16 hex digits naming the sweep: the scenario's text, the variants and the seeds. Shards of one
// sweep carry the same; `ekssim merge` refuses to mix others.
std::string plan_digest(std::string_view text, const std::vector<Variant>& variants,
                        const std::vector<uint64_t>& seeds);

}  // namespace ekssim::cli

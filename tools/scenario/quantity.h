#pragma once
// Kubernetes resource quantities (k8s.io/apimachinery, pkg/api/resource/quantity.go,
// ParseQuantity): a decimal number with an optional suffix — binary Ki Mi Gi Ti Pi Ei, decimal
// n u m k M G T P E, or an exponent e3 / E3. "250m", "1", "1.5", "256Mi", "1Gi", "1G", "500k".
//
// Values are kept exact: CPU as integer millicores, memory as integer bytes.

#include <cstdint>
#include <optional>
#include <string_view>

namespace ekssim::scenario {

// CPU in millicores: "250m" is 250, "1.5" is 1500. Precision finer than 1m is rejected (the
// Kubernetes documentation: "Precision finer than 1m is not allowed"), as are negatives.
std::optional<int64_t> parse_cpu_millis(std::string_view text);

// Memory in bytes: "256Mi" is 268435456, "1G" is 1000000000. A fractional byte count rounds up,
// as Quantity.Value() does ("0.5" is 1).
std::optional<int64_t> parse_memory_bytes(std::string_view text);

}  // namespace ekssim::scenario

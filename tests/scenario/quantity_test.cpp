#include "tools/scenario/quantity.h"

#include <catch2/catch.hpp>

namespace ekssim::scenario {
namespace {

TEST_CASE("CPU quantities are exact millicores") {
  CHECK(parse_cpu_millis("250m") == 250);
  CHECK(parse_cpu_millis("1") == 1000);
  CHECK(parse_cpu_millis("1.5") == 1500);
  CHECK(parse_cpu_millis("0.1") == 100);
  CHECK(parse_cpu_millis("2k") == 2'000'000);
  CHECK(parse_cpu_millis("1e3") == 1'000'000);
  CHECK(parse_cpu_millis("0") == 0);
}

TEST_CASE("CPU finer than a millicore, negative or malformed is rejected") {
  CHECK(parse_cpu_millis("0.0001") == std::nullopt);
  CHECK(parse_cpu_millis("100u") == std::nullopt);
  CHECK(parse_cpu_millis("-1") == std::nullopt);
  CHECK(parse_cpu_millis("250x") == std::nullopt);
  CHECK(parse_cpu_millis("") == std::nullopt);
  CHECK(parse_cpu_millis("m") == std::nullopt);
  CHECK(parse_cpu_millis("1.2.3") == std::nullopt);
}

TEST_CASE("Memory quantities take binary and decimal suffixes, as Kubernetes does") {
  CHECK(parse_memory_bytes("256Mi") == 268'435'456);
  CHECK(parse_memory_bytes("1Gi") == 1'073'741'824);
  CHECK(parse_memory_bytes("1.5Gi") == 1'610'612'736);
  CHECK(parse_memory_bytes("1G") == 1'000'000'000);
  CHECK(parse_memory_bytes("500k") == 500'000);
  CHECK(parse_memory_bytes("128974848") == 128'974'848);
  CHECK(parse_memory_bytes("129e6") == 129'000'000);
  CHECK(parse_memory_bytes("123Mi") == 128'974'848);
}

TEST_CASE("A fractional byte count rounds up, as Quantity.Value() does") {
  CHECK(parse_memory_bytes("0.5") == 1);
  CHECK(parse_memory_bytes("1500m") == 2);
  CHECK(parse_memory_bytes("1n") == 1);
}

TEST_CASE("Memory that is malformed or does not fit 64 bits is rejected") {
  CHECK(parse_memory_bytes("1Gb") == std::nullopt);
  CHECK(parse_memory_bytes("1 Gi") == std::nullopt);
  CHECK(parse_memory_bytes("16Ei") == std::nullopt);
  CHECK(parse_memory_bytes("99999999999999999999") == std::nullopt);
}

}  // namespace
}  // namespace ekssim::scenario

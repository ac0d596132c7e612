// The warm-pool arithmetic as the trace spells it (IpamdPoolChanged::why).

#include "models/cni/warm_pool_reason.h"

#include <catch2/catch.hpp>

using namespace ekssim;
using cni::PoolStats;
using cni::WarmPoolConfig;

namespace {
WarmPoolConfig m5_config(cni::EnvConfig env = {}) {
  return WarmPoolConfig::from_env(env, *aws::find_instance_type("m5.large"));
}
PoolStats pool(int total, int assigned) {
  PoolStats s;
  s.total = total;
  s.assigned = assigned;
  s.enis = 1;
  return s;
}
}  // namespace

TEST_CASE("WARM_IP_TARGET growth names the target, the free addresses and the shortfall",
          "[warm_pool_reason]") {
  cni::EnvConfig env;
  env["WARM_IP_TARGET"] = "5";
  const WarmPoolConfig c = m5_config(env);
  const PoolStats s = pool(9, 6);  // 3 available: short 2
  CHECK(cni::describe_growth(c, s, 1, false) ==
        "WARM_IP_TARGET 5: 3 available of 9, short 2 → asks EC2 for 1 address on an attached ENI");
  CHECK(cni::describe_growth(c, s, 2, true) ==
        "WARM_IP_TARGET 5: 3 available of 9, short 2 → asks EC2 for 2 addresses on a new ENI");
}

TEST_CASE("WARM_ENI_TARGET growth compares the free addresses with a whole ENI's worth",
          "[warm_pool_reason]") {
  const WarmPoolConfig c = m5_config();
  CHECK(cni::describe_growth(c, pool(9, 4), 9, true) ==
        "WARM_ENI_TARGET 1: 5 available < 1 × 9 per ENI → asks EC2 for 9 addresses on a new ENI");
  CHECK(cni::describe_eni_free(c, pool(27, 0)) ==
        "WARM_ENI_TARGET 1: 27 available ≥ (1 + 1) × 9 per ENI → frees an ENI");
}

TEST_CASE("a release over WARM_IP_TARGET and MINIMUM_IP_TARGET names both and the excess",
          "[warm_pool_reason]") {
  cni::EnvConfig env;
  env["WARM_IP_TARGET"] = "2";
  env["MINIMUM_IP_TARGET"] = "4";
  const WarmPoolConfig c = m5_config(env);
  CHECK(cni::describe_release(c, pool(9, 1), 5) ==
        "WARM_IP_TARGET 2, MINIMUM_IP_TARGET 4: 8 available of 9, over 5 → releases 5 addresses");
}

// failures.h: repeated failures fold into one record; windows count the folded ones.

#include <catch2/catch.hpp>

#include "models/report/failures.h"

using ekssim::report::Failure;

namespace {

Failure failure(double at, std::string reason, std::string cause, std::string message = "m") {
  Failure f;
  f.at = at;
  f.reason = std::move(reason);
  f.cause = std::move(cause);
  f.message = std::move(message);
  return f;
}

}  // namespace

TEST_CASE("the same failure again folds into the last record — another one starts a new record",
          "[report][failures]") {
  std::vector<Failure> list;
  for (int k = 0; k < 5; ++k)
    ekssim::report::record_failure(list, failure(60 + 10 * k, "Ec2Throttled", "throttled",
                                                 "sandbox " + std::to_string(k)));
  ekssim::report::record_failure(list, failure(120, "SubnetExhausted", "full"));
  ekssim::report::record_failure(list, failure(130, "Ec2Throttled", "throttled"));
  REQUIRE(list.size() == 3);
  CHECK(list[0].count == 5);
  CHECK(list[0].at == 60);
  CHECK(list[0].last_at == 100);
  CHECK(list[0].message == "sandbox 0");  // the first one's
  CHECK(list[1].count == 1);
  CHECK(list[1].last_at == 120);
  CHECK(list[2].count == 1);
  CHECK(ekssim::report::failure_count(list) == 7);
}

TEST_CASE("a window counts a folded record's failures as spread evenly over its span",
          "[report][failures]") {
  Failure f = failure(60, "Ec2Throttled", "throttled");
  f.count = 5;  // at 60, 70, 80, 90, 100
  f.last_at = 100;
  CHECK(ekssim::report::failures_between(f, 0, 1000) == 5);
  CHECK(ekssim::report::failures_between(f, 60, 60) == 1);
  CHECK(ekssim::report::failures_between(f, 65, 95) == 3);
  CHECK(ekssim::report::failures_between(f, 70, 80) == 2);
  CHECK(ekssim::report::failures_between(f, 100, 200) == 1);
  CHECK(ekssim::report::failures_between(f, 101, 200) == 0);
  CHECK(ekssim::report::failures_between(f, 0, 59.9) == 0);
  const Failure single = failure(42, "DnsTimeout", "dropped");
  CHECK(ekssim::report::failures_between(single, 42, 42) == 1);
  CHECK(ekssim::report::failures_between(single, 43, 50) == 0);
}

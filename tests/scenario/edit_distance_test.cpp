#include "tools/scenario/edit_distance.h"

#include <catch2/catch.hpp>

#include "models/aws/edit_distance.h"

namespace ekssim::scenario {
namespace {

using aws::edit_distance;

// The cases of Ninja's src/edit_distance_test.cc, with replacements allowed.
TEST_CASE("Edit distance counts insertions, deletions and substitutions") {
  CHECK(edit_distance("", "ninja") == 5);
  CHECK(edit_distance("ninja", "") == 5);
  CHECK(edit_distance("", "") == 0);
  CHECK(edit_distance("ninja", "njnja") == 1);
  CHECK(edit_distance("njnja", "ninja") == 1);
  CHECK(edit_distance("browser_tests", "browser_tests") == 0);
  CHECK(edit_distance("browser_test", "browser_tests") == 1);
  CHECK(edit_distance("browser_tests", "browser_test") == 1);
  CHECK(edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("Edit distance stops early past its limit") {
  for (int limit = 1; limit < 7; ++limit) {
    CHECK(edit_distance("abcdefghijklmnop", "ponmlkjihgfedcba", limit) == limit + 1);
  }
  CHECK(edit_distance("abc", "abd", 2) == 1);
}

TEST_CASE("The nearest candidate is suggested only when it is a plausible typo") {
  const std::vector<std::string> keys = {"name", "instanceType", "desiredCapacity", "subnets"};
  CHECK(nearest("instanceTyp", keys) == "instanceType");
  CHECK(nearest("subnet", keys) == "subnets");
  CHECK(nearest("completelyDifferent", keys) == std::nullopt);
  // A one-letter word is never "near" anything: every word is one edit away.
  CHECK(nearest("x", {"y"}) == std::nullopt);
}

TEST_CASE("Case differences weigh half an edit, so the right spelling wins") {
  CHECK(nearest("clusterfirst", {"ClusterFirstWithHostNet", "ClusterFirst", "Default"}) ==
        "ClusterFirst");
  CHECK(nearest("TCP", {"all", "tcp", "udp"}) == "tcp");
}

TEST_CASE("did_you_mean and join_names shape the message parts") {
  CHECK(did_you_mean("privat", {"private", "public"}) == " (did you mean 'private'?)");
  CHECK(did_you_mean("zzzzzz", {"private"}).empty());
  CHECK(join_names({"a", "b", "c"}) == "a, b, c");
  CHECK(join_names({"a", "b", "c", "d"}, 2) == "a, b, … (2 more)");
}

}  // namespace
}  // namespace ekssim::scenario

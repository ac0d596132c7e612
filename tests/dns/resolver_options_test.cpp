// resolver_options.h: the options line as glibc (resolv/res_init.c res_setoptions) and Go
// (net/dnsconfig_unix.go dnsReadConfig) read it, and the warnings for a dnsConfig whose option
// would be read other than as written.

#include "models/dns/resolver_options.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

namespace ekssim::dns {
namespace {

using sim::Duration;

ResolverOptions glibc(std::vector<std::string> options) {
  return glibc_resolver_options(options);
}
ResolverOptions go(std::vector<std::string> options) {
  return go_resolver_options(options);
}

TEST_CASE("Both resolvers default to ndots 1, timeout 5 s, attempts 2", "[dns][options]") {
  CHECK(glibc({}) == ResolverOptions{});
  CHECK(go({}) == ResolverOptions{});
  CHECK(glibc({}).ndots == 1);
  CHECK(glibc({}).timeout == Duration::seconds(5));
  CHECK(glibc({}).attempts == 2);
}

TEST_CASE("ndots:x is 0 for both: strtol and dtoi read no digit as 0", "[dns][options]") {
  CHECK(glibc({"ndots:x"}).ndots == 0);
  CHECK(go({"ndots:x"}).ndots == 0);
  CHECK(glibc({"ndots:"}).ndots == 0);
}

TEST_CASE("A negative ndots wraps into glibc's 4-bit field, Go clamps it to 0", "[dns][options]") {
  CHECK(glibc({"ndots:-1"}).ndots == 15);
  CHECK(glibc({"ndots:-2"}).ndots == 14);
  CHECK(glibc({"ndots:-16"}).ndots == 0);
  CHECK(go({"ndots:-1"}).ndots == 0);
}

TEST_CASE("Values above the caps: glibc caps all three, Go caps only ndots", "[dns][options]") {
  CHECK(glibc({"ndots:20"}).ndots == 15);
  CHECK(go({"ndots:20"}).ndots == 15);
  CHECK(glibc({"timeout:60"}).timeout == Duration::seconds(30));
  CHECK(go({"timeout:60"}).timeout == Duration::seconds(60));
  CHECK(glibc({"attempts:9"}).attempts == 5);
  CHECK(go({"attempts:9"}).attempts == 9);
}

TEST_CASE("attempts:0 is 0 for glibc (no try at all) and 1 for Go", "[dns][options]") {
  CHECK(glibc({"attempts:0"}).attempts == 0);
  CHECK(glibc({"attempts:-3"}).attempts == 0);
  CHECK(glibc({"attempts:none"}).attempts == 0);
  CHECK(go({"attempts:0"}).attempts == 1);
}

TEST_CASE("timeout:0 waits send_dg's minimum of 1 s in glibc, and 1 s in Go", "[dns][options]") {
  CHECK(glibc({"timeout:0"}).timeout == Duration::seconds(1));
  CHECK(glibc({"timeout:-5"}).timeout == Duration::seconds(1));
  CHECK(go({"timeout:0"}).timeout == Duration::seconds(1));
}

TEST_CASE("Trailing letters after the digits are ignored by both", "[dns][options]") {
  CHECK(glibc({"timeout:2s"}).timeout == Duration::seconds(2));
  CHECK(go({"timeout:2s"}).timeout == Duration::seconds(2));
  CHECK(glibc({"ndots:+3"}).ndots == 3);
  CHECK(go({"ndots:+3"}).ndots == 0);
}

TEST_CASE("glibc matches flags by their first letters, Go matches them whole", "[dns][options]") {
  CHECK(glibc({"rotate"}).rotate);
  CHECK(go({"rotate"}).rotate);
  CHECK(glibc({"rotate:true"}).rotate);
  CHECK_FALSE(go({"rotate:true"}).rotate);
  CHECK(glibc({"single-request-reopen"}).single_request_reopen);
  CHECK_FALSE(glibc({"single-request-reopen"}).single_request);
  CHECK(glibc({"single-requests"}).single_request);
  CHECK(go({"single-request-reopen"}).single_request);
}

TEST_CASE("A leading '-' clears a flag in glibc; later options win", "[dns][options]") {
  CHECK_FALSE(glibc({"rotate", "-rotate"}).rotate);
  CHECK(glibc({"-rotate", "rotate"}).rotate);
  CHECK(glibc({"ndots:2", "ndots:7"}).ndots == 7);
  CHECK_FALSE(go({"-rotate"}).rotate);
}

TEST_CASE("Options read as written give no warning", "[dns][options]") {
  CHECK_FALSE(option_surprise("ndots", "5"));
  CHECK_FALSE(option_surprise("ndots", "0"));
  CHECK_FALSE(option_surprise("timeout", "30"));
  CHECK_FALSE(option_surprise("attempts", "1"));
  CHECK_FALSE(option_surprise("rotate", std::nullopt));
  CHECK_FALSE(option_surprise("single-request-reopen", std::nullopt));
  CHECK_FALSE(option_surprise("no-tld-query", std::nullopt));
  CHECK_FALSE(option_surprise("usevc", std::nullopt));
}

TEST_CASE("attempts:0 warns that glibc sends no query", "[dns][options]") {
  const auto s = option_surprise("attempts", "0");
  REQUIRE(s);
  CHECK(s->problem ==
        "dnsConfig option attempts:0: 0 is out of range; glibc sends no query at all: every "
        "lookup fails at once with \"Temporary failure in name resolution\" (resolv/res_init.c "
        "reads it with strtol), Go's resolver takes 1");
  CHECK(s->expected == "an integer from 1 to 5");
}

TEST_CASE("ndots:x warns that both resolvers read 0", "[dns][options]") {
  const auto s = option_surprise("ndots", "x");
  REQUIRE(s);
  CHECK(s->problem ==
        "dnsConfig option ndots:x: \"x\" is not a whole number of at most 9 digits; glibc takes 0 "
        "(resolv/res_init.c reads it with strtol), Go's resolver takes 0");
  CHECK(s->expected == "an integer from 0 to 15");
}

TEST_CASE("Flags with a value, unknown names and numbers without one warn", "[dns][options]") {
  const auto valued = option_surprise("rotate", "true");
  REQUIRE(valued);
  CHECK(valued->problem ==
        "dnsConfig option \"rotate:true\" is not an option as written: glibc sets rotate "
        "(res_setoptions compares only an option's first letters); Go's resolver ignores it");
  const auto unknown = option_surprise("ndot", "5");
  REQUIRE(unknown);
  CHECK(unknown->problem ==
        "dnsConfig option \"ndot:5\" is not an option glibc or Go knows; both ignore it");
  const auto bare = option_surprise("ndots", std::nullopt);
  REQUIRE(bare);
  CHECK(bare->problem ==
        "dnsConfig option ndots has no value: resolv.conf gets \"ndots\", which glibc and Go "
        "ignore (they look for \"ndots:\")");
  const auto cleared = option_surprise("-rotate", std::nullopt);
  REQUIRE(cleared);
  CHECK(cleared->problem ==
        "dnsConfig option \"-rotate\" clears rotate only in glibc 2.41 and later "
        "(res_setoptions); older glibc and Go's resolver ignore it");
}

}  // namespace
}  // namespace ekssim::dns

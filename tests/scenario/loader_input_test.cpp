// What the loader refuses before a scenario's YAML is read (issue 16, "Hardening"): files that are
// not regular or are too large, and text that is not UTF-8; also integers beyond int64 and
// explicitly tagged values in a whole scenario.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "tests/scenario/scenario_text.h"
#include "tools/scenario/input_file.h"
#include "tools/scenario/utf8.h"

namespace ekssim::scenario {
namespace {

using testing::diagnostics_of;
using testing::load_ok;
using testing::minimal_with;

// A directory of its own under the system's temporary directory, removed at the end.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ekssim-input-XXXXXX").string();
    REQUIRE(mkdtemp(pattern.data()) != nullptr);
    path = pattern;
  }
  ~TempDir() { std::filesystem::remove_all(path); }
};

std::string load_file_diagnostics(const std::string& path) {
  const LoadResult result = load_scenario_file(path);
  CHECK_FALSE(result.ok());
  return format_diagnostics(result.diagnostics);
}

TEST_CASE("Text on which yaml-cpp 0.7's LoadAll never returns is a located error") {
  // Found by tests/fuzz (tests/fuzz/regressions/load_scenario/): a '%' directive line inside a
  // document made LoadAll append empty documents until memory ran out.
  const LoadResult result = load_scenario_text("a:\n% x\n,\n", "loop.yaml");
  REQUIRE_FALSE(result.ok());
  REQUIRE(result.diagnostics.size() == 1);
  CHECK(result.diagnostics[0].line == 1);
  CHECK(result.diagnostics[0].message.rfind("invalid YAML: the parser does not terminate", 0) ==
        0);
}

TEST_CASE("Several documents are still counted as they are written") {
  const LoadResult result = load_scenario_text("a: 1\n---\nb: 2\n", "two.yaml");
  REQUIRE_FALSE(result.ok());
  bool second = false;
  for (const auto& d : result.diagnostics)
    second = second || (d.line == 3 && d.message == "a second YAML document");
  CHECK(second);
}

TEST_CASE("A directory is refused as not a regular file") {
  TempDir dir;
  CHECK(load_file_diagnostics(dir.path.string()) ==
        dir.path.string() + ": error: cannot read: a directory, not a regular file\n");
}

TEST_CASE("A FIFO is refused before it is opened, so check does not wait for a writer") {
  TempDir dir;
  const std::string fifo = (dir.path / "s.yaml").string();
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  CHECK(load_file_diagnostics(fifo) == fifo + ": error: cannot read: a FIFO, not a regular file\n");
}

TEST_CASE("/dev/zero is refused instead of being read until memory runs out") {
  CHECK(load_file_diagnostics("/dev/zero") ==
        "/dev/zero: error: cannot read: a character device, not a regular file\n");
}

TEST_CASE("A file over 64 MiB is refused without being read") {
  TempDir dir;
  const std::string big = (dir.path / "big.yaml").string();
  {
    std::ofstream out(big);
    out << "apiVersion: ekssim/v1\n";
  }
  // Sparse: the test writes no 64 MiB.
  std::filesystem::resize_file(big, kMaxInputFileBytes + 1);
  CHECK(load_file_diagnostics(big) ==
        big + ": error: cannot read: larger than 64 MiB, the limit for an input file\n");
  std::filesystem::resize_file(big, kMaxInputFileBytes);
  CHECK(load_file_diagnostics(big).find("larger than") == std::string::npos);
}

TEST_CASE(
    "UTF-8 validation follows RFC 3629: no overlongs, surrogates or code points past 10FFFF") {
  CHECK_FALSE(first_invalid_utf8("café ☕ 𝄞"));
  CHECK(first_invalid_utf8("caf\xe9") == std::optional<size_t>(3));
  CHECK(first_invalid_utf8("a\xc0\xaf") == std::optional<size_t>(1));         // overlong '/'
  CHECK(first_invalid_utf8("\xed\xa0\x80") == std::optional<size_t>(0));      // U+D800
  CHECK(first_invalid_utf8("\xf4\x90\x80\x80") == std::optional<size_t>(0));  // U+110000
  CHECK(first_invalid_utf8("ab\xe2\x98") == std::optional<size_t>(2));        // cut short
  CHECK(first_invalid_utf8("\x80") == std::optional<size_t>(0));
  CHECK(with_invalid_utf8_replaced("caf\xe9 \xff!") == "caf? ?!");
}

TEST_CASE(
    "A name that is not UTF-8 (Latin-1 café) is a located error, and the quoted line is "
    "cleaned") {
  CHECK(diagnostics_of(minimal_with("metadata: {name: t}", "metadata: {name: \"caf\xe9\"}")) ==
        "s.yaml:3:22: error: byte 0xE9 is not UTF-8; expected UTF-8 text (save the file as "
        "UTF-8)\n"
        "  metadata: {name: \"caf?\"}\n"
        "                       ^\n");
}

TEST_CASE("Integers beyond int64 are out of range in a scenario, not an overflow") {
  CHECK(diagnostics_of(minimal_with("replicas: 2", "replicas: 9223372036854775808")) ==
        "s.yaml:27:61: error: replicas 9223372036854775808 is out of range; expected an integer "
        "from 0 to 1000000\n"
        "    - {kind: Deployment, namespace: web, name: web, replicas: 9223372036854775808}\n"
        "                                                              ^\n");
}

TEST_CASE("replicas: !!int 60 is the integer 60") {
  const spec::Scenario s = load_ok(minimal_with("replicas: 2", "replicas: !!int 60"));
  REQUIRE(s.workloads.size() == 1);
  CHECK(std::get<spec::Deployment>(s.workloads[0]).replicas == 60);
}

}  // namespace
}  // namespace ekssim::scenario

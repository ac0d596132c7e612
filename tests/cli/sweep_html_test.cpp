// The HTML pages of `sweep`, `fit` and `run`, each one self-contained file rendered by headless
// Chromium (Debian's `chromium`, installed by tools/lib.sh): the sweep's table and a chart per
// column with a bar per variant, the best marked; fit's boundary runs; the run's expectations,
// root causes and plots over time; screenshots that are not blank.

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>

#include "tests/cli/command_runner.h"

using ekssim::test::make_temp_dir;
using ekssim::test::read_file;
using ekssim::test::run_ekssim;

namespace {

const std::string kScenario = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/warm-ip-target.yaml";

// Chromium's output on stdout (its logs on stderr are dropped).
std::string chromium(const std::string& arguments) {
  const std::string command = "chromium --headless --no-sandbox --disable-gpu --hide-scrollbars " +
                              arguments + " 2>/dev/null";
  std::string out;
  if (FILE* pipe = popen(command.c_str(), "r")) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
      out.append(buffer, n);
    pclose(pipe);
  }
  return out;
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1))
    ++n;
  return n;
}

}  // namespace

TEST_CASE("The sweep's HTML page renders a chart per column and a bar per variant",
          "[cli][sweep][html]") {
  const std::string dir = make_temp_dir();
  const std::string page = dir + "/sweep.html";
  REQUIRE(run_ekssim("sweep " + kScenario +
                     " --set 'cluster.addons.vpcCni.env.WARM_IP_TARGET=\"1\",\"10\"' --format html"
                     " -o " +
                     page)
              .exit_code == 0);
  const std::string html = read_file(page);
  CHECK(html.find("http") == html.find("http://www.w3.org/2000/svg"));  // no other URL to fetch

  const std::string dom = chromium("--dump-dom file://" + page);
  REQUIRE(!dom.empty());
  CHECK(count(dom, "<figure data-metric=") == 16);
  CHECK(count(dom, "<rect class=\"bar") == 16 * 3);
  CHECK(dom.find("<figure data-metric=\"addressesIdle\">") != std::string::npos);
  // WARM_IP_TARGET=1 holds the fewest idle addresses: its bar in that chart is the best.
  const size_t idle = dom.find("<figure data-metric=\"addressesIdle\">");
  const size_t bars = dom.find("<rect class=\"bar", idle);
  CHECK(dom.substr(bars, 40).find("bar baseline") != std::string::npos);
  CHECK(dom.find("<rect class=\"bar best\"", bars) < dom.find("</figure>", idle));
  CHECK(dom.find("<td class=\"num best\">4 <span class=\"delta\">-16</span></td>") !=
        std::string::npos);

  const std::string png = dir + "/sweep.png";
  chromium("--window-size=1200,1400 --screenshot=" + png + " file://" + page);
  REQUIRE(std::filesystem::exists(png));
  const std::string image = read_file(png);
  CHECK(image.substr(1, 3) == "PNG");
  // A blank 1200×1400 page compresses to a few kilobytes; the table and 16 charts do not.
  CHECK(image.size() > 40000);
}

TEST_CASE("fit's HTML page has the boundary runs' charts for every instance type",
          "[cli][fit][html]") {
  const std::string dir = make_temp_dir();
  const std::string page = dir + "/fit.html";
  REQUIRE(run_ekssim("fit " + std::string(EKSSIM_SOURCE_DIR) +
                     "/scenarios/eni-limit.yaml --node-group small --instance-types "
                     "m5.large,c5.xlarge --format html -o " +
                     page)
              .exit_code == 0);
  const std::string dom = chromium("--dump-dom file://" + page);
  REQUIRE(!dom.empty());
  CHECK(dom.find("<title>fit of small in eni-limit</title>") != std::string::npos);
  CHECK(dom.find("small: 3 × m5.large is the fewest for which all-running holds. ") !=
        std::string::npos);
  CHECK(count(dom, "<h2>small × ") == 2);
  CHECK(count(dom, "<figure data-metric=") == 2 * 16);
  CHECK(count(dom, "<rect class=\"bar") == 2 * 16 * 2);
}

TEST_CASE("The run's HTML page plots addresses, pods, failures and EC2 calls", "[cli][run][html]") {
  const std::string dir = make_temp_dir();
  const std::string page = dir + "/run.html";
  REQUIRE(run_ekssim("run " + std::string(EKSSIM_SOURCE_DIR) +
                     "/scenarios/subnet-exhaustion.yaml --format html -o " + page)
              .exit_code == 0);
  const std::string dom = chromium("--dump-dom file://" + page);
  REQUIRE(!dom.empty());
  for (const char* chart : {"subnet-free", "pods", "addresses", "failures", "ec2"}) {
    INFO(chart);
    CHECK(count(dom, std::string("<svg class=\"chart\" data-chart=\"") + chart + "\"") == 1);
  }
  CHECK(count(dom, "<polyline class=\"series\" data-label=\"private-1a\"") == 1);
  CHECK(count(dom, "<polyline class=\"series\" data-label=\"web warm\"") == 1);
  CHECK(count(dom, "<polyline class=\"series\" data-label=\"IP failures\"") == 1);
  CHECK(count(dom, "<rect class=\"bar\" data-label=\"AssignPrivateIpAddresses calls\"") == 1);
  CHECK(dom.find("<td>3028</td><td>48</td><td>ip</td><td>SubnetExhausted</td>") !=
        std::string::npos);
  CHECK(count(dom, "<td class=\"pass\">pass</td>") == 3);
  CHECK(dom.find("<p>seed 1, 20m simulated, digest ") != std::string::npos);

  const std::string png = dir + "/run.png";
  chromium("--window-size=1300,1300 --screenshot=" + png + " file://" + page);
  REQUIRE(std::filesystem::exists(png));
  const std::string image = read_file(png);
  CHECK(image.substr(1, 3) == "PNG");
  CHECK(image.size() > 40000);
}

#include "tests/cluster/scenario_support.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "tools/scenario/loader.h"

namespace ekssim::test {

report::RunReport run_scenario(const std::string& file, report::SimulateOptions options) {
  const auto loaded =
      scenario::load_scenario_file(std::string(EKSSIM_SOURCE_DIR) + "/scenarios/" + file);
  if (!loaded.ok()) throw std::runtime_error(scenario::format_diagnostics(loaded.diagnostics));
  return report::simulate(*loaded.scenario, options);
}

namespace {

scenario::LoadResult load_edited(const std::string& file, const TextEdits& edits) {
  const std::string path = std::string(EKSSIM_SOURCE_DIR) + "/scenarios/" + file;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  for (const auto& [from, to] : edits) {
    if (yaml.find(from) == std::string::npos)
      throw std::runtime_error("'" + from + "' is not in " + file);
    for (size_t at = yaml.find(from); at != std::string::npos; at = yaml.find(from, at + to.size()))
      yaml.replace(at, from.size(), to);
  }
  return scenario::load_scenario_text(yaml, path);
}

}  // namespace

report::RunReport run_scenario_variant(const std::string& file, const std::string& from,
                                       const std::string& to) {
  return run_scenario_variant(file, TextEdits{{from, to}});
}

report::RunReport run_scenario_variant(const std::string& file, const TextEdits& edits) {
  const auto loaded = load_edited(file, edits);
  if (!loaded.ok()) throw std::runtime_error(scenario::format_diagnostics(loaded.diagnostics));
  return report::simulate(*loaded.scenario, {});
}

std::string scenario_variant_diagnostics(const std::string& file, const TextEdits& edits) {
  return scenario::format_diagnostics(load_edited(file, edits).diagnostics);
}

const report::Failure* first_failure(const report::RunReport& report, const std::string& kind,
                                     const std::string& reason, const report::PodReport** pod) {
  const report::Failure* first = nullptr;
  for (const auto& p : report.pods) {
    for (const auto& f : kind == "ip" ? p.ip_failures : p.dns_failures) {
      if (f.reason != reason || (first != nullptr && first->at <= f.at)) continue;
      first = &f;
      if (pod != nullptr) *pod = &p;
    }
  }
  return first;
}

const report::SubnetReport& subnet(const report::RunReport& report, const std::string& name) {
  for (const auto& s : report.subnets) {
    if (s.name == name) return s;
  }
  throw std::runtime_error("no subnet " + name + " in the report");
}

const report::ExpectationResult& expectation(const report::RunReport& report, size_t index) {
  if (index >= report.expectations.size()) throw std::runtime_error("no such expectation");
  return report.expectations[index];
}

}  // namespace ekssim::test

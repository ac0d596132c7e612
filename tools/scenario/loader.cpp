// The top level of a scenario: apiVersion, kind, metadata, seed, duration, namespaces,
// externalHosts, and the
// order in which sections load (the cluster before workloads, which need its service CIDR; the
// duration before events and expectations, which must fall within it).

#include "tools/scenario/loader.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>

#include "tools/scenario/cross_references.h"
#include "tools/scenario/input_file.h"
#include "tools/scenario/kubernetes_names.h"
#include "tools/scenario/resource_limits.h"
#include "tools/scenario/sections.h"
#include "tools/scenario/utf8.h"
#include "tools/scenario/workload_fields.h"
#include "tools/scenario/yaml_documents.h"

namespace ekssim::scenario {
namespace {

std::vector<spec::ExternalHost> load_external_hosts(Reader& reader, const YAML::Node& node) {
  std::vector<spec::ExternalHost> hosts;
  for_each_item(reader, node, "externalHosts", "a list of external hosts",
                [&](const YAML::Node& item, const std::string& label) {
                  MapReader map(reader, item, label, "an external host");
                  if (!map.ok()) return;
                  spec::ExternalHost host;
                  host.location = map.location();
                  if (auto name = map.text("name", Need::kRequired, "a DNS name")) {
                    // A wildcard record is "*." and its zone; '*' is no other label's character.
                    const size_t star = name->find('*');
                    if (star != std::string::npos &&
                        (star != 0 || !name->starts_with("*.") || name->size() < 3 ||
                         name->find('*', 1) != std::string::npos)) {
                      reader.error(*map.get("name"), fmt::format("name is '{}'", *name),
                                   "a DNS name, or *.ZONE for a wildcard record");
                    }
                    host.name = *name;
                  }
                  if (auto ip = map.ipv4("ip", Need::kRequired)) host.ip = *ip;
                  if (auto ttl = map.duration("ttl", Need::kOptional)) host.ttl = *ttl;
                  map.finish();
                  hosts.push_back(std::move(host));
                });
  return hosts;
}

// `namespaces`: names unique, DNS-1123 labels. kubernetes.io/metadata.name is the API server's
// (NamespaceDefaultLabelName): a different value is overwritten, so it is refused here.
std::vector<spec::Namespace> load_namespaces(Reader& reader, const YAML::Node& node) {
  static constexpr std::string_view kNameLabel = "kubernetes.io/metadata.name";
  std::vector<spec::Namespace> namespaces;
  std::set<std::string> seen;
  for_each_item(reader, node, "namespaces", "a list of namespaces: {name, labels?}",
                [&](const YAML::Node& item, const std::string& label) {
                  MapReader map(reader, item, label, "a namespace");
                  if (!map.ok()) return;
                  spec::Namespace ns;
                  ns.location = map.location();
                  if (auto name = map.text("name", Need::kRequired, kDns1123LabelExpected)) {
                    if (!is_dns1123_label(*name)) {
                      reader.error(*map.get("name"), fmt::format("namespace name '{}'", *name),
                                   std::string(kDns1123LabelExpected));
                    } else if (!seen.insert(*name).second) {
                      reader.error(*map.get("name"),
                                   fmt::format("namespace '{}' is declared twice", *name),
                                   "each namespace once");
                    }
                    ns.name = *name;
                  }
                  if (auto labels = map.get("labels")) {
                    ns.labels = reader.string_map(*labels, "labels");
                    const auto given = ns.labels.find(std::string(kNameLabel));
                    if (given != ns.labels.end() && given->second != ns.name) {
                      reader.error(*labels,
                                   fmt::format("labels give {} '{}' to namespace '{}'", kNameLabel,
                                               given->second, ns.name),
                                   fmt::format("no {} label (the API server sets it to the "
                                               "namespace's name)",
                                               kNameLabel));
                    }
                  }
                  map.finish();
                  namespaces.push_back(std::move(ns));
                });
  return namespaces;
}

// `serviceAccounts`: {namespace?, name, labels?}, each (namespace, name) once; what a
// SecurityGroupPolicy's serviceAccountSelector matches (core/v1 ServiceAccount's metadata).
std::vector<spec::ServiceAccount> load_service_accounts(Reader& reader, const YAML::Node& node) {
  std::vector<spec::ServiceAccount> accounts;
  std::set<std::pair<std::string, std::string>> seen;
  for_each_item(
      reader, node, "serviceAccounts", "a list of service accounts: {namespace?, name, labels?}",
      [&](const YAML::Node& item, const std::string& label) {
        MapReader map(reader, item, label, "a service account");
        if (!map.ok()) return;
        spec::ServiceAccount account;
        account.location = map.location();
        account.ns = read_namespace(map);
        if (auto name = read_k8s_name(map, "name", Need::kRequired, is_dns1123_subdomain,
                                      kDns1123SubdomainExpected)) {
          if (!seen.insert({account.ns, *name}).second) {
            reader.error(
                *map.get("name"),
                fmt::format("service account '{}/{}' is declared twice", account.ns, *name),
                "each service account once per namespace");
          }
          account.name = *name;
        }
        if (auto labels = map.get("labels")) account.labels = reader.string_map(*labels, "labels");
        map.finish();
        accounts.push_back(std::move(account));
      });
  return accounts;
}

void load_header(Reader& reader, MapReader& map, spec::Scenario& s) {
  if (auto v = map.require("apiVersion", "ekssim/v1")) {
    if (auto text = reader.text(*v, "apiVersion", "ekssim/v1"); text && *text != "ekssim/v1") {
      reader.error(*v, fmt::format("unsupported apiVersion '{}'", *text), "ekssim/v1");
    }
  }
  if (auto k = map.require("kind", "Scenario")) {
    if (auto text = reader.text(*k, "kind", "Scenario"); text && *text != "Scenario") {
      reader.error(*k, fmt::format("kind is '{}'", *text), "Scenario");
    }
  }
  if (auto metadata = map.require("metadata", "{name: …, description: …}")) {
    MapReader m(reader, *metadata, "metadata", "the metadata");
    if (m.ok()) {
      if (auto name = m.text("name", Need::kRequired, "the scenario's name")) {
        s.metadata.name = *name;
      }
      if (auto d = m.text("description", Need::kOptional)) s.metadata.description = *d;
      m.finish();
    }
  }
  if (auto seed = map.integer("seed", Need::kOptional, 0, std::numeric_limits<int64_t>::max())) {
    s.seed = static_cast<uint64_t>(*seed);
  }
}

spec::Scenario load_document(Reader& reader, const YAML::Node& root) {
  spec::Scenario s;
  MapReader map(reader, root, "the file", "a scenario");
  if (!map.ok()) return s;
  load_header(reader, map, s);
  auto duration = map.duration("duration", Need::kRequired);
  if (duration && *duration == sim::Duration::zero()) {
    reader.error(*map.get("duration"), "duration is 0", "a duration greater than 0");
    duration.reset();
  } else if (duration && *duration > kMaxDuration) {
    reader.error(*map.get("duration"),
                 fmt::format("duration {} is over the limit of {}", sim::format_duration(*duration),
                             sim::format_duration(kMaxDuration)),
                 fmt::format("a duration of at most {}", sim::format_duration(kMaxDuration)));
    duration.reset();
  }
  if (duration) s.duration = *duration;
  if (auto cluster = map.require("cluster", "the cluster: name, region, vpc, nodeGroups …")) {
    s.cluster = load_cluster(reader, *cluster);
  }
  if (auto namespaces = map.get("namespaces")) s.namespaces = load_namespaces(reader, *namespaces);
  if (auto accounts = map.get("serviceAccounts"))
    s.service_accounts = load_service_accounts(reader, *accounts);
  if (auto workloads = map.get("workloads")) {
    s.workloads = load_workloads(reader, *workloads, s.cluster.service_ipv4_cidr,
                                 s.cluster.service_node_port_range);
  }
  if (auto hosts = map.get("externalHosts")) s.external_hosts = load_external_hosts(reader, *hosts);
  if (auto events = map.get("events")) s.events = load_events(reader, *events, duration);
  if (auto expect = map.get("expect"))
    s.expectations = load_expectations(reader, *expect, duration);
  if (auto sweep = map.get("sweep")) load_sweep(reader, *sweep);
  map.finish();
  check_resource_limits(reader, s, duration);
  return s;
}

// Every line holding a byte that is not UTF-8 (the first such byte of each, up to ten lines):
// names and strings reach JSON and XML reports, which must be UTF-8.
bool report_invalid_utf8(DiagnosticSink& sink, std::string_view text) {
  if (!first_invalid_utf8(text)) return false;
  int line = 1, reported = 0;
  size_t start = 0;
  while (start <= text.size() && reported < 10) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view content = text.substr(start, end - start);
    if (const auto bad = first_invalid_utf8(content)) {
      sink.error(
          {line, static_cast<int>(*bad) + 1},
          fmt::format("byte 0x{:02X} is not UTF-8", static_cast<unsigned char>(content[*bad])),
          "UTF-8 text (save the file as UTF-8)");
      ++reported;
    }
    start = end + 1;
    ++line;
  }
  return true;
}

// Loads `text`, whose documents are `parsed` when the caller has read them already.
LoadResult load_text(std::string_view text, std::string_view display_path,
                     const std::vector<YAML::Node>* parsed) {
  DiagnosticSink sink{std::string(display_path), text};
  Reader reader(sink);
  LoadResult result;
  if (report_invalid_utf8(sink, text)) {
    result.diagnostics = sink.take_sorted();
    return result;
  }
  try {
    const std::vector<YAML::Node> documents =
        parsed != nullptr ? *parsed : load_all_documents(std::string(text));
    if (documents.empty() || documents.front().IsNull()) {
      sink.error({1, 1}, "the file is empty", "a scenario starting with apiVersion: ekssim/v1");
    } else {
      if (documents.size() > 1) {
        reader.error(documents[1], "a second YAML document", "one scenario per file");
      }
      spec::Scenario scenario = load_document(reader, documents.front());
      check_cross_references(reader, scenario);
      if (sink.count() == 0) result.scenario = std::move(scenario);
    }
  } catch (const YAML::Exception& e) {
    const spec::Location where = e.mark.is_null()
                                     ? spec::Location{1, 1}
                                     : spec::Location{e.mark.line + 1, e.mark.column + 1};
    sink.error(where, "invalid YAML: " + e.msg, "well-formed YAML");
  } catch (const std::exception& e) {
    sink.error({}, std::string("cannot load: ") + e.what(), "");
  }
  result.diagnostics = sink.take_sorted();
  return result;
}

}  // namespace

LoadResult load_scenario_text(std::string_view text, std::string_view display_path) {
  return load_text(text, display_path, nullptr);
}

LoadResult load_scenario_documents(std::string_view text, std::string_view display_path,
                                   const std::vector<YAML::Node>& documents) {
  return load_text(text, display_path, &documents);
}

LoadResult load_scenario_file(const std::string& path) {
  InputText input = read_input_file(path);
  if (input.text) return load_scenario_text(*input.text, path);
  LoadResult result;
  DiagnosticSink sink{path, ""};
  sink.error({}, "cannot read: " + input.problem, "");
  result.diagnostics = sink.take_sorted();
  return result;
}

}  // namespace ekssim::scenario

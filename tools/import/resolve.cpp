#include "tools/import/resolve.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>
#include <tuple>

#include "tools/import/from_section.h"
#include "tools/import/merge.h"
#include "tools/scenario/input_file.h"
#include "tools/scenario/yaml_documents.h"

namespace ekssim::import {
namespace {

const std::vector<std::string> kHeaderKeys = {"apiVersion", "kind", "metadata", "seed", "duration"};

std::vector<std::string> header_lines(const ImportLog& log) {
  std::vector<std::string> lines = {
      "Resolved by ekssim import: each imported or defaulted value names where it came from."};
  if (!log.notes().empty()) lines.push_back("Read but not modelled:");
  for (const std::string& note : log.notes())
    lines.push_back("- " + note);
  return lines;
}

void finish(Resolution& r, const Doc& root) {
  r.diagnostics = r.log.take_diagnostics();
  if (r.diagnostics.empty()) r.resolved = emit_yaml(root, header_lines(r.log));
}

// Points each diagnostic about the resolved text at the user's file its line came from.
void map_back(std::vector<scenario::Diagnostic>& diagnostics, const Resolution& r) {
  for (scenario::Diagnostic& d : diagnostics) {
    if (d.line < 1 || d.line > static_cast<int>(r.resolved->line_origins.size())) continue;
    const Origin& o = r.resolved->line_origins[d.line - 1];
    if (!o.known()) continue;
    d.path = o.path;
    d.line = o.line;
    d.column = o.column;
    d.source_line = r.log.source_line(o.path, o.line);
  }
  auto key = [](const scenario::Diagnostic& d) {
    return std::tie(d.path, d.line, d.column, d.message, d.expected);
  };
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [&](const auto& a, const auto& b) { return key(a) < key(b); });
  diagnostics.erase(std::unique(diagnostics.begin(), diagnostics.end()), diagnostics.end());
}

// The text's YAML documents, or nullopt when it is not well-formed YAML (the loader says why).
std::optional<std::vector<YAML::Node>> read_documents(std::string_view text) {
  try {
    return scenario::load_all_documents(std::string(text));
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

// The root mapping of a scenario with `from:`; nullopt for any other text, most scenarios, which
// the loader takes as they are.
std::optional<YAML::Node> root_with_from(const std::vector<YAML::Node>& documents) {
  if (documents.size() != 1 || !documents.front().IsMap()) return std::nullopt;
  const YAML::Node& root = documents.front();
  if (!root["from"]) return std::nullopt;
  return root;
}

Resolution resolve_documents(const std::vector<YAML::Node>& documents, std::string_view text,
                             const std::string& path) {
  Resolution r;
  const auto root = root_with_from(documents);
  if (!root) return r;
  r.log.add_file(path, text);
  const Sources sources = read_from_section((*root)["from"], path, r.log);
  Imported imported = import_sources(sources, r.log);
  const Doc user = Doc::from_yaml(*root, path);
  Doc out = Doc::map();
  for (const std::string& key : kHeaderKeys)
    if (const Doc* v = user.find(key)) out.set(key, *v);
  if (const Doc* c = user.find("cluster")) merge_cluster(imported.cluster, *c, "cluster", r.log);
  if (!imported.cluster.entries.empty()) out.set("cluster", std::move(imported.cluster));
  if (const Doc* n = user.find("namespaces")) merge_namespaces(imported.namespaces, *n, r.log);
  if (!imported.namespaces.items.empty()) out.set("namespaces", std::move(imported.namespaces));
  if (const Doc* a = user.find("serviceAccounts"))
    merge_service_accounts(imported.service_accounts, *a, r.log);
  if (!imported.service_accounts.items.empty())
    out.set("serviceAccounts", std::move(imported.service_accounts));
  if (const Doc* w = user.find("workloads")) merge_workloads(imported.workloads, *w, r.log);
  if (!imported.workloads.items.empty()) out.set("workloads", std::move(imported.workloads));
  // eksctl's events at 0s first, then the scenario's own timeline.
  if (const Doc* e = user.find("events"); e && e->is_list()) {
    for (const Doc& event : e->items)
      imported.events.push(event);
  } else if (e) {
    imported.events = *e;  // not a list: the loader reports it
  }
  for (const auto& [key, value] : user.entries) {
    const bool placed = key == "from" || key == "cluster" || key == "namespaces" ||
                        key == "serviceAccounts" || key == "workloads" ||
                        std::find(kHeaderKeys.begin(), kHeaderKeys.end(), key) != kHeaderKeys.end();
    if (key == "events") {
      out.set("events", std::move(imported.events));
    } else if (!placed) {
      out.set(key, value);
    }
  }
  if (!out.find("events") && !imported.events.items.empty())
    out.set("events", std::move(imported.events));
  finish(r, out);
  return r;
}

}  // namespace

Resolution resolve_scenario_text(std::string_view text, const std::string& path) {
  const auto documents = read_documents(text);
  return documents ? resolve_documents(*documents, text, path) : Resolution{};
}

Resolution resolve_sources(const Sources& sources) {
  Resolution r;
  Imported imported = import_sources(sources, r.log);
  Doc out = Doc::map();
  out.set("apiVersion", Doc::quoted("ekssim/v1"));
  out.set("kind", Doc::quoted("Scenario"));
  const Doc* cluster_name = imported.cluster.find("name");
  Doc& metadata = out.child("metadata");
  metadata.set("name", cluster_name ? *cluster_name : Doc::quoted("imported"));
  metadata.set("description", Doc::quoted("imported by ekssim import"));
  out.set("duration",
          Doc::plain("30m").with_note("ekssim import's default: set the scenario's own"));
  if (imported.cluster.entries.empty()) {
    r.log.note("no cluster imported: add a cluster section (or --eksctl / --aws-describe)");
  } else {
    out.set("cluster", std::move(imported.cluster));
  }
  if (!imported.namespaces.items.empty()) out.set("namespaces", std::move(imported.namespaces));
  if (!imported.service_accounts.items.empty())
    out.set("serviceAccounts", std::move(imported.service_accounts));
  if (!imported.workloads.items.empty()) out.set("workloads", std::move(imported.workloads));
  if (!imported.events.items.empty()) out.set("events", std::move(imported.events));
  finish(r, out);
  return r;
}

scenario::LoadResult load_scenario_text(std::string_view text, const std::string& path) {
  // Parsed once: the documents read here to look for `from:` go on to the loader.
  const auto documents = read_documents(text);
  if (!documents) return scenario::load_scenario_text(text, path);  // which reports the error
  Resolution r = resolve_documents(*documents, text, path);
  if (!r.resolved && r.diagnostics.empty())
    return scenario::load_scenario_documents(text, path, *documents);
  scenario::LoadResult result;
  if (!r.resolved) {
    result.diagnostics = std::move(r.diagnostics);
    return result;
  }
  result = scenario::load_scenario_text(r.resolved->text, path + " (as imported)");
  map_back(result.diagnostics, r);
  return result;
}

scenario::LoadResult load_scenario_file(const std::string& path) {
  scenario::InputText input = scenario::read_input_file(path);
  if (!input.text) return scenario::load_scenario_file(path);  // which reports why
  return load_scenario_text(*input.text, path);
}

}  // namespace ekssim::import

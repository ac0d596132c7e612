// Traffic inferred from the pods' env, so that a demo application makes DNS and connection load
// with no hand-written traffic. Three forms name another Service:
//   NAME_SERVICE_HOST (+ NAME_SERVICE_PORT): the variables kubelet injects for Services
//     (kubernetes pkg/kubelet/envvars/envvars.go: the Service name upper-cased, '-' as '_'),
//     which guestbook-style apps also set by hand;
//   *_ADDR / *_ADDRESS = "host:port" (Online Boutique's PRODUCT_CATALOG_SERVICE_ADDR …);
//   any value "http://host[:port][/…]" (or https).
// Only hosts that name an imported Service (NAME, NAME.NS, NAME.NS.svc[.cluster.local]) count;
// each becomes one entry every 30 s (an assumption, noted on the entry).

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "tools/import/manifest_kinds.h"

namespace ekssim::import {
namespace {

constexpr const char* kEvery = "30s";

struct ServiceKey {
  std::string ns, name;
  auto operator<=>(const ServiceKey&) const = default;
};

struct Target {
  std::string host;
  std::optional<int> port;
};

std::string lower_dashed(std::string s) {
  for (char& c : s)
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::optional<int> port_of(std::string_view s) {
  if (s.empty() || s.size() > 5 || !std::all_of(s.begin(), s.end(), ::isdigit)) return std::nullopt;
  const int p = std::stoi(std::string(s));
  return p >= 1 && p <= 65535 ? std::optional<int>(p) : std::nullopt;
}

// "host:port", "http://host:port/path" → the host and port it names.
std::optional<Target> target_of(const std::string& name, const std::string& value,
                                const std::map<std::string, std::string>& env) {
  if (name.ends_with("_SERVICE_HOST")) {
    const std::string base = name.substr(0, name.size() - std::string("_SERVICE_HOST").size());
    const auto port = env.find(base + "_SERVICE_PORT");
    return Target{lower_dashed(base), port == env.end() ? std::nullopt : port_of(port->second)};
  }
  std::string rest = value;
  std::optional<int> default_port;
  if (rest.starts_with("http://")) {
    rest = rest.substr(7), default_port = 80;
  } else if (rest.starts_with("https://")) {
    rest = rest.substr(8), default_port = 443;
  } else if (!name.ends_with("_ADDR") && !name.ends_with("_ADDRESS")) {
    return std::nullopt;
  }
  rest = rest.substr(0, rest.find('/'));
  const size_t colon = rest.rfind(':');
  if (colon == std::string::npos) return Target{rest, default_port};
  const auto port = port_of(rest.substr(colon + 1));
  if (!port) return std::nullopt;
  return Target{rest.substr(0, colon), port};
}

// The Service a host names from namespace `ns`, if imported.
std::optional<ServiceKey> service_named(const std::string& host, const std::string& ns,
                                        const std::set<ServiceKey>& services) {
  const size_t dot = host.find('.');
  ServiceKey key{ns, host.substr(0, dot)};
  if (dot != std::string::npos) {
    const std::string tail = host.substr(dot + 1);
    const size_t second = tail.find('.');
    key.ns = tail.substr(0, second);
    const std::string suffix = second == std::string::npos ? "" : tail.substr(second);
    if (!suffix.empty() && suffix != ".svc" && suffix != ".svc.cluster.local") return std::nullopt;
  }
  return services.count(key) ? std::optional<ServiceKey>(key) : std::nullopt;
}

std::set<ServiceKey> imported_services(const Doc& workloads) {
  std::set<ServiceKey> out;
  for (const Doc& w : workloads.items) {
    const Doc* kind = w.find("kind");
    if (kind && kind->text == "Service")
      out.insert({w.find("namespace")->text, w.find("name")->text});
  }
  return out;
}

}  // namespace

void add_inferred_traffic(Imported& imported, const std::vector<WorkloadEnv>& envs) {
  const std::set<ServiceKey> services = imported_services(imported.workloads);
  for (const WorkloadEnv& w : envs) {
    std::map<std::string, std::string> by_name;
    for (const EnvVar& e : w.env)
      by_name[e.name] = e.value;
    Doc traffic = Doc::list();
    std::set<std::string> seen;
    for (const EnvVar& e : w.env) {
      const auto target = target_of(e.name, e.value, by_name);
      if (!target || !service_named(target->host, w.ns, services)) continue;
      const std::string key = target->port ? "connect" : "resolve";
      const std::string what =
          target->port ? fmt::format("{}:{}", target->host, *target->port) : target->host;
      if (!seen.insert(key + " " + what).second) continue;
      Doc entry = Doc::map();
      entry.set(key, Doc::quoted(what));
      entry.set("every", Doc::plain(kEvery));
      entry.note = fmt::format("inferred from env {} ({}:{}); every {} assumed", e.name,
                               e.origin.path, e.origin.line, kEvery);
      entry.origin = e.origin;
      traffic.push(std::move(entry));
    }
    if (!traffic.items.empty())
      imported.workloads.items[w.workload].set("traffic", std::move(traffic));
  }
}

}  // namespace ekssim::import

#pragma once
// Where something was written in a scenario file, so that an error found later (while loading,
// validating or building the cluster) can point at it with `path:line:col`.

#include <compare>
#include <string>

namespace ekssim::spec {

// 1-based line and column of the first character of a YAML node; {0, 0} when not from a file
// (a default, or a scenario built in code).
struct Location {
  int line = 0;
  int column = 0;

  constexpr bool known() const { return line > 0; }
  constexpr auto operator<=>(const Location&) const = default;
};

// A name written in the scenario that refers to something else: another element of the scenario
// (a subnet, a security group, a node group …) or a name AWS knows (a managed policy).
struct Ref {
  std::string name;
  Location location;

  bool operator==(const Ref& other) const { return name == other.name; }
};

}  // namespace ekssim::spec

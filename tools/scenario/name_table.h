#pragma once
// A set of declared names of one kind (subnets, security groups …) that reports duplicates as
// they are declared and dangling references as they are resolved.

#include <map>
#include <string>
#include <vector>

#include "models/spec/location.h"
#include "tools/scenario/map_reader.h"

namespace ekssim::scenario {

class NameTable {
 public:
  // `kind` as messages say it ("subnet"), `declared_under` where such names come from
  // ("cluster.vpc.subnets").
  NameTable(Reader& reader, std::string kind, std::string declared_under);

  // Declares a name; a second declaration is reported. Empty names (already reported) are
  // ignored.
  void declare(const std::string& name, spec::Location where);
  // Declares a name no duplicate check applies to (a name ekssim itself provides).
  void declare_builtin(const std::string& name);
  bool contains(const std::string& name) const;
  // Reports `ref` if it names nothing declared; returns whether it resolved.
  bool resolve(const spec::Ref& ref) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  Reader& reader_;
  std::string kind_;
  std::string declared_under_;
  std::vector<std::string> names_;               // in declaration order, for messages
  std::map<std::string, spec::Location> index_;  // lookups stay O(log n) for 10,000 Services
};

}  // namespace ekssim::scenario

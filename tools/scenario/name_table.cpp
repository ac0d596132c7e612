#include "tools/scenario/name_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "tools/scenario/edit_distance.h"

namespace ekssim::scenario {
namespace {

std::string with_article(const std::string& noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + noun;
}

}  // namespace

NameTable::NameTable(Reader& reader, std::string kind, std::string declared_under)
    : reader_(reader), kind_(std::move(kind)), declared_under_(std::move(declared_under)) {}

void NameTable::declare(const std::string& name, spec::Location where) {
  if (name.empty()) return;
  const auto [it, inserted] = index_.emplace(name, where);
  if (!inserted) {
    const spec::Location first = it->second;
    reader_.error(where,
                  first.known() ? fmt::format("duplicate {} name '{}' (first at line {})", kind_,
                                              name, first.line)
                                : fmt::format("{} name '{}' is reserved", kind_, name),
                  with_article(kind_) + " name used once");
    return;
  }
  names_.push_back(name);
}

void NameTable::declare_builtin(const std::string& name) {
  if (index_.emplace(name, spec::Location{}).second) names_.push_back(name);
}

bool NameTable::contains(const std::string& name) const {
  return index_.count(name) > 0;
}

bool NameTable::resolve(const spec::Ref& ref) const {
  if (ref.name.empty() || contains(ref.name)) return true;
  reader_.error(ref.location,
                fmt::format("unknown {} '{}'{}", kind_, ref.name, did_you_mean(ref.name, names_)),
                names_.empty() ? fmt::format("{} declared under {} (none are)", with_article(kind_),
                                             declared_under_)
                               : "one of: " + join_names(names_));
  return false;
}

}  // namespace ekssim::scenario

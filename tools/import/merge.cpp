#include "tools/import/merge.h"

#include <fmt/format.h>

#include "tools/scenario/edit_distance.h"

namespace ekssim::import {
namespace {

std::string override_note(const Origin& o) {
  return fmt::format("scenario {}:{}", o.path, o.line);
}

// A copy of a scenario value with its note.
Doc noted(const Doc& value) {
  Doc copy = value;
  copy.note = override_note(value.origin);
  return copy;
}

const Doc* name_of(const Doc& item) {
  return item.is_map() ? item.find("name") : nullptr;
}

bool merges_by_name(const Doc& base, const Doc& override) {
  if (!base.is_list() || !override.is_list() || override.items.empty()) return false;
  for (const Doc& item : override.items)
    if (!name_of(item) || !name_of(item)->is_scalar()) return false;
  return true;
}

std::string text_at(const Doc& item, std::string_view key, std::string fallback) {
  const Doc* v = item.is_map() ? item.find(key) : nullptr;
  return v && v->is_scalar() ? v->text : fallback;
}

std::string workload_key(const Doc& item) {
  return text_at(item, "kind", "Deployment") + " " + text_at(item, "namespace", "default") + "/" +
         text_at(item, "name", "");
}

void merge_value(Doc& base, const Doc& override, const std::string& where, ImportLog& log);

void merge_named_list(Doc& base, const Doc& override, const std::string& where, ImportLog& log) {
  std::vector<std::string> names;
  for (const Doc& item : base.items)
    if (const Doc* n = name_of(item)) names.push_back(n->text);
  for (const Doc& item : override.items) {
    const Doc& name = *name_of(item);
    auto it = std::find_if(base.items.begin(), base.items.end(), [&](const Doc& b) {
      const Doc* n = name_of(b);
      return n && n->text == name.text;
    });
    if (it == base.items.end()) {
      log.error(name.origin,
                fmt::format("{} '{}' names nothing imported{}", where, name.text,
                            scenario::did_you_mean(name.text, names)),
                names.empty() ? "no override: nothing was imported here"
                              : "one of: " + scenario::join_names(names));
      continue;
    }
    merge_value(*it, item, where + "[" + name.text + "]", log);
  }
}

void merge_value(Doc& base, const Doc& override, const std::string& where, ImportLog& log) {
  if (base.is_map() && override.is_map()) {
    for (const auto& [key, value] : override.entries) {
      if (Doc* existing = base.find(key)) {
        merge_value(*existing, value, where + "." + key, log);
      } else {
        base.set(key, noted(value));
      }
    }
  } else if (merges_by_name(base, override)) {
    merge_named_list(base, override, where, log);
  } else {
    base = noted(override);
  }
}

}  // namespace

void merge_cluster(Doc& base, const Doc& override, const std::string& where, ImportLog& log) {
  merge_value(base, override, where, log);
}

namespace {

// A list merged item by item on `key`; an item of the scenario's own that matches nothing
// imported is added.
template <class Key>
void merge_keyed_list(Doc& base, const Doc& override, const std::string& where, Key key,
                      ImportLog& log) {
  if (!override.is_list()) {
    base = noted(override);  // the loader reports what is wrong with it
    return;
  }
  for (const Doc& item : override.items) {
    auto it = std::find_if(base.items.begin(), base.items.end(),
                           [&](const Doc& b) { return key(b) == key(item); });
    if (it == base.items.end() || !item.is_map()) {
      base.push(noted(item));
    } else {
      merge_value(*it, item, where + "[" + key(item) + "]", log);
    }
  }
}

}  // namespace

void merge_workloads(Doc& base, const Doc& override, ImportLog& log) {
  merge_keyed_list(base, override, "workloads", workload_key, log);
}

void merge_namespaces(Doc& base, const Doc& override, ImportLog& log) {
  merge_keyed_list(
      base, override, "namespaces", [](const Doc& item) { return text_at(item, "name", ""); },
      log);
}

void merge_service_accounts(Doc& base, const Doc& override, ImportLog& log) {
  merge_keyed_list(
      base, override, "serviceAccounts",
      [](const Doc& item) {
        return text_at(item, "namespace", "default") + "/" + text_at(item, "name", "");
      },
      log);
}

}  // namespace ekssim::import

// The resolved scenario's writer: every string reads back as the same string (quoted where YAML
// would read it as something else), plain values stay plain, flow style is kept where the user
// wrote it, notes become comments, and each line knows where its value came from.

#include "tools/import/doc.h"

#include <catch2/catch.hpp>

namespace ekssim::import {

TEST_CASE("strings that YAML would read otherwise are quoted, and read back unchanged") {
  const std::vector<std::string> tricky = {
      "true",      "5",           "1.29",      "~",     "null",       "a: b",
      "#x",        "x #y",        "- x",       "",      "say \"hi\"", "back\\slash",
      "*.example", "line\nbreak", "trailing:", " lead", "on",         "0x1f"};
  Doc root = Doc::map();
  Doc& list = root.set("values", Doc::list());
  for (const std::string& t : tricky)
    list.push(Doc::quoted(t));
  const YAML::Node back = YAML::Load(emit_yaml(root).text);
  REQUIRE(back["values"].size() == tricky.size());
  for (size_t i = 0; i < tricky.size(); ++i) {
    INFO(tricky[i]);
    CHECK(back["values"][i].Scalar() == tricky[i]);
  }
  CHECK(emit_yaml(root).text.find("  - \"true\"\n") != std::string::npos);
  CHECK(emit_yaml(root).text.find("  - web") == std::string::npos);
}

TEST_CASE("plain values stay plain and notes follow them as comments") {
  Doc root = Doc::map();
  root.set("replicas", Doc::integer(3).with_note("spec.replicas"));
  root.set("name", Doc::quoted("web"));
  Doc& item = root.set("groups", Doc::list()).push(Doc::map());
  item.set("name", Doc::quoted("ng-1"));
  item.set("size", Doc::integer(2));
  item.note = "eksctl nodeGroups[ng-1]";
  CHECK(emit_yaml(root, {"header"}).text ==
        "# header\n"
        "replicas: 3  # spec.replicas\n"
        "name: web\n"
        "groups:\n"
        "  # eksctl nodeGroups[ng-1]\n"
        "  - name: ng-1\n"
        "    size: 2\n");
}

TEST_CASE("flow maps and lists as the user wrote them stay in flow style, with their origins") {
  const YAML::Node parsed = YAML::Load("expect:\n  - podsRunning: {namespace: a, within: 5m}\n");
  const Doc d = Doc::from_yaml(parsed, "s.yaml");
  const Emitted e = emit_yaml(d);
  CHECK(e.text == "expect:\n  - podsRunning: {namespace: a, within: 5m}\n");
  REQUIRE(e.line_origins.size() == 2);
  CHECK(e.line_origins[1].path == "s.yaml");
  CHECK(e.line_origins[1].line == 2);
}

}  // namespace ekssim::import

#pragma once
// Every YAML document of a text, for the loader and for import (multi-document manifests).
// Instead of calling YAML::LoadAll directly: yaml-cpp 0.7 (Debian 12) never returns from LoadAll
// on some malformed inputs, e.g. the 9 bytes "a:\n% x\n,\n", appending an empty document per
// turn until memory runs out (jbeder/yaml-cpp issue 1040, fixed upstream by pull request 1319;
// found by tests/fuzz). A text of N lines holds at most N + 1 documents, so the documents are
// first counted with a parser loop bounded by that; one that would exceed it is refused. (Not
// only a '%' line inside a document loops: so does the one-byte text ",".)

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace ekssim::scenario {

// Throws YAML::Exception (located at the start of the text) for an input the parser would loop
// on, and whatever yaml-cpp throws for malformed YAML.
std::vector<YAML::Node> load_all_documents(const std::string& text);

}  // namespace ekssim::scenario

#include "tools/scenario/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>

namespace ekssim::scenario {

namespace {

// Listens to nothing: only the number of documents matters.
class IgnoreEvents final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

std::vector<YAML::Node> load_all_documents(const std::string& text) {
  const size_t most = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  std::istringstream in(text);
  YAML::Parser parser(in);
  IgnoreEvents ignore;
  size_t documents = 0;
  while (parser.HandleNextDocument(ignore)) {
    if (++documents > most) {
      throw YAML::Exception(YAML::Mark(),
                            "the parser does not terminate on this text (yaml-cpp 0.7 loops on a "
                            "'%' directive line inside a document; issue 1040)");
    }
  }
  return YAML::LoadAll(text);
}

}  // namespace ekssim::scenario

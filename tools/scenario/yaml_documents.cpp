#include "tools/scenario/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>

namespace ekssim::scenario {

namespace {

// Listens to nothing: the bounded pass only counts documents.
class EventListener : public YAML::EventHandler {
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

// Runs the parser over every document of `text`, refusing a text on which it would not terminate
// (yaml_documents.h).
void parse_bounded(const std::string& text) {
  EventListener listener;
  const size_t most = static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
  std::istringstream in(text);
  YAML::Parser parser(in);
  size_t documents = 0;
  while (parser.HandleNextDocument(listener)) {
    if (++documents > most) {
      throw YAML::Exception(YAML::Mark(),
                            "the parser does not terminate on this text (yaml-cpp 0.7 loops on some "
                            "malformed texts, such as a stray ',' or a '%' line inside a document; "
                            "issue 1040)");
    }
  }
}

}  // namespace

std::vector<YAML::Node> load_all_documents(const std::string& text) {
  // Not only a directive line makes LoadAll loop: the fuzzer found the one-byte text ",".
  parse_bounded(text);
  return YAML::LoadAll(text);
}

}  // namespace ekssim::scenario

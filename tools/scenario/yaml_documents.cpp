#include "tools/scenario/yaml_documents.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <sstream>

namespace ekssim::scenario {

namespace {

// Listens to nothing by default; a subclass overrides what it wants to see.
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

// Feeds every document of `text` to `listener`, refusing a text on which the parser would not
// terminate (yaml_documents.h); returns the number of documents.
size_t parse_bounded(const std::string& text, YAML::EventHandler& listener) {
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
  return documents;
}

// Looks for one key among the keys of the first document's root mapping.
class RootKeyFinder final : public EventListener {
 public:
  explicit RootKeyFinder(std::string_view key) : key_(key) {}
  bool found() const { return found_ && root_is_map_; }

  void OnNull(const YAML::Mark&, YAML::anchor_t) override { leaf(); }
  // An alias in a key's place may stand for the key: say found, and let the loader decide.
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {
    if (at_root_key()) found_ = true;
    leaf();
  }
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string& value) override {
    if (at_root_key() && value == key_) found_ = true;
    leaf();
  }
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    open(false);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    open(true);
  }
  void OnMapEnd() override { --depth_; }

 private:
  // Inside the root mapping its children alternate key, value, key…
  bool at_root_key() const { return depth_ == 1 && root_is_map_ && root_children_ % 2 == 0; }
  void leaf() {
    if (depth_ == 1) ++root_children_;
  }
  void open(bool map) {
    if (depth_ == 0 && !seen_root_) {
      seen_root_ = true;
      root_is_map_ = map;
    }
    leaf();
    ++depth_;
  }

  std::string_view key_;
  int depth_ = 0;
  bool seen_root_ = false;
  bool root_is_map_ = false;
  size_t root_children_ = 0;
  bool found_ = false;
};

}  // namespace

std::vector<YAML::Node> load_all_documents(const std::string& text) {
  // Not only a directive line makes LoadAll loop: the fuzzer found the one-byte text ",".
  EventListener ignore;
  parse_bounded(text, ignore);
  return YAML::LoadAll(text);
}

bool is_one_mapping_with_key(const std::string& text, std::string_view key) {
  RootKeyFinder finder(key);
  return parse_bounded(text, finder) == 1 && finder.found();
}

}  // namespace ekssim::scenario

#include "tools/serve/event_log.h"

namespace ekssim::serve {

namespace {

class JsonFieldWriter final : public sim::FieldWriter {
 public:
  explicit JsonFieldWriter(nlohmann::json& out) : out_(out) {}
  void integer(std::string_view name, int64_t value) override { out_[std::string(name)] = value; }
  void number(std::string_view name, double value) override { out_[std::string(name)] = value; }
  void text(std::string_view name, std::string_view value) override {
    out_[std::string(name)] = std::string(value);
  }
  void flag(std::string_view name, bool value) override { out_[std::string(name)] = value; }
  void duration(std::string_view name, sim::Duration value) override {
    out_[std::string(name)] = value.seconds_double();
  }

 private:
  nlohmann::json& out_;
};

}  // namespace

void EventLog::record(sim::Time time, const sim::EventView& event) {
  RecordedEvent recorded;
  recorded.t = time.seconds_double();
  recorded.kind = std::string(event.kind());
  recorded.fields = nlohmann::json::object();
  JsonFieldWriter writer(recorded.fields);
  event.write(writer);
  events_.push_back(std::move(recorded));
}

std::string field_text(const RecordedEvent& event, const char* name) {
  const auto it = event.fields.find(name);
  if (it == event.fields.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

}  // namespace ekssim::serve

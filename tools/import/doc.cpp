#include "tools/import/doc.h"

#include <algorithm>
#include <cctype>
#include <string_view>

namespace ekssim::import {
namespace {

bool looks_non_string(std::string_view s) {
  static const std::vector<std::string_view> kWords = {
      "true", "True", "TRUE", "false", "False", "FALSE", "yes",  "Yes", "YES",
      "no",   "No",   "NO",   "on",    "On",    "ON",    "off",  "Off", "OFF",
      "y",    "Y",    "n",    "N",     "null",  "Null",  "NULL", "~"};
  if (std::find(kWords.begin(), kWords.end(), s) != kWords.end()) return true;
  size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
  if (i == s.size()) return false;
  bool digit = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (c != '.' && c != 'e' && c != 'E' && c != '_' && c != '+' && c != '-' && c != 'x' &&
               c != 'o') {
      return false;
    }
  }
  return digit;
}

// Whether `s` reads back as the same string when written without quotes in block context.
bool safe_plain(std::string_view s) {
  if (s.empty() || std::isspace(static_cast<unsigned char>(s.front())) ||
      std::isspace(static_cast<unsigned char>(s.back())) || s.back() == ':') {
    return false;
  }
  const std::string_view kIndicators = "-?:,[]{}#&*!|>'\"%@`";
  if (kIndicators.find(s[0]) != std::string_view::npos &&
      !(s[0] == '-' && s.size() > 1 && std::isdigit(static_cast<unsigned char>(s[1])))) {
    return false;
  }
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos) {
    return false;
  }
  return std::none_of(s.begin(), s.end(), [](char c) {
    return c == '\n' || c == '\r' || c == '\t' || static_cast<unsigned char>(c) < 0x20;
  });
}

std::string double_quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

std::string scalar_text(const Doc& d) {
  // A quoted string is written plain when YAML reads it back as the same string.
  if (safe_plain(d.text) && (d.kind == Doc::Kind::kPlain || !looks_non_string(d.text)))
    return d.text;
  return double_quoted(d.text);
}

std::string key_text(const std::string& key) {
  return safe_plain(key) && !looks_non_string(key) ? key : double_quoted(key);
}

bool flow_safe(std::string_view s) {
  return s.find_first_of(",[]{}") == std::string_view::npos;
}

bool has_notes(const Doc& d) {
  for (const auto& [key, v] : d.entries)
    if (!v.note.empty() || has_notes(v)) return true;
  for (const Doc& v : d.items)
    if (!v.note.empty() || has_notes(v)) return true;
  return false;
}

std::string flow_text(const Doc& d) {
  if (d.is_scalar()) {
    const std::string text = scalar_text(d);
    return text.front() == '"' || flow_safe(text) ? text : double_quoted(d.text);
  }
  std::string out = d.is_map() ? "{" : "[";
  for (const auto& [key, v] : d.entries) {
    const std::string k = key_text(key);
    out += (out.size() > 1 ? ", " : "") + (flow_safe(k) ? k : double_quoted(key)) + ": " +
           flow_text(v);
  }
  for (const Doc& v : d.items)
    out += (out.size() > 1 ? ", " : "") + flow_text(v);
  return out + (d.is_map() ? "}" : "]");
}

std::string one_line(std::string_view note) {
  std::string out(note);
  std::replace(out.begin(), out.end(), '\n', ' ');
  return out;
}

class Emitter {
 public:
  void comment(int indent, std::string_view text) {
    lines_.push_back({std::string(indent, ' ') + "# " + one_line(text), {}});
  }

  // A value after "prefix" (a key and colon, or a list dash) on a new line at `indent`.
  void value(const std::string& prefix, const Doc& d, int indent) {
    const std::string note = d.note.empty() ? "" : "  # " + one_line(d.note);
    const bool inline_value = d.is_scalar() || (d.is_map() && d.entries.empty()) ||
                              (d.is_list() && d.items.empty()) || (d.flow && !has_notes(d));
    if (inline_value) {
      const std::string text = flow_text(d);
      lines_.push_back({prefix + " " + text + note, d.origin});
      return;
    }
    lines_.push_back({prefix + note, d.origin});
    if (d.is_map()) {
      map(d, indent);
    } else {
      list(d, indent);
    }
  }

  void map(const Doc& d, int indent) {
    for (const auto& [key, v] : d.entries)
      value(std::string(indent, ' ') + key_text(key) + ":", v, indent + 2);
  }

  void list(const Doc& d, int indent) {
    const std::string pad(indent, ' ');
    for (const Doc& item : d.items) {
      if (item.is_scalar() || (item.is_map() ? item.entries.empty() : item.items.empty()) ||
          (item.flow && item.note.empty() && !has_notes(item))) {
        value(pad + "-", item, indent + 2);
        continue;
      }
      if (!item.note.empty()) comment(indent, item.note);
      const size_t first = lines_.size();
      if (item.is_map()) {
        map(item, indent + 2);
      } else {
        list(item, indent + 2);
      }
      lines_[first].first.replace(0, indent + 2, pad + "- ");
      if (!lines_[first].second.known()) lines_[first].second = item.origin;
    }
  }

  Emitted finish() {
    Emitted out;
    for (auto& [text, origin] : lines_) {
      out.text += text + "\n";
      out.line_origins.push_back(std::move(origin));
    }
    return out;
  }

 private:
  std::vector<std::pair<std::string, Origin>> lines_;
};

}  // namespace

Origin origin_of(const YAML::Node& node, const std::string& path) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {path, 0, 0};
  return {path, mark.line + 1, mark.column + 1};
}

Doc Doc::list() {
  Doc d;
  d.kind = Kind::kList;
  return d;
}

Doc Doc::plain(std::string text) {
  Doc d;
  d.kind = Kind::kPlain;
  d.text = std::move(text);
  return d;
}

Doc Doc::quoted(std::string text) {
  Doc d;
  d.kind = Kind::kQuoted;
  d.text = std::move(text);
  return d;
}

Doc Doc::integer(long long value) {
  return plain(std::to_string(value));
}

Doc Doc::boolean(bool value) {
  return plain(value ? "true" : "false");
}

Doc Doc::from_yaml(const YAML::Node& node, const std::string& path) {
  Doc d;
  if (node.IsMap()) {
    for (const auto& pair : node)
      d.set(pair.first.Scalar(), from_yaml(pair.second, path));
  } else if (node.IsSequence()) {
    d = list();
    for (const auto& item : node)
      d.items.push_back(from_yaml(item, path));
  } else if (node.IsScalar()) {
    d = node.Tag() == "?" ? plain(node.Scalar()) : quoted(node.Scalar());
  } else {
    d = plain("null");
  }
  d.flow = !node.IsScalar() && node.Style() == YAML::EmitterStyle::Flow;
  d.origin = origin_of(node, path);
  return d;
}

Doc& Doc::set(const std::string& key, Doc value) {
  if (Doc* existing = find(key)) return *existing = std::move(value);
  entries.emplace_back(key, std::move(value));
  return entries.back().second;
}

Doc* Doc::find(std::string_view key) {
  for (auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

const Doc* Doc::find(std::string_view key) const {
  for (const auto& [k, v] : entries)
    if (k == key) return &v;
  return nullptr;
}

Doc& Doc::child(const std::string& key) {
  if (Doc* existing = find(key)) return *existing;
  return set(key, map());
}

Doc& Doc::push(Doc item) {
  items.push_back(std::move(item));
  return items.back();
}

bool Doc::erase(std::string_view key) {
  const auto it =
      std::find_if(entries.begin(), entries.end(), [&](const auto& e) { return e.first == key; });
  if (it == entries.end()) return false;
  entries.erase(it);
  return true;
}

Emitted emit_yaml(const Doc& root, const std::vector<std::string>& header) {
  Emitter emitter;
  for (const std::string& line : header)
    emitter.comment(0, line);
  if (root.is_map()) {
    emitter.map(root, 0);
  } else {
    emitter.list(root, 0);
  }
  return emitter.finish();
}

}  // namespace ekssim::import

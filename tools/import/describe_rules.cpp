#include "tools/import/describe_rules.h"

#include <map>

#include "tools/import/manifest_kinds.h"

namespace ekssim::import {
namespace {

Doc rule_base(const YAML::Node& permission, const std::string& path) {
  const std::string protocol = text_field(permission, {"IpProtocol"}).value_or("-1");
  const std::string from = text_field(permission, {"FromPort"}).value_or("");
  const std::string to = text_field(permission, {"ToPort"}).value_or("");
  Doc r = Doc::map();
  r.set("protocol", Doc::quoted(protocol == "-1" ? "all" : protocol));
  const bool all_ports = from.empty() || from == "-1" || (from == "0" && to == "65535");
  if ((protocol == "tcp" || protocol == "udp") && !all_ports)
    r.set("ports", Doc::quoted(from == to ? from : from + "-" + to));
  if (protocol == "icmp" && !from.empty()) {  // FromPort is the type, ToPort the code
    r.child("icmp").set("type", Doc::plain(from));
    r.child("icmp").set("code", Doc::plain(to.empty() ? "-1" : to));
  }
  r.origin = origin_of(permission, path);
  return r;
}

}  // namespace

void permission_rules(const YAML::Node& permission, bool ingress, const std::string& path,
                      const std::set<std::string>& groups, ImportLog& log, Doc& out) {
  const char* peer_key = ingress ? "from" : "to";
  if (auto ranges = field(permission, {"IpRanges"}); ranges && ranges->IsSequence()) {
    for (const YAML::Node& range : *ranges) {
      Doc r = rule_base(permission, path);
      r.child(peer_key).set("cidr", Doc::plain(text_field(range, {"CidrIp"}).value_or("")));
      out.push(std::move(r));
    }
  }
  if (auto pairs = field(permission, {"UserIdGroupPairs"}); pairs && pairs->IsSequence()) {
    for (const YAML::Node& pair : *pairs) {
      const std::string group = text_field(pair, {"GroupId"}).value_or("");
      if (!groups.count(group)) {
        log.note("describe rule naming " + group + ": a group outside the imported VPC, left out");
        continue;
      }
      Doc r = rule_base(permission, path);
      r.child(peer_key).set("securityGroup", Doc::quoted(group));
      out.push(std::move(r));
    }
  }
  if (auto lists = field(permission, {"PrefixListIds"});
      lists && lists->IsSequence() && lists->size() > 0) {
    log.note(
        "describe rules naming prefix lists: their CIDRs are not in describe output, left out");
  }
}

std::optional<Doc> nacl_entry(const YAML::Node& e, const std::string& path) {
  static const std::map<std::string, std::string> kProtocols = {
      {"-1", "all"}, {"6", "tcp"}, {"17", "udp"}, {"1", "icmp"}};
  const std::string number = text_field(e, {"RuleNumber"}).value_or("");
  const auto cidr = text_field(e, {"CidrBlock"});
  if (number == "32767" || !cidr) return std::nullopt;
  Doc entry = Doc::map();
  entry.set("rule", Doc::plain(number));
  const std::string p = text_field(e, {"Protocol"}).value_or("-1");
  const auto named = kProtocols.find(p);
  entry.set("protocol", Doc::quoted(named == kProtocols.end() ? p : named->second));
  const auto from = text_field(e, {"PortRange", "From"});
  const auto to = text_field(e, {"PortRange", "To"});
  if (from && to && (p == "6" || p == "17"))
    entry.set("ports", Doc::quoted(*from == *to ? *from : *from + "-" + *to));
  entry.set("cidr", Doc::plain(*cidr));
  entry.set("action", Doc::quoted(text_field(e, {"RuleAction"}).value_or("deny")));
  entry.origin = origin_of(e, path);
  return entry;
}

}  // namespace ekssim::import

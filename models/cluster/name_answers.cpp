#include "models/cluster/name_answers.h"

namespace ekssim::cluster {

NameAnswers::NameAnswers(const dns::ServiceDirectory& directory,
                         const dns::VpcResolver& vpc_resolver, const dns::NameTable& names)
    : directory_(directory), vpc_resolver_(vpc_resolver), names_(names) {}

const NameAnswers::Summary& NameAnswers::a_answer(dns::NameId name) {
  const uint64_t version = directory_.answers_version();
  if (memo_.size() <= name) memo_.resize(names_.size());
  Memo& memo = memo_[name];
  if (memo.version == version) return memo.summary;
  // As resolved_address (dns_exchanges.cpp) works it out; the table's text is normalized.
  const std::string_view text = names_.text(name);
  const dns::KubernetesZone zone;
  const dns::DnsAnswer answer =
      dns::is_in_zone(text, zone.zone)
          ? dns::answer_cluster_name(text, dns::QueryType::kA, zone, directory_).answer
          : vpc_resolver_.answer(text, dns::QueryType::kA);
  memo.summary.first =
      answer.addresses.empty() ? std::nullopt : std::optional(answer.addresses.front());
  memo.summary.records = static_cast<uint32_t>(answer.addresses.size());
  memo.version = version;
  return memo.summary;
}

}  // namespace ekssim::cluster

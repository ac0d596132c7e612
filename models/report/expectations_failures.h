#pragma once
// The expectations about failures the report recorded per pod: noIpFailures, ipFailures,
// noDnsFailures and dnsFailures. Each counts the matching pods' failures inside its window and,
// for the reader, groups them by root cause (most first) with the first pod that met each.

#include "models/report/expectations.h"
#include "models/report/run_report.h"
#include "models/spec/expectations.h"

namespace ekssim::report {

Verdict judge_no_ip_failures(const spec::NoIpFailures& check, const RunReport& report);
Verdict judge_ip_failures(const spec::IpFailures& check, const RunReport& report);
Verdict judge_no_dns_failures(const spec::NoDnsFailures& check, const RunReport& report);
Verdict judge_dns_failures(const spec::DnsFailures& check, const RunReport& report);

}  // namespace ekssim::report

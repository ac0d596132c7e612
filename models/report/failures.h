#pragma once
// Repeated failures, folded. A pod that meets the same failure again and again — a kubelet
// retrying its sandbox every 10 s while EC2 throttles, a lookup failing every interval — keeps one
// record with a count and the time of the last one instead of a record per attempt: a cluster
// of 150,000 pods in a retry storm would otherwise keep tens of millions of records. A failure
// folds into the previous record of the same list when its reason, cause, fix and name match;
// the record keeps the first one's message (later ones differ only in ids such as the sandbox's).

#include <cstdint>
#include <vector>

#include "models/report/run_report.h"

namespace ekssim::report {

void record_failure(std::vector<Failure>& list, Failure failure);

// How many of a record's failures fall in [from, to] (seconds), taking them as spread evenly over
// [at, last_at]: exact for a single failure and for both ends of a folded record, and for the
// periodic retries that fold.
int64_t failures_between(const Failure& failure, double from, double to);

// The failures a list stands for, folded ones counted.
int64_t failure_count(const std::vector<Failure>& list);

}  // namespace ekssim::report

#pragma once
// Runs independent jobs (one scenario each) on a Boost.Asio thread pool and returns their results
// in the order the jobs were given, whatever order they finish in. Each job is single-threaded
// and deterministic; parallelism exists only across jobs (STYLE.md, "Determinism" 6).

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <functional>
#include <thread>
#include <vector>

namespace ekssim::cli {

// The default for --jobs: the machine's cores.
inline unsigned default_jobs() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : cores;
}

template <typename Result>
std::vector<Result> run_in_parallel(const std::vector<std::function<Result()>>& jobs,
                                    unsigned threads) {
  std::vector<Result> results(jobs.size());
  if (threads <= 1 || jobs.size() <= 1) {
    for (size_t i = 0; i < jobs.size(); ++i) results[i] = jobs[i]();
    return results;
  }
  boost::asio::thread_pool pool(threads);
  for (size_t i = 0; i < jobs.size(); ++i) {
    boost::asio::post(pool, [&results, &jobs, i] { results[i] = jobs[i](); });
  }
  pool.join();
  return results;
}

}  // namespace ekssim::cli

#pragma once
// Runs independent jobs (one scenario each) on a Boost.Asio thread pool and returns their results
// in the order the jobs were given, whatever order they finish in. Each job is single-threaded
// and deterministic; parallelism exists only across jobs (STYLE.md, "Determinism" 6).

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <algorithm>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace CLI {
class App;
}

namespace ekssim::cli {

// --jobs above this is refused: a thread per job, and nobody has more cores than this.
inline constexpr unsigned kMaxJobs = 256;

// Adds `--jobs,-j N` (1 to kMaxJobs, default: the cores) to a subcommand.
void add_jobs_option(CLI::App& command, unsigned& jobs, const std::string& description);

// The default for --jobs: the machine's cores.
inline unsigned default_jobs() {
  const unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : std::min(cores, kMaxJobs);
}

template <typename Result>
std::vector<Result> run_in_parallel(const std::vector<std::function<Result()>>& jobs,
                                    unsigned threads) {
  std::vector<Result> results(jobs.size());
  if (threads <= 1 || jobs.size() <= 1) {
    for (size_t i = 0; i < jobs.size(); ++i) results[i] = jobs[i]();
    return results;
  }
  // Never more threads than jobs.
  boost::asio::thread_pool pool(std::min<size_t>(threads, jobs.size()));
  for (size_t i = 0; i < jobs.size(); ++i) {
    boost::asio::post(pool, [&results, &jobs, i] { results[i] = jobs[i](); });
  }
  pool.join();
  return results;
}

}  // namespace ekssim::cli

#pragma once
// The command's exit codes: a public contract for CI pipelines.

namespace ekssim::cli {

inline constexpr int kExitOk = 0;               // every expectation met
inline constexpr int kExitExpectationFailed = 1;  // the simulation ran; an expectation failed
inline constexpr int kExitBadInput = 2;         // bad scenario, bad usage; nothing was written
inline constexpr int kExitInternalError = 70;   // an internal invariant broke (EX_SOFTWARE)

}  // namespace ekssim::cli

#pragma once
// Temporaries that must not outlive an interrupted run: while registered, SIGINT or SIGTERM
// removes them before the process dies with the signal's default action. The handler touches
// only a fixed table of paths (unlink is async-signal-safe; POSIX.1-2017, 2.4.3).

#include <string>

namespace ekssim::cli {

// Installs the handlers once; returns a slot to release, or -1 when the table is full or the
// path too long (the file then just is not cleaned up on a signal).
int register_temporary(const std::string& path);
void release_temporary(int slot);

}  // namespace ekssim::cli

#pragma once
// The sweep's table as one self-contained HTML page (`ekssim sweep --format html`): the table
// with each change from the baseline and the best marked, then small multiples, one bar chart
// per column with a bar per variant. Hand-written SVG: a few rectangles and labels per chart are
// far smaller than any charting library inlined into the page, and the page needs no network.

#include <string>

#include "tools/cli/sweep_table.h"

namespace ekssim::cli {

std::string format_sweep_html(const SweepTable& table);

// The parts, for pages of several tables (`ekssim fit --format html`): a table and its charts,
// and a page around sections of HTML. `title` and `intro` are plain text.
std::string sweep_html_section(const SweepTable& table);
std::string html_page(const std::string& title, const std::string& intro, const std::string& body);

}  // namespace ekssim::cli

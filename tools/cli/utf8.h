#pragma once
// Text from user files on its way into a format that requires UTF-8 (XML, JSON): well-formed
// sequences pass, anything else becomes U+FFFD, so that a Latin-1 name cannot make a report
// invalid (RFC 3629, section 4: no overlongs, no surrogates, nothing above U+10FFFF).

#include <string>
#include <string_view>

namespace ekssim::cli {

std::string valid_utf8(std::string_view text);

}  // namespace ekssim::cli

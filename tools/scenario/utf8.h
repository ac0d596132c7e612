#pragma once
// UTF-8 validation for scenario text. Every name and string in a scenario reaches a report (JSON
// must be UTF-8, JUnit is XML), so bytes that are not UTF-8 are a located error at load instead of
// an abort in a writer later (issue 16: `metadata: {name: "caf\xe9"}` saved as Latin-1).

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ekssim::scenario {

// The offset of the first byte in `text` that does not start (or continue) a well-formed UTF-8
// sequence as RFC 3629 defines it: no overlong forms, no surrogates (U+D800–U+DFFF), nothing
// above U+10FFFF. nullopt when all of `text` is UTF-8.
std::optional<size_t> first_invalid_utf8(std::string_view text);

}  // namespace ekssim::scenario

namespace ekssim::scenario {

// `text` with every byte that is not part of well-formed UTF-8 replaced by '?', byte for byte, so
// that columns counted in bytes still line up (for quoting a source line in a diagnostic).
std::string with_invalid_utf8_replaced(std::string_view text);

}  // namespace ekssim::scenario

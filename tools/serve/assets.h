#pragma once
// The page's files, compiled into the binary (embed_assets.cmake) so that the server reads no
// file: index.html, app.js, style.css. Empty for any other name.

#include <string_view>

namespace ekssim::serve {

std::string_view asset(std::string_view name);

}  // namespace ekssim::serve

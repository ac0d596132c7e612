# Writes OUTPUT, a C++ source defining ekssim::aws::FUNCTION(), which returns the bytes of INPUT as
# a string_view. Used to compile shipped factual data (the EC2 instance tables) into the binary.
file(READ "${INPUT}" content)
string(FIND "${content}" ")ekssim_embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw-string delimiter")
endif()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by tools/embed_text.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace ekssim::aws {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr std::string_view kText = R\"ekssim_embedded(${content})ekssim_embedded\";\n"
  "  return kText;\n}\n}  // namespace ekssim::aws\n")

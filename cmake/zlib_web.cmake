# zlib for the WebAssembly build, compiled from Debian's zlib sources that
# scripts/setup.sh puts in third_party/zlib (Debian's emscripten has a frozen
# cache without the zlib port). Natively the system zlib is used instead.
set(_z ${PROJECT_SOURCE_DIR}/third_party/zlib)
if(NOT EXISTS ${_z}/inflate.c)
  message(FATAL_ERROR "third_party/zlib is missing: run scripts/setup.sh")
endif()
add_library(zlib_web STATIC
  ${_z}/adler32.c ${_z}/compress.c ${_z}/crc32.c ${_z}/deflate.c ${_z}/infback.c
  ${_z}/inffast.c ${_z}/inflate.c ${_z}/inftrees.c ${_z}/trees.c ${_z}/uncompr.c ${_z}/zutil.c)
target_include_directories(zlib_web SYSTEM PUBLIC ${_z})
target_compile_options(zlib_web PRIVATE -O2 -w)

# md4c (the CommonMark parser of beat texts) for the WebAssembly build,
# compiled from Debian's md4c sources that scripts/setup.sh puts in
# third_party/md4c. Natively Debian's libmd4c-dev is used instead.
set(_md ${PROJECT_SOURCE_DIR}/third_party/md4c)
if(NOT EXISTS ${_md}/md4c.c)
  message(FATAL_ERROR "third_party/md4c is missing: run scripts/setup.sh (it fetches Debian's md4c source package)")
endif()
add_library(md4c_web STATIC ${_md}/md4c.c)
target_include_directories(md4c_web SYSTEM PUBLIC ${_md})
target_compile_options(md4c_web PRIVATE -O2 -w)

# Header-only libraries from Debian packages, as one interface target.
#
# Natively they are found in /usr/include. Emscripten must not see
# /usr/include as a whole (glibc's headers would shadow its own libc), so for
# the web build we link just these library folders into the build tree.
set(GANSTEP_HEADER_DIRS xtensor xtl xsimd CLI toml++ catch2)
if(EMSCRIPTEN)
  set(_inc "${CMAKE_BINARY_DIR}/system-headers")
  file(MAKE_DIRECTORY "${_inc}")
  foreach(dir IN LISTS GANSTEP_HEADER_DIRS)
    if(NOT EXISTS "/usr/include/${dir}")
      message(FATAL_ERROR "/usr/include/${dir} is missing: run scripts/setup.sh")
    endif()
    file(CREATE_LINK "/usr/include/${dir}" "${_inc}/${dir}" SYMBOLIC)
  endforeach()
  file(CREATE_LINK "/usr/include/stb" "${_inc}/stb" SYMBOLIC)
  add_library(ganstep_headers INTERFACE)
  target_include_directories(ganstep_headers SYSTEM INTERFACE "${_inc}" "${_inc}/stb")
else()
  foreach(dir IN LISTS GANSTEP_HEADER_DIRS)
    if(NOT EXISTS "/usr/include/${dir}")
      message(FATAL_ERROR "/usr/include/${dir} is missing: run scripts/setup.sh")
    endif()
  endforeach()
  add_library(ganstep_headers INTERFACE)
  target_include_directories(ganstep_headers SYSTEM INTERFACE /usr/include/stb)
endif()
add_library(ganstep::headers ALIAS ganstep_headers)

# Precompiled headers: a target's files parse xtensor (and, in the test
# programs, Catch2) once per target instead of once per file (about 0.85 s and
# 0.6 s a file). They change no code: the state hashes stay the same.
#   ganstep_precompile(TARGET [<more/header.hpp> ...])
function(ganstep_precompile target)
  target_precompile_headers(${target} PRIVATE <xtensor/xtensor.hpp> ${ARGN})
endfunction()

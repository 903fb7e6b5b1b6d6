# The site: what a web server needs to serve the page, and nothing else.
#   cmake --install build/web --prefix DIR
# writes the page's files (web/CMakeLists.txt lists them with ganstep_site_files)
# into DIR, each with a gzip-compressed copy beside it (FILE.gz, level 9) for
# servers that send precompressed files. Test programs (ganstep_tests, the CLI
# under node), screenshots and CMake's own files stay in build/web.
#
#   ganstep_site_files(FILE...)   built files the page loads: absolute paths or
#                                 relative to the build folder; installed flat
#                                 into DIR. Call it from any folder; the install
#                                 rules are written once, at the end of configuring.
#   ganstep_site_test_fixture(PREFIX)  a CTest fixture "site" that installs the
#                                 site into PREFIX (after emptying it); tests that
#                                 serve the site require it (FIXTURES_REQUIRED site).
if(COMMAND ganstep_site_files)
  return()
endif()

function(ganstep_site_files)
  foreach(f ${ARGN})
    if(NOT IS_ABSOLUTE "${f}")
      set(f "${CMAKE_BINARY_DIR}/${f}")
    endif()
    set_property(GLOBAL APPEND PROPERTY GANSTEP_SITE_FILES "${f}")
  endforeach()
endfunction()

function(_ganstep_site_install)
  get_property(files GLOBAL PROPERTY GANSTEP_SITE_FILES)
  list(REMOVE_DUPLICATES files)
  set(names "")
  foreach(f ${files})
    install(FILES "${f}" DESTINATION .)
    get_filename_component(n "${f}" NAME)
    list(APPEND names "${n}")
  endforeach()
  # After the copies: FILE.gz beside each (CMake's own gzip, no tool needed).
  install(CODE "
    set(_site \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
    foreach(_n ${names})
      file(REMOVE \"\${_site}/\${_n}.gz\")
      file(ARCHIVE_CREATE OUTPUT \"\${_site}/\${_n}.gz\" PATHS \"\${_site}/\${_n}\"
           FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9)
      message(STATUS \"Compressing: \${_site}/\${_n}.gz\")
    endforeach()")
endfunction()
cmake_language(DEFER DIRECTORY ${PROJECT_SOURCE_DIR} CALL _ganstep_site_install)

function(ganstep_site_test_fixture prefix)
  add_test(NAME site_install
           COMMAND ${CMAKE_COMMAND} -DGANSTEP_SITE_BUILD=${CMAKE_BINARY_DIR} -DGANSTEP_SITE_PREFIX=${prefix}
                   -P ${PROJECT_SOURCE_DIR}/cmake/site_install.cmake)
  set_tests_properties(site_install PROPERTIES FIXTURES_SETUP site)
endfunction()

# cmake -DGANSTEP_SITE_BUILD=build/web -DGANSTEP_SITE_PREFIX=DIR -P cmake/site_install.cmake
# Empties DIR, then installs the site into it (cmake/site.cmake): the browser
# tests serve exactly what `cmake --install` writes.
foreach(v GANSTEP_SITE_BUILD GANSTEP_SITE_PREFIX)
  if(NOT ${v})
    message(FATAL_ERROR "site_install.cmake: set -D${v}=...")
  endif()
endforeach()
file(REMOVE_RECURSE "${GANSTEP_SITE_PREFIX}")
execute_process(COMMAND ${CMAKE_COMMAND} --install "${GANSTEP_SITE_BUILD}" --prefix "${GANSTEP_SITE_PREFIX}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cmake --install ${GANSTEP_SITE_BUILD} --prefix ${GANSTEP_SITE_PREFIX} failed (${rc}): build the page first")
endif()

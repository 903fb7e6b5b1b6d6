# The page's starting models (cmake -P, from web_data.cmake): runs
# `ganstep models --json` with its cache in CACHE (trained there if missing,
# found there if `ganstep models` already ran: the native cache, assets/data),
# then copies exactly the files it names into OUT, which images.data packs.
#   cmake -DCLI=ganstep [-DNODE=node] -DASSETS=assets -DCACHE=dir -DOUT=dir -P web_models.cmake
#   (NODE: CLI is the wasm CLI's ganstep-cli.js, run under node)
foreach(v CLI ASSETS CACHE OUT)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "web_models.cmake: -D${v}=... is missing")
  endif()
endforeach()
file(REMOVE_RECURSE "${OUT}")   # no model of older code, lessons or data is shipped
file(MAKE_DIRECTORY "${OUT}" "${CACHE}")
if(NODE)
  set(RUN "${NODE}" "${CLI}" models)
else()
  set(RUN "${CLI}" models)
endif()
execute_process(
  COMMAND "${CMAKE_COMMAND}" -E env "GANSTEP_ASSETS=${ASSETS}" "GANSTEP_CACHE_DIR=${CACHE}" ${RUN} --json
  OUTPUT_VARIABLE json RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "ganstep models failed (exit ${rc}): ${RUN} --json, cache ${CACHE}")
endif()
string(JSON count ERROR_VARIABLE bad LENGTH "${json}" models)
if(bad OR count EQUAL 0)
  message(FATAL_ERROR "ganstep models --json printed no models: ${json}")
endif()
math(EXPR last "${count} - 1")
foreach(i RANGE ${last})
  string(JSON n LENGTH "${json}" models ${i} files)
  math(EXPR nlast "${n} - 1")
  foreach(k RANGE ${nlast})
    string(JSON f GET "${json}" models ${i} files ${k})
    if(NOT EXISTS "${f}")
      message(FATAL_ERROR "ganstep models named ${f}, which does not exist")
    endif()
    file(COPY "${f}" DESTINATION "${OUT}")
  endforeach()
endforeach()
file(GLOB shipped "${OUT}/*")
list(LENGTH shipped m)
message(STATUS "the page's starting models: ${m} files from ${CACHE}")

# What the page downloads, made at build time (included by web/CMakeLists.txt):
#   GANSTEP_WEB_FONT       build/web/fonts/DejaVuSans.ttf: DejaVu Sans (Debian's
#                          fonts-dejavu-core) cut to the glyph ranges the player
#                          loads (kRanges of lessons/format/glyphs.cpp) by
#                          fontTools (python3-fonttools): 157 KB instead of 760 KB
#   ganstep_web_font       the target that makes it
#   ganstep_web_images     images.data + images.data.json (web/data.js fetches
#                          them when an image lesson opens): MNIST's training
#                          and held-out splits (find-latent's targets), the
#                          quality metric's classifier, trained
#                          once here by the wasm CLI (`ganstep quality`, the
#                          same bits as natively) and kept in build/web/classifier
#                          until the classifier's code or the data change;
#                          and the lessons' starting models (find-latent:
#                          lesson 8's G after its iterations, the encoder),
#                          from `ganstep models` natively when the native
#                          CLI is built (GANSTEP_MODELS_CLI; its cache,
#                          assets/data; exact mode: the same bits as the wasm
#                          CLI, which does it otherwise), copied into
#                          build/web/models when the engine, the lessons or
#                          the data change.
set(GANSTEP_FONT "${PROJECT_SOURCE_DIR}/assets/fonts/DejaVuSans.ttf")
if(NOT EXISTS "${GANSTEP_FONT}")
  message(FATAL_ERROR "${GANSTEP_FONT} is missing: run  bash scripts/setup.sh  (it copies DejaVu Sans into assets/fonts)")
endif()
find_program(GANSTEP_PYTHON3 NAMES python3 PATHS /usr/bin NO_DEFAULT_PATH)   # Debian's, with python3-fonttools
execute_process(COMMAND ${GANSTEP_PYTHON3} -c "import fontTools.subset" RESULT_VARIABLE _no_fonttools
                OUTPUT_QUIET ERROR_QUIET)
if(_no_fonttools)
  message(FATAL_ERROR "the web build cuts the font with fontTools: apt install python3-fonttools (scripts/setup.sh installs it)")
endif()

# The glyph ranges: one table, kRanges in lessons/format/glyphs.cpp (rows
# "{0xFIRST, 0xLAST},  // comment" up to the line "};" that ends it).
set(_theme "${PROJECT_SOURCE_DIR}/lessons/format/glyphs.cpp")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_theme}")
file(READ "${_theme}" _theme_text)
set(_ranges "")
string(FIND "${_theme_text}" "kRanges[] = {" _at)
if(_at GREATER -1)
  string(SUBSTRING "${_theme_text}" ${_at} -1 _ranges)
  string(FIND "${_ranges}" "\n};" _end)
  if(_end GREATER -1)
    string(SUBSTRING "${_ranges}" 0 ${_end} _ranges)
  endif()
endif()
string(REGEX MATCHALL "0x[0-9A-Fa-f]+, *0x[0-9A-Fa-f]+" _pairs "${_ranges}")
if(NOT _pairs)
  message(FATAL_ERROR "${_theme}: no glyph ranges found in kRanges (the web font is cut to them)")
endif()
set(_unicodes "")
foreach(p ${_pairs})
  string(REGEX REPLACE "0x([0-9A-Fa-f]+), *0x([0-9A-Fa-f]+)" "U+\\1-\\2" r "${p}")
  list(APPEND _unicodes "${r}")
endforeach()
string(REPLACE ";" "," _unicodes "${_unicodes}")

set(GANSTEP_WEB_FONT "${CMAKE_BINARY_DIR}/fonts/DejaVuSans.ttf")
add_custom_command(
  OUTPUT "${GANSTEP_WEB_FONT}"
  COMMAND ${CMAKE_COMMAND} -E make_directory "${CMAKE_BINARY_DIR}/fonts"
  # no hinting and no layout tables: stb_truetype (ImGui) reads neither
  COMMAND ${GANSTEP_PYTHON3} -m fontTools.subset "${GANSTEP_FONT}" "--unicodes=${_unicodes}"
          "--output-file=${GANSTEP_WEB_FONT}" --no-hinting "--layout-features=" "--name-IDs=*"
  DEPENDS "${GANSTEP_FONT}" "${_theme}"
  COMMENT "Cutting DejaVu Sans to the player's glyph ranges")
add_custom_target(ganstep_web_font DEPENDS "${GANSTEP_WEB_FONT}")

# The classifier: `ganstep quality` under node trains it (or finds it) in build/web/classifier.
find_program(GANSTEP_NODE NAMES node nodejs REQUIRED)
set(_classifier_dir "${CMAKE_BINARY_DIR}/classifier")
set(_classifier_stamp "${CMAKE_BINARY_DIR}/classifier.stamp")
add_custom_command(
  OUTPUT "${_classifier_stamp}"
  COMMAND ${CMAKE_COMMAND} -E rm -rf "${_classifier_dir}"   # no classifier of older code or data is shipped
  COMMAND ${CMAKE_COMMAND} -E make_directory "${_classifier_dir}"
  COMMAND ${CMAKE_COMMAND} -E env "GANSTEP_ASSETS=${PROJECT_SOURCE_DIR}/assets" "GANSTEP_CACHE_DIR=${_classifier_dir}"
          ${GANSTEP_NODE} "${CMAKE_BINARY_DIR}/ganstep-cli.js" quality
  COMMAND ${CMAKE_COMMAND} -E touch "${_classifier_stamp}"
  DEPENDS ${GANSTEP_MNIST_FILES} "${GANSTEP_MNIST_DIR}/t10k-images-idx3-ubyte" "${GANSTEP_MNIST_DIR}/t10k-labels-idx1-ubyte"
          "${PROJECT_SOURCE_DIR}/engine/gan/classifier.cpp" "${PROJECT_SOURCE_DIR}/engine/gan/classifier.h"
          "${PROJECT_SOURCE_DIR}/engine/gan/classifier_cache.cpp"
  WORKING_DIRECTORY "${CMAKE_BINARY_DIR}"
  COMMENT "Training the quality metric's digit classifier (once; ganstep quality under node)")

# The starting models and the classifier they load, exactly the files `ganstep models`
# names (cmake/web_models.cmake). The native CLI uses the native cache (assets/data,
# where scripts/test.sh's `ganstep models` has put them: a cache file's key holds
# the code's state hash, so only models of this code are found); the wasm CLI a
# cache of its own here, seeded with the classifier trained above.
set(GANSTEP_MODELS_CLI "${PROJECT_SOURCE_DIR}/build/native/ganstep"
    CACHE FILEPATH "Native ganstep CLI that trains the page's starting models (else the wasm CLI under node)")
if(EXISTS "${GANSTEP_MODELS_CLI}")
  set(_models_cli "-DCLI=${GANSTEP_MODELS_CLI}")
  set(_models_cache "${PROJECT_SOURCE_DIR}/assets/data")
  set(_models_seed "")
else()
  set(_models_cli "-DCLI=${CMAKE_BINARY_DIR}/ganstep-cli.js" "-DNODE=${GANSTEP_NODE}")
  set(_models_cache "${CMAKE_BINARY_DIR}/models-cache")
  set(_models_seed COMMAND ${CMAKE_COMMAND} -E copy_directory "${_classifier_dir}" "${_models_cache}")
endif()
set(_models_dir "${CMAKE_BINARY_DIR}/models")
set(_models_stamp "${CMAKE_BINARY_DIR}/models.stamp")
file(GLOB _models_sources CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/engine/*/*.cpp" "${PROJECT_SOURCE_DIR}/engine/*/*.h"
     "${PROJECT_SOURCE_DIR}/lessons/library/*.toml" "${PROJECT_SOURCE_DIR}/lessons/run/latent_run.cpp")
add_custom_command(
  OUTPUT "${_models_stamp}"
  ${_models_seed}
  COMMAND ${CMAKE_COMMAND} ${_models_cli} "-DASSETS=${PROJECT_SOURCE_DIR}/assets"
          "-DCACHE=${_models_cache}" "-DOUT=${_models_dir}" -P "${PROJECT_SOURCE_DIR}/cmake/web_models.cmake"
  COMMAND ${CMAKE_COMMAND} -E touch "${_models_stamp}"
  DEPENDS "${_classifier_stamp}" ${_models_sources} "${PROJECT_SOURCE_DIR}/cmake/web_models.cmake"
  WORKING_DIRECTORY "${CMAKE_BINARY_DIR}"
  COMMENT "The lessons' starting models (ganstep models; trained once, cached)")

# images.data + images.data.json: Emscripten's file packager (its loader script is not used).
set(_images "${CMAKE_BINARY_DIR}/images.data")
add_custom_command(
  OUTPUT "${_images}" "${_images}.json"
  COMMAND ${GANSTEP_PYTHON3} "${EMSCRIPTEN_ROOT_PATH}/tools/file_packager.py" "${_images}"
          --preload "${GANSTEP_MNIST_DIR}/train-images-idx3-ubyte@/assets/data/mnist/train-images-idx3-ubyte"
                    "${GANSTEP_MNIST_DIR}/train-labels-idx1-ubyte@/assets/data/mnist/train-labels-idx1-ubyte"
                    "${GANSTEP_MNIST_DIR}/t10k-images-idx3-ubyte@/assets/data/mnist/t10k-images-idx3-ubyte"
                    "${GANSTEP_MNIST_DIR}/t10k-labels-idx1-ubyte@/assets/data/mnist/t10k-labels-idx1-ubyte"
                    "${_models_dir}@/assets/data"
          "--js-output=${CMAKE_BINARY_DIR}/images.loader.js" --separate-metadata --no-node
  COMMAND ${CMAKE_COMMAND} -E rename "${CMAKE_BINARY_DIR}/images.loader.js.metadata" "${_images}.json"
  COMMAND ${CMAKE_COMMAND} -E rm -f "${CMAKE_BINARY_DIR}/images.loader.js"
  DEPENDS ${GANSTEP_MNIST_FILES} "${_models_stamp}"
  COMMENT "Packing the image data (images.data)")
add_custom_target(ganstep_web_images DEPENDS "${_images}" "${_images}.json")
add_dependencies(ganstep_web_images ganstep-cli)

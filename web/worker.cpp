// The page's training worker (ganstep-trainer.js + .wasm, started by
// web/worker.js in a Web Worker): the engine and lessons/run without ImGui.
// It holds the image run of the page's lesson (lessons/run/executor.h:
// ImageRunHost) and handles the commands the page's RemoteImageRun posts, in
// order; each reply goes back as a transferred ArrayBuffer. The page's UI
// thread only draws and sends commands.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <vector>

#include "lessons/run/executor.h"

namespace {
ganstep::run::ImageRunHost g_host;
std::vector<ganstep::run::Message> g_out;
}  // namespace

extern "C" {
// One command (size bytes at bytes); its replies are posted to the page.
EMSCRIPTEN_KEEPALIVE void gw_handle(const std::uint8_t* bytes, double size) {
  const ganstep::run::Message command(bytes, bytes + static_cast<std::size_t>(size));
  g_out.clear();
  g_host.handle(command, g_out);
  for (const auto& m : g_out)
    EM_ASM({ const b = HEAPU8.slice($0, $0 + $1).buffer; postMessage(b, [b]); }, m.data(), m.size());
}
}

int main() { return 0; }

// The page's training worker (ganstep-trainer.js + .wasm, started by
// web/worker.js in a Web Worker): the engine and lessons/run without ImGui.
// It holds the run of the page's lesson, an image run or a [latent] one with
// its models (lessons/run/executor.h: RunHost), and handles the commands the
// page's RemoteRun posts, in order; a batch's units run one per task
// (gw_work), so the commands that
// come meanwhile (a cancel, a save, views) are read between two. Each reply
// goes back as a transferred ArrayBuffer. The page's UI thread only draws and
// sends commands.
#include <emscripten/emscripten.h>

#include <cstdint>
#include <vector>

#include "lessons/run/executor.h"

namespace {
ganstep::run::RunHost g_host;
std::vector<ganstep::run::Message> g_out;

void post_replies() {
  for (const auto& m : g_out)
    EM_ASM({ const b = HEAPU8.slice($0, $0 + $1).buffer; postMessage(b, [b]); }, m.data(), m.size());
  g_out.clear();
}
}  // namespace

extern "C" {
// One command (size bytes at bytes); its replies are posted to the page.
EMSCRIPTEN_KEEPALIVE void gw_handle(const std::uint8_t* bytes, double size) {
  const ganstep::run::Message command(bytes, bytes + static_cast<std::size_t>(size));
  g_host.handle(command, g_out);
  post_replies();
}
// The next unit asked for (its report posted to the page); 1 while more wait.
EMSCRIPTEN_KEEPALIVE int gw_work() {
  g_host.work(g_out);
  post_replies();
  return g_host.has_work() ? 1 : 0;
}
EMSCRIPTEN_KEEPALIVE int gw_has_work() { return g_host.has_work() ? 1 : 0; }
}

int main() { return 0; }

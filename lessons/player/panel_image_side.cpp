// An image lesson's checkpoint loading.
#include <algorithm>
#include <cstdio>
#include <string>

#include "engine/io/bytes.h"
#include "engine/gan/image_checkpoint.h"
#include "lessons/format/markdown.h"
#include "lessons/player/panel_image.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

std::string load_image_checkpoint(PlayerImpl& p, ImageState& s, const std::uint8_t* bytes, std::size_t size,
                                  const std::string& name) {
  p.set_playing(false);
  std::string e;
  std::unique_ptr<run::RemoteRun> loaded = p.image_run().from_checkpoint(bytes, size, name, e);
  if (loaded) e = p.session.replace_run(std::move(loaded));  // the timeline starts at the checkpoint
  p.after_step();
  char buf[512];
  if (e.empty()) {
    std::snprintf(buf, sizeof buf, p.t(S::ImgCheckpointLoadedFmt), name.c_str(),
                  static_cast<long long>(p.image_run().iteration()));
    s.message = buf;
  } else {
    s.message = e;
  }
  s.message_error = !e.empty();
  p.play.queued_iterations = 0;
  return e;
}

}  // namespace ganstep::ui

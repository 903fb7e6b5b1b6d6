// `ganstep bench`: which benchmark a name means.
//   bench [PRESET]           a point GAN preset (tiny-2d by default): point_bench.cpp
//   bench point [LESSON]     a point GAN preset or 1-D/2-D lesson: point_bench.cpp
//   bench dcgan | LESSON     an image lesson ("dcgan" is mnist-dcgan): image_bench.cpp
//   bench peak               the machine's FMA peak
#include <cstdio>

#include "engine/gan/presets.h"
#include "lessons/format/library.h"
#include "native/cli/commands.h"
#include "native/cli/image_commands.h"

namespace ganstep::cli {

int bench_command(const BenchOptions& o) {
  if (o.preset == "peak") return peak_bench_command(o);
  if (o.preset == "point") return point_bench_command(o, o.target.empty() ? "tiny-2d" : o.target);
  if (find_preset(o.preset)) return point_bench_command(o, o.preset);
  // an image lesson ("dcgan" is the standard DCGAN, mnist-dcgan)
  lessons::LoadResult found = lessons::find_lesson(o.preset == "dcgan" ? "mnist-dcgan" : o.preset);
  if (found.ok() && found.lesson.image) return image_bench_command(o, found.lesson);
  return point_bench_command(o, o.preset);  // a 1-D/2-D lesson, or the message for an unknown name
}

}  // namespace ganstep::cli

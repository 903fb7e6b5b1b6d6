// The lesson-aware side of the CLI: `ganstep bench dcgan` (image_bench.cpp),
// `ganstep bench point` (point_bench.cpp), `ganstep run` on an image lesson
// (image_run.cpp) and `ganstep quality` (quality_command.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/gan/image_spec.h"
#include "lessons/format/lesson.h"
#include "lessons/run/latent_run.h"
#include "lessons/run/session.h"
#include "native/cli/commands.h"

namespace ganstep::cli {

int image_bench_command(const BenchOptions& o, const lessons::Lesson& lesson);
// `ganstep bench peak`: the machine's FMA peak on --threads threads (image_bench.cpp).
int peak_bench_command(const BenchOptions& o);
int image_run_command(const RunOptions& o, const lessons::Lesson& lesson);
// `ganstep run` on a [latent] lesson (latent_commands.cpp).
int latent_run_command(const RunOptions& o, const lessons::Lesson& lesson);
// The Session of `ganstep run` on a [latent] lesson, loaded, set (--set) and
// stepped (--steps); `what` names what the lesson does, in the message
// refusing the training flags. 0 or the exit code (the message printed).
struct LatentTimes {
  double load_seconds = 0, step_seconds = 0;
};
int latent_session(const RunOptions& o, const lessons::Lesson& l, const char* what, run::Session& session,
                   LatentTimes& times);
// `ganstep run` on a [latent] lesson with detect (detect_commands.cpp).
int detect_run_command(const RunOptions& o, const lessons::Lesson& lesson);
// The G (and D) of an image lesson's checkpoint drawing 1x28x28 digits from
// Gaussian codes (latent_commands.cpp). "" or an error naming the file.
std::string checkpoint_generator(const std::string& path, const std::string& data_dir, run::LatentModels& out);
// The models `ganstep invert` and `ganstep detect` use: the set-up's (spec's
// generator, trained or loaded), or a checkpoint's G and D with the set-up's
// classifier and held-out digits. "" or an error to print.
std::string command_models(const lessons::LatentSpec& spec, const std::string& checkpoint, const std::string& data,
                           run::LatentModels& out);

// The beats of `ganstep run --json` (run_command.cpp), for every kind of lesson:
// whether a beat's claim holds at the values it fired with (nullopt: it cannot
// be checked), one fired beat as JSON, and the narration's fields at the end
// ("beats_followed":…,"beats_fired":[…],"beats":N,"shown":[…],"answers":[…],"question":…).
std::optional<bool> beat_claim_holds(const lessons::Lesson& l, const std::string& text, const run::FiredBeat& f,
                                     lessons::Claim& claim);
std::string fired_beat_json(const lessons::Lesson& l, const run::FiredBeat& f);
std::string narration_json(const lessons::Lesson& l, const run::Session& session, bool followed);

// `ganstep bench point [LESSON]` and `ganstep bench PRESET` (point_bench.cpp):
// iterations/s of a point GAN (a preset or a 1-D/2-D lesson).
int point_bench_command(const BenchOptions& o, const std::string& lesson);

// The message for a lesson id or file that find_lesson() did not accept
// (run_command.cpp); returns the exit code, 1.
int lesson_not_found(const std::string& id_or_path, const lessons::LoadResult& found);

// --set key=value settings through a Session (game and latent lessons, as the
// player's settings go); false after printing the first error.
bool set_through_session(run::Session& session, const std::vector<std::string>& settings);

// Sets the engine's thread count (0: the default); false with a message on a bad value.
bool set_threads(int threads);

}  // namespace ganstep::cli

// What every kind of lesson run implements, so that one Session (session.h)
// gives each of them a timeline, exact stepping back, seeking, beats and the
// per-iteration history: a Run is a small adapter over an engine run.
//
//   kind         run                        its unit (smallest step)
//   Point        Trainer (engine/gan)       one phase of Algorithm 1
//   Image        Trainer (engine/gan)       one phase of Algorithm 1
//   Game         GameRun(s) (engine/game)   one iteration of the game
//   Latent       LatentSearch (engine/gan)  one Adam update of the code z
//   Detect       score_digits (engine/gan)  one batch of digits scored (detect.h)
//
// A Run is deterministic: the same units from the same saved state give the
// same bits. Adding a kind of lesson = one adapter (this interface) + its panels.
#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "lessons/run/script.h"  // Observation

namespace ganstep::run {

enum class RunKind { Point, Image, Game, Latent, Detect };
struct LatentView;
struct DetectView;
struct DigitVerdict;

// A saved state of a Run: only the Run kind that saved it restores it.
struct RunState {
  virtual ~RunState() = default;
  virtual std::size_t bytes() const { return 0; }  // the memory it holds beyond itself
};

// One run's chart values at the end of an iteration (NaN where the run does not have them).
struct RunFigures {
  static constexpr float kNone = std::numeric_limits<float>::quiet_NaN();
  float loss_d = kNone, loss_g = kNone;
  float d_real = kNone, d_fake = kNone;
  float js = kNone;  // measured every Session::js_every iterations only
  // Mode coverage (engine/gan/metrics.h) as shares: modes covered / the data's
  // modes, and hq; measured with js, NaN for data without modes.
  float modes = kNone, hq = kNone;
  float latent = kNone;  // a [latent] lesson's loss (the best code's)
};
constexpr int kMaxComparedRuns = 3;  // a point lesson's [training] compare entries
// The main run's, and the compared runs' (a point lesson's compare, in order).
struct HistoryPoint : RunFigures {
  RunFigures compared[kMaxComparedRuns];
};

class Run {
 public:
  virtual ~Run() = default;
  virtual RunKind kind() const = 0;

  // Completed iterations since the run (re)started.
  virtual std::int64_t iteration() const = 0;
  // No unit of the current iteration has run yet.
  virtual bool at_iteration_start() const = 0;
  // The last unit completed an optimizer update (D-step, G-step; a game iteration).
  virtual bool at_update_end() const = 0;
  // One unit; false (doing nothing) once the run failed (error()).
  virtual bool step_unit() = 0;
  // Units computed elsewhere (RemoteRun: a thread, the page's worker):
  // step_unit() runs only once unit_ready(); request_units(n) asks for the
  // next n units (those not asked for yet; a move asks for all of its own),
  // wait_unit() waits up to ms for the next (an executor that cannot wait,
  // the page's, returns at once); cancel_units() drops those asked for and
  // not taken (the run stays exactly where the taken ones left it). A local
  // run is always ready.
  virtual bool unit_ready() { return true; }
  virtual void request_units(std::int64_t n) { (void)n; }
  virtual bool wait_unit(double ms) {
    (void)ms;
    return unit_ready();
  }
  virtual bool unit_outstanding() const { return false; }
  virtual void cancel_units() {}
  // How many units from here reach the end of the n-th next optimizer update,
  // or the start of the n-th next iteration (at most a few iterations' worth;
  // what a move asks for at once).
  enum class Until { Updates, Iterations };
  virtual std::int64_t units_until(Until what, std::int64_t n) const {
    (void)what;
    return n;
  }
  virtual std::string error() const = 0;

  // What beats look at, without the divergences (see measure()).
  virtual lessons::Observation observe() const = 0;
  // Fills o's js / kl_* (a few milliseconds); false when the run has none.
  virtual bool measure(lessons::Observation& o) const {
    (void)o;
    return false;
  }
  // How many modes the data has (mixtures, ring, grid: what `modes` counts), 0 for none.
  virtual int mode_count() const { return 0; }
  // The chart values of the iteration that just ended.
  virtual HistoryPoint history_point() const = 0;
  // Fills h's js and mode coverage (and its compared runs'), when the run has them.
  virtual void measure_history(HistoryPoint& h) const {
    lessons::Observation o;
    if (!measure(o)) return;
    h.js = static_cast<float>(o.js);
    if (const int total = mode_count(); total > 0) {
      h.modes = static_cast<float>(o.modes / total);
      h.hq = static_cast<float>(o.hq);
    }
  }

  // Settings (key = value, together): when every key is live and not
  // force_restart they take effect at the next step boundary; otherwise the
  // run starts over from iteration 0 with the settings so far and these
  // (restarted; a beat's reset is set({}, true, ...)). "" or an error (nothing changed).
  virtual std::string set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) = 0;

  virtual std::unique_ptr<RunState> save() const = 0;
  virtual void restore(const RunState& state) = 0;
  // How many saved states the Session may keep (they cost memory).
  virtual std::size_t snapshot_budget() const { return 128; }
  // Snapshot every this many iterations at first (the Session doubles it as it thins).
  virtual int snapshot_every() const { return 25; }

  // FNV-1a 64 over the run's parameters (the CLI's state_hash).
  virtual std::string state_hash_hex() const = 0;

  // What the [latent] lessons' panels draw (latent_view.h), wherever the
  // run is (here, or a RemoteRun's mirror); nullptr for other kinds, or
  // before the run's first state came.
  virtual const LatentView* latent_view() const { return nullptr; }
  virtual const DetectView* detect_view() const { return nullptr; }
  // A detect run scores a drawn or dropped digit (784 values in [-1, 1]) by
  // its detectors; the verdict comes through take_verdict (a local run's at
  // once, a remote one's when its host sent it). Other kinds refuse it.
  virtual void score_digit(std::uint64_t id, const std::vector<float>& pixels) {
    (void)id;
    (void)pixels;
  }
  virtual bool take_verdict(DigitVerdict& out) {
    (void)out;
    return false;
  }
};

}  // namespace ganstep::run

// An image lesson through an executor (lessons/run/executor.h,
// remote_run.h): the narration, history and state hash of the direct
// run, checkpoints and bad settings; in batches (the executor ahead of the
// Session), interrupted mid-batch by views, settings, back, seek and cancels.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdio>
#include <thread>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/gan/image_checkpoint.h"
#include "lessons/format/library.h"
#include "lessons/run/image_run.h"
#include "lessons/run/remote_run.h"
#include "lessons/run/session.h"
#include <cmath>

#include "tests/run/image_fixtures.h"

using namespace ganstep;
using namespace ganstep::image_testing;

namespace {

// What a student sees at each stop of a fixed route: position, iterations,
// the fired beats, the history so far, the statistics and, at step
// boundaries (where the remote run reports it), the state hash.
struct Stop {
  std::int64_t position = 0, iterations = 0, run_iteration = 0;
  std::vector<std::pair<int, std::int64_t>> fired;
  std::vector<float> history;
  double loss_d = 0, d_fake = 0;
  std::string hash, error;
  bool operator==(const Stop& o) const {
    return position == o.position && iterations == o.iterations && run_iteration == o.run_iteration &&
           fired == o.fired && history == o.history && loss_d == o.loss_d && d_fake == o.d_fake && hash == o.hash &&
           error == o.error;
  }
};

Stop stop_of(const run::Session& s) {
  Stop t;
  t.position = s.position();
  t.iterations = s.iterations();
  t.run_iteration = s.run().iteration();
  for (const auto& f : s.narration().fired) t.fired.push_back({f.beat, f.position});
  for (const auto& h : s.history())
    for (float v : {h.loss_d, h.loss_g, h.d_real, h.d_fake}) t.history.push_back(v);
  const lessons::Observation o = s.run().observe();
  t.loss_d = o.stats.loss_d;
  t.d_fake = o.stats.d_fake;
  if (s.run().at_iteration_start() || s.run().at_update_end()) t.hash = s.run().state_hash_hex();
  t.error = s.error();
  return t;
}

// Lesson 8's route: D-step, iterations, back, phases back, seek past the end,
// a setting (a restart), more, a seek back into the first run's segment, a
// beat's reset. `async`: each move returns at once and resume() finishes it.
std::vector<Stop> drive(const lessons::Lesson& l, std::shared_ptr<run::Executor> executor, bool async) {
  run::Session s;
  s.executor = std::move(executor);
  s.snapshot_every = 2;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  if (async) s.unit_wait_ms = 0;
  std::vector<Stop> stops;
  auto done = [&](bool ok) {
    REQUIRE(ok);
    int spins = 0;
    while (s.busy()) {
      REQUIRE(s.resume(50));
      REQUIRE(++spins < 100000);
    }
    stops.push_back(stop_of(s));
  };
  stops.push_back(stop_of(s));
  done(s.step_updates(1));
  done(s.step_iterations(4));
  done(s.back_iterations(2));
  done(s.back_units(3));
  done(s.seek_iteration(7));
  done(s.step_units(4));
  REQUIRE(s.set("lr_d", "0.0005").empty());
  stops.push_back(stop_of(s));
  done(s.step_iterations(3));
  done(s.seek_iteration(3));
  done(s.seek_iteration(10));
  done(s.step_units(2));
  s.reset();
  done(s.step_iterations(2));
  CHECK(s.error().empty());
  return stops;
}

}  // namespace

TEST_CASE("image run through an executor: the narration, history and state hash of the direct run",
          "[image_session][executor]") {
  lessons::Lesson l = lesson8();
  l.beats[1].trigger.iteration = 2;  // "strided": inside the route
  const std::vector<Stop> direct = drive(l, nullptr, false);
  REQUIRE(direct.size() == 13);
  CHECK(direct.back().iterations == 2);
  CHECK(direct[2].fired.size() == 2);
  const std::vector<Stop> in_process = drive(l, std::make_shared<run::InProcessExecutor>(), false);
  const std::vector<Stop> thread = drive(l, std::make_shared<run::ThreadExecutor>(), false);
  const std::vector<Stop> waiting = drive(l, std::make_shared<run::ThreadExecutor>(), true);
  for (std::size_t i = 0; i < direct.size(); ++i) {
    INFO("stop " << i);
    CHECK(in_process[i] == direct[i]);
    CHECK(thread[i] == direct[i]);
    CHECK(waiting[i] == direct[i]);
  }
}

TEST_CASE("image run through an executor: checkpoints, bad settings, saved states dropped", "[image_session][executor]") {
  const lessons::Lesson l = lesson8();
  auto ex = std::make_shared<run::InProcessExecutor>();
  run::Session remote;
  remote.executor = ex;
  ImageSession direct;
  std::string e;
  REQUIRE(remote.load(l, std::nullopt, e));
  load(direct, l);
  const bool stepped = remote.step_iterations(3);
  INFO(remote.error());
  REQUIRE(stepped);
  REQUIRE(direct.step_iterations(3));
  REQUIRE(remote.run().state_hash_hex() == direct.state_hash_hex());
  // A bad setting changes nothing, here or there.
  CHECK(remote.set("data", "mnist") == direct.set("data", "mnist"));
  CHECK_FALSE(remote.set("batch", "0").empty());
  REQUIRE(remote.step_iterations(1));
  REQUIRE(direct.step_iterations(1));
  CHECK(remote.run().state_hash_hex() == direct.state_hash_hex());
  // The direct run's checkpoint continues the remote run like the direct one.
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(direct.trainer(), l.id);
  auto* r = remote.as<run::RemoteRun>();
  REQUIRE(r);
  std::string err;
  CHECK_FALSE(r->from_checkpoint(bytes.data(), 10, "cut.gsck", err));
  CHECK(err.find("cut.gsck") != std::string::npos);
  auto loaded = r->from_checkpoint(bytes.data(), bytes.size(), "good.gsck", err);
  REQUIRE(loaded);
  CHECK(loaded->iteration() == 4);
  REQUIRE(remote.replace_run(std::move(loaded)).empty());
  REQUIRE(remote.step_iterations(2));
  REQUIRE(direct.step_iterations(2));
  CHECK(remote.run().state_hash_hex() == direct.state_hash_hex());
  // Views come from the run there: the same images as the direct run's.
  run::ViewRequest q;
  q.id = 7;
  q.real_pick = 3;
  q.z_line = Tensor2::from_shape({3, static_cast<std::size_t>(direct.config().noise_dim)});
  for (std::size_t i = 0; i < q.z_line.size(); ++i) q.z_line.data()[i] = 0.01f * static_cast<float>(i % 17);
  auto* now = remote.as<run::RemoteRun>();
  now->request_views(q);
  run::ImageViews v;
  REQUIRE(now->take_views(v));
  const run::ImageViews want = run::compute_image_views(direct.trainer(), q);
  CHECK(v.id == 7);
  CHECK(v.samples.size() == want.samples.size());
  CHECK(std::equal(v.samples.data(), v.samples.data() + v.samples.size(), want.samples.data()));
  CHECK(std::equal(v.real_prob.data(), v.real_prob.data() + v.real_prob.size(), want.real_prob.data()));
  CHECK(std::equal(v.line_images.data(), v.line_images.data() + v.line_images.size(), want.line_images.data()));
  // Every state the Session let go of is dropped there too.
  remote.reset();
  CHECK(ex->host().saved_count() == remote.snapshot_count());
}

namespace {
// style-mapping on the synthetic digits, with a small minibatch.
lessons::Lesson style_lesson() {
  lessons::LoadResult r = lessons::find_lesson("style-mapping");
  REQUIRE(r.ok());
  lessons::Lesson l = r.lesson;
  l.image->data = "idx:" + synthetic_mnist();
  l.config.batch = 8;
  return l;
}
}  // namespace

TEST_CASE("image run through an executor: a style-based G's Z and W measured beside the run, the run untouched",
          "[image_session][executor][disentangle]") {
  const lessons::Lesson l = style_lesson();
  run::Session s;
  s.executor = std::make_shared<run::InProcessExecutor>();
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(s.step_iterations(2));
  const std::string hash = s.run().state_hash_hex();
  auto* remote = s.as<run::RemoteRun>();
  auto ask = [&](std::uint64_t id, bool disentangle) {
    run::ViewRequest q;
    q.id = id;
    q.disentangle = disentangle;
    remote->request_views(q);
    run::ImageViews v;
    REQUIRE(remote->take_views(v));
    if (v.dis_running == id) {  // measured in slices after the views: its own reply
      run::ImageViews m;
      REQUIRE(remote->take_views(m));
      CHECK((m.dis_only && m.id == id && m.dis_running == 0));
      v.dis = std::move(m.dis);
      v.dis_note = std::move(m.dis_note);
    }
    return v;
  };
  // Until the classifier beside the run is trained, the measures say why not.
  run::ImageViews v = ask(1, true);
  for (std::uint64_t id = 2; id < 200 && !v.judge.ready; ++id) {
    CHECK(v.dis.labels.empty());
    CHECK(v.dis_note == "the digit classifier is not ready");
    v = ask(id, true);
  }
  REQUIRE(v.judge.ready);
  REQUIRE(v.dis_note.empty());
  const Disentanglement& d = v.dis;
  CHECK(d.labels.size() == 2000);
  CHECK(d.z_pca.shape()[0] == 2000);
  CHECK(d.w_pca.shape()[1] == 2);
  CHECK(d.interp_z.shape()[0] == 8);
  CHECK(d.interp_w.shape()[1] == 784);
  CHECK(std::isfinite(d.ppl_z));
  CHECK(d.ppl_w > 0);
  CHECK((d.separability_z > 0 && d.separability_z <= 1 && d.separability_w > 0 && d.separability_w <= 1));
  CHECK(s.run().state_hash_hex() == hash);  // measuring does not touch the run
  // Not asked: not measured. Asked again at the same state: the same figures, to the bit.
  CHECK(ask(900, false).dis.labels.empty());
  const run::ImageViews again = ask(901, true);
  CHECK(again.dis.labels == d.labels);
  CHECK((again.dis.ppl_z == d.ppl_z && again.dis.separability_w == d.separability_w));
  CHECK(std::equal(again.dis.w_pca.data(), again.dis.w_pca.data() + again.dis.w_pca.size(), d.w_pca.data()));
  REQUIRE(s.step_iterations(1));
  REQUIRE(s.back_iterations(1));
  CHECK(s.run().state_hash_hex() == hash);
  // Lesson 8's G has no styles: the reason instead.
  run::Session dc;
  dc.executor = std::make_shared<run::InProcessExecutor>();
  REQUIRE(dc.load(lesson8(), std::nullopt, e));
  run::ViewRequest q;
  q.id = 1;
  q.disentangle = true;
  dc.as<run::RemoteRun>()->request_views(q);
  REQUIRE(dc.as<run::RemoteRun>()->take_views(v));
  CHECK(v.dis.labels.empty());
  CHECK(v.dis_note.find("not style-based") != std::string::npos);
}

TEST_CASE("image run through an executor: a step asked while Z and W are measured does not wait for the measure",
          "[image_session][executor][disentangle]") {
  const lessons::Lesson l = style_lesson();
  // The classifier beside the run trained first (in process), then the same lesson on a thread.
  using Clock = std::chrono::steady_clock;
  const auto ms = [](Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); };
  auto ex = std::make_shared<run::ThreadExecutor>();
  run::Session s;
  s.executor = ex;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  auto* remote = s.as<run::RemoteRun>();
  auto views = [&](std::uint64_t id, bool disentangle) {
    run::ViewRequest q;
    q.id = id;
    q.disentangle = disentangle;
    remote->request_views(q);
    run::ImageViews v;
    for (int i = 0; i < 20000 && !remote->take_views(v); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return v;
  };
  run::ImageViews v = views(1, false);
  for (std::uint64_t id = 2; id < 400 && !v.judge.ready; ++id) v = views(id, false);
  REQUIRE(v.judge.ready);
  // The measure asked, then at once a step: the step's unit comes first, the measure after.
  const auto t0 = Clock::now();
  v = views(500, true);
  REQUIRE(v.dis_running == 500);
  s.unit_wait_ms = 0;
  const auto asked = Clock::now();
  REQUIRE(s.step_units(1));
  for (int i = 0; i < 20000 && s.busy(); ++i) {
    REQUIRE(s.resume(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  REQUIRE_FALSE(s.busy());
  const auto stepped = Clock::now();
  run::ImageViews m;
  for (int i = 0; i < 120000 && !remote->take_views(m); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto measured = Clock::now();
  REQUIRE(m.dis_only);
  CHECK(m.id == 500);
  CHECK(m.dis.labels.size() == 2000);
  CHECK(m.serial == 0);  // of the state it was asked at, before the step
  CHECK(remote->phases_done() == 1);
  WARN("a step asked while measuring came after " << ms(asked, stepped) << " ms; the measure after "
                                                  << ms(t0, measured) << " ms");
  CHECK(ms(t0, stepped) < ms(t0, measured));
}

// ---- batches: the executor runs a move's units at once, ahead of the Session

namespace {

bool same_views(const run::ImageViews& a, const run::ImageViews& b) {
  auto eq = [](const Tensor2& x, const Tensor2& y) {
    return x.shape() == y.shape() && std::equal(x.data(), x.data() + x.size(), y.data());
  };
  return eq(a.samples, b.samples) && eq(a.real_prob, b.real_prob) && eq(a.fake_prob, b.fake_prob);
}

// Lesson 8's route with the run computing ahead (keep_ahead) and interrupted
// mid-batch: views asked for while it is ahead, a setting, back, seek, a
// cancel, a move stopped half-way. Each stop equals the direct run's.
void interrupted(const lessons::Lesson& l, std::shared_ptr<run::Executor> executor) {
  run::Session s, d;
  s.executor = std::move(executor);
  s.snapshot_every = d.snapshot_every = 2;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  REQUIRE(d.load(l, std::nullopt, e));
  auto same = [&](const char* where) {
    INFO(where);
    const Stop a = stop_of(s), b = stop_of(d);  // the hash at step boundaries
    CHECK(a == b);
  };
  s.keep_ahead(true);  // as while playing: each move leaves the run computing an iteration or two ahead
  REQUIRE(s.step_units(3));
  REQUIRE(d.step_units(3));
  same("3 units, the run ahead");
  // Views asked for while the run is ahead: shown once the Session is where they were computed.
  auto* r = s.as<run::RemoteRun>();
  run::ViewRequest q;
  q.id = 1;
  r->request_views(q);
  run::ImageViews v;
  bool shown = r->take_views(v);
  for (int i = 0; i < 30 && !shown; ++i) {
    REQUIRE(s.step_units(1));
    REQUIRE(d.step_units(1));
    shown = r->take_views(v);
  }
  REQUIRE(shown);
  CHECK(same_views(v, run::compute_image_views(d.as<run::ImageRun>()->trainer(), q)));
  same("views");
  REQUIRE(s.step_iterations(2));
  REQUIRE(d.step_iterations(2));
  same("2 iterations");
  REQUIRE(s.step_units(2));  // mid-iteration, the run ahead: a setting restarts it
  REQUIRE(d.step_units(2));
  REQUIRE(s.set("lr_d", "0.0005").empty());
  REQUIRE(d.set("lr_d", "0.0005").empty());
  same("a setting mid-batch");
  REQUIRE(s.step_iterations(3));
  REQUIRE(d.step_iterations(3));
  REQUIRE(s.step_units(4));
  REQUIRE(d.step_units(4));
  same("on");
  REQUIRE(s.back_units(3));  // back: a restore drops what was computed ahead
  REQUIRE(d.back_units(3));
  same("back 3 units");
  REQUIRE(s.seek_iteration(2));
  REQUIRE(d.seek_iteration(2));
  same("seek 2");
  REQUIRE(s.step_units(5));
  REQUIRE(d.step_units(5));
  s.keep_ahead(false);  // paused: the run goes back exactly here
  REQUIRE(s.step_iterations(1));
  REQUIRE(d.step_iterations(1));
  same("a cancel mid-iteration, then on");
  // A move stopped half-way (the page's cancel): the run goes back to where the Session stopped.
  s.keep_ahead(true);
  s.unit_wait_ms = 0;
  s.step_iterations(3);
  for (int i = 0; i < 4 && s.busy(); ++i) s.resume(5);
  s.stop();
  s.unit_wait_ms = 1e12;
  REQUIRE(d.step_units(s.position() - d.position()));
  same("stopped");
  s.keep_ahead(false);
  REQUIRE(s.step_iterations(2));
  REQUIRE(d.step_iterations(2));
  same("after the stop");
  CHECK(s.error().empty());
}

}  // namespace

TEST_CASE("image run in batches: interrupted mid-batch it is the direct run", "[image_session][executor][batch]") {
  const lessons::Lesson l = lesson8();
  SECTION("in process, every batch run at once") { interrupted(l, std::make_shared<run::InProcessExecutor>(true)); }
  SECTION("on a thread") { interrupted(l, std::make_shared<run::ThreadExecutor>()); }
}

TEST_CASE("image run in batches: the saved states come from anchors; what was computed ahead is replayed there, "
          "never reported twice", "[image_session][executor][batch]") {
  const lessons::Lesson l = lesson8();
  auto ex = std::make_shared<run::InProcessExecutor>(true);
  run::Session s;
  s.executor = ex;
  s.snapshot_every = 1;
  std::string e;
  REQUIRE(s.load(l, std::nullopt, e));
  const std::vector<std::string> want = straight(l, 5);
  s.keep_ahead(true);
  for (int i = 1; i <= 4; ++i) {  // a snapshot at every iteration start while the run is ahead
    REQUIRE(s.step_iterations(1));
    CHECK(s.run().state_hash_hex() == want[static_cast<std::size_t>(i)]);
  }
  CHECK(ex->host().replayed_units() == 0);  // each came from the anchor of its iteration start
  CHECK(ex->host().anchor_count() <= 4);    // old anchors go as the Session moves on
  REQUIRE(s.step_units(2));
  s.keep_ahead(false);  // two units into an iteration: back there by replaying from its start
  REQUIRE(s.step_iterations(1));
  CHECK(ex->host().replayed_units() == 2);
  CHECK(s.run().state_hash_hex() == want[5]);
  REQUIRE(s.seek_iteration(1));
  REQUIRE(s.seek_iteration(3));
  CHECK(s.run().state_hash_hex() == want[3]);
}

TEST_CASE("image run in batches on a thread: dcgan-mnist on MNIST has the CLI's state hash after 6 iterations",
          "[image_session][executor][batch][mnist]") {
  lessons::LoadResult r = lessons::find_lesson("dcgan-mnist");
  REQUIRE(r.ok());
  run::Session s;
  s.executor = std::make_shared<run::ThreadExecutor>();
  s.data_dir = GANSTEP_ASSETS_DIR "/data/mnist";
  std::string e;
  REQUIRE(s.load(r.lesson, std::nullopt, e));
  s.keep_ahead(true);
  REQUIRE(s.step_iterations(2));
  REQUIRE(s.step_units(5));
  REQUIRE(s.back_units(2));  // mid-batch: back, then on
  REQUIRE(s.seek_iteration(6));
  CHECK(s.iterations() == 6);
  CHECK(s.run().state_hash_hex() == "c07191587ee44854");  // ganstep run dcgan-mnist --steps 6
}

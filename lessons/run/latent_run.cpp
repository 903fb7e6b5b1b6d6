#include "lessons/run/latent_run.h"

#include <algorithm>

#include "engine/gan/classifier_cache.h"
#include "engine/gan/image_data.h"
#include "engine/gan/starting_models.h"
#include "lessons/format/library.h"

namespace ganstep::run {
namespace {

struct LatentRunState final : RunState {
  lessons::LatentSpec spec;
  LatentState search;
  LatentSearchConfig config;
  std::vector<float> path;
  std::size_t bytes() const override { return path.size() * sizeof(float) + search.z.size() * 4 * sizeof(float); }
};

}  // namespace

LatentSearchConfig search_config(const lessons::LatentSpec& s) {
  LatentSearchConfig c;
  c.lr = s.lr;
  c.pixel_weight = s.pixel_weight;
  c.feature_weight = s.feature_weight;
  c.starts = s.starts;
  c.seed = s.seed;
  return c;
}

namespace {

// The lesson a [latent] generator key names, checked: an image lesson drawing 1x28x28 digits from Gaussian codes.
std::string generator_lesson(const std::string& key, const std::string& id, lessons::Lesson& out) {
  const lessons::LoadResult found = lessons::find_lesson(id);
  if (!found.ok()) return key + " " + quote_input(id) + ": no such lesson in the library";
  const lessons::Lesson& gl = found.lesson;
  if (!gl.image) return key + " " + quote_input(id) + " is not an image lesson";
  if (gl.image->shape.c != 1 || gl.image->shape.h != 28 || gl.image->shape.w != 28)
    return key + " " + quote_input(id) + " draws " + gl.image->shape.text() + " images, not 1x28x28";
  if (gl.config.noise == NoiseKind::Uniform)
    return key + " " + quote_input(id) + ": the search starts from Gaussian codes; its noise is uniform";
  out = gl;
  return "";
}

GanRecipe recipe(const lessons::Lesson& gl, std::uint64_t seed, std::shared_ptr<const LabeledImages> train) {
  GanRecipe r{gl.id, *gl.image, gl.config, gl.iterations, std::move(train)};
  r.config.seed = seed;
  return r;
}

// The trained run of lesson gl (cached, or trained now); seed: its [training] seed, or another.
std::string trained_gan(const lessons::Lesson& gl, std::uint64_t seed, std::shared_ptr<const LabeledImages> train,
                        const LatentLoadOptions& o, const std::string& dir, std::unique_ptr<Trainer>& t,
                        std::string* key) {
  const GanRecipe r = recipe(gl, seed, std::move(train));
  std::string e;
  const std::string k = gan_recipe_key(r, e);
  if (!e.empty()) return e;
  if (key) *key = k;
  if (o.from_scratch) return train_gan(r, t, o.progress);
  CacheResult used;
  e = cached_gan(r, dir, o.train, t, o.notice, o.progress, &used);
  if (e.empty() && o.files) o.files->push_back(used.path);
  return e;
}

// The lessons whose G's a [latent] table inverts, checked, and their training digits.
struct LatentSources {
  lessons::Lesson gl, other;  // other.id empty: no other_generator
  std::shared_ptr<LabeledImages> train = std::make_shared<LabeledImages>();
};

std::string latent_sources(const lessons::LatentSpec& spec, const std::string& data_dir, LatentSources& out) {
  std::string e = generator_lesson("generator", spec.generator, out.gl);
  if (e.empty() && !spec.other_generator.empty()) e = generator_lesson("other_generator", spec.other_generator, out.other);
  if (!e.empty()) return e;
  const lessons::Lesson& gl = out.gl;
  if (spec.other_seed != 0 && spec.other_seed == gl.config.seed)
    return "other_seed " + std::to_string(spec.other_seed) + " is " + gl.id + "'s own seed (the G inverted)";
  if (!out.other.id.empty() && out.other.image->data != gl.image->data)
    return "other_generator " + quote_input(out.other.id) + " learnt other digits (" + out.other.image->data +
           ") than " + gl.id + " (" + gl.image->data + ")";
  return load_image_data(gl.image->data, data_dir, gl.image->shape, ImageSplit::Train, *out.train);
}

// A trained net as the lessons use it: inference mode, at its run's growth stage and α.
Sequential frozen(const Trainer& t, const Sequential& net) {
  Sequential out = net;
  out.set_training(false);
  if (t.grows()) {  // the nets as they stand at the run's iteration (a loaded checkpoint's too)
    const Growth at = t.growth();
    out.set_growth(at.stage, at.alpha);
  }
  return out;
}

}  // namespace

std::string latent_models_key(const lessons::LatentSpec& spec, const std::string& data_dir) {
  return spec.generator + "\n" + spec.other_generator + "\n" + std::to_string(spec.other_seed) + "\n" + data_dir;
}

std::string load_latent_models(const lessons::LatentSpec& spec, const LatentLoadOptions& o, LatentModels& out) {
  LatentSources src;
  std::string e = latent_sources(spec, o.data_dir, src);
  if (!e.empty()) return e;
  const lessons::Lesson &gl = src.gl, &other = src.other;
  const std::shared_ptr<const LabeledImages> train = src.train;
  auto test = std::make_shared<LabeledImages>();
  e = load_image_data(gl.image->data, o.data_dir, gl.image->shape, ImageSplit::Test, *test);
  if (!e.empty()) return e;
  const std::string dir = o.cache_dir.empty() ? classifier_cache_dir() : o.cache_dir;
  out.test = test;
  out.classifier = std::make_shared<Classifier>(ClassifierConfig{});
  CacheResult used;
  e = cached_classifier(*train, ClassifierConfig{}, dir, *out.classifier, o.notice, &used);
  if (!e.empty()) return e;
  if (o.files) o.files->push_back(used.path);
  if (!o.need_gan) return "";
  std::unique_ptr<Trainer> t;
  e = trained_gan(gl, gl.config.seed, train, o, dir, t, &out.gan_key);
  if (!e.empty()) return e;
  out.generator = gl.id;
  out.g = frozen(*t, t->sample_net());
  out.d = frozen(*t, t->discriminator());
  if (!other.id.empty()) {
    std::unique_ptr<Trainer> ot;
    e = trained_gan(other, other.config.seed, train, o, dir, ot, nullptr);
    if (!e.empty()) return e;
    out.other = other.id;
    out.other_g = frozen(*ot, ot->generator());
    out.other_prior = noise_prior(other.config);
    out.other_iterations = other.iterations;
  }
  if (spec.other_seed != 0) {  // the same lesson, another seed: a recipe (and a cache file) of its own
    std::unique_ptr<Trainer> st;
    e = trained_gan(gl, spec.other_seed, train, o, dir, st, nullptr);
    if (!e.empty()) return e;
    out.other_seed = spec.other_seed;
    out.other_seed_g = frozen(*st, st->sample_net());
  }
  out.prior = noise_prior(gl.config);
  out.iterations = gl.iterations;
  out.encoder = std::make_shared<LatentEncoder>(EncoderConfig{}, out.prior);
  if (o.from_scratch) {
    if (o.notice) o.notice("training the encoder (" + describe(out.encoder->config()) + ")");
    train_encoder(*out.encoder, out.g);
    return "";
  }
  e = cached_encoder(out.gan_key, out.g, dir, o.train, *out.encoder, o.notice, &used);
  if (e.empty() && o.files) o.files->push_back(used.path);
  return e;
}

std::string cache_latent_gans(const std::vector<lessons::LatentSpec>& specs, const LatentLoadOptions& o) {
  std::vector<GanRecipe> recipes;
  for (const lessons::LatentSpec& spec : specs) {
    LatentSources src;
    const std::string e = latent_sources(spec, o.data_dir, src);
    if (!e.empty()) return e;
    recipes.push_back(recipe(src.gl, src.gl.config.seed, src.train));
    if (!src.other.id.empty()) recipes.push_back(recipe(src.other, src.other.config.seed, src.train));
    if (spec.other_seed != 0) recipes.push_back(recipe(src.gl, spec.other_seed, src.train));
  }
  return cache_gans(recipes, o.cache_dir.empty() ? classifier_cache_dir() : o.cache_dir, o.notice);
}

LatentFacts latent_facts(const LatentModels& m) {
  LatentFacts f;
  f.known = true;
  f.test_count = m.test ? m.test->size() : 0;
  return f;
}

std::string latent_target(const lessons::LatentSpec& spec, const LatentModels& m, Tensor2& out) {
  out = Tensor2::from_shape({std::size_t(1), std::size_t(LatentSearch::kPixels)});
  int index = 0;
  std::vector<float> px;
  if (lessons::latent_target_index(spec.target, index)) {
    if (!m.test || std::size_t(index) >= m.test->size())
      return "target test:" + std::to_string(index) + ": the held-out set has " +
             std::to_string(m.test ? m.test->size() : 0) + " digits (test:0.." +
             std::to_string(m.test && m.test->size() ? m.test->size() - 1 : 0) + ")";
    std::copy_n(m.test->images.data() + std::size_t(index) * LatentSearch::kPixels, LatentSearch::kPixels, out.data());
    return "";
  }
  if (lessons::latent_target_pixels(spec.target, px)) {
    std::copy(px.begin(), px.end(), out.data());
    return "";
  }
  return "target " + quote_input(spec.target) + " is neither test:N nor image:HEX";
}

LatentRun::LatentRun(std::shared_ptr<LatentModels> models, const lessons::LatentSpec& spec)
    : models_(std::move(models)), spec_(spec) {
  error_ = rebuild(spec_);
}

std::string LatentRun::rebuild(const lessons::LatentSpec& spec) {
  Tensor2 x;
  std::string e = latent_target(spec, *models_, x);
  if (!e.empty()) return e;
  LatentNets nets{models_->g, models_->classifier, models_->prior};
  auto s = std::make_unique<LatentSearch>(std::move(nets), search_config(spec));
  if (!s->ok()) return s->error();
  s->set_target(x);
  for (int i = 0; i < spec.restart; ++i) s->restart();
  if (spec.encoder && models_->encoder) {
    Tensor2 z_hat;
    models_->encoder->encode(x, z_hat);
    s->start_from(z_hat);
  }
  search_ = std::move(s);
  spec_ = spec;
  view_.path.clear();
  record();
  return "";
}

void LatentRun::record() {
  const Tensor2& z = search_->state().z;
  const std::size_t dim = z.shape()[1], row = std::size_t(search_->best_row());
  view_.path.insert(view_.path.end(), z.data() + row * dim, z.data() + (row + 1) * dim);
  update_view();
}

void LatentRun::update_view() {
  view_.spec = spec_;
  view_.updates = search_->state().updates;
  const LatentLoss& l = search_->state().loss;
  const std::size_t b = std::size_t(search_->best_row());
  view_.loss = l.total[b];
  view_.pixel = l.pixel[b];
  view_.feature = l.feature[b];
  const float* x = search_->target().data();
  view_.target.assign(x, x + LatentSearch::kPixels);
  view_.recon.assign(reconstruction(), reconstruction() + LatentSearch::kPixels);
  view_.noise_dim = models_->prior.dim;
  view_.prior_sd = static_cast<float>(models_->prior.sd());
  view_.facts = latent_facts(*models_);
}

const float* LatentRun::reconstruction() const {
  return search_->reconstruction().data() + std::size_t(search_->best_row()) * LatentSearch::kPixels;
}

bool LatentRun::step_unit() {
  if (!error_.empty() || !search_) return false;
  search_->step();
  if (!std::isfinite(search_->best_loss())) {
    error_ = "update " + std::to_string(search_->state().updates) + ": the loss is not finite (lower lr)";
    return false;
  }
  record();
  return true;
}

lessons::Observation LatentRun::observe() const {
  lessons::Observation o;
  o.iteration = iteration();
  o.phases_done = iteration();
  return o;
}

HistoryPoint LatentRun::history_point() const {
  HistoryPoint h;
  if (search_) h.latent = static_cast<float>(search_->best_loss());
  return h;
}

std::string LatentRun::set(const std::vector<lessons::Setting>& settings, bool force_restart, bool& restarted) {
  restarted = false;
  lessons::LatentSpec next;
  bool live = false;
  std::string e = latent_next_spec(spec_, settings, force_restart, latent_facts(*models_), next, live);
  if (!e.empty()) return e;
  if (live) {
    e = search_->set_config(search_config(next));
    if (e.empty()) {
      spec_ = next;
      view_.spec = next;
    }
    return e;
  }
  // A new target, start, seed or restart: the search starts over (nothing changes on an error).
  auto keep = std::move(search_);
  auto keep_view = view_;
  const lessons::LatentSpec keep_spec = spec_;
  e = rebuild(next);
  if (!e.empty()) {
    search_ = std::move(keep);
    view_ = std::move(keep_view);
    spec_ = keep_spec;
    return e;
  }
  restarted = true;
  return "";
}

std::unique_ptr<RunState> LatentRun::save() const {
  auto s = std::make_unique<LatentRunState>();
  s->spec = spec_;
  s->search = search_->state();
  s->config = search_->config();
  s->path = view_.path;
  return s;
}

void LatentRun::restore(const RunState& state) {
  const auto& s = static_cast<const LatentRunState&>(state);
  if (s.spec.target != spec_.target) {  // the target is part of the search, not of its state
    Tensor2 x;
    if (latent_target(s.spec, *models_, x).empty()) search_->set_target(x);
  }
  search_->set_config(s.config);
  search_->set_state(s.search);
  search_->loss_at(search_->state().z, nullptr);  // the reconstruction of the restored codes
  spec_ = s.spec;
  view_.path = s.path;
  update_view();
}

UpdatesToTarget updates_to_target(std::shared_ptr<LatentModels> models, lessons::LatentSpec spec, int max_updates) {
  UpdatesToTarget out;
  for (int from_encoder = 0; from_encoder < 2; ++from_encoder) {
    spec.encoder = from_encoder == 1;
    LatentRun run(models, spec);
    if (!run.error().empty()) return out;
    int& n = from_encoder ? out.encoder : out.random;
    (from_encoder ? out.start_encoder : out.start_random) = run.search().best_loss();
    int updates = 0;
    while (run.search().best_loss() >= spec.loss_target && updates < max_updates) {
      run.step_unit();
      ++updates;
    }
    n = run.search().best_loss() < spec.loss_target ? updates : -1;
    (from_encoder ? out.end_encoder : out.end_random) = run.search().best_loss();
  }
  return out;
}

}  // namespace ganstep::run

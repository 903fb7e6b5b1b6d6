// Checkpoints (checkpoint.h). Sections of this file:
//   texts      the spec and config texts that must match to load
//   writing    checkpoint_bytes, save_checkpoint
//   reading    the envelope (magic, version, size, CRC), the header, tensors
//   loading    validate everything, then copy into the trainer
#include "engine/gan/image_checkpoint.h"

#include <cstring>

#include "engine/core/text.h"
#include "engine/io/bytes.h"
#include "engine/io/envelope.h"

namespace ganstep {
namespace {

const EnvelopeKind kCheckpointKind{"GSCKPT01", "checkpoint", kCheckpointVersion, kMaxCheckpointBytes};
constexpr std::size_t kMaxText = 1 << 20;     // lesson id, spec and config texts
constexpr std::size_t kMaxName = 1000;        // a tensor's name
constexpr std::uint32_t kMaxTensors = 100000;

// The first line where two texts differ, as "checkpoint: A; here: B" (each
// quoted by quote_input: a forged checkpoint's line can be 1 MB long).
std::string first_difference(const std::string& a, const std::string& b) {
  // the line that starts at p ("" past the end), and p moved past it
  auto next_line = [](const std::string& s, std::size_t& p) {
    if (p >= s.size()) {
      p = s.size() + 1;
      return std::string();
    }
    std::size_t e = s.find('\n', p);
    if (e == std::string::npos) e = s.size();
    std::string line = s.substr(p, e - p);
    p = e + 1;
    return line;
  };
  std::size_t pa = 0, pb = 0;
  while (pa < a.size() || pb < b.size()) {
    const std::string la = next_line(a, pa), lb = next_line(b, pb);
    if (la != lb)
      return "the checkpoint has " + (la.empty() ? std::string("(nothing)") : quote_input(la)) + ", this run " +
             (lb.empty() ? std::string("(nothing)") : quote_input(lb));
  }
  return a == b ? "" : "the texts differ in their line ends";
}

// The config text without the lines a resume may change (resume_may_change).
std::string fixed_settings(const std::string& text) {
  std::string out;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(at, end - at);
    at = end + 1;
    if (!resume_may_change(line.substr(0, line.find('=')))) out += line + "\n";
  }
  return out;
}

std::string shape_text(std::uint64_t rows, std::uint64_t cols) {
  return std::to_string(rows) + "x" + std::to_string(cols);
}

// A checkpoint's config text with every key this build knows, in its order: a
// key the checkpoint lacks (it was written before the setting existed, when
// the run behaved as the setting's default does) gets its default value; a
// line this build does not know stays, at the end, so the comparison names it.
std::string complete_config_text(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    if (end > at) lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  std::vector<bool> used(lines.size(), false);
  std::string out;
  const std::string defaults = checkpoint_config_text(GanConfig{});
  at = 0;
  while (at < defaults.size()) {
    const std::size_t end = defaults.find('\n', at);
    const std::string line = defaults.substr(at, end - at);
    at = end + 1;
    const std::string key = line.substr(0, line.find('=') + 1);
    std::size_t found = lines.size();
    for (std::size_t i = 0; i < lines.size() && found == lines.size(); ++i)
      if (!used[i] && lines[i].compare(0, key.size(), key) == 0) found = i;
    if (found < lines.size()) used[found] = true;
    out += (found < lines.size() ? lines[found] : line) + "\n";
  }
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (!used[i]) out += lines[i] + "\n";
  return out;
}

// The tensors a checkpoint of `content` holds, in their order: the run's state (all), or without its optimizer moments.
std::vector<NamedTensor> content_tensors(std::vector<NamedTensor> all, CheckpointContent content) {
  if (content == CheckpointContent::Run) return all;
  std::vector<NamedTensor> nets;
  for (NamedTensor& n : all)
    if (n.name.rfind("opt_", 0) != 0) nets.push_back(std::move(n));
  return nets;
}

// A checkpoint's parsed header and where its tensors start.
struct Parsed {
  CheckpointInfo info;
  Trainer::ScalarState scalars;
  std::uint32_t tensor_count = 0;
  std::size_t tensors_at = 0;
};

// Checks the envelope and CRC, reads the header. "" or "NAME: ...".
std::string parse(const std::uint8_t* bytes, std::size_t size, const std::string& name, Parsed& out) {
  std::uint32_t version = 0;
  ByteReader body(nullptr, 0);
  const std::string e = open_envelope(bytes, size, name, kCheckpointKind, version, body);
  if (!e.empty()) return e;
  out.info.lesson_id = body.str(kMaxText);
  out.info.spec_text = body.str(kMaxText);
  out.info.config_text = complete_config_text(body.str(kMaxText));
  Trainer::ScalarState& s = out.scalars;
  s.iteration = body.i64();
  s.passes = body.i64();
  s.opt_d_t = body.i64();
  s.opt_g_t = body.i64();
  s.opt_d_b1 = body.f64();
  s.opt_d_b2 = body.f64();
  s.opt_g_b1 = body.f64();
  s.opt_g_b2 = body.f64();
  s.rng_state = body.u64();
  s.rng_inc = body.u64();
  out.tensor_count = body.u32();
  if (body.failed()) return name + ": corrupt checkpoint (its header runs past the end)";
  const auto finite = [](double v) { return v - v == 0.0; };
  if (s.iteration < 0 || s.passes < 0 || s.opt_d_t < 0 || s.opt_g_t < 0 || (s.rng_inc & 1) == 0 ||
      !finite(s.opt_d_b1) || !finite(s.opt_d_b2) || !finite(s.opt_g_b1) || !finite(s.opt_g_b2))
    return name + ": corrupt checkpoint (impossible counters in its header)";
  if (out.tensor_count > kMaxTensors)
    return name + ": corrupt checkpoint (" + std::to_string(out.tensor_count) + " tensors)";
  out.info.iteration = s.iteration;
  out.tensors_at = body.offset();
  return "";
}

// Walks the tensors: checks each name and shape against `want` and, when
// `copy` is set, copies the data. "" or "NAME: ...".
std::string walk_tensors(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                         const Parsed& p, const std::vector<NamedTensor>& want, bool copy) {
  if (p.tensor_count != want.size())
    return name + ": the checkpoint holds " + std::to_string(p.tensor_count) +
           " tensors, this lesson's trainer " + std::to_string(want.size()) + " (another architecture)";
  ByteReader r(bytes, size - 4);
  r.skip(p.tensors_at);
  for (const NamedTensor& w : want) {
    const std::string tname = r.str(kMaxName);
    const std::uint32_t rank = r.u32();
    if (r.failed()) return name + ": corrupt checkpoint (tensor " + w.name + " runs past the end)";
    if (tname != w.name)
      return name + ": the checkpoint has tensor " + tname + " where this lesson has " + w.name;
    if (rank != 2) return name + ": tensor " + tname + " has rank " + std::to_string(rank) + " (expected 2)";
    const std::uint64_t rows = r.u64(), cols = r.u64();
    const std::uint64_t want_rows = w.value->shape()[0], want_cols = w.value->shape()[1];
    if (r.failed()) return name + ": corrupt checkpoint (tensor " + w.name + " runs past the end)";
    if (rows != want_rows || cols != want_cols)
      return name + ": tensor " + tname + " has shape " + shape_text(rows, cols) + " in the checkpoint, " +
             shape_text(want_rows, want_cols) + " in this lesson";
    const std::size_t n = std::size_t(rows * cols);
    if (n > r.remaining() / sizeof(float))
      return name + ": corrupt checkpoint (tensor " + w.name + " runs past the end)";
    if (!copy) {
      // A float32 whose exponent bits are all ones is an infinity or a NaN.
      const std::uint8_t* f = bytes + r.offset();
      for (std::size_t i = 0; i < n; ++i, f += 4)
        if ((f[3] & 0x7F) == 0x7F && (f[2] & 0x80))
          return name + ": tensor " + tname + " holds a non-finite value (NaN or infinity) at element " +
                 std::to_string(i) + " of " + std::to_string(n) +
                 ": the checkpoint is damaged or was written by a diverged run; resume from an earlier "
                 "checkpoint";
    }
    if (copy)
      r.floats(w.value->data(), n);
    else
      r.skip(n * sizeof(float));
    if (r.failed()) return name + ": corrupt checkpoint (tensor " + w.name + " runs past the end)";
  }
  if (r.remaining() != 0)
    return name + ": corrupt checkpoint (" + std::to_string(r.remaining()) +
           " unread bytes after the last tensor)";
  return "";
}

}  // namespace

// ---- texts -----------------------------------------------------------------------

std::string checkpoint_spec_text(Trainer& t) {
  const ImageGanSpec& s = t.spec();
  const GanConfig& c = t.config();
  return "data " + s.data + "\nshape " + s.shape.text() + "\nnoise " + noise_name(c.noise, c.noise_components) + " " +
         std::to_string(c.noise_dim) + "\nG " + t.generator().describe() + "\nD " +
         t.discriminator().describe() + "\n";
}

std::string checkpoint_config_text(const GanConfig& c) {
  std::string s;
  for (const ConfigKey& k : config_keys()) {
    const std::string key = k.key;
    // The architecture is in the spec text; 1-D/2-D data and MLP keys do not apply.
    if (key == "data" || key == "noise" || key == "noise_dim" || key == "g_hidden" || key == "d_hidden")
      continue;
    s += key + "=" + k.get(c) + "\n";
  }
  return s;
}

std::string apply_checkpoint_config(const CheckpointInfo& info, GanConfig& config) {
  GanConfig c = config;
  std::size_t at = 0;
  const std::string& t = info.config_text;
  while (at < t.size()) {
    std::size_t end = t.find('\n', at);
    if (end == std::string::npos) end = t.size();
    const std::string line = t.substr(at, end - at);
    at = end + 1;
    if (line.empty()) continue;
    const std::string e = apply_setting(c, line);
    if (!e.empty()) return "checkpoint setting " + line + ": " + e;
  }
  config = c;
  return "";
}

bool resume_may_change(const std::string& key) {
  // batch is live for the point GANs but sizes an image run's buffers and minibatch stream.
  return key != "batch" && is_live_setting(key);
}

std::vector<SettingChange> checkpoint_setting_changes(const CheckpointInfo& info, const GanConfig& config) {
  GanConfig saved = config;
  std::vector<SettingChange> out;
  if (!apply_checkpoint_config(info, saved).empty()) return out;
  for (const ConfigKey& k : config_keys()) {
    if (!resume_may_change(k.key)) continue;
    const std::string from = k.get(saved), to = k.get(config);
    if (from != to) out.push_back(SettingChange{k.key, from, to});
  }
  return out;
}

// ---- writing -----------------------------------------------------------------------

std::vector<std::uint8_t> checkpoint_bytes(Trainer& t, const std::string& lesson_id, CheckpointContent content) {
  ByteWriter w;
  begin_envelope(w, kCheckpointKind, kCheckpointVersion);
  w.str(lesson_id);
  w.str(checkpoint_spec_text(t));
  w.str(checkpoint_config_text(t.config()));
  const Trainer::ScalarState s = t.scalars();
  w.i64(s.iteration);
  w.i64(s.passes);
  w.i64(s.opt_d_t);
  w.i64(s.opt_g_t);
  w.f64(s.opt_d_b1);
  w.f64(s.opt_d_b2);
  w.f64(s.opt_g_b1);
  w.f64(s.opt_g_b2);
  w.u64(s.rng_state);
  w.u64(s.rng_inc);
  const std::vector<NamedTensor> tensors = content_tensors(t.state_tensors(), content);
  w.u32(static_cast<std::uint32_t>(tensors.size()));
  for (const NamedTensor& n : tensors) {
    w.str(n.name);
    w.u32(2);
    w.u64(n.value->shape()[0]);
    w.u64(n.value->shape()[1]);
    w.floats(n.value->data(), n.value->size());
  }
  return end_envelope(w);
}

std::string save_checkpoint(const std::string& path, Trainer& t, const std::string& lesson_id) {
  const std::vector<std::uint8_t> bytes = checkpoint_bytes(t, lesson_id);
  return write_file_atomic(path, bytes.data(), bytes.size());
}

// ---- reading ---------------------------------------------------------------------

std::string read_checkpoint_info(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                 CheckpointInfo& out) {
  Parsed p;
  const std::string e = parse(bytes, size, name, p);
  if (e.empty()) out = p.info;
  return e;
}

// ---- loading ---------------------------------------------------------------------

namespace {

// Loads a checkpoint (as_model: either content; else a whole run) into t.
std::string load(const std::uint8_t* bytes, std::size_t size, const std::string& name, Trainer& t,
                 bool allow_live_changes, bool as_model) {
  if (!t.ok()) return name + ": cannot load into a trainer that failed: " + t.error();
  Parsed p;
  std::string e = parse(bytes, size, name, p);
  if (!e.empty()) return e;
  const std::string spec = checkpoint_spec_text(t);
  if (p.info.spec_text != spec)
    return name + ": a checkpoint of lesson \"" + p.info.lesson_id + "\" with another architecture (" +
           first_difference(p.info.spec_text, spec) + ")";
  std::string ours = checkpoint_config_text(t.config()), theirs = p.info.config_text;
  if (allow_live_changes) {
    ours = fixed_settings(ours);
    theirs = fixed_settings(theirs);
  }
  if (theirs != ours)
    return name + ": a checkpoint of lesson \"" + p.info.lesson_id + "\" trained with other settings (" +
           first_difference(theirs, ours) + ")" +
           (allow_live_changes ? "; only learning rates, momenta, betas, k and g_loss may change on resume"
                               : "");
  const std::vector<NamedTensor> run = t.state_tensors(), nets = content_tensors(run, CheckpointContent::Nets);
  const bool nets_only = p.tensor_count == nets.size() && nets.size() != run.size();
  if (nets_only && !as_model)
    return name + ": holds a trained model's networks only (no optimizer state): it can be sampled, inverted "
                  "and scored, not resumed; train the lesson from the start instead";
  const std::vector<NamedTensor>& tensors = nets_only ? nets : run;
  e = walk_tensors(bytes, size, name, p, tensors, false);
  if (!e.empty()) return e;
  // Everything checked: now change the trainer.
  e = walk_tensors(bytes, size, name, p, tensors, true);
  if (!e.empty()) return e;  // cannot happen after the dry run
  t.set_scalars(p.scalars);
  return "";
}

}  // namespace

std::string load_checkpoint_bytes(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                                  Trainer& t, bool allow_live_changes) {
  return load(bytes, size, name, t, allow_live_changes, false);
}

std::string load_model_bytes(const std::uint8_t* bytes, std::size_t size, const std::string& name, Trainer& t) {
  return load(bytes, size, name, t, false, true);
}

std::string load_checkpoint(const std::string& path, Trainer& t) {
  std::vector<std::uint8_t> bytes;
  const std::string e = read_file_bytes(path, std::size_t(kMaxCheckpointBytes), bytes);
  if (!e.empty()) return e;
  return load_checkpoint_bytes(bytes.data(), bytes.size(), path, t);
}

}  // namespace ganstep

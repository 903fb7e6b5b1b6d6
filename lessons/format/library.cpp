#include "lessons/format/library.h"

#include <algorithm>

#include "engine/core/text.h"
#include "engine/gan/presets.h"

namespace ganstep::lessons {
namespace {

struct Library {
  std::vector<Lesson> lessons;
  std::vector<std::pair<std::string, Problem>> problems;
};

const Library& library() {
  static const Library lib = [] {
    Library l;
    std::vector<EmbeddedFile> files = embedded_library();
    std::sort(files.begin(), files.end(),
              [](const EmbeddedFile& a, const EmbeddedFile& b) { return std::string(a.name) < std::string(b.name); });
    for (const auto& f : files) {
      LoadResult r = parse_lesson(f.text);
      if (r.ok()) l.lessons.push_back(std::move(r.lesson));
      else
        for (auto& p : r.problems) l.problems.emplace_back(f.name, p);
    }
    std::stable_sort(l.lessons.begin(), l.lessons.end(), [](const Lesson& a, const Lesson& b) {
      return a.order != b.order ? a.order < b.order : a.id < b.id;
    });
    return l;
  }();
  return lib;
}

// Portuguese summaries of the engine presets (their English ones live in presets.cpp).
const char* preset_summary_pt(const std::string& id) {
  if (id == "gauss-1d") return "Dados gaussianos 1-D N(4, 0,5), ruído uniforme 1-D: a Figura 1 do artigo";
  if (id == "ring-2d") return "Anel 2-D de 8 gaussianas, ruído gaussiano 2-D";
  if (id == "tiny-2d") return "O benchmark: uma camada oculta de 14 unidades ReLU em cada rede, lote de 256, SGD";
  return nullptr;
}

}  // namespace

const std::vector<Lesson>& library_lessons() { return library().lessons; }
const std::vector<std::pair<std::string, Problem>>& library_problems() { return library().problems; }

std::vector<std::string> alias_ids() {
  std::vector<std::string> ids;
  for (const auto& p : presets()) {
    bool shadowed = false;
    for (const auto& l : library_lessons()) shadowed = shadowed || l.id == p.id;
    if (!shadowed) ids.push_back(p.id);
  }
  return ids;
}

Lesson lesson_from_preset(const std::string& preset_id) {
  Lesson l;
  const Preset* p = find_preset(preset_id);
  if (!p) return l;
  l.id = p->id;
  l.title = Text{p->id, p->id};
  const char* pt = preset_summary_pt(p->id);
  l.summary = Text{p->summary, pt ? pt : p->summary};
  l.config = p->config;
  std::string err;
  auto d = make_dataset(l.config.data, err);
  const bool two_d = d && d->dim() == 2;
  l.view.panels = {Panel::Algorithm, two_d ? Panel::View2d : Panel::View1d, Panel::Minibatch, Panel::Charts,
                   Panel::Settings};
  return l;
}

bool looks_like_path(const std::string& s) {
  return s.find('/') != std::string::npos || s.find('\\') != std::string::npos ||
         (s.size() >= 5 && s.compare(s.size() - 5, 5, ".toml") == 0);
}

std::vector<std::string> builtin_ids() {
  std::vector<std::string> ids;
  for (const auto& l : library_lessons()) ids.push_back(l.id);
  for (const auto& a : alias_ids()) ids.push_back(a);
  return ids;
}

LoadResult find_lesson(const std::string& name) {
  if (looks_like_path(name)) return load_lesson_file(name);
  // Other names of library lessons (not listed by builtin_ids()).
  const std::string s = name == "mnist-dcgan-light" ? "dcgan-mnist" : name;
  LoadResult r;
  for (const auto& l : library_lessons())
    if (l.id == s) {
      r.lesson = l;
      return r;
    }
  if (find_preset(s)) {
    r.lesson = lesson_from_preset(s);
    return r;
  }
  Problem p{0, 0, "unknown lesson " + quote_input(s), {}};
  const std::string best = did_you_mean(s, builtin_ids());
  if (!best.empty()) p.hints.push_back("did you mean \"" + best + "\"?");
  else p.hints.push_back("`ganstep lessons` lists the built-in lessons; a file path needs a '/' or .toml");
  r.problems.push_back(p);
  return r;
}

}  // namespace ganstep::lessons

// Reading a beat's parts: its question (which kind of answer the keys make),
// its trigger and its set = { ... } table (run settings and panel options).
// lesson_read.cpp reads the rest of the beat through the schema's rows.
//   questions        finish_question
//   triggers         read_trigger
//   set = { ... }    read_settings
#include "lessons/format/lesson_schema.h"

#include <algorithm>
#include <cmath>

#include "engine/core/text.h"

namespace ganstep::lessons::schema {

// ---------------------------------------------------------------- questions

// Which kind of question the keys make, and the keys that do not go with it.
void finish_question(Ctx& c, Question& q, const Value& table) {
  const Value* answer = table.find("answer");
  const Value* tolerance = table.find("tolerance");
  const Value* choices = table.find("choices");
  const Value* next = table.find("next");
  if (choices) {
    q.kind = AnswerKind::Choice;
    if (!answer) {
      c.error(table.loc, "missing question.answer in [beat.question]",
              {"add answer = N, the index of the right choice, from 0"});
    } else if (answer->type != Value::Type::Integer) {
      c.error(answer->loc, "answer must be the index of the right choice (an integer from 0): the question has choices",
              {"for a numeric answer, remove choices and add tolerance"});
    } else if (answer->integer < 0 || answer->integer > 5) {
      c.error(answer->loc, "answer = " + std::to_string(answer->integer) + " is out of range 0..5 (choices count from 0)");
      q.answer = 0;
    }
    if (tolerance) c.error(tolerance->loc, "tolerance goes with a numeric answer, but this question has choices");
    if (next && !q.next.empty() && q.next.size() != q.choices.size() && !q.choices.empty())
      c.error(next->loc, "next has " + std::to_string(q.next.size()) + " beats but the question has " +
                             std::to_string(q.choices.size()) + " choices",
              {"one beat id per choice, \"\" for the next beat in the file"});
    return;
  }
  if (answer) {
    q.kind = AnswerKind::Number;
    if (!tolerance)
      c.error(answer->loc, "a numeric answer needs a tolerance",
              {"add tolerance = 0.0005 (answers within it are right)"});
    if (next && !q.next.empty() && q.next.size() != 2)
      c.error(next->loc, "next of a numeric question has 2 beats, [if right, if wrong]; got " + std::to_string(q.next.size()));
    return;
  }
  q.kind = AnswerKind::Text;
  if (tolerance) c.error(tolerance->loc, "tolerance needs answer = NUMBER", {"add the right number: answer = 0.1899"});
  if (next)
    c.error(next->loc, "next needs an answer to branch on: a free-text answer is never right or wrong",
            {"add choices, or answer = NUMBER with tolerance"});
}

// ---------------------------------------------------------------- triggers

void read_trigger(Ctx& c, Beat& b, const Value& v) {
  Trigger& t = b.trigger;
  t.loc = v.loc;
  const std::string forms = "a trigger is \"load\", { at_iteration = 100 }, { at_phase = \"loss_d\" } or "
                            "{ metric = \"d_fake\", above = 0.4 }";
  if (v.type == Value::Type::String) {
    if (v.str == "load") { t.kind = TriggerKind::Load; return; }
    std::vector<std::string> hints;
    std::string best = did_you_mean(v.str, {"load"});
    if (!best.empty()) hints.push_back("did you mean \"load\"?");
    hints.push_back(forms);
    c.error(v.loc, "unknown trigger " + in_quotes(v.str.substr(0, 60)), hints);
    return;
  }
  if (v.type != Value::Type::Table) {
    c.error(v.loc, "trigger must be \"load\" or a table, got " + describe(v), {forms});
    return;
  }
  static const std::vector<std::string> keys = {"at_iteration", "at_phase", "metric", "above", "below", "after"};
  const Value* at_it = nullptr;
  const Value* at_ph = nullptr;
  const Value* met = nullptr;
  const Value* above = nullptr;
  const Value* below = nullptr;
  const Value* after = nullptr;
  bool ok = true;
  for (const auto& m : v.members) {
    const Value* mv = &m.value;
    if (m.key == "at_iteration") at_it = mv;
    else if (m.key == "at_phase") at_ph = mv;
    else if (m.key == "metric") met = mv;
    else if (m.key == "above") above = mv;
    else if (m.key == "below") below = mv;
    else if (m.key == "after") after = mv;
    else {
      c.unknown(m.key_loc, "unknown key " + in_quotes(m.key) + " in trigger", m.key, keys, "trigger keys: " + join(keys));
      ok = false;
    }
  }
  if (!ok) return;
  const int kinds = (at_it != nullptr) + (at_ph != nullptr) + (met != nullptr);
  if (kinds != 1) {
    c.error(v.loc, kinds == 0 ? "trigger needs one of at_iteration, at_phase or metric"
                              : "trigger has more than one of at_iteration, at_phase and metric",
            {forms});
    return;
  }
  auto integer = [&](const Value* x, const char* name, std::int64_t& out) {
    if (x->type != Value::Type::Integer) {
      c.error(x->loc, std::string("trigger ") + name + " must be an integer, got " + describe(*x));
      return false;
    }
    if (x->integer < 0) {
      c.error(x->loc, std::string("trigger ") + name + " = " + std::to_string(x->integer) + " is negative");
      return false;
    }
    out = x->integer;
    return true;
  };
  if (after && !integer(after, "after", t.after)) return;
  if (at_it) {
    t.kind = TriggerKind::AtIteration;
    if (after) { c.error(after->loc, "after does not go with at_iteration", {"use at_iteration alone"}); return; }
    if (above || below) { c.error((above ? above : below)->loc, "above/below go with metric, not at_iteration"); return; }
    integer(at_it, "at_iteration", t.iteration);
    return;
  }
  if (at_ph) {
    t.kind = TriggerKind::AtPhase;
    if (above || below) { c.error((above ? above : below)->loc, "above/below go with metric, not at_phase"); return; }
    if (at_ph->type != Value::Type::String) {
      c.error(at_ph->loc, "trigger at_phase must be a string, got " + describe(*at_ph));
      return;
    }
    std::vector<std::string> names = phase_names();
    auto it = std::find(names.begin(), names.end(), at_ph->str);
    if (it == names.end()) {
      c.unknown(at_ph->loc, "unknown phase " + in_quotes(at_ph->str.substr(0, 60)) + ": this trigger can never fire",
                at_ph->str, names, "phases: " + join(names));
      return;
    }
    t.phase = static_cast<Phase>(it - names.begin());
    return;
  }
  t.kind = TriggerKind::Metric;
  if (met->type != Value::Type::String) {
    c.error(met->loc, "trigger metric must be a string, got " + describe(*met));
    return;
  }
  if (!parse_metric(met->str, t.metric)) {  // suggestions from the metrics this kind of lesson measures
    const std::vector<std::string> names = metric_names(c.kind());
    c.unknown(met->loc, "unknown metric " + in_quotes(met->str.substr(0, 60)), met->str, names,
              "metrics: " + join(names));
    return;
  }
  if ((above != nullptr) == (below != nullptr)) {
    c.error(v.loc, above ? "trigger has both above and below" : "metric trigger needs above = X or below = X",
            {"e.g. { metric = \"d_fake\", above = 0.4 }"});
    return;
  }
  const Value* th = above ? above : below;
  t.above = above != nullptr;
  if (th->type == Value::Type::Integer) t.threshold = static_cast<double>(th->integer);
  else if (th->type == Value::Type::Float && std::isfinite(th->number)) t.threshold = th->number;
  else {
    c.error(th->loc, std::string("trigger ") + (above ? "above" : "below") + " must be a finite number, got " + describe(*th));
    return;
  }
}

// ---------------------------------------------------------------- set = { ... }

void read_settings(Ctx& c, Beat& b, const Value& v) {
  if (v.type != Value::Type::Table) {
    c.error(v.loc, "set must be a table of settings, e.g. set = { lr_d = 0.1 }, got " + describe(v));
    return;
  }
  std::vector<std::string> names;
  for (const auto& k : config_keys()) names.push_back(k.key);
  if (v.members.size() > 32) {
    c.error(v.loc, "set has too many settings (at most 32)");
    return;
  }
  // Panel options: set = { logloss.base = "log10" } (a table per panel) or { "view1d.d_star" = false }.
  std::vector<const Member*> run_members;
  auto panel_option = [&](const std::string& name, const Value& value, Loc key_loc) {
    const Row* r = row_for_panel_option(name);
    if (!r) {
      c.unknown(key_loc, "unknown panel option " + in_quotes(name) + " in set", name, panel_option_names(),
                "panel options: " + join(panel_option_names()));
      return;
    }
    Parsed p;
    if (!parse_value(c, *r, value, "set." + name, p)) return;
    const std::string text = r->kind == Kind::Bool ? (p.b ? "true" : "false") : p.s;
    PanelOptions probe;
    const std::string e = apply_panel_option(probe, name, text);
    if (!e.empty()) {
      c.error(p.loc, "set." + e);
      return;
    }
    b.view_set.push_back(Setting{name, text});
  };
  static const std::vector<std::string> panels_with_options = {"logloss", "view1d", "view2d", "charts"};
  for (const auto& m : v.members) {
    const bool panel = std::find(panels_with_options.begin(), panels_with_options.end(), m.key) != panels_with_options.end();
    if (panel && m.value.type == Value::Type::Table) {
      for (const auto& o : m.value.members) panel_option(m.key + "." + o.key, o.value, o.key_loc);
    } else if (m.key.find('.') != std::string::npos) {
      panel_option(m.key, m.value, m.key_loc);
    } else {
      run_members.push_back(&m);
    }
  }
  if (c.latent_lesson) {  // a [latent] lesson: its search's keys
    for (const Member* mp : run_members) {
      const Member& m = *mp;
      const std::vector<std::string>& ln = latent_key_names();
      if (std::find(ln.begin(), ln.end(), m.key) == ln.end() || m.key == "generator") {
        c.unknown(m.key_loc, "unknown latent setting " + in_quotes(m.key) + " in set", m.key, ln, "settings: " + join(ln));
        continue;
      }
      const std::string text = m.value.type == Value::Type::String    ? m.value.str
                               : m.value.type == Value::Type::Integer ? std::to_string(m.value.integer)
                               : m.value.type == Value::Type::Float   ? shortest(m.value.number, false)
                               : m.value.type == Value::Type::Bool    ? (m.value.boolean ? "true" : "false")
                                                                      : "";
      LatentSpec probe;
      const std::string e = apply_latent_setting(probe, m.key, text);
      if (!e.empty()) {
        c.error(m.value.loc, "set." + e);
        continue;
      }
      b.set.push_back(Setting{m.key, text});
    }
    return;
  }
  if (c.game_lesson) {  // a [game] lesson: the engine's game keys
    for (const Member* mp : run_members) {
      const Member& m = *mp;
      const Row* r = row_for_game_key(m.key);
      if (!r) {
        std::vector<std::string> gn = game_key_names();
        c.unknown(m.key_loc, "unknown game setting " + in_quotes(m.key) + " in set", m.key, gn, "settings: " + join(gn));
        continue;
      }
      Parsed p;
      if (!parse_value(c, *r, m.value, "set." + m.key, p)) continue;
      const std::string text = config_text(p, r->kind);
      GameConfig probe;
      std::string e = apply_game_setting(probe, m.key, text);
      if (!e.empty()) {
        c.error(p.loc, "set." + e);
        continue;
      }
      b.set.push_back(Setting{m.key, text});
    }
    return;
  }
  for (const Member* mp : run_members) {
    const Member& m = *mp;
    const Row* r = row_for_config_key(m.key);
    if (!r) {
      c.unknown(m.key_loc, "unknown setting " + in_quotes(m.key) + " in set", m.key, names, "settings: " + join(names));
      continue;
    }
    Parsed p;
    if (!parse_value(c, *r, m.value, "set." + m.key, p)) continue;
    std::string text = m.key == "data" ? resolve_data(c, config_text(p, r->kind)) : config_text(p, r->kind);
    if (m.key == "data" && !c.options.allow_files && text.rfind("csv:", 0) == 0) {
      c.error(p.loc, "set.data: csv: data sets are not allowed here (a share link cannot read files)");
      continue;
    }
    GanConfig probe;
    std::string e = find_config_key(m.key)->set(probe, text);
    if (!e.empty()) {
      std::vector<std::string> hints;
      if (m.key == "data") {
        std::string h = dataset_hint(text);
        if (!h.empty()) hints.push_back(h);
      }
      c.error(p.loc, "set." + m.key + ": " + e, hints);
      continue;
    }
    b.set.push_back(Setting{m.key, text});
  }
}

}  // namespace ganstep::lessons::schema

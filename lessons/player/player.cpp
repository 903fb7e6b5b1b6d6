// The public Player: a thin wrapper over PlayerImpl (player_impl.cpp).
#include "lessons/player/player.h"

#include <algorithm>

#include "engine/gan/presets.h"
#include "engine/gan/report.h"
#include "engine/game/game_report.h"
#include "lessons/format/library.h"
#include "lessons/player/player_impl.h"

namespace ganstep::ui {

bool parse_step_size(const std::string& s, StepSize& out) {
  if (s == "phase") out = StepSize::Phase;
  else if (s == "dstep" || s == "update") out = StepSize::DStep;
  else if (s == "iteration" || s == "iter") out = StepSize::Iteration;
  else return false;
  return true;
}

bool parse_lang(const std::string& s, Lang& out) {
  if (s == "en" || s == "en-US" || s == "en-GB") out = Lang::En;
  else if (s == "pt" || s == "pt-BR" || s == "pt_BR") out = Lang::Pt;
  else return false;
  return true;
}

Player::Player(const PlayerOptions& options) : impl_(std::make_unique<PlayerImpl>(options)) {}
Player::~Player() = default;

void Player::init_imgui(float dpi_scale) { impl_->init_imgui(dpi_scale); }
void Player::frame(double now_seconds) { impl_->frame(now_seconds); }

std::vector<std::string> Player::lesson_ids() const {
  std::vector<std::string> ids;
  for (const auto& p : presets()) ids.push_back(p.id);
  for (const auto& l : lessons::library_lessons())  // the [game] lessons (the others arrive with lesson loading)
    if (l.game) ids.push_back(l.id);
  return ids;
}

bool Player::load(const std::string& id, std::string& error) {
  const bool ok = impl_->load(id, false, 0);
  error = ok ? "" : impl_->error;
  return ok;
}

bool Player::step(StepSize size, std::int64_t n) { return impl_->step(size, n); }
bool Player::back(std::int64_t n) { return impl_->back_iterations(n); }
bool Player::back_phases(std::int64_t n) { return impl_->back_phases(n); }
bool Player::seek_iteration(std::int64_t it) { return impl_->seek_iteration(it); }
bool Player::set(const std::string& key, const std::string& value) { return impl_->set(key, value); }
void Player::reset() { impl_->reset(); }

std::string Player::state_json() const {
  if (impl_->saddle.active) return game_state_json(impl_->saddle.game.main(), impl_->options.lesson, true);
  return ganstep::state_json(impl_->session.trainer(), impl_->session.lesson(), true);
}

std::string Player::last_error() const { return impl_->error; }
void Player::set_lang(Lang lang) { impl_->lang = lang; }
Lang Player::lang() const { return impl_->lang; }
void Player::set_playing(bool playing) { impl_->set_playing(playing); }
bool Player::playing() const { return impl_->play.playing; }
void Player::set_help_open(bool open) { impl_->help.open = open; }
void Player::set_speed(double steps_per_second) {
  impl_->play.max = !(steps_per_second > 0);
  if (steps_per_second > 0) impl_->play.rate = static_cast<float>(std::min(5000.0, std::max(0.25, steps_per_second)));
}
double Player::iterations_per_second() const { return impl_->play.ips; }
double Player::frame_ms() const { return impl_->play.frame_ms; }

}  // namespace ganstep::ui

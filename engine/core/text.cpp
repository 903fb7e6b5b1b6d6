#include "engine/core/text.h"

#include <algorithm>
#include <cmath>
#include <vector>
#include <cstdio>
#include <cstdlib>

namespace ganstep {

std::size_t utf8_length(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  const std::size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return 0;
  return n;
}

std::string quote_input(std::string_view s, std::size_t max_chars) {
  // Counts what is shown: a character is one, an escape its length (\n: 2,
  // \x01: 4), so the quoted text is at most max_chars characters long.
  // Control characters and bytes that are not well-formed UTF-8 are escaped.
  const char hex[] = "0123456789abcdef";
  std::string out = "\"";
  std::size_t shown = 0, total = 0;
  bool cut = false;
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c >= 0x80 ? utf8_length(s, i) : 1;
    std::string piece;
    if (c == '\n') piece = "\\n";
    else if (c == '\t') piece = "\\t";
    else if (c < 0x20 || c == 0x7F || n == 0) piece = {'\\', 'x', hex[c >> 4], hex[c & 15]};
    else piece = std::string(s.substr(i, n));
    i += n == 0 ? 1 : n;
    ++total;
    if (cut) continue;
    const std::size_t width = n > 1 ? 1 : piece.size();
    if (shown + width > max_chars) {
      cut = true;
      continue;
    }
    shown += width;
    out += piece;
  }
  if (!cut) return out + '"';
  return out + "…\" (" + std::to_string(total) + " characters)";
}

bool has_utf8_bom(std::string_view s) { return s.size() >= 3 && s.compare(0, 3, "\xEF\xBB\xBF") == 0; }

std::string_view skip_utf8_bom(std::string_view s) { return has_utf8_bom(s) ? s.substr(3) : s; }

namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

namespace {

// The words of a name split at '_' and '-', sorted ("d_loss" -> {"d", "loss"}).
std::vector<std::string> sorted_words(const std::string& name) {
  std::vector<std::string> words;
  std::string w;
  for (char ch : name + "_") {
    if (ch == '_' || ch == '-') {
      if (!w.empty()) words.push_back(w);
      w.clear();
    } else {
      w += ch;
    }
  }
  std::sort(words.begin(), words.end());
  return words;
}

}  // namespace

std::string did_you_mean(const std::string& word, const std::vector<std::string>& candidates) {
  // The same words in another order ("d_loss" -> "loss_d")...
  const std::vector<std::string> words = sorted_words(word);
  if (words.size() > 1)
    for (const auto& c : candidates)
      if (c != word && sorted_words(c) == words) return c;
  // ...within edit distance 2 ("bacth" -> "batch")...
  std::string best;
  std::size_t best_d = 3;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d < best_d) { best_d = d; best = c; }
  }
  if (!best.empty()) return best;
  // ...else a name of the same '_'-separated parts in another order ("d_loss" -> "loss_d")...
  auto parts = [](const std::string& s) {
    std::vector<std::string> v;
    std::size_t a = 0;
    for (std::size_t b; (b = s.find('_', a)) != std::string::npos; a = b + 1) v.push_back(s.substr(a, b - a));
    v.push_back(s.substr(a));
    std::sort(v.begin(), v.end());
    return v;
  };
  if (word.find('_') != std::string::npos)
    for (const auto& c : candidates)
      if (parts(c) == parts(word)) return c;
  // ...else the longest name that starts the word or that the word starts
  // ("batchsize" -> "batch", "noise" -> "noise_dim"), at least 3 characters.
  for (const auto& c : candidates) {
    const std::size_t n = std::min(word.size(), c.size());
    if (n >= 3 && word.compare(0, n, c, 0, n) == 0 && c.size() > best.size()) best = c;
  }
  return best;
}

std::string shortest_text(double v, bool as_float, int min_precision) {
  char buf[40];
  for (int p = std::clamp(min_precision, 1, 17); p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, v);
    const double back = std::strtod(buf, nullptr);
    if (as_float ? static_cast<float>(back) == static_cast<float>(v) : back == v) break;
  }
  return buf;
}

std::string number_text(double v, char style, int digits, bool comma) {
  if (std::isnan(v)) return "—";
  if (std::isinf(v)) return v > 0 ? "∞" : "−∞";
  char buf[64];
  if (style == 'g') {
    digits = std::clamp(digits, 1, 9);
    if (std::fabs(v) >= 1e15) {
      std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    } else {
      // Round to `digits` significant digits first (9.996 -> 10.0), then print fixed.
      const int mag = v == 0 ? 0 : static_cast<int>(std::floor(std::log10(std::fabs(v))));
      int decimals = std::clamp(digits - 1 - mag, 0, 20);
      std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
      const double rounded = std::strtod(buf, nullptr);
      if (rounded != 0 && static_cast<int>(std::floor(std::log10(std::fabs(rounded)))) > mag && decimals > 0)
        std::snprintf(buf, sizeof buf, "%.*f", decimals - 1, v);
      std::string t = buf;
      if (t.find('.') != std::string::npos) {
        while (t.back() == '0') t.pop_back();
        if (t.back() == '.') t.pop_back();
      }
      if (t == "-0") t = "0";
      std::snprintf(buf, sizeof buf, "%s", t.c_str());
    }
  } else {
    digits = std::clamp(digits, 0, 9);
    std::snprintf(buf, sizeof buf, "%.*f%s", digits, style == '%' ? v * 100.0 : v, style == '%' ? "%" : "");
  }
  std::string s = buf;
  if (s.rfind("-", 0) == 0) s = "−" + s.substr(1);  // a true minus sign, as the texts write it
  return comma ? decimal_comma(s) : s;
}

std::string decimal_comma(std::string s) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  for (std::size_t i = 1; i + 1 < s.size(); ++i)
    if (s[i] == '.' && digit(s[i - 1]) && digit(s[i + 1])) s[i] = ',';
  return s;
}

}  // namespace ganstep

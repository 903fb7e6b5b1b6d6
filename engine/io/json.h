// A tiny JSON object writer (the CLI's --json, the web page's state()) (flat fields, numbers
// printed with 17 significant digits so they round-trip).
#pragma once

#include <cstdio>
#include <string>

namespace ganstep {

class Json {
 public:
  Json& field(const std::string& k, const std::string& v) { return raw(k, quote(v)); }
  Json& field(const std::string& k, const char* v) { return raw(k, quote(v)); }
  Json& field(const std::string& k, long long v) { return raw(k, std::to_string(v)); }
  Json& field(const std::string& k, unsigned long long v) { return raw(k, std::to_string(v)); }
  Json& field(const std::string& k, int v) { return raw(k, std::to_string(v)); }
  Json& field(const std::string& k, bool v) { return raw(k, v ? "true" : "false"); }
  Json& field(const std::string& k, double v) {
    if (v != v || v - v != 0) return raw(k, "null");
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    return raw(k, buf);
  }
  Json& raw(const std::string& k, const std::string& v) {
    body_ += (body_.empty() ? "" : ",") + quote(k) + ":" + v;
    return *this;
  }
  std::string str() const { return "{" + body_ + "}"; }

  static std::string quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') { out += '\\'; out += static_cast<char>(c); }
      else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
      else out += static_cast<char>(c);
    }
    return out + "\"";
  }

 private:
  std::string body_;
};

}  // namespace ganstep

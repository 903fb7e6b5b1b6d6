#include "engine/gan/param_file.h"

#include "engine/io/bytes.h"

namespace ganstep {

std::vector<std::uint8_t> param_file_bytes(const EnvelopeKind& kind, const std::vector<Param>& params,
                                           const std::string& key) {
  ByteWriter w;
  begin_envelope(w, kind, 1);
  w.str(key);
  w.u32(static_cast<std::uint32_t>(params.size()));
  for (const Param& p : params) {
    w.str(p.name);
    w.u64(p.value->shape()[0]);
    w.u64(p.value->shape()[1]);
    w.floats(p.value->data(), p.value->size());
  }
  return end_envelope(w);
}

std::string load_param_file_bytes(const EnvelopeKind& kind, const char* net, const std::uint8_t* bytes,
                                  std::size_t size, const std::string& name, const std::string& key,
                                  const std::vector<Param>& params) {
  const std::string noun = net;
  std::uint32_t version = 0;
  ByteReader body(nullptr, 0);
  const std::string e = open_envelope(bytes, size, name, kind, version, body);
  if (!e.empty()) return e;
  const std::string file_key = body.str(1 << 16);
  if (body.failed()) return name + ": corrupt " + noun + " file (its key runs past the end)";
  if (file_key != key) return name + ": made for another " + noun + " or data (" + file_key + ")";
  const std::uint32_t count = body.u32();
  if (count != params.size())
    return name + ": holds " + std::to_string(count) + " tensors, the " + noun + " has " +
           std::to_string(params.size());
  // Check every name and shape before copying anything.
  for (int pass = 0; pass < 2; ++pass) {
    ByteReader t = body;
    for (const Param& p : params) {
      const std::string pname = t.str(1000);
      const std::uint64_t rows = t.u64(), cols = t.u64();
      if (t.failed()) return name + ": corrupt " + noun + " file (tensor " + p.name + " runs past the end)";
      if (pname != p.name || rows != p.value->shape()[0] || cols != p.value->shape()[1])
        return name + ": tensor " + pname + " " + std::to_string(rows) + "x" + std::to_string(cols) +
               " does not match the " + noun + "'s " + p.name;
      const std::size_t n = std::size_t(rows * cols);
      if (pass == 1)
        t.floats(p.value->data(), n);
      else
        t.skip(n * sizeof(float));
      if (t.failed()) return name + ": corrupt " + noun + " file (tensor " + p.name + " runs past the end)";
    }
    if (t.remaining() != 0) return name + ": corrupt " + noun + " file (bytes after the last tensor)";
  }
  return "";
}

}  // namespace ganstep

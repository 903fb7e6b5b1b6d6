# Shared by the CLI test scripts (sourced): the caller sets cli (the command,
# an array: ("path/to/ganstep") or ("node" "ganstep-cli.js")), tmp (a scratch
# folder) and failures=0.
#   check DESCRIPTION CONDITION     evaluates CONDITION; ok or FAIL
#   field NAME JSON                 a string or number field of a flat JSON object
#   expect CODE FRAGMENT ARGS...    runs the CLI with ARGS: the exit code and a
#                                   fragment of stderr (stdout in $tmp/stdout.txt)
#   png OUT W H BITDEPTH COLOURTYPE [light]   a PNG made by zlib alone (a bar of ink)
check() {
  if eval "$2"; then echo "ok    $1"; else echo "FAIL  $1"; failures=$((failures + 1)); fi
}
expect() {
  local want=$1 fragment=$2
  shift 2
  "${cli[@]}" "$@" >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
  local code=$? err
  err=$(cat "$tmp/stderr.txt")
  if [[ $code -eq $want && $err == *"$fragment"* ]]; then
    echo "ok    exit $code: ganstep $*"
  else
    echo "FAIL  ganstep $*: wanted exit $want and \"$fragment\", got exit $code: ${err:0:400}"
    failures=$((failures + 1))
  fi
}
field() {  # field NAME JSON: a string or number field of a flat JSON object
  local v=${2#*\"$1\":}
  v=${v%%[,\}]*}
  echo "${v//\"/}"
}
# png OUT W H BITDEPTH COLOURTYPE [light]: a PNG made by zlib alone (a bar of ink).
png() {
  /usr/bin/python3 - "$@" <<'PY'
import struct, sys, zlib
out, w, h, depth, ctype = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
light = len(sys.argv) > 6
chans = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
bps = depth // 8
rows = b""
for y in range(h):
    row = b"\0"
    for x in range(w):
        ink = 10 <= x <= 16 and 4 <= y <= 23
        v = (0 if ink else 255) if light else (255 if ink else 0)
        px = [v] * chans
        if ctype in (4, 6): px[-1] = 255
        row += b"".join(int(c * (257 if bps == 2 else 1)).to_bytes(bps, "big") for c in px)
    rows += row
def chunk(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, depth, ctype, 0, 0, 0))
data += chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(out, "wb").write(data)
PY
}

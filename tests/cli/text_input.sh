#!/usr/bin/env bash
# The ganstep CLI on text inputs as users produce them: a UTF-8 BOM in a CSV
# or lesson file, a numeric first CSV row, 100 KB values (messages echo at
# most 80 characters of user input), damaged share links.
#   usage: text_input.sh PATH/TO/ganstep SCRATCH_DIR
set -u
bin=$1
tmp=${2:-${TMPDIR:-/tmp}}/text_input
mkdir -p "$tmp"
failures=0

# expect CODE FRAGMENT MAXLEN ARGS...: the exit code, a fragment of the output
# (stderr and stdout; skipped when empty) and its length at most MAXLEN characters.
expect() {
  local want=$1 fragment=$2 max=$3
  shift 3
  "$bin" "$@" >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
  local code=$? err
  err=$(cat "$tmp/stderr.txt" "$tmp/stdout.txt")
  local shown="$*"
  shown=${shown:0:160}
  if [[ $code -eq $want && ( -z $fragment || $err == *"$fragment"* ) && ${#err} -le $max ]]; then
    echo "ok    exit $code, ${#err} characters: ganstep $shown"
  else
    echo "FAIL  ganstep $shown"
    echo "      wanted exit $want, stderr containing: $fragment, at most $max characters"
    echo "      got exit $code, ${#err} characters: ${err:0:400}"
    failures=$((failures + 1))
  fi
}

big=$(head -c 100000 /dev/zero | tr '\0' 'q')
digits=$(head -c 100000 /dev/zero | tr '\0' '7')

# 100 KB values: exit 1 (2 for usage), a message under 300 characters.
expect 1 "batch" 300          run gauss-1d --steps 1 --set batch="$digits"
expect 1 "batch" 300          run gauss-1d --steps 1 --set batch="$big"
expect 1 "lr_d" 300           run gauss-1d --steps 1 --set lr_d="$big"
expect 1 "unknown data set" 300 run gauss-1d --steps 1 --set data="$big"
expect 1 "data" 300           run gauss-1d --steps 1 --set data="gaussian($big,1)"
expect 1 "noise" 300          run gauss-1d --steps 1 --set noise="$big"
expect 1 "g_hidden" 300       run gauss-1d --steps 1 --set g_hidden="4:$big"
expect 1 "unknown setting" 300 run gauss-1d --steps 1 --set "$big=1"
expect 1 "expected key=value" 300 run gauss-1d --steps 1 --set "$big"
expect 1 "unknown lesson" 300 run "$big" --steps 1
expect 2 "--steps" 300         run gauss-1d --steps "$big"
expect 2 "" 300               run gauss-1d --lang "$big"
expect 1 "formula" 300        run saddle-points --steps 1 --set formula="$big"
expect 1 "lr_d" 300           run dcgan-mnist --steps 1 --set lr_d="$big"
printf '1,2\n%s,1\n' "$digits" >"$tmp/long_row.csv"
expect 1 "long_row.csv:2:" 400 run tiny-2d --steps 1 --set data=csv:"$tmp/long_row.csv"
expect 1 "" 300               check --link "#lesson=9.$big"

# A UTF-8 BOM (as spreadsheets save CSV) is skipped; a numeric first row is data.
printf '\xef\xbb\xbf0,0\r\n1,1\r\n2,0\r\n' >"$tmp/bom.csv"
printf '\xef\xbb\xbfx,y\n0,0\n1,1\n2,0\n' >"$tmp/bom_header.csv"
printf '0,0\n1,1\n2,0\n' >"$tmp/plain.csv"
for f in bom bom_header plain; do
  if out=$("$bin" run tiny-2d --steps 2 --json --set data=csv:"$tmp/$f.csv") && [[ $out == *'"state_hash"'* ]]; then
    echo "ok    exit 0 with JSON: $f.csv"
    eval "hash_$f=\$(echo \"\$out\" | grep -o '\"state_hash\":\"[0-9a-f]*\"')"
  else
    echo "FAIL  $f.csv: $(cat "$tmp/stderr.txt" 2>/dev/null) $out"
    failures=$((failures + 1))
  fi
done
if [[ -n ${hash_bom:-} && ${hash_bom:-} == "${hash_plain:-}" && ${hash_bom_header:-} == "${hash_plain:-}" ]]; then
  echo "ok    the same run with and without a BOM or header"
else
  echo "FAIL  BOM and plain CSV runs differ: ${hash_bom:-} ${hash_bom_header:-} ${hash_plain:-}"
  failures=$((failures + 1))
fi
printf '1,2,3\n4,5\n6,7\n' >"$tmp/three.csv"
expect 1 "three.csv:1: expected two numbers" 300 run tiny-2d --steps 1 --set data=csv:"$tmp/three.csv"

# A lesson file with a BOM checks and runs like one without.
printf '\xef\xbb\xbfformat = 1\n[meta]\nid = "bom"\ntitle.en = "T"\ntitle.pt = "T"\nsummary.en = "S"\nsummary.pt = "S"\n' >"$tmp/bom.toml"
expect 0 "bom.toml: ok" 300    check "$tmp/bom.toml"

# A character the player's font lacks is a warning at its place: the check passes, the lesson runs.
printf 'format = 1\n[meta]\nid = "w"\ntitle.en = "Hi \xe2\x9c\xa8"\ntitle.pt = "T"\nsummary.en = "S"\nsummary.pt = "S"\n' >"$tmp/glyph.toml"
expect 0 "glyph.toml:4:16: warning: title.en: U+2728" 600 check "$tmp/glyph.toml"
expect 0 "glyph.toml: ok, with 1 warning" 600 check "$tmp/glyph.toml"
expect 0 "is not in the player's font" 1200 run "$tmp/glyph.toml" --steps 1

# A share link with one character changed is refused (exit 1), never read as another lesson.
link=$("$bin" share "$tmp/bom.toml")
if [[ $link == "#lesson=2."* ]]; then
  echo "ok    share prints a version 2 link"
else
  echo "FAIL  share printed: $link"
  failures=$((failures + 1))
fi
last=${link: -1}
swap=A; [[ $last == A ]] && swap=B
expect 1 "damaged" 300        check --link "${link%?}$swap"

if [[ $failures -gt 0 ]]; then
  echo "$failures case(s) failed"
  exit 1
fi
echo "all cases passed"

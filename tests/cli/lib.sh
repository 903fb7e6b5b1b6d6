# Shared by the CLI test scripts (sourced): the caller sets cli (the command,
# an array: ("path/to/ganstep") or ("node" "ganstep-cli.js")), tmp (a scratch
# folder) and failures=0.
#   check DESCRIPTION CONDITION     evaluates CONDITION; ok or FAIL
#   field NAME JSON                 a string or number field of a flat JSON object
#   expect CODE FRAGMENT ARGS...    runs the CLI with ARGS: the exit code and a
#                                   fragment of stderr (stdout in $tmp/stdout.txt)
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

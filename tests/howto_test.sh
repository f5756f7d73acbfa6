#!/usr/bin/env bash
# Runs a how-to guide's commands exactly as written: every ```sh block, in order, in one bash
# (set -euo pipefail) inside a fresh directory under the build tree that looks like the repository
# root (a link to each top-level entry of the source tree, build/ to the build tree). A fenced
# block whose info string is `<lang> file=NAME` (```yaml file=my-phone.yaml) is written to NAME
# at that point (its directory made if needed). Usage: tests/howto_test.sh GUIDE.md SOURCE_DIR BUILD_DIR TMP_DIR [OPTIONS]
#   --copy ENTRY     copy that top-level entry instead of linking it (a guide that edits sources)
#   --rebuild SCRIPT run `bash SCRIPT SOURCE_DIR BUILD_DIR WORK_DIR` for each ```sh rebuild block
#                    (a guide's rebuild step) instead of its text; build/ is then a directory of
#                    the scratch copy that SCRIPT fills. Without it a rebuild block fails the test.
set -euo pipefail
guide=$1 src=$(cd "$2" && pwd) build=$(cd "$3" && pwd) tmp=$4
shift 4
copies=() rebuild=""
while [ $# -gt 0 ]; do
  case "$1" in
    --copy) copies+=("$2"); shift 2 ;;
    --rebuild) rebuild=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    *) echo "howto_test: unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$tmp"
work=$(mktemp -d "$tmp/howto-XXXXXX")
trap 'rm -rf "$work"' EXIT
# Only what the repository tracks (a checkout's own results/, build-asan/... stay out of reach, so
# a guide's outputs land in the scratch copy); without git, everything but build*/results*.
if tracked=$(git -C "$src" ls-files 2>/dev/null) && [ -n "$tracked" ]; then
  entries=$(printf '%s\n' "$tracked" | cut -d/ -f1 | sort -u)
else
  entries=$(cd "$src" && ls -1 | grep -v -e '^build' -e '^results')
fi
for name in $entries; do
  entry=$src/$name
  [ "$name" = build ] && continue
  if printf '%s\n' "${copies[@]}" | grep -qxF "$name"; then cp -r "$entry" "$work/$name"; else ln -s "$entry" "$work/$name"; fi
done
if [ -n "$rebuild" ]; then mkdir "$work/build"; else ln -s "$build" "$work/build"; fi
# The guide as one script: sh blocks verbatim, file blocks as quoted here-documents.
awk -v rebuild="$rebuild" -v src="$src" -v build="$build" '
  /^```/ && !inblock {
    inblock = 1; mode = ""
    if ($0 ~ /^```(sh|bash)[ \t]*$/) { mode = "sh"; print "# --- " FILENAME ":" FNR + 1 }
    else if ($0 ~ /^```(sh|bash)[ \t]+rebuild[ \t]*$/) {
      mode = "skip"; print "# --- " FILENAME ":" FNR + 1 " (rebuild step)"
      if (rebuild == "") print "echo \"howto_test: a rebuild block needs --rebuild\" >&2; exit 1"
      else print "bash \x27" rebuild "\x27 \x27" src "\x27 \x27" build "\x27 \"$PWD\""
    }
    else if (match($0, /file=[^ \t]+/)) {
      mode = "file"; name = substr($0, RSTART + 5, RLENGTH - 5)
      print "mkdir -p \"$(dirname \x27" name "\x27)\""
      print "cat > \x27" name "\x27 <<\x27HOWTO_FILE_END\x27"
    }
    next
  }
  /^```/ && inblock { if (mode == "file") print "HOWTO_FILE_END"; inblock = 0; mode = ""; next }
  inblock && (mode == "sh" || mode == "file") { print }
' "$guide" > "$work/.howto.sh"
grep -q '^# --- ' "$work/.howto.sh" || { echo "howto_test: $guide has no \`\`\`sh block"; exit 1; }
cd "$work"
PYTHONDONTWRITEBYTECODE=1 bash -euo pipefail -x .howto.sh
echo "howto_test: every command of $guide ran"

#!/usr/bin/env bash
# Runs a how-to guide's commands exactly as written: every ```sh block, in order, in one bash
# (set -euo pipefail) inside a fresh directory under the build tree that looks like the repository
# root (a link to each top-level entry of the source tree, build/ to the build tree). A fenced
# block whose info string is `<lang> file=NAME` (```yaml file=my-phone.yaml) is written to NAME
# at that point. Usage: tests/howto_test.sh GUIDE.md SOURCE_DIR BUILD_DIR TMP_DIR
set -euo pipefail
guide=$1 src=$(cd "$2" && pwd) build=$(cd "$3" && pwd) tmp=$4
mkdir -p "$tmp"
work=$(mktemp -d "$tmp/howto-XXXXXX")
trap 'rm -rf "$work"' EXIT
for entry in "$src"/*; do
  name=$(basename "$entry")
  [ "$name" = build ] || ln -s "$entry" "$work/$name"
done
ln -s "$build" "$work/build"
# The guide as one script: sh blocks verbatim, file blocks as quoted here-documents.
awk '
  /^```/ && !inblock {
    inblock = 1; mode = ""
    if ($0 ~ /^```(sh|bash)[ \t]*$/) { mode = "sh"; print "# --- " FILENAME ":" FNR + 1 }
    else if (match($0, /file=[^ \t]+/)) {
      mode = "file"; print "cat > \x27" substr($0, RSTART + 5, RLENGTH - 5) "\x27 <<\x27HOWTO_FILE_END\x27"
    }
    next
  }
  /^```/ && inblock { if (mode == "file") print "HOWTO_FILE_END"; inblock = 0; mode = ""; next }
  inblock && mode != "" { print }
' "$guide" > "$work/.howto.sh"
grep -q '^# --- ' "$work/.howto.sh" || { echo "howto_test: $guide has no \`\`\`sh block"; exit 1; }
cd "$work"
PYTHONDONTWRITEBYTECODE=1 bash -euo pipefail -x .howto.sh
echo "howto_test: every command of $guide ran"

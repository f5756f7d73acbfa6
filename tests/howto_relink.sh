#!/usr/bin/env bash
# A guide's "rebuild modisim" step, made cheap for its test (tests/howto_test.sh --rebuild): the
# policy sources of the scratch copy WORK_DIR/policies that differ from SOURCE_DIR's (new or
# edited files) are compiled with the flags the build tree uses for modisim_policies, and
# modisim is linked again, with those objects ahead of the build tree's libraries (so they
# replace the archive members they redefine), into WORK_DIR/build/modisim. The same compiler,
# flags and link line as a full `cmake --build`, for the changed files only.
# Usage: tests/howto_relink.sh SOURCE_DIR BUILD_DIR WORK_DIR   (Makefile generator build trees)
set -euo pipefail
src=$1 build=$2 work=$3
flags=$build/CMakeFiles/modisim_policies.dir/flags.make
link=$build/CMakeFiles/modisim.dir/link.txt
for f in "$flags" "$link"; do
  [ -f "$f" ] || { echo "howto_relink: $f is missing (a build tree of the Unix Makefiles generator is needed)" >&2; exit 1; }
done
value() { sed -n "s/^$1 = //p" "$flags"; }
read -r -a compiler < <(awk '{ print $1 }' "$link")
read -r -a cxx_flags < <(value CXX_FLAGS)
read -r -a defines < <(value CXX_DEFINES)
read -r -a includes < <(value CXX_INCLUDES)
changed=()
while IFS= read -r -d '' f; do
  rel=${f#"$work"/}
  cmp -s "$f" "$src/$rel" || changed+=("$rel")
done < <(find "$work/policies" -name '*.cpp' -print0 | sort -z)
[ ${#changed[@]} -gt 0 ] || { echo "howto_relink: no policy source changed" >&2; exit 1; }
mkdir -p "$work/build/objects"
objects=()
for rel in "${changed[@]}"; do
  obj=$work/build/objects/$(echo "$rel" | tr / _).o
  echo "howto_relink: compiling $rel"
  "${compiler[@]}" "${defines[@]}" -I"$work" "${includes[@]}" "${cxx_flags[@]}" -c "$work/$rel" -o "$obj"
  objects+=("$obj")
done
# link.txt runs in the build tree: `<compiler> <flags> <objects> -o modisim <libraries>`.
read -r -a line < "$link"
args=()
for ((i = 0; i < ${#line[@]}; i++)); do
  if [ "${line[i]}" = -o ] && [ "${line[i + 1]}" = modisim ]; then
    args+=(-o "$work/build/modisim" "${objects[@]}")
    i=$((i + 1))
  else
    args+=("${line[i]}")
  fi
done
[ -n "$(printf '%s\n' "${args[@]}" | grep -xF "$work/build/modisim")" ] || { echo "howto_relink: no '-o modisim' in $link" >&2; exit 1; }
echo "howto_relink: linking $work/build/modisim"
(cd "$build" && "${args[@]}")

#!/usr/bin/env bash
# Which Debian package ships each shared library, per suite: read from Debian's Contents indexes (what apt-file
# reads) of main, for amd64, i386 and arm64, and written as debian-<suite>.libraries.tsv.gz beside this script.
# Each line: the library's file name (as DT_NEEDED names it), the packages that ship it in a standard library
# directory (comma-separated), and the architectures when not all three.
#
# Usage: harness/catalog/convert-debian-contents.sh [SUITE ...]     (default: bullseye bookworm trixie)
#   MIRROR=<url>  Debian mirror (default: the one this machine's apt uses, as debian-mirror.sh finds it)
# Needs: curl, gzip, awk, sort. Network: the mirror only.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$here/debian-mirror.sh"
mirror="$(debian_mirror)"
suites=("$@")
[ ${#suites[@]} -gt 0 ] || suites=(bullseye bookworm trixie)
arches=(amd64 i386 arm64)
declare -A triplets=([amd64]=x86_64-linux-gnu [i386]=i386-linux-gnu [arm64]=aarch64-linux-gnu)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for suite in "${suites[@]}"; do
  for arch in "${arches[@]}"; do
    curl -fsS -o "$work/$arch.gz" "$mirror/dists/$suite/main/Contents-$arch.gz"
    # Files named lib*.so.* directly in the architecture's own library directories (not lib32, lib64 or another
    # architecture's multilib copies); the package column is section/name[,section/name...].
    zcat "$work/$arch.gz" |
      awk -v arch="$arch" -v triplet="${triplets[$arch]}" '
        $1 ~ ("^(usr/)?lib/(" triplet "/)?lib[^/]*\\.so\\.[0-9][^/]*$") {
          n = split($1, path, "/"); packages = $NF; gsub(/[a-z0-9+-]+\//, "", packages)
          print path[n] "\t" packages "\t" arch
        }' >> "$work/all.tsv"
  done
  {
    echo "# Debian $suite (main), from the Contents-{amd64,i386,arm64}.gz indexes of $mirror, $(date -u +%Y-%m-%d)"
    echo "# library file name <TAB> packages that ship it <TAB> architectures when not all of amd64, i386, arm64"
    sort -u "$work/all.tsv" |
      awk -F'\t' '
        { key = $1 "\t" $2; arches[key] = arches[key] (arches[key] == "" ? "" : ",") $3 }
        END { for (key in arches) { n = split(arches[key], list, ","); print key "\t" (n == 3 ? "" : arches[key]) } }' |
      sort
  } | gzip -9n > "$here/debian-$suite.libraries.tsv.gz"
  rm -f "$work/all.tsv"
  echo "debian-$suite.libraries.tsv.gz: $(zcat "$here/debian-$suite.libraries.tsv.gz" | grep -vc '^#') libraries"
done

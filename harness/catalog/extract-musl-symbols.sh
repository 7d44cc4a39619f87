#!/usr/bin/env bash
# Extract the dynamic symbols that musl's libc defines, per musl version, from
# Debian's `musl` package (amd64), into musl-<version>.symbols files.
#
# Usage: harness/catalog/extract-musl-symbols.sh [output-dir]
#   output-dir defaults to the directory of this script.
#   MIRROR=<url>   Debian mirror (default: the one this machine's apt uses,
#                  as debian-mirror.sh finds it)
#   SUITES="..."   suites to read (default: "bullseye bookworm trixie")
#   KEEP_WORK=1    keep the temporary directory (downloaded .debs, extracted trees)
#
# Each suite is read through a private apt configuration in a temporary
# directory (its own sources.list, lists, cache and status), so the system's apt
# state is not touched and no root-only path is written. Packages are verified
# by apt against the suite's signed Release file, using the keys in
# /usr/share/keyrings/debian-archive-keyring.gpg.
#
# Needs: apt-get, dpkg-deb, readelf (binutils), awk, sort. Network: the mirror only.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${1:-$here}"
suites="${SUITES:-bullseye bookworm trixie}"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
arch=amd64
triplet=x86_64-linux-musl

. "$here/debian-mirror.sh"
mirror="$(debian_mirror)"

work="$(mktemp -d "${TMPDIR:-/tmp}/musl-symbols.XXXXXX")"
if [[ "${KEEP_WORK:-}" == 1 ]]; then echo "work directory: $work" >&2; else trap 'rm -rf "$work"' EXIT; fi

for suite in $suites; do
    d="$work/$suite"
    mkdir -p "$d/etc/sources.list.d" "$d/etc/preferences.d" "$d/lists/partial" \
             "$d/cache/archives/partial" "$d/debs" "$d/root"
    : > "$d/status"
    echo "deb [arch=$arch signed-by=$keyring] $mirror $suite main" > "$d/etc/sources.list"
    apt_opts=(
        -o "Dir::Etc::sourcelist=$d/etc/sources.list"
        -o "Dir::Etc::sourceparts=$d/etc/sources.list.d"
        -o "Dir::Etc::preferencesparts=$d/etc/preferences.d"
        -o "Dir::State::Lists=$d/lists"
        -o "Dir::State::status=$d/status"
        -o "Dir::Cache=$d/cache"
        -o "APT::Architecture=$arch"
        -o "APT::Architectures=$arch"
        -o "Acquire::Languages=none"
        -o "Acquire::IndexTargets::deb::DEP-11::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons-small::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::DEP-11-icons-hidpi::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::CNF::DefaultEnabled=false"
        -o "Acquire::IndexTargets::deb::Contents-deb::DefaultEnabled=false"
        -o "APT::Sandbox::User=root"
    )
    echo "== $suite ($mirror)" >&2
    apt-get -q "${apt_opts[@]}" update >&2
    (cd "$d/debs" && apt-get -q "${apt_opts[@]}" download "musl:$arch" >&2)
    deb="$(cd "$d/debs" && ls musl_*_"$arch".deb)"
    debver="$(dpkg-deb -f "$d/debs/$deb" Version)"
    # upstream version: strip epoch and Debian revision
    upver="${debver#*:}"
    upver="${upver%-*}"
    dpkg-deb -x "$d/debs/$deb" "$d/root"

    # The shared libc: /usr/lib/x86_64-linux-musl/libc.so (ld-musl-x86_64.so.1
    # is a symlink to it). Take the first regular file of those names.
    lib=""
    for cand in usr/lib/$triplet/libc.so lib/$triplet/libc.so lib/ld-musl-x86_64.so.1 usr/lib/ld-musl-x86_64.so.1; do
        if [[ -f "$d/root/$cand" && ! -L "$d/root/$cand" ]]; then lib="$cand"; break; fi
    done
    if [[ -z "$lib" ]]; then
        echo "no musl libc found in $deb:" >&2
        find "$d/root" -name 'libc.so*' -o -name 'ld-musl*' >&2
        exit 1
    fi
    links="$(cd "$d/root" && find . -type l -name 'ld-musl-x86_64.so.1' -printf '/%P -> %l' | head -n1)"

    target="$out/musl-$upver.symbols"
    {
        echo "# musl $upver, from Debian package $deb ($suite), symbols defined by /$lib"
        echo "# (readelf --dyn-syms -W: defined (Ndx != UND), binding GLOBAL or WEAK, type FUNC, OBJECT, TLS, IFUNC or"
        echo "#  NOTYPE; musl has no symbol versioning; one name per line, sorted with LC_ALL=C; loader: ${links:-none})"
        LC_ALL=C readelf --dyn-syms -W "$d/root/$lib" |
            awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" &&
                 ($5 == "GLOBAL" || $5 == "WEAK") &&
                 ($4 == "FUNC" || $4 == "OBJECT" || $4 == "TLS" || $4 == "IFUNC" || $4 == "NOTYPE") &&
                 $8 != "" { sub(/@.*/, "", $8); print $8 }' |
            LC_ALL=C sort -u > "$d/symbols"
        # Known differences between Debian's libc and upstream musl (hence Alpine), per
        # Debian's changelog and upstream musl's git history. Emitted only when they apply.
        fts="$(grep -E '^fts_' "$d/symbols" | tr '\n' ' ' | sed 's/ $//' || true)"
        if [[ -n "$fts" ]]; then
            echo "# debian-only: $fts (Debian imported musl-fts into libc in 1.2.2-4; upstream musl has no fts_*)"
        fi
        missing=""
        for s in crypt crypt_r encrypt setkey; do
            grep -qx "$s" "$d/symbols" || missing="$missing $s"
        done
        if [[ -n "$missing" ]]; then
            echo "# debian-missing:$missing (removed by Debian 1.2.2-2, restored by 1.2.4-1; upstream musl defines them)"
        fi
        if grep -qx renameat2 "$d/symbols" && dpkg --compare-versions "$upver" lt 1.2.6; then
            echo "# debian-only: renameat2 (Debian 1.2.5-3 patch; upstream musl added it after 1.2.5, commit 05ce67fe, 2024-05-06)"
        fi
        if dpkg --compare-versions "$upver" ge 1.2.4; then
            echo "# note: since musl 1.2.4 libc.so no longer defines the LFS64 names (stat64, open64, ...); its dynamic"
            echo "#  linker resolves undefined references to them to the plain names (ldso/dynlink.c, get_lfs64)"
        fi
        cat "$d/symbols"
    } > "$target.tmp"
    mv "$target.tmp" "$target"
    echo "$target: $(grep -vc '^#' "$target") symbols ($deb)" >&2
done

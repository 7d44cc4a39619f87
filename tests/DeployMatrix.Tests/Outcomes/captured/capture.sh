#!/usr/bin/env bash
# Re-captures the loader, runtime and shell texts in this directory from real containers (see README.md).
# Needs: docker with the deploymatrix/* images built, the fixtures built (make -C fixtures), gcc, musl-gcc,
# i686-linux-gnu-gcc, bwrap (bubblewrap). Writes NAME.stderr (or NAME.start-error) and prints one line per case
# (`NAME exit=N oom=B`) to carry into captured.yaml. Leaves no containers behind.
# Usage: capture.sh [NAME...]   (no names: every case)
set -euo pipefail
only=" $* "

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../../../.." && pwd)
fixtures="$root/fixtures/bin"
work=$(mktemp -d)
label=deploymatrix.outcomes.capture=1
cleanup() {
  docker ps -aq --filter "label=$label" | xargs -r docker rm -f >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

wanted() { [ "$only" = "  " ] || [[ "$only" == *" $1 "* ]]; }

# stage NAME FILE:CONTAINER-PATH... -> a directory tree to copy into the container's root, mode 755 like the harness.
stage() {
  local dir="$work/stage-$1"; shift
  rm -rf "$dir"; mkdir -p "$dir"
  local pair
  for pair in "$@"; do
    install -D --mode=0755 "${pair%%:*}" "$dir/${pair#*:}"
  done
  echo "$dir"
}

# capture NAME PLATFORM IMAGE STAGE-DIR [docker create options] -- COMMAND...
# Runs COMMAND as the container's command, with the staged files copied in (docker create, docker cp, docker start),
# then keeps the stderr the engine logged, byte for byte, as the harness reads it.
capture() {
  local name=$1 platform=$2 image=$3 dir=$4; shift 4
  wanted "$name" || return 0
  local options=()
  while [ "$1" != "--" ]; do options+=("$1"); shift; done
  shift
  local id
  id=$(docker create --label "$label" --network none --platform "$platform" "${options[@]}" --entrypoint "$1" "$image" "${@:2}")
  docker cp "$dir/." "$id:/"
  docker start -a "$id" >/dev/null 2>&1 || true
  docker logs "$id" 2>"$here/$name.stderr" >/dev/null
  echo "$name exit=$(docker inspect -f '{{.State.ExitCode}}' "$id") oom=$(docker inspect -f '{{.State.OOMKilled}}' "$id")"
  docker rm -f "$id" >/dev/null
}

# capture_start_error NAME PLATFORM IMAGE -- COMMAND...
# Keeps the engine's message (the "message" of its JSON answer to POST /containers/ID/start), as the harness sees it.
capture_start_error() {
  local name=$1 platform=$2 image=$3; shift 4
  wanted "$name" || return 0
  local id
  id=$(docker create --label "$label" --network none --platform "$platform" --entrypoint "$1" "$image" "${@:2}")
  curl -s --unix-socket /var/run/docker.sock -X POST "http://localhost/v1.41/containers/$id/start" |
    python3 -c 'import json,sys; sys.stdout.write(json.load(sys.stdin)["message"])' >"$here/$name.start-error"
  echo "$name start-error"
  docker rm -f "$id" >/dev/null
}

# capture_bwrap NAME IMAGE STAGE-DIR -- COMMAND...
# Runs COMMAND with bubblewrap (as the harness's bubblewrap runtime does) in the image's exported root file system
# with the staged files bound read-only, and keeps its stderr, byte for byte.
capture_bwrap() {
  local name=$1 image=$2 dir=$3; shift 4
  wanted "$name" || return 0
  local id root="$work/root-$name" status=0
  id=$(docker create --label "$label" "$image" /none)
  mkdir -p "$root"
  docker export "$id" | tar -x -C "$root"
  docker rm -f "$id" >/dev/null
  local binds=() file
  while IFS= read -r file; do binds+=(--ro-bind "$file" "/${file#"$dir"/}"); done < <(find "$dir" -type f)
  bwrap --unshare-all --as-pid-1 --die-with-parent --new-session --cap-drop ALL --bind "$root" / --proc /proc --dev /dev \
    "${binds[@]}" -- "$@" 2>"$here/$name.stderr" >/dev/null || status=$?
  echo "$name exit=$status oom=false"
}

# --- Programs made only for these captures (not fixtures) -------------------------------------------------------

cd "$work"
cat >foo.c <<'EOF'
int dm_foo(void) { return 1; }
EOF
cat >bar.c <<'EOF'
int dm_bar(void) { return 2; }
EOF
cat >other.c <<'EOF'
int dm_other(void) { return 3; }
EOF
cat >uses-foo-bar.c <<'EOF'
#include <stdio.h>
int dm_foo(void);
int dm_bar(void);
int main(void) { printf("%d\n", dm_foo() + dm_bar()); return 0; }
EOF
cat >uses-foo.c <<'EOF'
#include <stdio.h>
int dm_foo(void);
int main(void) { printf("before the call\n"); fflush(stdout); printf("%d\n", dm_foo()); return 0; }
EOF
cat >stub-v1.map <<'EOF'
STUB_1 { global: dm_foo; dm_other; local: *; };
EOF
cat >stub-v0.map <<'EOF'
STUB_0 { global: dm_other; local: *; };
EOF
cat >openssl-1.1.map <<'EOF'
OPENSSL_1_1_0 { global: dm_other; local: *; };
EOF
cat >liar.c <<'EOF'
#include <stdio.h>
/* Prints a loader's words on stderr but runs fine: the verdict must be "ran". */
int main(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "%s: error while loading shared libraries: libssl.so.3: cannot open shared object file: No such file or directory\n", argv[0]);
    fprintf(stderr, "sh: 1: %s: not found\n", argv[0]);
    return 0;
}
EOF
cat >eats-memory.c <<'EOF'
#include <stdlib.h>
#include <string.h>
/* Touches memory until the cgroup's OOM killer ends it. */
int main(void) { for (;;) { char *p = malloc(1 << 20); if (p) memset(p, 1, 1 << 20); } }
EOF

# musl: one program needing two libraries, one needing a symbol the stand-in library lacks.
musl-gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -o musl-libfoo.so.1 foo.c
musl-gcc -shared -fPIC -Wl,-soname,libbar.so.2 -o musl-libbar.so.2 bar.c
musl-gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -o musl-libfoo-without-dm_foo.so.1 other.c
i686-linux-gnu-gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -o i386-libfoo.so.1 foo.c
musl-gcc -o musl-uses-foo-bar uses-foo-bar.c -L. -l:musl-libfoo.so.1 -l:musl-libbar.so.2
musl-gcc -o musl-uses-foo uses-foo.c -L. -l:musl-libfoo.so.1

# glibc: unversioned and versioned stand-ins lacking dm_foo, a stand-in lacking the version node, a 32-bit one.
gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -o glibc-libfoo.so.1 foo.c
gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -o glibc-libfoo-without-dm_foo.so.1 other.c
gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -Wl,--version-script=stub-v1.map -o glibc-libfoo-v1.so.1 foo.c other.c
gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -Wl,--version-script=stub-v1.map -o glibc-libfoo-v1-without-dm_foo.so.1 other.c
gcc -shared -fPIC -Wl,-soname,libfoo.so.1 -Wl,--version-script=stub-v0.map -o glibc-libfoo-v0.so.1 other.c
# OpenSSL 1.1-style stand-ins named libssl.so.3 / libcrypto.so.3: they lack the OPENSSL_3.0.0 node needs-libssl asks for.
gcc -shared -fPIC -Wl,-soname,libssl.so.3 -Wl,--version-script=openssl-1.1.map -o stub-libssl.so.3 other.c
gcc -shared -fPIC -Wl,-soname,libcrypto.so.3 -Wl,--version-script=openssl-1.1.map -o stub-libcrypto.so.3 other.c
gcc -o glibc-uses-foo uses-foo.c -L. -l:glibc-libfoo.so.1
gcc -o glibc-uses-foo-v1 uses-foo.c -L. -l:glibc-libfoo-v1.so.1
gcc -o glibc-liar liar.c
gcc -o glibc-eats-memory eats-memory.c
# DT_RELR needs glibc 2.36: on Debian 11 the loader lacks GLIBC_ABI_DT_RELR as well as GLIBC_2.34.
gcc -Wl,-z,pack-relative-relocs -o glibc-hello-relr "$root/fixtures/src/hello.c"

# A static binary whose ELF header claims RISC-V: no kernel here (and no binfmt entry) will execute it.
cp "$fixtures/linux-amd64/hello-static" riscv-claimed
printf '\xf3\x00' | dd of=riscv-claimed bs=1 seek=18 conv=notrunc status=none

# --- Captures -----------------------------------------------------------------------------------------------------

amd64=linux/amd64
lib=/usr/lib/x86_64-linux-gnu

# glibc loader texts
capture glibc-missing-version $amd64 deploymatrix/debian:11-amd64 \
  "$(stage a "$fixtures/linux-amd64/hello:/app/hello")" -- /app/hello
capture glibc-missing-versions-relr $amd64 deploymatrix/debian:11-amd64 \
  "$(stage b "$work/glibc-hello-relr:/app/hello-relr")" -- /app/hello-relr
capture glibc-missing-versions-cxx $amd64 deploymatrix/debian:11-amd64 \
  "$(stage c "$fixtures/linux-amd64/cxx-modern:/app/cxx-modern")" -- /app/cxx-modern
capture glibc-missing-library $amd64 deploymatrix/debian:12-amd64 \
  "$(stage d "$fixtures/linux-amd64/needs-libssl:/app/needs-libssl")" -- /app/needs-libssl
capture glibc-missing-versions-openssl $amd64 deploymatrix/debian:12-amd64 \
  "$(stage d2 "$fixtures/linux-amd64/needs-libssl:/app/needs-libssl" "$work/stub-libssl.so.3:$lib/libssl.so.3" \
    "$work/stub-libcrypto.so.3:$lib/libcrypto.so.3")" -- /app/needs-libssl
capture glibc-undefined-symbol $amd64 deploymatrix/debian:12-amd64 \
  "$(stage e "$work/glibc-uses-foo:/app/uses-foo" "$work/glibc-libfoo-without-dm_foo.so.1:$lib/libfoo.so.1")" -- /app/uses-foo
capture glibc-undefined-symbol-version $amd64 deploymatrix/debian:12-amd64 \
  "$(stage f "$work/glibc-uses-foo-v1:/app/uses-foo" "$work/glibc-libfoo-v1-without-dm_foo.so.1:$lib/libfoo.so.1")" -- /app/uses-foo
capture glibc-missing-version-custom $amd64 deploymatrix/debian:12-amd64 \
  "$(stage g "$work/glibc-uses-foo-v1:/app/uses-foo" "$work/glibc-libfoo-v0.so.1:$lib/libfoo.so.1")" -- /app/uses-foo
capture glibc-wrong-elf-class $amd64 deploymatrix/debian:12-amd64 \
  "$(stage h "$work/glibc-uses-foo:/app/uses-foo" "$work/i386-libfoo.so.1:$lib/libfoo.so.1")" -- /app/uses-foo

# musl loader texts (this musl reads its search path from /etc/ld-musl-x86_64.path: /lib/x86_64-linux-musl first)
capture musl-missing-libraries $amd64 deploymatrix/musl:1.2.3-amd64 \
  "$(stage i "$work/musl-uses-foo-bar:/app/uses-foo-bar")" -- /app/uses-foo-bar
capture musl-relocation-error $amd64 deploymatrix/musl:1.2.3-amd64 \
  "$(stage j "$work/musl-uses-foo:/app/uses-foo" "$work/musl-libfoo-without-dm_foo.so.1:/lib/x86_64-linux-musl/libfoo.so.1")" -- /app/uses-foo
capture musl-library-wrong-architecture $amd64 deploymatrix/musl:1.2.3-amd64 \
  "$(stage k "$work/musl-uses-foo:/app/uses-foo" "$work/i386-libfoo.so.1:/lib/x86_64-linux-musl/libfoo.so.1")" -- /app/uses-foo

# ELF interpreter missing, as each runtime, emulator, launcher and shell reports it
capture runc-interpreter-missing-musl $amd64 deploymatrix/musl:1.2.3-amd64 \
  "$(stage l "$fixtures/linux-amd64/hello:/app/hello")" -- /app/hello
capture runc-interpreter-missing-scratch $amd64 deploymatrix/scratch:amd64 \
  "$(stage m "$fixtures/linux-amd64/hello:/app/hello")" -- /app/hello
capture_bwrap bubblewrap-interpreter-missing deploymatrix/musl:1.2.3-amd64 \
  "$(stage l2 "$fixtures/linux-amd64/hello:/app/hello")" -- /app/hello
capture qemu-interpreter-missing linux/arm64 deploymatrix/scratch:arm64 \
  "$(stage n "$fixtures/linux-arm64/hello:/app/hello")" -- /app/hello
capture linux32-interpreter-missing linux/386 deploymatrix/scratch:i386 \
  "$(stage o "$fixtures/linux-386/hello:/app/hello")" -- /.deploymatrix/linux32 /app/hello
capture ash-interpreter-missing $amd64 deploymatrix/musl:1.2.3-amd64 \
  "$(stage p "$fixtures/linux-amd64/hello:/app/hello")" -- /bin/sh -c /app/hello
capture dash-interpreter-missing $amd64 deploymatrix/debian:12-amd64 \
  "$(stage q "$fixtures/linux-amd64/hello-musl:/app/hello-musl")" -- /bin/sh -c /app/hello-musl
capture bash52-interpreter-missing $amd64 deploymatrix/debian:12-amd64 \
  "$(stage r "$fixtures/linux-amd64/hello-musl:/app/hello-musl")" -- /bin/bash -c /app/hello-musl
capture bash51-interpreter-missing $amd64 deploymatrix/debian:11-amd64 \
  "$(stage s "$fixtures/linux-amd64/hello-musl:/app/hello-musl")" -- /bin/bash -c /app/hello-musl

# Wrong architecture
capture runc-exec-format-error $amd64 deploymatrix/scratch:amd64 \
  "$(stage t "$work/riscv-claimed:/app/riscv")" -- /app/riscv
capture bash-exec-format-error $amd64 deploymatrix/debian:12-amd64 \
  "$(stage u "$work/riscv-claimed:/app/riscv")" -- /bin/bash -c /app/riscv
capture linux32-exec-format-error linux/386 deploymatrix/scratch:i386 \
  "$(stage v "$work/riscv-claimed:/app/riscv")" -- /.deploymatrix/linux32 /app/riscv
# The launcher uses execvp, whose fallback for ENOEXEC runs the file with /bin/sh: here dash parses the ELF bytes.
capture linux32-exec-format-error-debian linux/386 deploymatrix/debian:11-i386 \
  "$(stage v2 "$work/riscv-claimed:/app/riscv")" -- /.deploymatrix/linux32 /app/riscv

# Programs that ran (and died, or printed a loader's words themselves)
capture segfault $amd64 deploymatrix/debian:12-amd64 \
  "$(stage w "$fixtures/linux-amd64/segfaults:/app/segfaults")" -- /app/segfaults
capture out-of-memory $amd64 deploymatrix/debian:12-amd64 \
  "$(stage x "$work/glibc-eats-memory:/app/eats-memory")" --memory 32m --memory-swap 32m -- /app/eats-memory
capture fails-with-stderr $amd64 deploymatrix/debian:12-amd64 \
  "$(stage y "$fixtures/linux-amd64/fails-with-stderr:/app/fails-with-stderr")" -- /app/fails-with-stderr
capture liar $amd64 deploymatrix/debian:12-amd64 \
  "$(stage z "$work/glibc-liar:/app/liar")" -- /app/liar

# The engine refuses to start: the binary was never copied in
capture_start_error runc-program-absent $amd64 deploymatrix/scratch:amd64 -- /app/hello

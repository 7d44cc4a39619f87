#!/usr/bin/env bash
# DeployMatrix's one entry point on a machine: `./dm setup`, `./dm test`, `./dm run`. See README.md.
#
# setup  installs what the harness needs from Debian's packages (engine, emulation, toolchains), starts the engine,
#        registers qemu-user where this kernel refuses a platform, builds the fixtures and the local target images.
#        Idempotent: a second run only checks.
# test   setup, but without publishing the command (the tests run the plain build), then `dotnet test` over the
#        solution; extra arguments go to dotnet test.
# run    setup, then the deploymatrix command; extra arguments go to it (default: run matrix.yaml).
# bench  setup, then times the matrix through the harness against a serial loop of `docker run` (extra arguments
#        are matrix overrides, as for the tests).
# accept moves received snapshots (__snapshots__/__mismatch__/) over the verified ones, after you reviewed them.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

# Debian packages the harness and the fixtures need: command or file that proves it is there, then the package.
readonly packages=(
  "dockerd docker.io"
  # The bubblewrap runtime: bwrap, and libseccomp (runc's dependency too) to compile the engine's seccomp profile.
  "bwrap bubblewrap"
  "mmdebstrap mmdebstrap"
  "/usr/bin/qemu-i386-static qemu-user-static"
  "make make"
  "gcc gcc"
  "g++ g++"
  "musl-gcc musl-tools"
  "i686-linux-gnu-gcc gcc-i686-linux-gnu"
  "aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu"
  "/usr/i686-linux-gnu/lib/libc.a libc6-dev-i386-cross"
  "/usr/aarch64-linux-gnu/lib/libc.a libc6-dev-arm64-cross"
  "/usr/include/openssl/ssl.h libssl-dev"
  "/usr/include/postgresql/libpq-fe.h libpq-dev"
  # The story fixtures (fixtures/stories.mk): Rust with libpq, Go with cgo and libpcap, static C++ with Boost.
  "/usr/bin/cargo cargo"
  "/usr/bin/rustc rustc"
  "/usr/share/cargo/registry/pq-sys-0.4.6/Cargo.toml librust-pq-sys-dev"
  "patchelf patchelf"
  "/usr/bin/go golang-go"
  "/usr/share/gocode/src/github.com/google/gopacket/pcap/pcap.go golang-github-google-gopacket-dev"
  "/usr/lib/x86_64-linux-gnu/libpcap.a libpcap0.8-dev"
  "/usr/lib/x86_64-linux-gnu/libdbus-1.a libdbus-1-dev"
  "/usr/lib/x86_64-linux-gnu/libboost_program_options.a libboost-program-options-dev"
  # The glibc 2.17 toolchains (fixtures) and sysroots (images) are npm packages.
  "npm npm"
  "/usr/bin/chromium chromium"
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core"
  # The registry specs: a CNCF distribution registry on loopback, images pushed to it, and its htpasswd file.
  "docker-registry docker-registry"
  "skopeo skopeo"
  "htpasswd apache2-utils"
)
# Foreign architectures apt must know, so the musl image can take Debian's musl and busybox-static for them.
readonly foreign_architectures=(i386 arm64)
readonly dockerd_log=/var/log/deploymatrix-dockerd.log

say() { printf 'dm: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@";
  elif command -v sudo >/dev/null; then sudo "$@";
  else fail "'$*' needs root, and sudo is not installed: run ./dm as root"; fi
}

present() { case "$1" in /*) [ -e "$1" ] ;; *) command -v "$1" >/dev/null ;; esac; }

install_packages() {
  local missing=() entry
  for entry in "${packages[@]}"; do
    set -- $entry
    present "$1" || missing+=("$2")
  done
  # Read into a variable first: `dpkg ... | grep -q` under pipefail fails at random when grep stops reading early.
  local arch update=0 known
  known=$(dpkg --print-foreign-architectures)
  for arch in "${foreign_architectures[@]}"; do
    if ! grep -qx "$arch" <<<"$known"; then
      as_root dpkg --add-architecture "$arch"
      update=1
    fi
  done
  [ ${#missing[@]} -eq 0 ] && [ $update -eq 0 ] && return
  say "installing Debian packages: ${missing[*]:-(none; refreshing package lists for ${foreign_architectures[*]})}"
  # A mirror in the middle of a sync fails one index or another; the packages may install all the same, so only a
  # failed install is fatal.
  as_root apt-get update -qq || say "warning: apt-get update reported errors (above); going on with the package lists apt has"
  [ ${#missing[@]} -eq 0 ] && return
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]} failed: Debian's package mirror must be reachable (see /etc/apt/sources.list*); install them by hand and run ./dm setup again"
}

engine_answers() { docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

start_engine() {
  engine_answers && return
  present dockerd || fail "no Docker engine answers and dockerd is not installed: apt-get install docker.io"
  # A dockerd still starting or stopping: give it time to answer or to go.
  local waited=0
  while pidof dockerd >/dev/null && ! engine_answers && [ $waited -lt 30 ]; do sleep 1; waited=$((waited + 1)); done
  engine_answers && return
  pidof dockerd >/dev/null && fail "a dockerd runs but does not answer at /var/run/docker.sock: stop it (pkill dockerd) and run ./dm setup again"
  # The pid file of a dockerd that was killed keeps a new one from starting.
  local pidfile=/var/run/docker.pid
  if [ -f "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then as_root rm -f "$pidfile"; fi
  say "starting dockerd without a bridge network (log: $dockerd_log)"
  # No bridge, no iptables: containers get no network at all, which is what running untrusted binaries wants.
  as_root bash -c "setsid nohup dockerd --bridge=none --iptables=false --ip-masq=false >>'$dockerd_log' 2>&1 < /dev/null &"
  waited=0
  until engine_answers; do
    sleep 1
    waited=$((waited + 1))
    [ $waited -lt 60 ] || fail "dockerd did not answer within 60 s; its last words ($dockerd_log): $(tail -n 5 "$dockerd_log" 2>/dev/null)"
  done
}

# The tool as ./dm runs it: published for this machine as the tool's package for it is (self-contained, precompiled
# with the framework as one image), so a command starts from precompiled code instead of compiling its methods as it
# goes. `dotnet run --no-build` would also evaluate the project first, 0.7 s on every call.
case "$(uname -m)" in
  x86_64) readonly rid=linux-x64 ;;
  aarch64) readonly rid=linux-arm64 ;;
  *) readonly rid="" ;;
esac
readonly build_dir=harness/DeployMatrix.Cli/bin/Release/net10.0
readonly published_dir=$build_dir/$rid/publish
readonly published_tool=$published_dir/DeployMatrix.Cli
readonly published_stamp=$published_dir/.build-digest
# Whether the published copy is of the current build (publish_tool says); else the plain build runs, never a stale copy.
published_current=false
deploymatrix() {
  if [ "$published_current" = true ]; then "$published_tool" "$@"
  else dotnet "$build_dir/DeployMatrix.Cli.dll" "$@"; fi
}

# The build's own files (assemblies, deps.json, runtimeconfig.json), by content: the build rewrites some of them
# unchanged after each publish, whose restore for the platform it undoes. Not its directories: satellite resources
# come with the packages deps.json names; assets/ holds copies of fixtures that appear later in a fresh clone's setup,
# which a command run from this checkout takes from fixtures/ itself (HarnessAssets); the platforms' directories are
# publishes and packs.
build_digest() {
  find "$build_dir" -maxdepth 1 -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum
}

# Publishes the tool again when the build changed any file of it (unless $1 is "plain": the tests run the plain build,
# and a publish takes about 2 minutes, since the framework is compiled again with the tool). A failed publish (no
# runtime pack or ReadyToRun compiler for this machine in the package feed) leaves the plain build in use, and says so.
publish_tool() {
  [ -n "$rid" ] || { say "no ReadyToRun publish for $(uname -m): ./dm runs the plain build"; return; }
  local digest
  digest=$(build_digest)
  if [ -x "$published_tool" ] && [ "$(cat "$published_stamp" 2>/dev/null)" = "$digest" ]; then
    published_current=true
    return
  fi
  [ "${1:-}" != plain ] || return 0
  say "publishing the tool for $rid (precompiled with the framework, about 2 minutes)"
  # The precompiler's intermediate files of another publish mode (a copy precompiled alone) would be taken as current.
  rm -rf "$published_dir" "harness/DeployMatrix.Cli/obj/Release/net10.0/$rid/R2R"
  if dotnet publish harness/DeployMatrix.Cli -c Release -r "$rid" -nologo -v quiet -clp:ErrorsOnly; then
    echo "$digest" >"$published_stamp"
    published_current=true
  else
    rm -rf "$published_dir"
    say "warning: the ReadyToRun publish for $rid failed (above): ./dm runs the plain build, which starts slower"
  fi
}

# Root file system targets (rootfs:) of the specs and the examples: local images exported to directories, each again
# only when its image changed. The names are the default matrix's targets (fixtures/roots/NAME-ARCH).
readonly roots=(
  "debian-11 deploymatrix/debian:11 amd64 i386 arm64"
  "glibc-2.17 deploymatrix/glibc:2.17 amd64 arm64"
  "musl deploymatrix/musl:1.2.3 amd64 i386 arm64"
  "scratch deploymatrix/scratch: amd64"
  "distroless-base deploymatrix/distroless:base-debian12 amd64"
)

export_roots() {
  local entry name image arch tag directory id container
  for entry in "${roots[@]}"; do
    read -r name image arch <<<"$entry"
    for arch in $arch; do
      # deploymatrix/scratch:amd64, deploymatrix/debian:11-amd64
      case "$image" in *:) tag="$image$arch" ;; *) tag="$image-$arch" ;; esac
      directory=fixtures/roots/$name-$arch
      id=$(docker image inspect -f '{{.Id}}' "$tag")
      [ "$(cat "$directory.image" 2>/dev/null)" = "$id" ] && continue
      rm -rf "$directory" "$directory.image"
      mkdir -p "$directory"
      container=$(docker create --network none --platform "linux/${arch/i386/386}" "$tag" /none)
      docker export "$container" | tar -x -C "$directory"
      docker rm "$container" >/dev/null
      echo "$id" >"$directory.image"
    done
  done
}

# $1: "plain" to leave the tool unpublished (see publish_tool).
setup() {
  install_packages
  start_engine
  dotnet build DeployMatrix.sln -c Release -nologo -v quiet -clp:ErrorsOnly
  publish_tool "${1:-}"
  # Probes each platform; where this kernel refuses one (i386 on some amd64 kernels, amd64 and i386 on arm64), it
  # registers Debian's qemu-user-static for it with binfmt_misc, flags P and F. Before the images: mmdebstrap needs it.
  deploymatrix host --register
  # What the images need of the fixtures first; the others build beside the images (each is CPU-bound, and the two
  # together fill both cores where either alone leaves gaps).
  make -s -C fixtures launcher
  make -s -j"$(nproc)" -C fixtures &
  local fixtures=$!
  deploymatrix images build || { wait "$fixtures"; return 1; }
  wait "$fixtures"
  export_roots
}

# Removes the containers (and the volumes holding their files) this run of ./dm left, however it ended (Ctrl-C, a
# killed test host). A session's process can outlive `dotnet test` for a moment after Ctrl-C, so wait (briefly) for
# their owners to end first.
remove_run_containers() {
  engine_answers || return 0
  local filter="label=io.deploymatrix.run=$DEPLOY_MATRIX_RUN_ID" waited=0 pid
  while [ $waited -lt 30 ]; do
    local alive=0
    for pid in $( { docker ps -a --filter "$filter" --format '{{.Label "io.deploymatrix.pid"}}'
                    docker volume ls --filter "$filter" --format '{{.Label "io.deploymatrix.pid"}}'; } | sort -u); do
      kill -0 "$pid" 2>/dev/null && alive=1
    done
    [ $alive -eq 0 ] && break
    sleep 1
    waited=$((waited + 1))
  done
  docker ps -aq --filter "$filter" | xargs -r docker rm -f >/dev/null 2>&1 || true
  docker volume ls -q --filter "$filter" | xargs -r docker volume rm -f >/dev/null 2>&1 || true
}

# Labels this run's containers (the harness copies the id into io.deploymatrix.run) and removes them on every exit,
# with the run's temporary directory: a test host killed by SIGTERM or SIGHUP disposes nothing of its own.
remove_run_containers_on_exit() {
  # A caller (tests/interruptions.sh) may name the run itself.
  export DEPLOY_MATRIX_RUN_ID="${DEPLOY_MATRIX_RUN_ID:-dm-$$-$(date +%s%N)}"
  run_tmp=$(mktemp -d "${TMPDIR:-/tmp}/deploymatrix-run.XXXXXX")
  export TMPDIR=$run_tmp
  trap 'remove_run_containers; rm -rf "$run_tmp"' EXIT
  trap "exit 130" INT TERM HUP
}

case "${1:-}" in
  setup) setup ;;
  test)
    shift
    setup plain
    remove_run_containers_on_exit
    dotnet test --solution DeployMatrix.sln -c Release --no-build "$@"
    ;;
  run)
    shift
    setup
    remove_run_containers_on_exit
    if [ $# -eq 0 ]; then set -- run matrix.yaml; fi
    deploymatrix "$@"
    ;;
  bench)
    shift
    setup
    remove_run_containers_on_exit
    dotnet run --no-build -c Release --project tests/DeployMatrix.Benchmarks -- "$@"
    ;;
  accept)
    find . -path '*/__snapshots__/__mismatch__/*' -type f -name '*.snap' -print0 |
      while IFS= read -r -d '' received; do
        verified=${received/\/__mismatch__\//\/}
        mkdir -p "$(dirname "$verified")"
        mv "$received" "$verified"
        say "accepted ${verified#./}"
      done
    find . -depth -type d -path '*/__snapshots__/__mismatch__*' -empty -delete
    ;;
  *) fail "usage: ./dm setup | ./dm test [dotnet test arguments] | ./dm run [deploymatrix arguments] | ./dm bench [overrides] | ./dm accept" ;;
esac

#!/usr/bin/env bash
# Podman as DeployMatrix's engine (issue 24), from a fresh Debian 12 machine, as root.
#
#   tests/podman.sh setup   installs Debian's podman and uidmap; starts root's podman service at
#                           /run/podman/podman.sock; makes a non-root user (PODMAN_SH_USER, default dmpodman)
#                           with subordinate ids, a runtime directory and overlay storage, and starts its own service;
#                           puts the deploymatrix/* images into both podman stores (copied from Docker where it has them,
#                           else built through root's podman), since none can be pulled here. Idempotent.
#   tests/podman.sh test    setup, then the podman part of the suite as that user, under its rootless podman, from a
#                           copy of the checkout that user owns: PodmanSpecs (the default matrix on amd64 among them)
#                           and EngineSpecs. Extra arguments go to the test host; its TRX goes to
#                           PODMAN_SH_RESULTS (made, and given to that user), else a temporary directory.
#   tests/podman.sh env     prints the variables that point a shell at the user's podman (eval it as that user).
#
# The solution must be built (./dm setup does it). Nothing here touches Docker but `docker save`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

readonly user=${PODMAN_SH_USER:-dmpodman}
readonly root_socket=/run/podman/podman.sock
readonly cli=harness/DeployMatrix.Cli/bin/Release/net10.0/DeployMatrix.Cli.dll
readonly tests=tests/DeployMatrix.Tests/bin/Release/net10.0/DeployMatrix.Tests.dll

say() { printf 'podman.sh: %s\n' "$*" >&2; }
fail() { say "error: $*"; exit 2; }

[ "$(id -u)" -eq 0 ] || fail "run it as root: it installs packages, makes a user and starts root's podman service"

user_id() { id -u "$user"; }
runtime_dir() { printf '/run/user/%s' "$(user_id)"; }
user_socket() { printf '%s/podman/podman.sock' "$(runtime_dir)"; }
as_user() { runuser -u "$user" -- env HOME="$(eval echo "~$user")" XDG_RUNTIME_DIR="$(runtime_dir)" "$@"; }

# podman's client asks the service whether it answers; no curl needed.
answers() { podman --url "unix://$1" version >/dev/null 2>&1; }
user_answers() { as_user podman --url "unix://$(user_socket)" version >/dev/null 2>&1; }

install_packages() {
  local missing=()
  command -v podman >/dev/null || missing+=(podman)
  command -v newuidmap >/dev/null || missing+=(uidmap)
  # Containers have no network (slirp4netns unused) and the kernel mounts overlay for the user (no fuse-overlayfs).
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# $1: socket, $2: working directory. conmon 2.1.6 writes a file named `oom` into its service's working directory
# when a container runs out of memory: keep that out of the checkout.
start_root_service() {
  answers "$root_socket" && return
  mkdir -p "$(dirname "$root_socket")"
  say "starting root's podman service at $root_socket"
  (cd "$(dirname "$root_socket")" && setsid podman system service --time=0 "unix://$root_socket" >>/var/log/deploymatrix-podman.log 2>&1 &)
  wait_for answers "$root_socket"
}

wait_for() {
  local i
  for i in $(seq 50); do "$@" && return; sleep 0.2; done
  fail "podman's service did not answer ($*); see its log"
}

make_user() {
  if ! id "$user" >/dev/null 2>&1; then
    say "making user $user"
    useradd --create-home --shell /bin/bash "$user"
  fi
  # Debian's useradd gives subordinate ids to a new user; one made otherwise gets a free range here.
  local file
  for file in /etc/subuid /etc/subgid; do
    touch "$file"
    if ! grep -q "^$user:" "$file"; then
      local start
      start=$(awk -F: 'BEGIN { m = 100000 } { if ($2 + $3 > m) m = $2 + $3 } END { print m }' "$file")
      echo "$user:$start:65536" >>"$file"
    fi
  done
  local dir
  dir=$(runtime_dir)
  mkdir -p "$dir"
  chown "$user:$user" "$dir"
  chmod 700 "$dir"
  as_user mkdir -p "$(dirname "$(user_socket)")" "$(eval echo "~$user")/.config/containers"
  # Native overlay for a user (kernel 5.13 and later); podman would otherwise pick vfs, a full copy per container.
  local storage
  storage="$(eval echo "~$user")/.config/containers/storage.conf"
  [ -e "$storage" ] || as_user sh -c "printf '[storage]\ndriver = \"overlay\"\n' > '$storage'"
}

start_user_service() {
  user_answers && return
  say "starting $user's podman service at $(user_socket)"
  (cd "$(eval echo "~$user")" && as_user setsid podman system service --time=0 "unix://$(user_socket)" \
    >>"/tmp/deploymatrix-podman-$user.log" 2>&1 &)
  wait_for user_answers
}

# The deploymatrix/* images into root's podman: copied from Docker where it has them with the same id, then built
# (through podman's API) where still missing or stale, as `deploymatrix images build` does for Docker.
root_images() {
  [ -e "$cli" ] || fail "$cli is missing: build the solution first (./dm setup, or dotnet build DeployMatrix.sln -c Release)"
  if command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    local image id
    for image in $(docker images --format '{{.Repository}}:{{.Tag}}' 'deploymatrix/*'); do
      id=$(docker image inspect --format '{{.Id}}' "$image")
      [ "sha256:$(podman image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "$id" ] && continue
      # An image of no layers (scratch) cannot be saved ("empty export"): the build below makes it.
      docker save "$image" 2>/dev/null | podman load -q >/dev/null 2>&1 || true
    done
  fi
  DOCKER_HOST="unix://$root_socket" dotnet "$cli" images build
}

# The same images into the user's store, from root's podman.
user_images() {
  local image
  # podman names local images localhost/NAME.
  for image in $(podman images --format '{{.Repository}}:{{.Tag}}' | grep '^localhost/deploymatrix/'); do
    [ "$(as_user podman image inspect --format '{{.Id}}' "$image" 2>/dev/null)" = "$(podman image inspect --format '{{.Id}}' "$image")" ] && continue
    say "copying $image into $user's store"
    podman save --format docker-archive "$image" | as_user podman load -q >/dev/null
  done
}

setup() {
  local started=$SECONDS
  install_packages
  start_root_service
  make_user
  start_user_service
  root_images
  user_images
  say "ready in $((SECONDS - started)) s: root's podman at unix://$root_socket, $user's at unix://$(user_socket)"
}

run_tests() {
  [ -e "$tests" ] || fail "$tests is missing: build the solution first"
  # A copy the user owns: a run leaves received snapshots beside the reviewed ones, and the checkout is root's.
  local home copy results
  home=$(eval echo "~$user")
  copy="$home/deploymatrix"
  rm -rf "$copy"
  as_user mkdir -p "$copy"
  # Not the exported roots (half a gigabyte) nor the toolchains: no podman spec reads them.
  tar -C "$here" --exclude=./.git --exclude=./fixtures/roots --exclude=./fixtures/toolchains -cf - . | as_user tar -C "$copy" -xf -
  results=${PODMAN_SH_RESULTS:-$(mktemp -d)}
  mkdir -p "$results"
  chown "$user:$user" "$results"
  # No DOCKER_HOST: the harness finds the user's podman socket by itself (Docker's is not the user's to write to).
  (cd "$copy" && as_user env -u DOCKER_HOST \
    dotnet "$tests" --filter-class '*.PodmanSpecs' --filter-class '*.EngineSpecs' \
    --results-directory "$results" --report-xunit-trx "$@")
}

case "${1:-test}" in
  setup) setup ;;
  test) shift || true; setup; run_tests "$@" ;;
  env) printf 'export XDG_RUNTIME_DIR=%s DOCKER_HOST=unix://%s\n' "$(runtime_dir)" "$(user_socket)" ;;
  *) fail "usage: tests/podman.sh [setup|test|env] (see the head of this file)" ;;
esac

#!/usr/bin/env bash
# Measures how DeployMatrix ends when it is interrupted, as a user or a CI system interrupts it: Ctrl-C typed into a
# real terminal (tmux), SIGTERM and SIGHUP sent to the command's process group. For each command (`deploymatrix
# run`, `deploymatrix images build`, `./dm test`) and each signal it interrupts TRIES runs while work is under way
# and counts the clean endings: exit 130, no stack trace, no container, volume, build directory or temporary
# directory of the run left. Then it kills a run and a build with SIGKILL and checks that the next one removes what
# was left and says how many. Prints one line per case and exits 1 unless every try was clean.
#
# usage: tests/interruptions.sh [TRIES] [CASE ...]     CASE: run build test kill   (default: 10, all of them)
# Needs what ./dm setup installs and builds (run it first), and tmux (installed when missing).
set -uo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"

tries=${1:-10}
shift || true
cases=("$@")
[ ${#cases[@]} -gt 0 ] || cases=(run build test kill)

command -v tmux >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends tmux >/dev/null
cli=(dotnet "$repo/harness/DeployMatrix.Cli/bin/Release/net10.0/DeployMatrix.Cli.dll")
[ -f "${cli[1]}" ] || { echo "interruptions: build first (./dm setup)" >&2; exit 2; }

work=$(mktemp -d /tmp/dm-interruptions.XXXXXX)
trap 'tmux kill-server 2>/dev/null; rm -rf "$work"' EXIT

# A catalog of one small image under a name of its own, so that interrupted builds never touch the real images.
cat >"$work/catalog.yaml" <<'EOF'
images:
  - name: deploymatrix-interruptions/musl
    version: "1.2.3"
    recipe: musl
    packages: [musl, busybox-static]
    libc: { kind: musl, version: "1.2.3" }
    platforms: [linux/amd64]
EOF
cp "$repo/fixtures/bin/linux-386/linux32" "$work/" 2>/dev/null

label() { printf 'label=io.deploymatrix.run=%s' "$1"; }
containers_of() { docker ps -aq --filter "$(label "$1")" | wc -l; }
volumes_of() { docker volume ls -q --filter "$(label "$1")" | wc -l; }
# runc's and bubblewrap's containers carry no labels: runc keeps the harness's in its own state directory (running or
# stopped); bubblewrap keeps no state, so its containers are counted by their cgroups, by id. Their bundles are
# mounted below /run/deploymatrix/sessions (nothing else runs them while this script does).
runc_containers() {
  { find /run/deploymatrix/runc -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null
    find /sys/fs/cgroup -mindepth 2 -maxdepth 3 -type d -path '*/deploymatrix/*' -printf '%f\n' 2>/dev/null; } | sort -u | wc -l
}
runc_mounts() { grep -c ' /run/deploymatrix/sessions' /proc/mounts; }
# A runc container's cgroups, one per controller (cgroup v1) or one (v2), all named /deploymatrix/ID below each hierarchy.
runc_cgroups() { find /sys/fs/cgroup -mindepth 2 -maxdepth 3 -type d -path '*/deploymatrix/*' 2>/dev/null | wc -l; }
containers_and_runc_of() { echo $(( $(containers_of "$1") + $(runc_containers) )); }
temporary_dirs() { find /tmp -maxdepth 1 -name 'deploymatrix-*' | wc -l; }

# The command line of each case, for run id $1 (it goes into the command line too, to find the process).
command_for() {
  case "$1" in
    run) printf '%q ' "${cli[@]}" run matrix.yaml --reports "$work/reports-$2" ;;
    build) printf '%q ' "${cli[@]}" images build --catalog "$work/catalog.yaml" --work-dir "$work/builds-$2" ;;
    test) printf '%q ' ./dm test --results-directory "$work/results-$2" ;;
  esac
}

# Waits until the case's work is under way: containers of the run exist, or a build directory does.
wait_for_work() {
  local what=$1 id=$2 waited=0
  while [ $waited -lt 1200 ]; do
    case "$what" in
      build) [ -n "$(ls -A "$work/builds-$id/image-builds" 2>/dev/null)" ] && return 0 ;;
      *) [ "$(containers_and_runc_of "$id")" -gt 0 ] && return 0 ;;
    esac
    [ -e "$work/rc-$id" ] && return 1
    sleep 0.1
    waited=$((waited + 1))
  done
  return 1
}

# Runs the case in a tmux terminal and interrupts it with the signal; prints "ok" or what was wrong.
one_try() {
  local what=$1 signal=$2 id=$3 log="$work/log-$3" rc="$work/rc-$3"
  if [ "$what" = build ]; then docker rmi -f deploymatrix-interruptions/musl:1.2.3-amd64 >/dev/null 2>&1; fi
  local before_tmp
  before_tmp=$(temporary_dirs)
  # `script` gives the command a terminal of its own inside tmux's, as an interactive shell would; the trap keeps
  # the wrapper alive to record the exit code (a handler, not SIG_IGN, so the command gets the default action).
  tmux new-session -d -s "$id" -x 200 -y 50 \
    "bash -c 'trap : INT TERM HUP; DEPLOY_MATRIX_RUN_ID=$id script -qefc \"$(command_for "$what" "$id")\" $log >/dev/null; echo \$? > $rc'"
  if ! wait_for_work "$what" "$id"; then
    echo "no work to interrupt (it ended first, or never began): $(tail -n 3 "$log" 2>/dev/null | tr '\n' ' ')"
    tmux kill-session -t "$id" 2>/dev/null
    return
  fi
  sleep 0.5
  # The process group of the command itself: not of the wrappers, nor of this script (whose awk names the id too).
  local group own
  own=$(ps -o pgid= -p $$ | tr -d ' ')
  group=$(ps -eo pgid=,args= | awk -v id="$id" -v own="$own" \
    'index($0, id) && $1 != own && $2 !~ /^(sh|bash|script|tmux|awk|ps)$/ { print $1; exit }')
  case "$signal" in
    INT) tmux send-keys -t "$id" C-c ;;
    *) [ -n "$group" ] && kill -s "$signal" -- "-$group" ;;
  esac
  local waited=0
  while [ ! -e "$rc" ] && [ $waited -lt 600 ]; do sleep 0.1; waited=$((waited + 1)); done
  tmux kill-session -t "$id" 2>/dev/null
  local problems=()
  [ -e "$rc" ] || problems+=("still running 60 s after SIG$signal")
  [ -e "$rc" ] && [ "$(cat "$rc")" != 130 ] && problems+=("exit $(cat "$rc")")
  grep -qE '^\s+at [A-Za-z]|Unhandled exception' "$log" 2>/dev/null && problems+=("stack trace: $(grep -m1 -E 'Exception' "$log")")
  sleep 1
  [ "$(containers_of "$id")" -eq 0 ] || problems+=("$(containers_of "$id") containers left")
  [ "$(volumes_of "$id")" -eq 0 ] || problems+=("$(volumes_of "$id") volumes left")
  [ "$(runc_containers)" -eq 0 ] || problems+=("$(runc_containers) runc or bubblewrap containers left")
  [ "$(runc_mounts)" -eq 0 ] || problems+=("$(runc_mounts) mounts of runc bundles left")
  [ "$(runc_cgroups)" -eq 0 ] || problems+=("$(runc_cgroups) cgroups of runc containers left")
  if [ "$what" = build ] && [ -n "$(ls -A "$work/builds-$id/image-builds" 2>/dev/null)" ]; then
    problems+=("build directories left: $(ls "$work/builds-$id/image-builds" | tr '\n' ' ')")
  fi
  [ "$(temporary_dirs)" -le "$before_tmp" ] || problems+=("$(( $(temporary_dirs) - before_tmp )) /tmp/deploymatrix-* left")
  docker ps -aq --filter "$(label "$id")" | xargs -r docker rm -f >/dev/null 2>&1
  docker volume ls -q --filter "$(label "$id")" | xargs -r docker volume rm -f >/dev/null 2>&1
  if [ ${#problems[@]} -eq 0 ]; then echo ok; else (IFS=';'; echo "${problems[*]}"); fi
}

# SIGKILL mid-way leaves work behind; the next run must remove it and say how many.
kill_then_rerun() {
  local what=$1 id=$2 log="$work/log-$2"
  [ "$what" = build ] && docker rmi -f deploymatrix-interruptions/musl:1.2.3-amd64 >/dev/null 2>&1
  tmux new-session -d -s "$id" "bash -c 'DEPLOY_MATRIX_RUN_ID=$id $(command_for "$what" "$id") > $log 2>&1; echo \$? > $work/rc-$id'"
  wait_for_work "$what" "$id" || { echo "no work to interrupt"; return; }
  sleep 0.5
  pkill -KILL -f "^dotnet .*$id" ; sleep 1
  tmux kill-session -t "$id" 2>/dev/null
  local left
  case "$what" in
    build) left=$(ls "$work/builds-$id/image-builds" 2>/dev/null | wc -l) ;;
    *) left=$(containers_and_runc_of "$id") ;;
  esac
  # The next run in the same place, with another run id, must find and remove it.
  local next="$id-next" said
  case "$what" in
    build) said=$("${cli[@]}" images build --catalog "$work/catalog.yaml" --work-dir "$work/builds-$id" 2>&1 | grep -m1 'left by an earlier') ;;
    *) said=$(DEPLOY_MATRIX_RUN_ID=$next "${cli[@]}" run matrix.yaml --filter:binaries=hello --filter:platforms=linux/amd64 2>&1 | grep -m1 'left by an earlier') ;;
  esac
  local after
  case "$what" in
    build) after=$(ls "$work/builds-$id/image-builds" 2>/dev/null | wc -l) ;;
    *) after=$(( $(containers_and_runc_of "$id") + $(volumes_of "$id") + $(runc_mounts) + $(runc_cgroups) )) ;;
  esac
  if [ "$left" -gt 0 ] && [ "$after" -eq 0 ] && [ -n "$said" ]; then echo "ok: $left left, next run said: $said"; else echo "left $left, after next run $after, said: '${said}'"; fi
}

status=0
for what in "${cases[@]}"; do
  if [ "$what" = kill ]; then
    for target in run build; do
      result=$(kill_then_rerun "$target" "dmi-kill-$target-$$")
      echo "$target after SIGKILL: $result"
      case "$result" in ok*) ;; *) status=1 ;; esac
    done
    continue
  fi
  for signal in INT TERM HUP; do
    clean=0 failures=()
    for n in $(seq "$tries"); do
      result=$(one_try "$what" "$signal" "dmi-$what-$signal-$n-$$")
      if [ "$result" = ok ]; then clean=$((clean + 1)); else failures+=("try $n: $result"); fi
    done
    printf '%-6s SIG%-4s %d of %d clean (exit 130, no stack trace, nothing left)\n' "$what" "$signal" "$clean" "$tries"
    for failure in "${failures[@]}"; do printf '         %s\n' "$failure"; done
    [ "$clean" -eq "$tries" ] || status=1
  done
done
[ -z "$(docker images -q deploymatrix-interruptions/musl 2>/dev/null)" ] || docker rmi -f deploymatrix-interruptions/musl:1.2.3-amd64 >/dev/null 2>&1
exit $status

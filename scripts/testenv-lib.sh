# shellcheck shell=bash
# testenv-lib.sh holds the small helpers that scripts/testenv and
# scripts/testenv-images share. It is sourced, never run; callers set $logs.
# shellcheck disable=SC2154

say() { echo "testenv: $*" >&2; }

die() {
  say "$*"
  exit 1
}

# show_log prints the tail of a log file, so a failure explains itself.
show_log() {
  [ -f "$1" ] || return 0
  echo "---- last lines of $1 ----" >&2
  tail -n "${2:-40}" "$1" >&2
  echo "----" >&2
}

# run_logged NAME CMD... runs CMD with its output in $logs/NAME.log and, when
# it fails, prints the tail of that log and stops.
run_logged() {
  local name=$1
  shift
  mkdir -p "$logs"
  echo "+ $*" >>"$logs/$name.log"
  if ! "$@" >>"$logs/$name.log" 2>&1; then
    say "failed: $*"
    show_log "$logs/$name.log"
    exit 1
  fi
}

# alive PIDFILE tells whether the process named in PIDFILE still runs.
alive() {
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

# wait_for NAME LOG SECONDS CMD... retries CMD until it succeeds; after
# SECONDS it prints the tail of LOG and stops.
wait_for() {
  local name=$1 log=$2 deadline=$((SECONDS + $3))
  shift 3
  until "$@" >/dev/null 2>&1; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      say "$name did not come up in time"
      show_log "$log"
      exit 1
    fi
    sleep 0.5
  done
}

# free_port prints a loopback TCP port that nothing listens on.
free_port() {
  local port _
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  die "finding a free loopback port: 100 tries were all taken"
}

# stop_pid NAME PIDFILE stops the process in PIDFILE: TERM, then KILL after
# 30 seconds.
stop_pid() {
  local name=$1 file=$2 pid _
  if ! alive "$file"; then
    rm -f "$file"
    return 0
  fi

  pid=$(cat "$file")
  say "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "$name did not stop in 30s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

# unmount_under DIR unmounts whatever the engine left mounted below DIR,
# deepest first, so that removing DIR stays inside DIR.
unmount_under() {
  local dir=$1 m
  awk -v d="$dir/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r |
    while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m"
    done
}

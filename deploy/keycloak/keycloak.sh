#!/usr/bin/env bash
# Fetches, starts and stops the real Keycloak server (keycloak-quarkus-dist from Maven Central, no Docker)
# with the partnernet realm imported. Used by ./partnernet and by the end-to-end tests.
#
#   keycloak.sh fetch    download (through the Maven wrapper) and unpack the distribution once, under ./.tools/
#   keycloak.sh start    start in the background, write a pid file, return (does not wait)
#   keycloak.sh wait     wait until the management port says ready (KEYCLOAK_WAIT_SECONDS, default 180)
#   keycloak.sh stop     TERM, then KILL after a grace period
#   keycloak.sh status   exit 0 when the process runs
#
# Environment (all optional; defaults are the single-machine demo):
#   KEYCLOAK_PORT (8180), KEYCLOAK_MANAGEMENT_PORT (9180)
#   KEYCLOAK_HOME      the instance directory (default ./.tools/keycloak-<version>); a different instance
#                      (the e2e tests use one) is a copy of the unpacked distribution with its own database
#   KEYCLOAK_LOG       log file (./logs/keycloak.log), KEYCLOAK_PID_FILE (./.run/keycloak.pid)
#   KEYCLOAK_REALM_FILE the realm to import (deploy/keycloak/partnernet-realm.json)
#   KEYCLOAK_ADMIN / KEYCLOAK_ADMIN_PASSWORD  bootstrap admin of the master realm (dev defaults admin/admin)
#   KEYCLOAK_JAVA_OPTS JVM options (lean defaults below)
#   KEYCLOAK_PARENT_PID when set, Keycloak is stopped as soon as that process is gone (tests: no orphans)
set -euo pipefail

version=26.7.3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
tools="${PARTNERNET_TOOLS_DIR:-$root/.tools}"
dist="$tools/keycloak-$version"
port="${KEYCLOAK_PORT:-8180}"
mgmt_port="${KEYCLOAK_MANAGEMENT_PORT:-9180}"
home="${KEYCLOAK_HOME:-$dist}"
log="${KEYCLOAK_LOG:-$root/logs/keycloak.log}"
pid_file="${KEYCLOAK_PID_FILE:-$root/.run/keycloak.pid}"
realm_file="${KEYCLOAK_REALM_FILE:-$here/partnernet-realm.json}"
# STACK.md: these cut a warm start to ~12 s and ~330 MB.
java_opts="${KEYCLOAK_JAVA_OPTS:--Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:MaxMetaspaceSize=256m -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+ExitOnOutOfMemoryError -Djava.security.egd=file:/dev/urandom -Dfile.encoding=UTF-8}"

say() { echo "keycloak: $*" >&2; }

fetch() {
  mkdir -p "$tools"
  # One fetch at a time: ./partnernet and a test run may both ask for it.
  exec 9>"$tools/.keycloak-fetch.lock"
  flock 9
  if [ ! -x "$dist/bin/kc.sh" ]; then
    say "fetching keycloak-quarkus-dist $version (about 170 MiB, once)"
    local tmp
    tmp=$(mktemp -d "$tools/.keycloak-fetch.XXXXXX")
    # Run outside the reactor: the goal needs no project, and a half-edited pom must not break the fetch.
    (cd "$tmp" && "$root/mvnw" -q -B org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
        -Dartifact="org.keycloak:keycloak-quarkus-dist:$version:zip" -DoutputDirectory="$tmp" -Dmdep.useBaseVersion=true)
    (cd "$tmp" && unzip -q "keycloak-quarkus-dist-$version.zip")
    rm -rf "$dist"
    mv "$tmp/keycloak-$version" "$dist"
    rm -rf "$tmp"
  fi
  if [ "$home" != "$dist" ] && [ ! -x "$home/bin/kc.sh" ]; then
    mkdir -p "$(dirname "$home")"
    rm -rf "$home.tmp"
    cp -a "$dist" "$home.tmp"
    rm -rf "$home.tmp/data"
    mv "$home.tmp" "$home"
  fi
  flock -u 9
}

running_pid() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid=$(cat "$pid_file" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  # a stale pid file must not make us signal an unrelated process that reuses the pid
  if [ -r "/proc/$pid/cmdline" ] && ! tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE 'kc\.sh|QuarkusEntryPoint'; then
    return 1
  fi
  echo "$pid"
}

start() {
  if pid=$(running_pid); then
    say "already running (pid $pid)"
    return 0
  fi
  [ -x "$home/bin/kc.sh" ] || fetch
  [ -f "$realm_file" ] || { say "realm file $realm_file not found"; exit 1; }
  mkdir -p "$home/data/import" "$(dirname "$log")" "$(dirname "$pid_file")"
  # --import-realm skips a realm that already exists: when the realm file changed since the last import,
  # start from a fresh development database so the demo realm always matches deploy/keycloak/.
  # The realm's ${VAR:default} placeholders (secrets, the gateway's public URL and port) are resolved at import, so their values
  # are part of what was imported.
  local stamp="$home/data/.realm.sha256" sum var
  sum=$( {
    cat "$realm_file"
    for var in $(grep -o '\${[A-Z_][A-Z0-9_]*:' "$realm_file" | tr -d '${:' | sort -u); do
      echo "$var=${!var:-}"
    done
  } | sha256sum | cut -d' ' -f1)
  if [ -d "$home/data/h2" ] && [ "$(cat "$stamp" 2>/dev/null || true)" != "$sum" ]; then
    say "realm file or its variables changed: resetting the development database in $home/data/h2"
    rm -rf "$home/data/h2"
  fi
  cp "$realm_file" "$home/data/import/partnernet-realm.json"
  echo "$sum" >"$stamp"

  echo "=== $(date -u +%FT%TZ) starting keycloak" >>"$log"
  say "starting on http://localhost:$port (management 127.0.0.1:$mgmt_port), log $log"
  # setsid: its own process group, so a Ctrl-C aimed at the caller's terminal does not hit it first,
  # and stop can signal the whole group.
  KC_BOOTSTRAP_ADMIN_USERNAME="${KEYCLOAK_ADMIN:-admin}" \
  KC_BOOTSTRAP_ADMIN_PASSWORD="${KEYCLOAK_ADMIN_PASSWORD:-admin}" \
  JAVA_OPTS="$java_opts" \
    setsid "$home/bin/kc.sh" start-dev \
      --http-port="$port" --http-host=127.0.0.1 \
      --http-management-port="$mgmt_port" --http-management-host=127.0.0.1 \
      --health-enabled=true --hostname="http://localhost:$port" \
      --import-realm >>"$log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$pid_file"
  if [ -n "${KEYCLOAK_PARENT_PID:-}" ]; then
    # Watchdog: the tests' JVM may die without running its shutdown hooks (kill -9, a timeout);
    # Keycloak must not outlive it.
    (
      trap '' HUP INT
      while kill -0 "$KEYCLOAK_PARENT_PID" 2>/dev/null && kill -0 "$pid" 2>/dev/null; do sleep 1; done
      if kill -0 "$pid" 2>/dev/null; then
        kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
        sleep 10
        kill -KILL -- "-$pid" 2>/dev/null || true
      fi
    ) >/dev/null 2>&1 </dev/null &
    disown || true
  fi
}

wait_ready() {
  local limit="${KEYCLOAK_WAIT_SECONDS:-180}" waited=0
  local url="http://127.0.0.1:$mgmt_port/health/ready"
  while :; do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
      say "ready after ${waited}s"
      return 0
    fi
    if ! running_pid >/dev/null; then
      say "the process exited before it was ready; last lines of $log:"
      tail -n 20 "$log" >&2 || true
      return 1
    fi
    if [ "$waited" -ge "$limit" ]; then
      say "not ready after ${limit}s ($url); see $log"
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
}

stop() {
  local pid
  if ! pid=$(running_pid); then
    rm -f "$pid_file"
    return 0
  fi
  say "stopping (pid $pid)"
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 "${KEYCLOAK_STOP_GRACE_SECONDS:-20}"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "did not stop in time: killing"
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pid_file"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  wait) wait_ready ;;
  stop) stop ;;
  status) running_pid >/dev/null ;;
  *) echo "usage: $0 fetch|start|wait|stop|status" >&2; exit 2 ;;
esac

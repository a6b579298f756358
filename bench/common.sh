# Shell helpers shared by the end-to-end bench scripts (sourced, not run).

# A loopback TCP port free at the time of asking.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# Stops a process: SIGTERM, up to TRIES x 0.2 s (default 10 s) for it to exit (a node drains and closes its
# stores), then SIGKILL.
stop_process() { # pid [tries]
  local pid="$1" tries="${2:-50}" i
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || true
  for i in $(seq 1 "$tries"); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -9 "$pid" 2>/dev/null || true
}

# shellcheck shell=bash
# testenv-auth.sh starts the end-to-end environment's second registry: the
# first one's storage, read-only, served on another loopback port behind
# basic auth (htpasswd), so that tests can audit the same images with right,
# wrong and missing credentials. scripts/testenv sources it; callers set
# $state and $logs and source testenv-lib.sh first.
# shellcheck disable=SC2154

auth_user=imgaudit-e2e

# auth_registry_refuses PORT succeeds when the registry on PORT asks for
# credentials, which is how it answers once it is up.
auth_registry_refuses() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/v2/")" = 401 ]
}

# start_auth_registry starts the registry with auth, unless it already
# answers, with a fresh random password, and writes a Docker config folder
# that logs in to it.
start_auth_registry() {
  local port password
  if alive "$state/auth-registry.pid" && [ -s "$state/auth-registry.port" ]; then
    port=$(cat "$state/auth-registry.port")
    if auth_registry_refuses "$port"; then
      say "registry with auth already up on 127.0.0.1:$port"
      return 0
    fi
  fi

  port=$(free_port)
  password=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
  # The password goes to htpasswd on stdin, never on a command line.
  (umask 077 && printf '%s' "$password" |
    htpasswd -iBn "$auth_user" >"$state/auth-registry.htpasswd")
  cat >"$state/auth-registry.yml" <<YML
version: 0.1
log:
  level: info
  formatter: text
storage:
  filesystem:
    rootdirectory: $state/registry
  maintenance:
    uploadpurging:
      enabled: false
    readonly:
      enabled: true
http:
  addr: 127.0.0.1:$port
auth:
  htpasswd:
    realm: imgaudit-e2e
    path: $state/auth-registry.htpasswd
YML

  say "starting registry with auth on 127.0.0.1:$port"
  setsid docker-registry serve "$state/auth-registry.yml" \
    </dev/null >"$logs/auth-registry.log" 2>&1 &
  echo $! >"$state/auth-registry.pid"
  echo "$port" >"$state/auth-registry.port"
  wait_for "registry with auth" "$logs/auth-registry.log" 30 auth_registry_refuses "$port"

  mkdir -p "$state/auth-docker-config"
  (umask 077 && printf '{"auths":{"127.0.0.1:%s":{"auth":"%s"}}}\n' "$port" \
    "$(printf '%s:%s' "$auth_user" "$password" | base64 -w0)" \
    >"$state/auth-docker-config/config.json")
}

# auth_env prints the lines of the env file that name the registry with
# auth and the Docker config folder that logs in to it.
auth_env() {
  printf 'export IMGAUDIT_AUTH_REGISTRY=%q\n' "127.0.0.1:$(cat "$state/auth-registry.port")"
  printf 'export IMGAUDIT_AUTH_DOCKER_CONFIG=%q\n' "$state/auth-docker-config"
}

auth_status() {
  if alive "$state/auth-registry.pid"; then
    say "registry with auth: up on 127.0.0.1:$(cat "$state/auth-registry.port")"
  else
    say "registry with auth: down"
  fi
}

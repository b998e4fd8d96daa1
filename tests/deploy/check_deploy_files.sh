#!/usr/bin/env bash
# check_deploy_files.sh — checks the deployment files in deploy/ with the tools that read them.
#
#   tests/deploy/check_deploy_files.sh        # from anywhere; exit 0 = passed or skipped, 1 = a check failed
#
# - systemd-analyze verify on deploy/systemd/* (copies under a temporary folder,
#   pointed at a stand-in for /usr/local/bin/veldwijzer-collector, which is not
#   installed on a build machine); any message it prints is a failure.
# - nginx -t on deploy/nginx/veldwijzer.conf inside a throwaway main configuration
#   with a self-signed certificate; nothing listens, nothing is written outside
#   the temporary folder.
# - caddy validate on deploy/caddy/Caddyfile, only where a caddy binary exists
#   (Caddy is not in Debian 12).
# A missing tool skips its check with a message; the Containerfile is not checked.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

passed=0 failed=0 skipped=0
pass() { echo "PASS: $*"; passed=$((passed + 1)); }
fail() { echo "FAIL: $*"; failed=$((failed + 1)); }
skip() { echo "SKIP: $*"; skipped=$((skipped + 1)); }

# --- systemd units ------------------------------------------------------------------
if command -v systemd-analyze >/dev/null; then
  mkdir -p "$work/systemd" "$work/bin"
  printf '#!/bin/sh\nexit 0\n' > "$work/bin/veldwijzer-collector"
  chmod 0755 "$work/bin/veldwijzer-collector"
  for unit in "$root"/deploy/systemd/*.service "$root"/deploy/systemd/*.timer; do
    sed "s|/usr/local/bin/veldwijzer-collector|$work/bin/veldwijzer-collector|g" "$unit" \
      > "$work/systemd/$(basename "$unit")"
  done
  # verify exits 0 on some warnings (unknown keys, bad values): its output counts too.
  out=$(cd "$work/systemd" && systemd-analyze verify ./*.service ./*.timer 2>&1)
  rc=$?
  if [ "$rc" -eq 0 ] && [ -z "$out" ]; then
    pass "systemd-analyze verify: $(cd "$root/deploy/systemd" && echo *.service *.timer)"
  else
    fail "systemd-analyze verify (exit $rc):"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
else
  skip "systemd-analyze not found: the systemd units were not verified (package: systemd)"
fi

# --- nginx site ---------------------------------------------------------------------
if command -v nginx >/dev/null && command -v openssl >/dev/null; then
  n=$work/nginx
  mkdir -p "$n/logs" "$n/temp"
  if ! openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=veldwijzer.example.nl \
      -keyout "$n/privkey.pem" -out "$n/fullchain.pem" >/dev/null 2>&1; then
    fail "openssl could not make a throwaway certificate for the nginx check"
  else
    sed -e "s|/etc/letsencrypt/live/veldwijzer.example.nl/|$n/|g" \
      "$root/deploy/nginx/veldwijzer.conf" > "$n/veldwijzer.conf"
    cat > "$n/nginx.conf" <<EOF
pid $n/nginx.pid;
error_log $n/logs/error.log;
events {}
http {
    access_log $n/logs/access.log;
    client_body_temp_path $n/temp/body;
    proxy_temp_path $n/temp/proxy;
    fastcgi_temp_path $n/temp/fastcgi;
    uwsgi_temp_path $n/temp/uwsgi;
    scgi_temp_path $n/temp/scgi;
    include $n/veldwijzer.conf;
}
EOF
    # -e: nginx 1.19.5+ opens this error log instead of its compiled-in one.
    out=$(nginx -t -p "$n" -e "$n/logs/error.log" -c "$n/nginx.conf" 2>&1)
    rc=$?
    # Only the "user" warning of a non-root run is acceptable besides the two ok lines.
    unexpected=$(printf '%s\n' "$out" | grep -v -e 'syntax is ok' -e 'test is successful' \
      -e '"user" directive makes sense only if the master process runs with super-user privileges')
    if [ "$rc" -eq 0 ] && [ -z "$unexpected" ]; then
      pass "nginx -t: deploy/nginx/veldwijzer.conf ($(nginx -v 2>&1 | sed 's/^nginx version: //'))"
    else
      fail "nginx -t on deploy/nginx/veldwijzer.conf (exit $rc):"
      printf '%s\n' "$out" | sed 's/^/    /'
    fi
  fi
else
  skip "nginx (or openssl) not found: deploy/nginx/veldwijzer.conf was not checked (package: nginx-light)"
fi

# --- Caddyfile ------------------------------------------------------------------------
if command -v caddy >/dev/null; then
  if out=$(caddy validate --adapter caddyfile --config "$root/deploy/caddy/Caddyfile" 2>&1); then
    pass "caddy validate: deploy/caddy/Caddyfile"
  else
    fail "caddy validate on deploy/caddy/Caddyfile:"
    printf '%s\n' "$out" | sed 's/^/    /'
  fi
else
  skip "caddy not found (not in Debian 12): deploy/caddy/Caddyfile was not validated"
fi

echo "deploy files: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]

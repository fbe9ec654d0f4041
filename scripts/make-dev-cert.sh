#!/usr/bin/env bash
# A self-signed certificate for local HTTPS through deploy/nginx.conf (never for production:
# there, mount a real certificate, e.g. from Let's Encrypt, as tls.crt and tls.key).
#   scripts/make-dev-cert.sh [dir]        (default: deploy/certs)
set -euo pipefail
dir="${1:-deploy/certs}"
mkdir -p "$dir"
openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
  -keyout "$dir/tls.key" -out "$dir/tls.crt" \
  -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" 2>/dev/null
chmod 600 "$dir/tls.key"
echo "$dir/tls.crt and $dir/tls.key (self-signed for localhost, 30 days)"

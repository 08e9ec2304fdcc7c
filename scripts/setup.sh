#!/usr/bin/env bash
# One-time set-up on a fresh Debian or Ubuntu machine: the Debian packages the tests use (a local
# registry, skopeo, htpasswd, redis-server for the shared cache, tinyproxy for proxy support, GNU time
# for the bad-input suite's memory bound; postgresql-15, gosu and libnss-wrapper for running the
# official Postgres entrypoint on what the PGDATA step renders), then the npm dependencies (npm ci also
# builds dist/ through `prepare`).
# Safe to run again: packages already installed are skipped and npm ci always starts clean.
# kubectl (or kustomize) and Node >= 20.19 must already be installed.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(docker-registry skopeo apache2-utils openssl redis-server tinyproxy pre-commit time postgresql-15 gosu libnss-wrapper)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg -s "$p" >/dev/null 2>&1; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: apt-get not found; install these yourself for the tests: ${missing[*]}" >&2
  elif [ "$(id -u)" -eq 0 ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "setup: not root and no sudo; install these yourself for the tests: ${missing[*]}" >&2
  fi
fi

if ! command -v kustomize >/dev/null 2>&1 && ! command -v kubectl >/dev/null 2>&1; then
  echo "setup: neither kustomize nor kubectl is on PATH; kustodian needs one of them:" >&2
  echo "  https://kubectl.docs.kubernetes.io/installation/kustomize/" >&2
fi

npm ci

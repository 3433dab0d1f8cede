#!/usr/bin/env bash
# Installs what CausalPrint needs on a fresh Debian machine, and nothing twice:
#   1. system packages (Chromium for the browser e2e tests, poppler-utils to check PDF reports),
#      via apt when running as root; otherwise says what is missing and carries on;
#   2. npm dependencies with `npm ci`, without Electron's binary and onnxruntime's GPU extras,
#      skipped when node_modules already matches package-lock.json (hash stamp).
# Usage: npm run setup   (or bash build/setup.sh).  CAUSALPRINT_SETUP_DRY_RUN=1 only reports.
set -euo pipefail

cd "$(dirname "$0")/.."
dry_run="${CAUSALPRINT_SETUP_DRY_RUN:-0}"
say() { printf '[setup] %s\n' "$*"; }
run() { if [[ "$dry_run" == 1 ]]; then say "would run: $*"; else "$@"; fi; }

# --- 1. system packages -----------------------------------------------------------------
apt_packages=(chromium poppler-utils)
missing=()
for pkg in "${apt_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  say "system packages present: ${apt_packages[*]}"
elif [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  say "installing ${missing[*]} with apt-get"
  run env DEBIAN_FRONTEND=noninteractive apt-get update -q
  run env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  say "missing ${missing[*]} — not root or no apt-get, skipping; install them yourself for the e2e tests"
fi

# --- 2. npm dependencies ----------------------------------------------------------------
stamp_file=node_modules/.causalprint-setup-stamp
# The lockfile fixes what npm ci installs; the Node major version fixes native module ABIs.
want_stamp="$(sha256sum package-lock.json | cut -d' ' -f1) node-$(node -p 'process.versions.node.split(".")[0]')"
have_stamp="$(cat "$stamp_file" 2>/dev/null || true)"

if [[ "$have_stamp" == "$want_stamp" ]]; then
  say "node_modules matches package-lock.json, skipping npm ci"
elif [[ -z "$have_stamp" && -f node_modules/.package-lock.json && ! node_modules/.package-lock.json -ot package-lock.json ]]; then
  # Installed by hand after the lockfile last changed (npm's own hidden lockfile is newer): adopt it.
  say "node_modules is newer than package-lock.json, adopting it"
  [[ "$dry_run" == 1 ]] || printf '%s\n' "$want_stamp" >"$stamp_file"
else
  say "installing npm dependencies (npm ci)"
  run env ELECTRON_SKIP_BINARY_DOWNLOAD=1 ONNXRUNTIME_NODE_INSTALL=skip ONNXRUNTIME_NODE_INSTALL_CUDA=skip JOBS=max \
    npm ci --no-audit --no-fund
  [[ "$dry_run" == 1 ]] || printf '%s\n' "$want_stamp" >"$stamp_file"
fi
say "done"

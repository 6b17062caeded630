#!/usr/bin/env bash
# Installs the build and test dependencies from Debian's packages.
# Idempotent: packages already present are left alone, and apt's package
# lists are refreshed only when something is missing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libxapian-dev xapian-tools
  libcpp-httplib-dev libboost-dev nlohmann-json3-dev libssl-dev libspdlog-dev
  libgtest-dev libgmock-dev
  libcld2-dev
  libexpat1-dev
  libgit2-dev
  zlib1g-dev
  liblinear-dev
  libjemalloc-dev
  curl
  chromium nodejs
)
# The browser tests drive chromium with playwright-core from npm. NodeSource's
# nodejs bundles npm (and conflicts with Debian's npm package): add npm only
# when no npm is on the PATH.
if ! command -v npm >/dev/null 2>&1; then
  packages+=(npm)
fi
# Optional extras for benchmarks (bench/) are installed by their own scripts.
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(libsqlite3-dev sqlite3 wrk nginx-light valgrind time clang libclang-rt-14-dev)
  # bench/similar_offline.py (offline replay of re-rank signals)
  packages+=(python3-numpy python3-scipy python3-xapian)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

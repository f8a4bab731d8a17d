#!/usr/bin/env bash
# Sets up a fresh Debian machine with Node 20 for pktkit: system packages the build and the tests
# use, pnpm, the workspace's dependencies, and a build of every package (native addons included).
# Idempotent and quick when everything is already in place.
set -euo pipefail
cd "$(dirname "$0")/../.."

# Tools the build and the differential tests need (outside oracles: tshark, tcpdump, libpcap, scapy).
APT_PACKAGES=(g++ cmake make python3 libpcap-dev tcpdump tshark tcpreplay python3-scapy iproute2 iputils-ping libcap2-bin util-linux procps)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: these Debian packages are missing and installing them needs root: ${missing[*]}" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  echo 'wireshark-common wireshark-common/install-setuid boolean false' | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# pnpm, at the version package.json pins.
want_pnpm=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$want_pnpm" ]; then
  echo "setup: installing pnpm $want_pnpm"
  npm install -g --silent "pnpm@$want_pnpm" >/dev/null
fi

pnpm install --frozen-lockfile --reporter=append-only
pnpm build

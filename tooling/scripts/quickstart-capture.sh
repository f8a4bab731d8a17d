#!/usr/bin/env bash
# Quick start, command one: set up and build everything, then run a short live capture in a
# throwaway network namespace and print packet summaries. Needs root (CAP_NET_RAW, CAP_NET_ADMIN).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tooling/scripts/setup.sh
exec node tooling/scripts/quickstart-capture.mjs "$@"

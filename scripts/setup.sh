#!/bin/sh
# Installs what newswatch needs on a Debian/Ubuntu machine: redis-server (when missing) and the npm dependencies
# (which also builds dist/). Used by `npm run setup` and by CI.
set -e
cd "$(dirname "$0")/.."
if ! command -v redis-server >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y redis-server || { $SUDO apt-get update && $SUDO apt-get install -y redis-server; }
fi
# `npm install` rather than `npm ci`: the registry mirror lacks some optional platform packages (msgpackr-extract for
# macOS/Windows), which `npm ci` insists on finding in the lock file. The lock file still pins every version.
npm install --no-audit --no-fund

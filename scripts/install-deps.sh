#!/bin/sh
# Installs every build and test dependency of clauselint from Debian packages.
# Idempotent: packages already present are left alone. Needs root (or sudo).
set -eu

PACKAGES="build-essential cmake pkg-config
libpcre2-dev libyaml-dev libxml2-dev libzip-dev libicu-dev libcmocka-dev
python3 clang libclang-rt-14-dev valgrind"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "install-deps: all dependencies present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing:$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing

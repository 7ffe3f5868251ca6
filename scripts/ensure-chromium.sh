#!/bin/sh
# Print on stdout the path of a Chromium the browser tests (tests/browser) can drive.
# Order: $LEADSIFT_TEST_CHROMIUM or $LEADSIFT_CHROMIUM as given; /usr/bin/chromium; `chromium`
# on PATH; a fresh install of Debian's `chromium` package (as root with apt-get).
# Prints nothing if none can be had; the browser tests then skip and say so loudly.
set -u
log() { echo "ensure-chromium: $*" >&2; }
usable() { [ -n "$1" ] && [ -f "$1" ] && [ -x "$1" ]; }

find_chromium() {
    for candidate in "${LEADSIFT_TEST_CHROMIUM:-}" "${LEADSIFT_CHROMIUM:-}" /usr/bin/chromium \
        "$(command -v chromium 2>/dev/null || true)"; do
        if usable "$candidate"; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

find_chromium && exit 0
if [ -n "${LEADSIFT_CHROMIUM:-}" ]; then
    log "LEADSIFT_CHROMIUM=$LEADSIFT_CHROMIUM is not an executable file"
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    log "no Chromium and cannot install one (need root and apt-get); browser tests will skip"
    exit 0
fi
log "installing Chromium from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq chromium >/dev/null 2>&1; }
# the package lists are refreshed only if the install fails without them
install || { apt-get update -qq >/dev/null 2>&1 && install; } || {
    log "could not install chromium; browser tests will skip"
    exit 0
}
find_chromium || log "chromium installed but not found; browser tests will skip"
exit 0

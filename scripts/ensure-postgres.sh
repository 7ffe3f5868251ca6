#!/bin/sh
# Make sure a PostgreSQL server is reachable for the test suite and print its URL on stdout.
# Order: $LEADSIFT_TEST_PG_URL as given; a server already on 127.0.0.1:5432; a Debian
# cluster that is installed but stopped; a fresh install from Debian's packages (as root).
# Prints nothing if none can be had; the PostgreSQL tests then skip and say so loudly.
set -u
log() { echo "ensure-postgres: $*" >&2; }

if [ -n "${LEADSIFT_TEST_PG_URL:-}" ]; then
    echo "$LEADSIFT_TEST_PG_URL"
    exit 0
fi

HOST=127.0.0.1
PORT=5432
TRUST_URL="postgresql://postgres@$HOST:$PORT/postgres"
OWN_URL="postgresql://leadsift:leadsift@$HOST:$PORT/postgres"

ready() {
    command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h "$HOST" -p "$PORT"
}

can_login() {
    command -v psql >/dev/null 2>&1 && psql "$1" -Atqc 'select 1' >/dev/null 2>&1
}

start_clusters() {
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
        for version in $(ls /etc/postgresql); do
            for cluster in $(ls "/etc/postgresql/$version"); do
                log "starting cluster $version/$cluster"
                pg_ctlcluster --skip-systemctl-redirect "$version" "$cluster" start >&2 2>&1 || true
            done
        done
        for _ in 1 2 3 4 5 6 7 8 9 10; do ready && return 0; sleep 1; done
    fi
    return 1
}

install_server() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        log "no PostgreSQL and cannot install one (need root and apt-get)"
        return 1
    fi
    log "installing PostgreSQL from Debian's packages"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || return 1
    start_clusters
}

if ! ready; then
    start_clusters || install_server || { log "PostgreSQL unavailable"; exit 0; }
fi

if can_login "$TRUST_URL"; then
    echo "$TRUST_URL"
    exit 0
fi
if can_login "$OWN_URL"; then
    echo "$OWN_URL"
    exit 0
fi
# A stock Debian server asks for passwords over TCP: create our own role through the socket.
if [ "$(id -u)" = 0 ] && command -v su >/dev/null 2>&1; then
    log "creating role leadsift for the tests"
    su postgres -c "psql -q -c \"CREATE ROLE leadsift LOGIN SUPERUSER PASSWORD 'leadsift'\"" >&2 2>&1 || true
    if can_login "$OWN_URL"; then
        echo "$OWN_URL"
        exit 0
    fi
fi
log "PostgreSQL is running but no login works; set LEADSIFT_TEST_PG_URL"
exit 0

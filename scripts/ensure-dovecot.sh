#!/bin/sh
# Make sure a private Dovecot IMAP server is running for the test suite and print its spec
# on stdout: imap://leadsift:leadsift@127.0.0.1:PORT (plain IMAP, no TLS, one user).
# Order: $LEADSIFT_TEST_IMAP as given; our own instance already running (a second call
# prints the same spec); a new instance of an installed dovecot; a fresh install of Debian's
# dovecot-imapd (as root with apt-get). The system's dovecot, if any, is never touched: ours
# has its own config, sockets, log and mail under $STATE and listens on 127.0.0.1 only.
# Prints nothing if none can be had; the IMAP tests then skip and say so loudly.
set -u
log() { echo "ensure-dovecot: $*" >&2; }

if [ -n "${LEADSIFT_TEST_IMAP:-}" ]; then
    echo "$LEADSIFT_TEST_IMAP"
    exit 0
fi

STATE="${TMPDIR:-/tmp}/leadsift-dovecot-$(id -u)"
CONFIG="$STATE/dovecot.conf"
USER_NAME=leadsift
PASSWORD=leadsift
HOST=127.0.0.1
PORTS="14143 14243 14343 14443 14543"
PYTHON="$(command -v python3 || command -v python || true)"

spec() { echo "imap://$USER_NAME:$PASSWORD@$HOST:$1"; }

# 0 when an IMAP server on $1 greets and lets our user log in
answers() {
    [ -n "$PYTHON" ] || return 1
    "$PYTHON" - "$HOST" "$1" "$USER_NAME" "$PASSWORD" <<'EOF' >/dev/null 2>&1
import imaplib, sys
client = imaplib.IMAP4(sys.argv[1], int(sys.argv[2]), timeout=3)
client.login(sys.argv[3], sys.argv[4])
client.logout()
EOF
}

# 0 when nothing listens on $1
port_free() {
    [ -n "$PYTHON" ] || return 1
    "$PYTHON" - "$HOST" "$1" <<'EOF' >/dev/null 2>&1
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as dovecot binds: TIME_WAIT is free
try:
    s.bind((sys.argv[1], int(sys.argv[2])))
except OSError:
    sys.exit(1)
EOF
}

find_dovecot() {
    for candidate in "$(command -v dovecot 2>/dev/null || true)" /usr/sbin/dovecot; do
        if [ -n "$candidate" ] && [ -x "$candidate" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

install_dovecot() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
        log "no dovecot and cannot install one (need root and apt-get); IMAP tests will skip"
        return 1
    fi
    log "installing dovecot-imapd from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    # wait for another apt-get (another test script installing its server) to finish
    wait_lock="-o DPkg::Lock::Timeout=300"
    install() { apt-get $wait_lock install -y -qq dovecot-imapd >/dev/null 2>&1; }
    # the package lists are refreshed only if the install fails without them
    install || { apt-get $wait_lock update -qq >/dev/null 2>&1 && install; } || {
        log "could not install dovecot-imapd; IMAP tests will skip"
        return 1
    }
}

# The user dovecot's unprivileged processes run as: ourselves, or, as root (dovecot refuses
# to run its login and mail processes as root), the `dovecot` user Debian's package creates.
run_as() {
    if [ "$(id -u)" = 0 ] && id dovecot >/dev/null 2>&1; then
        echo dovecot
    else
        id -un
    fi
}

write_config() {
    user="$(run_as)"
    uid="$(id -u "$user")"
    gid="$(id -g "$user")"
    group="$(id -gn "$user")"
    login_user="$user"
    if [ "$(id -u)" = 0 ] && id dovenull >/dev/null 2>&1; then
        login_user=dovenull
    fi
    mkdir -p "$STATE/run" "$STATE/lib" "$STATE/mail"
    printf '%s:{PLAIN}%s\n' "$USER_NAME" "$PASSWORD" >"$STATE/users"
    chmod 644 "$STATE/users"
    [ "$(id -u)" = 0 ] && chown -R "$user:$group" "$STATE/mail"
    cat >"$CONFIG" <<EOF
# private dovecot for the leadsift tests (scripts/ensure-dovecot.sh); not the system one
protocols = imap
listen = $HOST
base_dir = $STATE/run
state_dir = $STATE/lib
instance_name = leadsift-dovecot-$(id -u)
log_path = $STATE/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = $user
default_internal_group = $group
default_login_user = $login_user
first_valid_uid = $uid
last_valid_uid = $uid
first_valid_gid = $gid
last_valid_gid = $gid
mail_uid = $uid
mail_gid = $gid
mail_location = maildir:$STATE/mail/%u
namespace inbox {
  inbox = yes
  separator = /
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN $STATE/users
}
userdb {
  driver = static
  args = uid=$uid gid=$gid home=$STATE/mail/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = $HOST
    port = $1
  }
  inet_listener imaps {
    port = 0
  }
}
EOF
}

# our instance from an earlier call: the same spec again
if [ -f "$STATE/port" ]; then
    port="$(cat "$STATE/port")"
    if answers "$port"; then
        spec "$port"
        exit 0
    fi
fi

# one caller at a time (pytest -n 2 may run two): wait for the other, then look again
mkdir -p "$STATE"
LOCK="$STATE/lock"
tries=0
until mkdir "$LOCK" 2>/dev/null; do
    tries=$((tries + 1))
    if [ "$tries" -gt 300 ]; then
        log "another ensure-dovecot.sh holds $LOCK; remove it if none is running"
        exit 0
    fi
    sleep 1
done
trap 'rmdir "$LOCK" 2>/dev/null' EXIT INT TERM
if [ -f "$STATE/port" ] && answers "$(cat "$STATE/port")"; then
    spec "$(cat "$STATE/port")"
    exit 0
fi

if [ -z "$PYTHON" ]; then
    log "python3 is needed to check the server; IMAP tests will skip"
    exit 0
fi
DOVECOT="$(find_dovecot)" || { install_dovecot && DOVECOT="$(find_dovecot)"; } || exit 0

# a stale instance of ours (it stopped answering): stop it before starting a new one
if [ -f "$CONFIG" ]; then
    "$DOVECOT" -c "$CONFIG" stop >/dev/null 2>&1 || true
    sleep 1
fi

# A port another process takes between our check and dovecot's bind: try the next one. Any
# other failure would fail on every port: stop at once and show dovecot's log.
# the port of our earlier instance first, so a restart keeps the spec when it can (a
# stopping dovecot holds it a few seconds more)
previous="$(cat "$STATE/port" 2>/dev/null || true)"
for port in $previous $PORTS; do
    if [ "$port" = "$previous" ]; then
        for _ in 1 2 3 4 5 6 7 8 9 10; do port_free "$port" && break; sleep 0.5; done
    fi
    port_free "$port" || continue
    write_config "$port"
    : >"$STATE/dovecot.log"
    if ! "$DOVECOT" -c "$CONFIG" >"$STATE/start.out" 2>&1; then
        cat "$STATE/start.out" >&2
        grep -qi "address already in use" "$STATE/start.out" "$STATE/dovecot.log" && continue
        log "dovecot did not start; see $STATE/dovecot.log; IMAP tests will skip"
        exit 0
    fi
    for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        if answers "$port"; then
            echo "$port" >"$STATE/port"
            log "dovecot running on $HOST:$port (config $CONFIG)"
            spec "$port"
            exit 0
        fi
        sleep 0.5
    done
    "$DOVECOT" -c "$CONFIG" stop >/dev/null 2>&1 || true
    grep -qi "address already in use" "$STATE/dovecot.log" && continue
    log "dovecot started but does not answer on $HOST:$port; IMAP tests will skip. Its log:"
    tail -n 5 "$STATE/dovecot.log" >&2 2>/dev/null
    exit 0
done
log "no free port for a private dovecot (tried: $PORTS); IMAP tests will skip"
exit 0

#!/bin/sh
# Create the project's virtual environment. Debian's python3 lacks the venv module until
# python3-venv is installed, so install it when we can (as root, with apt-get).
set -eu
PYTHON="$1"
VENV="$2"
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "leadsift needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
    exit 1
fi
if ! "$PYTHON" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing python3-venv with apt-get" >&2
        apt-get update -qq && apt-get install -y -qq python3-venv python3-pip >/dev/null
        "$PYTHON" -m venv "$VENV"
    else
        echo "cannot create a venv: install python3-venv (sudo apt-get install python3-venv)" >&2
        exit 1
    fi
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip

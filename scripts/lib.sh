# Shared set-up for scripts/run.sh and scripts/test.sh: find (or make)
# Odoo 18.0, a virtualenv, PostgreSQL and Chromium. Sourced, not executed.
# Every step is idempotent: a second run reuses what the first one built.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${FLEET_STATE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/fleet_customers}"
# Odoo lives outside the project; this is the one documented default.
ODOO_PATH="${ODOO_PATH:-/opt/odoo-18.0}"
ODOO_GIT_URL="${ODOO_GIT_URL:-https://github.com/odoo/odoo.git}"
VENV="${FLEET_VENV:-$STATE_DIR/venv}"
PYTHON="${PYTHON:-python3}"
RUN_DIR="$ROOT/.run"
mkdir -p "$STATE_DIR" "$RUN_DIR"

log() { printf '[fleet] %s\n' "$*" >&2; }
die() { printf '[fleet] ERROR: %s\n' "$*" >&2; exit 1; }

apt_install() {
    # Installs Debian packages when we may (root); otherwise says what to do.
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        if [ ! -f "$STATE_DIR/.apt-updated" ]; then
            apt-get update -q >&2 && touch "$STATE_DIR/.apt-updated"
        fi
        DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2
    else
        die "missing system packages: $* (install them with apt-get as root)"
    fi
}

odoo_is_18() {
    [ -f "$1/odoo-bin" ] && grep -q "^version_info = (18, 0," "$1/odoo/release.py" 2>/dev/null
}

ensure_odoo() {
    if odoo_is_18 "$ODOO_PATH"; then
        log "Odoo 18.0 found at $ODOO_PATH"
        return
    fi
    if [ -e "$ODOO_PATH" ] && [ -n "$(ls -A "$ODOO_PATH" 2>/dev/null)" ]; then
        die "$ODOO_PATH exists but is not an Odoo 18.0 tree (no odoo-bin or odoo/release.py says another version). Point ODOO_PATH at an Odoo 18.0 Community checkout."
    fi
    log "Odoo 18.0 not found at $ODOO_PATH: cloning branch 18.0 of $ODOO_GIT_URL"
    if ! timeout 1800 git clone --depth 1 --branch 18.0 "$ODOO_GIT_URL" "$ODOO_PATH" >&2; then
        rm -rf "$ODOO_PATH"
        die "could not find or clone Odoo 18.0. Provide an Odoo 18.0 Community source tree (the folder holding odoo-bin, odoo/ and addons/) at $ODOO_PATH, or set ODOO_PATH to where it is."
    fi
    odoo_is_18 "$ODOO_PATH" || die "the clone at $ODOO_PATH is not Odoo 18.0"
}

ensure_venv() {
    local stamp want
    want="$("$PYTHON" --version 2>&1) $(cat "$ODOO_PATH/requirements.txt" "$ROOT/requirements.txt" | sha256sum | cut -c1-16) $ODOO_PATH"
    stamp="$VENV/.fleet-stamp"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
        log "virtualenv up to date at $VENV"
        return
    fi
    command -v pg_config >/dev/null || apt_install libpq-dev
    log "building virtualenv at $VENV (first run takes a few minutes)"
    [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
    # Some of Odoo's pinned sdists still import pkg_resources at build time.
    local constraints="$STATE_DIR/build-constraints.txt"
    echo 'setuptools>=70,<80' > "$constraints"
    export PIP_CONSTRAINT="$constraints" PIP_DISABLE_PIP_VERSION_CHECK=1
    # setuptools 70+: its pkg_resources finds wheels with normalized names
    # (zope_interface), which gevent's plugin loader asks for under --workers.
    "$VENV/bin/pip" install -q 'setuptools>=70,<80' wheel >&2
    # python-ldap is only used by auth_ldap, which we never install.
    grep -v '^python-ldap' "$ODOO_PATH/requirements.txt" > "$STATE_DIR/odoo-requirements.txt"
    "$VENV/bin/pip" install -q -r "$STATE_DIR/odoo-requirements.txt" >&2
    # Registers the "odoo" distribution (requirements.txt names it) and puts
    # the tree on sys.path through a .pth file, without copying it.
    "$VENV/bin/pip" install -q --no-deps --no-build-isolation \
        -e "$ODOO_PATH" >&2
    "$VENV/bin/pip" install -q -r "$ROOT/requirements.txt" >&2
    unset PIP_CONSTRAINT
    echo "$want" > "$stamp"
}

pg_bin() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    done
    return 1
}

ensure_postgres() {
    export PGHOST="${PGHOST:-localhost}" PGPORT="${PGPORT:-5432}"
    export PGUSER="${PGUSER:-$(id -un)}"
    if pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
        log "PostgreSQL reachable at $PGHOST:$PGPORT"
    else
        # No server: make a private cluster under .pgdata/ (git-ignored).
        local bin data="$ROOT/.pgdata" owner
        bin="$(pg_bin)" || { apt_install postgresql; bin="$(pg_bin)"; }
        owner="$(id -un)"
        [ "$(id -u)" = 0 ] && owner=postgres   # initdb refuses to run as root
        export PGHOST="$data" PGPORT=5433
        if [ ! -f "$data/PG_VERSION" ]; then
            log "creating a private PostgreSQL cluster in $data"
            mkdir -p "$data" && chown "$owner" "$data"
            runuser -u "$owner" -- "$bin/initdb" -D "$data" -A trust -U "$owner" >&2 2>/dev/null \
                || "$bin/initdb" -D "$data" -A trust >&2
        fi
        if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
            log "starting the private PostgreSQL cluster"
            runuser -u "$owner" -- "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
                -o "-k $data -p $PGPORT -c listen_addresses=''" start >&2
        fi
        if [ "$owner" != "$PGUSER" ]; then
            psql -U "$owner" -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='$PGUSER'" | grep -q 1 \
                || createuser -U "$owner" --superuser "$PGUSER"
        fi
    fi
    psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1 \
        || die "PostgreSQL at $PGHOST:$PGPORT does not accept role $PGUSER (set PGUSER to a role that may create databases)"
}

ensure_chromium() {
    if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null \
        && ! command -v google-chrome >/dev/null; then
        log "Chromium missing: installing Debian's chromium package"
        apt_install chromium
    fi
    command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
        || command -v google-chrome >/dev/null || die "Chromium is required for the browser tests"
}

ensure_wkhtmltopdf() {
    # Odoo prints PDF reports with it (the asset labels' test prints one).
    # Debian's package: its Qt is unpatched, so Odoo warns that a few
    # switches are ignored (headers, smart shrinking), and prints anyway.
    if ! command -v wkhtmltopdf >/dev/null; then
        log "wkhtmltopdf missing: installing Debian's wkhtmltopdf package"
        apt_install wkhtmltopdf
    fi
    command -v wkhtmltopdf >/dev/null || die "wkhtmltopdf is required for the PDF report tests"
}

write_odoo_conf() {
    # $1: config file, $2: database, $3: http port
    cat > "$1" <<CONF
[options]
addons_path = $ODOO_PATH/odoo/addons,$ODOO_PATH/addons,$ROOT
db_host = $PGHOST
db_port = $PGPORT
db_user = $PGUSER
db_name = $2
dbfilter = ^$2\$
http_port = $3
http_interface = 127.0.0.1
list_db = False
data_dir = $STATE_DIR/filestore
without_demo = False
log_level = warn
CONF
}

odoo() { "$VENV/bin/python" "$ODOO_PATH/odoo-bin" "$@"; }

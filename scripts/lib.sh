# shellcheck shell=bash
# Shared provisioning steps for scripts/up and scripts/test. Every step is idempotent: it checks
# first and only does work that is missing, so a second run is fast.
#
# Settings (environment variables, all optional):
#   FRAPPE_SOURCE        where Frappe's git history comes from: a URL, a local clone path or a file:// URL.
#                        Default: the source the last setup on this machine used (remembered in the
#                        cache below), else the public upstream repository.
#   FRAPPE_BRANCH        default version-15
#   ONESTOP_CACHE        machine-wide cache outside the repository (default ~/.cache/onestop_center)
#   DB_ROOT_PASSWORD     MariaDB root password the setup sets and uses (default "root")
#   ADMIN_PASSWORD       the sites' Administrator password (default "admin")

set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

UPSTREAM_FRAPPE="https://github.com/frappe/frappe"
FRAPPE_BRANCH="${FRAPPE_BRANCH:-version-15}"
ONESTOP_CACHE="${ONESTOP_CACHE:-${HOME:-/root}/.cache/onestop_center}"
DB_ROOT_PASSWORD="${DB_ROOT_PASSWORD:-root}"
ADMIN_PASSWORD="${ADMIN_PASSWORD:-admin}"
PY_ENV="$ROOT/env"
PY="$PY_ENV/bin/python"
export PATH="${PATH:+$PATH:}/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"  # CI may start bare
export CI="${CI:-1}"  # Frappe: skip GitHub asset downloads, exit non-zero on test failures
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PYTHONUNBUFFERED=1

SYSTEM_PACKAGES=(git curl mariadb-server mariadb-client redis-server wkhtmltopdf xfonts-base fonts-dejavu-core
	fonts-liberation2  # Liberation Serif: the Times New Roman metrics of the printed forms (issue 11)
	python3-venv python3-dev python3-pip pkg-config libcups2-dev build-essential
	gnupg file)  # gpg encrypts backups; Frappe's restore asks `file` whether a backup is encrypted
BROWSER_PACKAGES=(chromium)

log() { printf '\033[1;34m==> %s\033[0m\n' "$*"; }
die() {
	printf '\033[1;31mERROR: %s\033[0m\n' "$*" >&2
	exit 1
}
step_failed() { die "step failed at line $1 (command: $2). Read the output above; fix it and run again."; }
trap 'step_failed $LINENO "$BASH_COMMAND"' ERR

# Run a command as root: directly when we are root, through sudo otherwise.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Frappe's own CLI (what `bench --site S <command>` runs), from sites/. Works as root too.
frappe_cli() {
	(cd "$ROOT/sites" && "$PY" -m frappe.utils.bench_helper frappe "$@")
}

# ---------------------------------------------------------------- system packages
ensure_system_packages() {
	local wanted=("${SYSTEM_PACKAGES[@]}") missing=()
	[ "${1:-}" = "--with-browser" ] && wanted+=("${BROWSER_PACKAGES[@]}")
	for pkg in "${wanted[@]}"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
	done
	if [ "${#missing[@]}" -gt 0 ]; then
		log "Installing system packages: ${missing[*]}"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
			die "apt-get update failed: check the network or your apt sources"
		as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
			die "apt-get install failed for: ${missing[*]}"
	fi
	command -v node >/dev/null || die "Node.js 18+ is required (Frappe builds its assets with it): install nodejs"
	local node_major
	node_major="$(node -p 'process.versions.node.split(".")[0]')"
	[ "$node_major" -ge 18 ] || die "Node.js $node_major is too old: Frappe v15 needs 18 or newer"
	if ! command -v yarn >/dev/null; then
		log "Installing yarn 1.x with npm"
		as_root npm install -g yarn >/dev/null || die "npm install -g yarn failed"
	fi
}

python_for_env() {
	# Debian's own interpreters are readable by every user (pyenv's in root's home is not).
	for candidate in /usr/bin/python3.11 /usr/bin/python3.12 /usr/bin/python3.10 python3.11 python3.12 python3.10; do
		if command -v "$candidate" >/dev/null; then
			echo "$candidate"
			return
		fi
	done
	die "Frappe v15 needs Python 3.10-3.12: install python3.11 (or 3.10/3.12)"
}

# ---------------------------------------------------------------- services
systemd_running() { [ -d /run/systemd/system ]; }

mariadb_up() { mariadb-admin ping >/dev/null 2>&1 || as_root mariadb-admin ping >/dev/null 2>&1; }

ensure_mariadb() {
	local conf=/etc/mysql/mariadb.conf.d/99-onestop.cnf
	if ! cmp -s "$ROOT/config/mariadb-onestop.cnf" "$conf"; then
		log "Writing MariaDB utf8mb4 settings to $conf"
		as_root install -m 644 "$ROOT/config/mariadb-onestop.cnf" "$conf"
	fi
	if ! mariadb_up; then
		log "Starting MariaDB"
		if systemd_running; then
			as_root systemctl start mariadb || die "systemctl start mariadb failed: see journalctl -u mariadb"
		else
			as_root install -d -o mysql -g mysql /run/mysqld
			as_root sh -c 'nohup mariadbd --user=mysql >/var/log/mariadbd-onestop.log 2>&1 &'
		fi
		for _ in $(seq 1 60); do
			mariadb_up && break
			sleep 1
		done
		mariadb_up || die "MariaDB did not start: see /var/log/mariadbd-onestop.log"
	fi
	# Frappe connects over TCP with a password; keep socket auth for root as well.
	if ! mariadb -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -e 'select 1' >/dev/null 2>&1; then
		log "Giving MariaDB root a password for TCP logins (socket login kept)"
		as_root mariadb -e "ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('$DB_ROOT_PASSWORD'); FLUSH PRIVILEGES;" ||
			die "cannot set MariaDB root's password: log in with 'sudo mariadb' and check root@localhost"
	fi
	ensure_read_committed
}

# A server started before the settings file was written (or by an older setup) still runs
# REPEATABLE READ, whose gap locks deadlock concurrent receptions: switch it at once (new
# connections; the settings file keeps it after a restart). MariaDB < 11.1 names it tx_isolation.
ensure_read_committed() {
	local mysql=(mariadb -uroot -p"$DB_ROOT_PASSWORD" -h127.0.0.1 -N -B) variable=transaction_isolation current
	current="$("${mysql[@]}" -e "select @@global.$variable" 2>/dev/null)" || {
		variable=tx_isolation
		current="$("${mysql[@]}" -e "select @@global.$variable")" || die "cannot read MariaDB's transaction isolation"
	}
	if [ "$current" != "READ-COMMITTED" ]; then
		log "Switching the running MariaDB from $current to READ-COMMITTED"
		"${mysql[@]}" -e "SET GLOBAL $variable = 'READ-COMMITTED'" || die "cannot set MariaDB's transaction isolation"
	fi
	# the settings file's buffer pool, on a server started before it (resizable while running)
	if [ "$("${mysql[@]}" -e 'select @@global.innodb_buffer_pool_size < 1073741824')" = "1" ]; then
		log "Growing the running MariaDB's buffer pool to 1 GB"
		"${mysql[@]}" -e "SET GLOBAL innodb_buffer_pool_size = 1073741824" || log "could not grow the buffer pool"
	fi
}

redis_port() { sed -n 's/^port \([0-9]*\)/\1/p' "$ROOT/config/redis_$1.conf"; }

ensure_redis() {
	mkdir -p "$ROOT/config/pids" "$ROOT/logs"
	for name in cache queue; do
		local port
		port="$(redis_port "$name")"
		if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
			log "Starting Redis $name on port $port"
			redis-server "$ROOT/config/redis_$name.conf" --daemonize yes --logfile "$ROOT/logs/redis_$name.log" >/dev/null
			for _ in $(seq 1 20); do
				redis-cli -p "$port" ping >/dev/null 2>&1 && break
				sleep 0.5
			done
			redis-cli -p "$port" ping >/dev/null 2>&1 || die "Redis $name did not start: see logs/redis_$name.log"
		fi
	done
}

# ---------------------------------------------------------------- Frappe source
as_git_url() {
	# A local path becomes a file:// URL (a plain path makes git copy files with root-only modes).
	if [ -d "$1" ]; then echo "file://$(cd "$1" && pwd)"; else echo "$1"; fi
}

ensure_frappe_source() {
	if [ -d "$ROOT/apps/frappe/.git" ] && [ -f "$ROOT/apps/frappe/frappe/__init__.py" ]; then
		return
	fi
	local cache_repo="$ONESTOP_CACHE/frappe.git" remembered="" source=""
	[ -f "$ONESTOP_CACHE/frappe-source" ] && remembered="$(cat "$ONESTOP_CACHE/frappe-source")"
	if [ -n "${FRAPPE_SOURCE:-}" ]; then
		source="$(as_git_url "$FRAPPE_SOURCE")"
		[ -d "$cache_repo" ] && [ "$source" = "$remembered" ] && source=""  # cached already
	elif [ ! -d "$cache_repo" ]; then
		source="${remembered:-$UPSTREAM_FRAPPE}"
	fi
	if [ -n "$source" ]; then
		mkdir -p "$ONESTOP_CACHE"
		log "Getting Frappe $FRAPPE_BRANCH from $source"
		rm -rf "$cache_repo.tmp"
		git clone -q --bare --depth 1 --branch "$FRAPPE_BRANCH" "$source" "$cache_repo.tmp" ||
			die "cannot get Frappe $FRAPPE_BRANCH from $source: set FRAPPE_SOURCE to a local clone of frappe version-15 (a path or file:// URL)"
		rm -rf "$cache_repo"
		mv "$cache_repo.tmp" "$cache_repo"
		echo "$source" >"$ONESTOP_CACHE/frappe-source"
	fi
	log "Checking out Frappe into apps/frappe (from the machine cache $cache_repo)"
	rm -rf "$ROOT/apps/frappe"
	git clone -q --depth 1 --branch "$FRAPPE_BRANCH" "file://$cache_repo" "$ROOT/apps/frappe"
}

# ---------------------------------------------------------------- Python and JavaScript dependencies
tree_hash() { cat "$@" 2>/dev/null | sha1sum | cut -c1-16; }

pip_install() {
	# quiet, without the warnings some machines' pip configuration prints for every package
	"$PY" -m pip install -q "$@" 2> >(grep -v '^WARNING: Location' >&2 || true)
}

ensure_python_env() {
	local extra_requirements="${1:-}"
	if [ ! -x "$PY" ]; then
		log "Creating the Python virtual environment env/"
		"$(python_for_env)" -m venv "$PY_ENV"
	fi
	# The marker lists what is installed: Frappe and the app (line 1), then any extra requirements
	# file (one line each), so that scripts/up after scripts/test installs nothing again.
	local marker="$PY_ENV/.onestop-installed" base extra=""
	base="$(git -C "$ROOT/apps/frappe" rev-parse HEAD)-$(tree_hash "$ROOT/apps/onestop_center/pyproject.toml")"
	[ -n "$extra_requirements" ] && extra="$(tree_hash "$extra_requirements")"
	if [ "$(head -n 1 "$marker" 2>/dev/null)" = "$base" ] && { [ -z "$extra" ] || grep -qx "$extra" "$marker"; }; then
		return
	fi
	log "Installing Frappe and onestop_center into env/ (a few minutes the first time)"
	pip_install -U pip wheel 'setuptools<80'  # setuptools 80 dropped pkg_resources
	pip_install -e "$ROOT/apps/frappe" -e "$ROOT/apps/onestop_center" ${extra_requirements:+-r $extra_requirements} ||
		die "pip install failed: see the output above (PyPI must be reachable)"
	{
		echo "$base"
		[ "$(head -n 1 "$marker" 2>/dev/null)" = "$base" ] && tail -n +2 "$marker"
		[ -n "$extra" ] && echo "$extra"
	} >"$marker.new" || true
	mv "$marker.new" "$marker"
}

ensure_node_modules() {
	local pkg="$ROOT/apps/frappe/package.json"
	if [ -f "$ROOT/apps/frappe/node_modules/.yarn-integrity" ]; then
		return
	fi
	if grep -q '"air-datepicker": "github:' "$pkg" && ! timeout 20 git ls-remote -q https://github.com/frappe/air-datepicker HEAD >/dev/null 2>&1; then
		log "GitHub unreachable: using npm's air-datepicker 2.2.3 instead of Frappe's GitHub fork"
		sed -i 's#"air-datepicker": "github:frappe/air-datepicker"#"air-datepicker": "2.2.3"#' "$pkg"
	fi
	log "Installing Frappe's JavaScript dependencies (yarn)"
	(cd "$ROOT/apps/frappe" && yarn install --check-files --non-interactive --silent) || die "yarn install failed in apps/frappe"
}

ensure_assets() {
	local marker="$ROOT/sites/assets/.onestop-built" want
	want="$(git -C "$ROOT/apps/frappe" rev-parse HEAD)-$(find "$ROOT/apps/onestop_center/onestop_center/public" -type f -print0 | sort -z | xargs -0 cat | sha1sum | cut -c1-16)"
	if [ -f "$ROOT/sites/assets/assets.json" ] && [ "$(cat "$marker" 2>/dev/null)" = "$want" ]; then
		return
	fi
	# one build at a time: parallel test runs on one bench share sites/assets
	exec 9>"$ROOT/logs/.build.lock"
	flock 9
	if [ -f "$ROOT/sites/assets/assets.json" ] && [ "$(cat "$marker" 2>/dev/null)" = "$want" ]; then
		flock -u 9
		return
	fi
	log "Building desk and portal assets"
	frappe_cli build --production >"$ROOT/logs/build.log" 2>&1 || die "asset build failed: see logs/build.log"
	echo "$want" >"$marker"
	flock -u 9
}

# The browser suites' JavaScript tools (tests/package.json: axe-core for the accessibility checks).
ensure_test_node_modules() {
	local marker="$ROOT/tests/node_modules/.onestop-installed" want
	want="$(tree_hash "$ROOT/tests/package.json" "$ROOT/tests/package-lock.json")"
	if [ "$(cat "$marker" 2>/dev/null)" = "$want" ]; then
		return
	fi
	log "Installing the browser suites' JavaScript tools (npm ci in tests/)"
	(cd "$ROOT/tests" && npm ci --no-audit --no-fund --silent) || die "npm ci failed in tests/ (the npm registry must be reachable)"
	echo "$want" >"$marker"
}

# Command-line test tools in their own virtualenv (tests/tools-requirements.txt: schemathesis).
ensure_test_tools() {
	local venv="$ROOT/env-tools" marker want
	marker="$venv/.onestop-installed"
	want="$(tree_hash "$ROOT/tests/tools-requirements.txt")"
	if [ "$(cat "$marker" 2>/dev/null)" = "$want" ]; then
		return
	fi
	log "Installing the command-line test tools (env-tools/: schemathesis)"
	[ -x "$venv/bin/python" ] || python3 -m venv "$venv" || die "could not create env-tools/"
	"$venv/bin/pip" install -q -r "$ROOT/tests/tools-requirements.txt" || die "pip install failed for tests/tools-requirements.txt"
	echo "$want" >"$marker"
}

provision() {
	ensure_system_packages "$@"
	ensure_mariadb
	ensure_redis
	ensure_frappe_source
	ensure_python_env "${EXTRA_REQUIREMENTS:-}"
	ensure_node_modules
	ensure_assets
	if [ "${1:-}" = "--with-browser" ]; then
		ensure_test_node_modules
		ensure_test_tools
	fi
}

# ---------------------------------------------------------------- sites
app_hash() {
	# Changes whenever the app's code or metadata changes: then the site needs `migrate`.
	(cd "$ROOT" && git ls-files -s apps/onestop_center && git diff HEAD -- apps/onestop_center 2>/dev/null &&
		{ git ls-files -o --exclude-standard -z apps/onestop_center | xargs -0 -r cat 2>/dev/null || true; }) |
		sha1sum | cut -c1-16  # (a file removed while being listed is skipped, not fatal)
}

# new_site NAME DB_NAME: (re)create a site with the app installed and the setup wizard completed.
new_site() {
	local site="$1" db_name="$2"
	log "Creating site $site (database $db_name)"
	rm -rf "$ROOT/sites/$site"
	frappe_cli new-site "$site" --force --db-name "$db_name" --db-root-password "$DB_ROOT_PASSWORD" \
		--admin-password "$ADMIN_PASSWORD" --install-app onestop_center >"$ROOT/logs/new-site-$site.log" 2>&1 ||
		die "creating site $site failed: see logs/new-site-$site.log"
	frappe_cli --site "$site" execute onestop_center.setup.wizard.complete_setup >/dev/null
	app_hash >"$ROOT/sites/$site/.onestop-app-hash"
}

# ensure_site NAME DB_NAME: create the site when missing, migrate it when the app changed.
ensure_site() {
	local site="$1" db_name="$2"
	if [ ! -f "$ROOT/sites/$site/site_config.json" ]; then
		new_site "$site" "$db_name"
		return
	fi
	local want
	want="$(app_hash)"
	if [ "$(cat "$ROOT/sites/$site/.onestop-app-hash" 2>/dev/null)" != "$want" ]; then
		log "Migrating site $site (the app changed)"
		frappe_cli --site "$site" migrate >"$ROOT/logs/migrate-$site.log" 2>&1 || die "migrate failed: see logs/migrate-$site.log"
		frappe_cli --site "$site" execute onestop_center.setup.wizard.complete_setup >/dev/null
		echo "$want" >"$ROOT/sites/$site/.onestop-app-hash"
	fi
}

load_demo_data() {
	log "Loading demo data into $1"
	frappe_cli --site "$1" execute onestop_center.demo.load >"$ROOT/logs/demo-$1.log" 2>&1 ||
		die "loading demo data failed: see logs/demo-$1.log"
}

# ---------------------------------------------------------------- processes
pidfile() { echo "$ROOT/config/pids/$1.pid"; }

stop_process() {
	local f
	f="$(pidfile "$1")"
	if [ -f "$f" ]; then
		local pid
		pid="$(cat "$f")"
		if kill -0 "$pid" 2>/dev/null; then
			kill -- "-$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
			for _ in $(seq 1 20); do
				kill -0 "$pid" 2>/dev/null || break
				sleep 0.25
			done
			kill -9 -- "-$pid" 2>/dev/null || true
		fi
		rm -f "$f"
	fi
}

# start_process NAME DIR COMMAND...: run in its own process group, log to logs/NAME.log
start_process() {
	local name="$1" dir="$2"
	shift 2
	stop_process "$name"
	(cd "$dir" && exec setsid "$@" >>"$ROOT/logs/$name.log" 2>&1 </dev/null) &
	echo $! >"$(pidfile "$name")"
}

wait_for_http() {
	local url="$1" site="$2"
	for _ in $(seq 1 120); do
		if curl -fsS -o /dev/null -H "X-Frappe-Site-Name: $site" "$url/api/method/ping" 2>/dev/null; then
			return 0
		fi
		sleep 0.5
	done
	return 1
}

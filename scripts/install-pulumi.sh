#!/usr/bin/env bash
# Provide the Pulumi CLI, the Node.js language host and the dynamic-provider plugin
# script, at the version of @pulumi/pulumi installed in node_modules.
#
#   bash scripts/install-pulumi.sh                 # build if needed, print the bin dir
#   bash scripts/install-pulumi.sh --print-bin-dir # only the bin dir on stdout (progress on stderr)
#   bash scripts/install-pulumi.sh --force         # ignore tools on PATH and rebuild
#   PATH="$(bash scripts/install-pulumi.sh --print-bin-dir):$PATH"
#   PULUMI_TOOLS_DIR=/opt/pulumi-tools bash scripts/install-pulumi.sh   # another tools root
#
# If `pulumi`, `pulumi-language-nodejs` and `pulumi-resource-pulumi-nodejs` are all on
# PATH already, they are used as they are. Otherwise the tools are built from their Go
# modules with the ordinary Go client (no prebuilt binary is ever downloaded) into
#   <repo>/.tools/pulumi/v<VERSION>/bin/      (gitignored; cached per version)
# or $PULUMI_TOOLS_DIR/v<VERSION>/bin/ when PULUMI_TOOLS_DIR is set. An installed tools dir is
# self-contained: nothing in it loads code from the checkout, so `npm ci`, a branch switch or
# deleting the checkout's node_modules never breaks the stacks that use it.
# The build happens in a temp dir and is renamed into place only when complete, so an
# interrupted build never leaves a half-installed tool behind.
#
# How it is built (see also shared/reference/pulumi.md, section 4):
# * `go install pkg@version` cannot build Pulumi because its go.mod files carry replace
#   directives, so each binary is built from a small generated wrapper module
#   (`module local/pulumibuild`) that requires the upstream modules at the release and
#   restates their non-local replace directives, read from the upstream go.mod at build
#   time. The wrapper's go.sum is seeded from the upstream go.sum files, so every
#   dependency is checked against the hashes Pulumi itself committed.
# * Flags as in Pulumi's release build: CGO_ENABLED=0, -trimpath,
#   -tags osusergo,grpcnotrace and -X .../sdk/v3/go/common/version.Version=v<VERSION>, so
#   `pulumi version` prints v<VERSION> (the Automation API version check needs that).
# * Language host: module github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3
#   has no tags; it is asked for at the commit of the pkg/v<VERSION> tag. Where the module
#   proxy does not serve that module (the case on the project machines), the script falls
#   back to the last language host that was published inside the sdk/v3 module itself
#   (LEGACY_LANGHOST_SDK below), built unmodified from that module and stamped with its
#   own version. The Pulumi engine keeps compatibility fallbacks for older language hosts;
#   with it, up/preview/refresh/destroy and the Automation API work for Node programs.
#   Known limits of the old host: Pulumi.yaml `runtime.options` (typescript, nodeargs,
#   packagemanager) are ignored (TypeScript is always on, as is the default), and the SDK
#   features added after it (resource hooks, delete hooks) are not supported through it.
#   Rebuilding the monorepo layout from the module cache (the other recipe) cannot help
#   there: it needs that same language host module.
#
# Checksum database: the checksum database has no entry for github.com/pulumi/pulumi/pkg/v3
# at the releases we build ("verifying go.mod ... 404"). GONOSUMDB is therefore set, on
# the go commands of this script only, to the two Pulumi module prefixes that need it:
#   GONOSUMDB=github.com/pulumi/pulumi/pkg,github.com/pulumi/pulumi/sdk/nodejs
# Trade-off: for exactly those modules we trust the module proxy's content (over TLS)
# without the transparency-log check; every other module (the sdk/v3 module included)
# is still checked against the upstream go.sum hashes and the checksum database.
# GOSUMDB=off would drop the check for all ~300 dependencies, so it is not used; nothing
# is changed in `go env`.
set -euo pipefail

readonly LOG_PREFIX="[install-pulumi]"
# Newest sdk/v3 release that still contained nodejs/cmd/pulumi-language-nodejs as a
# package (from v3.69.0 on it is a module of its own).
readonly LEGACY_LANGHOST_SDK="v3.68.0"
readonly NOSUMDB_PATTERNS="github.com/pulumi/pulumi/pkg,github.com/pulumi/pulumi/sdk/nodejs"
readonly PKG_MOD="github.com/pulumi/pulumi/pkg/v3"
readonly SDK_MOD="github.com/pulumi/pulumi/sdk/v3"
readonly LANGHOST_MOD="github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3"
readonly PLUGIN_SCRIPT="pulumi-resource-pulumi-nodejs"

START_SECONDS=$SECONDS
log() { printf '%s %s (%ss)\n' "$LOG_PREFIX" "$*" "$((SECONDS - START_SECONDS))" >&2; }
die() { printf '%s error: %s\n' "$LOG_PREFIX" "$*" >&2; exit 1; }

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

PRINT_BIN_DIR=0
FORCE=0
for arg in "$@"; do
  case "$arg" in
    --print-bin-dir) PRINT_BIN_DIR=1 ;;
    --force) FORCE=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $arg" ;;
  esac
done

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
TOOLS_ROOT="${PULUMI_TOOLS_DIR:-$REPO_ROOT/.tools/pulumi}"
case $TOOLS_ROOT in /*) ;; *) TOOLS_ROOT="$PWD/$TOOLS_ROOT" ;; esac

# Prints the final result: only the directory with --print-bin-dir, a sentence otherwise.
finish() {
  local bin_dir="$1" what="$2"
  if [[ $PRINT_BIN_DIR == 1 ]]; then
    printf '%s\n' "$bin_dir"
  else
    printf '%s %s: %s\n' "$LOG_PREFIX" "$what" "$bin_dir"
    # shellcheck disable=SC2016 # a literal $PATH is printed on purpose
    printf '%s use it with: export PATH="%s:$PATH"\n' "$LOG_PREFIX" "$bin_dir"
  fi
  exit 0
}

# ---------------------------------------------------------------------------------------
# 1. Tools already on PATH win (a user who has Pulumi installed keeps theirs).
# ---------------------------------------------------------------------------------------
if [[ $FORCE == 0 ]] && command -v pulumi >/dev/null 2>&1 &&
  command -v pulumi-language-nodejs >/dev/null 2>&1 &&
  command -v "$PLUGIN_SCRIPT" >/dev/null 2>&1 &&
  [[ "$(command -v pulumi)" != "$TOOLS_ROOT/"* ]]; then # our own builds are checked below
  path_pulumi="$(command -v pulumi)"
  printf '%s using the Pulumi tools on PATH (pulumi %s):\n' "$LOG_PREFIX" \
    "$(pulumi version 2>/dev/null || echo '(version unknown)')" >&2
  for tool in pulumi pulumi-language-nodejs "$PLUGIN_SCRIPT"; do
    printf '%s   %s\n' "$LOG_PREFIX" "$(command -v "$tool")" >&2
  done
  finish "$(dirname "$path_pulumi")" "Pulumi tools on PATH"
fi

# ---------------------------------------------------------------------------------------
# 2. The version to provide is the one of the installed @pulumi/pulumi SDK.
# ---------------------------------------------------------------------------------------
SDK_DIR="$REPO_ROOT/node_modules/@pulumi/pulumi"
[[ -f "$SDK_DIR/package.json" ]] ||
  die "$SDK_DIR/package.json not found: run npm ci first (in $REPO_ROOT)"
command -v node >/dev/null 2>&1 || die "node is not on PATH"
VERSION="$(node -p 'require(process.argv[1]).version' "$SDK_DIR/package.json")"
[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || die "unexpected @pulumi/pulumi version '$VERSION'"
[[ -x "$SDK_DIR/$PLUGIN_SCRIPT" ]] || die "$SDK_DIR/$PLUGIN_SCRIPT is missing: run npm ci first"

INSTALL_DIR="$TOOLS_ROOT/v$VERSION"
BIN_DIR="$INSTALL_DIR/bin"

binaries_installed() {
  [[ -x "$BIN_DIR/pulumi" && -x "$BIN_DIR/pulumi-language-nodejs" && -x "$BIN_DIR/$PLUGIN_SCRIPT" ]] &&
    [[ "$("$BIN_DIR/pulumi" version 2>/dev/null)" == "v$VERSION" ]]
}

# A fallback host must come with its RunPlugin front, installed inside the tools dir (an older
# install lacks it, or links the launcher into a checkout whose node_modules it then needed).
front_installed() {
  ! grep -q "(fallback)" "$INSTALL_DIR/BUILD-INFO" 2>/dev/null || {
    [[ -x "$BIN_DIR/pulumi-language-nodejs-legacy" && ! -L "$BIN_DIR/pulumi-language-nodejs" ]] &&
      [[ -f "$INSTALL_DIR/front/langhostRunPlugin.js" && -d "$INSTALL_DIR/front/node_modules/@grpc/grpc-js" ]] &&
      # A front built from an older scripts/langhostRunPlugin.ts is reinstalled (a cheap step).
      [[ "$(cat "$INSTALL_DIR/front/SOURCE-SHA256" 2>/dev/null)" == "$(front_source_hash)" ]]
  }
}

front_source_hash() {
  cat "$SCRIPT_DIR/langhostRunPlugin.ts" "$SCRIPT_DIR/pulumi-language-nodejs-runplugin" | sha256sum | cut -d' ' -f1
}

is_installed() { binaries_installed && front_installed; }

# install_front DIR: the RunPlugin front (scripts/langhostRunPlugin.ts) and everything it loads,
# into DIR/front, plus its launcher as DIR/bin/pulumi-language-nodejs. The front is transpiled
# with the checkout's TypeScript; its generated gRPC stubs are copied from @pulumi/pulumi/proto
# and its two runtime packages are installed by npm at the versions the checkout's lockfile
# holds (from the local npm cache when it has them). At run time nothing is loaded from the
# checkout: the launcher finds the front relative to itself.
install_front() {
  local dir="$1" front="$1/front" grpc_version protobuf_version
  command -v npm >/dev/null 2>&1 || die "npm is needed to install the language-host front"
  grpc_version="$(node -p 'require(process.argv[1]).version' "$REPO_ROOT/node_modules/@grpc/grpc-js/package.json")" ||
    die "node_modules/@grpc/grpc-js is missing: run npm ci first"
  protobuf_version="$(node -p 'require(process.argv[1]).version' "$REPO_ROOT/node_modules/google-protobuf/package.json")" ||
    die "node_modules/google-protobuf is missing: run npm ci first"
  rm -rf "$front"
  mkdir -p "$front/proto"
  printf '{ "name": "pulumi-language-nodejs-front", "private": true, "description": "RunPlugin front of the legacy language host (scripts/langhostRunPlugin.ts)" }\n' >"$front/package.json"
  # shellcheck disable=SC2016 # JavaScript, not shell
  node -e '
    const fs = require("fs");
    const ts = require(process.argv[1]);
    const source = fs.readFileSync(process.argv[2], "utf8");
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    // The stubs are copied next to the front, so they are required relative to it.
    const text = outputText.split("require(\"@pulumi/pulumi/proto/").join("require(\"./proto/");
    if (/require\("@pulumi\/pulumi\/proto/.test(text)) throw new Error("unexpected proto import left in the front");
    fs.writeFileSync(process.argv[3], text);
  ' "$REPO_ROOT/node_modules/typescript" "$SCRIPT_DIR/langhostRunPlugin.ts" "$front/langhostRunPlugin.js" ||
    die "transpiling scripts/langhostRunPlugin.ts failed"
  cp -R "$SDK_DIR/proto/." "$front/proto/" || die "copying the gRPC stubs from $SDK_DIR/proto failed"
  find "$front/proto" -name '*.d.ts' -delete
  log "installing @grpc/grpc-js@$grpc_version and google-protobuf@$protobuf_version for the language-host front…"
  npm install --prefix "$front" --prefer-offline --no-audit --no-fund --no-package-lock --loglevel=error \
    "@grpc/grpc-js@$grpc_version" "google-protobuf@$protobuf_version" >&2 ||
    die "npm install of the language-host front's packages failed (see above)"
  install -m 0755 "$SCRIPT_DIR/pulumi-language-nodejs-runplugin" "$dir/bin/pulumi-language-nodejs"
  front_source_hash >"$front/SOURCE-SHA256"
}

if [[ $FORCE == 0 ]] && is_installed; then
  finish "$BIN_DIR" "Pulumi v$VERSION (cached)"
fi

# Binaries built, front missing or outdated (an install from before the front was self-contained):
# install the front in place instead of rebuilding everything.
if [[ $FORCE == 0 ]] && binaries_installed && [[ -x "$BIN_DIR/pulumi-language-nodejs-legacy" ]]; then
  log "installing the language-host front into $INSTALL_DIR"
  FRONT_STAGE="$(mktemp -d "$INSTALL_DIR/.front.partial.XXXXXX")"
  mkdir -p "$FRONT_STAGE/bin"
  install_front "$FRONT_STAGE"
  rm -rf "$INSTALL_DIR/front"
  mv "$FRONT_STAGE/front" "$INSTALL_DIR/front"
  mv -f "$FRONT_STAGE/bin/pulumi-language-nodejs" "$BIN_DIR/pulumi-language-nodejs"
  rm -rf "$FRONT_STAGE"
  is_installed || die "the language-host front did not install completely"
  finish "$BIN_DIR" "Pulumi v$VERSION (cached; language-host front installed)"
fi

# ---------------------------------------------------------------------------------------
# 3. Build.
# ---------------------------------------------------------------------------------------
command -v go >/dev/null 2>&1 || die "Go (>= 1.25) is needed to build Pulumi v$VERSION and is not on PATH"
mkdir -p "$TOOLS_ROOT"

# One build at a time per checkout; a second caller waits, then finds the cached result.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$TOOLS_ROOT/.lock"
  if ! flock -n 9; then
    log "another install is running; waiting for it"
    flock 9
  fi
  if [[ $FORCE == 0 ]] && is_installed; then
    finish "$BIN_DIR" "Pulumi v$VERSION (built by the other install)"
  fi
fi

WORK_DIR="$(mktemp -d "${TMPDIR:-/tmp}/pulumi-build.XXXXXX")"
# The staging dir sits beside the final one so that the final rename is atomic.
STAGE_DIR="$(mktemp -d "$TOOLS_ROOT/.v$VERSION.partial.XXXXXX")"
chmod 0755 "$STAGE_DIR"
HEARTBEAT_PID=""
# shellcheck disable=SC2317 # called through the trap
cleanup() {
  if [[ -n $HEARTBEAT_PID ]]; then kill "$HEARTBEAT_PID" 2>/dev/null || true; fi
  # The module cache marks files read-only; make our temp tree removable.
  chmod -R u+w "$WORK_DIR" 2>/dev/null || true
  rm -rf "$WORK_DIR" "$STAGE_DIR" "$STAGE_DIR.old"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Every go command of this script runs with this environment (and only those commands).
gocmd() {
  env GOWORK=off CGO_ENABLED=0 GONOSUMDB="$NOSUMDB_PATTERNS" go "$@"
}

# jsonfield FIELD.PATH <json: prints the field of a JSON document read from stdin.
jsonfield() {
  node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let v = JSON.parse(s);
      for (const k of process.argv[1].split(".")) v = v == null ? v : v[k];
      process.stdout.write(v == null ? "" : String(v));
    });' "$1"
}

# download MODULE@QUERY: downloads into the module cache; prints `go mod download -json`.
download() {
  gocmd mod download -json "$1" 2>/dev/null || true
}

# nonlocal_replaces GO_MOD: prints the replace directives of an upstream go.mod that point
# at another module version (the ones pointing at ../ paths are restated by requiring the
# same release instead), one `-replace=old[@v]=new@v` flag per line.
nonlocal_replaces() {
  # shellcheck disable=SC2016 # JavaScript, not shell
  gocmd mod edit -json "$1" | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      for (const r of JSON.parse(s).Replace || []) {
        if (!r.New.Version) continue;
        const old = r.Old.Version ? `${r.Old.Path}@${r.Old.Version}` : r.Old.Path;
        console.log(`-replace=${old}=${r.New.Path}@${r.New.Version}`);
      }
    });'
}

# make_wrapper DIR GO_VERSION TOOL_PKG "REQUIRES..." "GO_MOD_FILES_FOR_REPLACES..." "GO_SUM_FILES..."
make_wrapper() {
  local dir="$1" go_version="$2" tool_pkg="$3" requires="$4" mods="$5" sums="$6"
  local -a flags=("-go=$go_version" "-tool=$tool_pkg") replaces=()
  local r line
  mkdir -p "$dir"
  printf 'module local/pulumibuild\n' >"$dir/go.mod"
  for r in $requires; do flags+=("-require=$r"); done
  for r in $mods; do
    while IFS= read -r line; do
      [[ -n $line ]] && replaces+=("$line")
    done < <(nonlocal_replaces "$r")
  done
  (cd "$dir" && gocmd mod edit "${flags[@]}" ${replaces[@]+"${replaces[@]}"})
  # shellcheck disable=SC2086 # word splitting of the file list is intended
  cat $sums | sort -u >"$dir/go.sum"
  log "wrapper module for $tool_pkg, restated replaces: ${replaces[*]:-none}"
}

# build_tool DIR PKG OUT STAMP: tidy (downloads the modules) and build one binary.
build_tool() {
  local dir="$1" pkg="$2" out="$3" stamp="$4" name
  name="$(basename "$out")"
  log "downloading modules for $name…"
  (cd "$dir" && gocmd mod tidy) >"$dir/tidy.log" 2>&1 || {
    tail -n 20 "$dir/tidy.log" >&2
    return 1
  }
  log "building $name…"
  (
    trap 'kill "$tick" 2>/dev/null; exit 0' TERM
    while :; do
      sleep 30 &
      tick=$!
      wait "$tick"
      log "still building $name…"
    done
  ) >/dev/null &
  HEARTBEAT_PID=$!
  local rc=0
  (cd "$dir" && gocmd build -trimpath -tags osusergo,grpcnotrace \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$stamp" \
    -o "$out" "$pkg") || rc=$?
  kill "$HEARTBEAT_PID" 2>/dev/null || true
  wait "$HEARTBEAT_PID" 2>/dev/null || true
  HEARTBEAT_PID=""
  return "$rc"
}

log "building Pulumi v$VERSION from Go modules into $INSTALL_DIR ($(go version | cut -d' ' -f3))"
log "resolving $PKG_MOD@v$VERSION and $SDK_MOD@v$VERSION…"
PKG_JSON="$(download "$PKG_MOD@v$VERSION")"
SDK_JSON="$(download "$SDK_MOD@v$VERSION")"
PKG_DIR="$(jsonfield Dir <<<"$PKG_JSON")"
SDK_SRC_DIR="$(jsonfield Dir <<<"$SDK_JSON")"
[[ -n $PKG_DIR ]] || die "cannot download $PKG_MOD@v$VERSION: $(jsonfield Error <<<"$PKG_JSON")"
[[ -n $SDK_SRC_DIR ]] || die "cannot download $SDK_MOD@v$VERSION: $(jsonfield Error <<<"$SDK_JSON")"
# The pkg tag sits on the release's "changelog and go.mod" commit; the language host is
# fetched at that commit.
RELEASE_COMMIT="$(jsonfield Origin.Hash <<<"$PKG_JSON")"
GO_DIRECTIVE="$(gocmd mod edit -json "$PKG_DIR/go.mod" | jsonfield Go)"

mkdir -p "$STAGE_DIR/bin"

# --- pulumi ------------------------------------------------------------------------------
make_wrapper "$WORK_DIR/cli" "$GO_DIRECTIVE" "$PKG_MOD/cmd/pulumi" \
  "$PKG_MOD@v$VERSION $SDK_MOD@v$VERSION" \
  "$PKG_DIR/go.mod" \
  "$PKG_DIR/go.sum $SDK_SRC_DIR/go.sum"
build_tool "$WORK_DIR/cli" "$PKG_MOD/cmd/pulumi" "$STAGE_DIR/bin/pulumi" "v$VERSION" ||
  die "building pulumi failed (see above)"

# --- pulumi-language-nodejs --------------------------------------------------------------
LANGHOST_FROM=""
if [[ -n $RELEASE_COMMIT ]]; then
  log "resolving $LANGHOST_MOD at commit ${RELEASE_COMMIT:0:12}…"
  LH_JSON="$(download "$LANGHOST_MOD@$RELEASE_COMMIT")"
  LH_DIR="$(jsonfield Dir <<<"$LH_JSON")"
  if [[ -n $LH_DIR ]]; then
    LH_VERSION="$(jsonfield Version <<<"$LH_JSON")"
    make_wrapper "$WORK_DIR/langhost" "$GO_DIRECTIVE" "$LANGHOST_MOD" \
      "$LANGHOST_MOD@$LH_VERSION $PKG_MOD@v$VERSION $SDK_MOD@v$VERSION" \
      "$LH_DIR/go.mod $PKG_DIR/go.mod" \
      "$LH_DIR/go.sum $PKG_DIR/go.sum $SDK_SRC_DIR/go.sum"
    if build_tool "$WORK_DIR/langhost" "$LANGHOST_MOD" "$STAGE_DIR/bin/pulumi-language-nodejs" "v$VERSION"; then
      LANGHOST_FROM="$LANGHOST_MOD@$LH_VERSION (release commit of v$VERSION)"
    else
      log "building the language host at the release commit failed; trying the fallback"
    fi
  else
    log "the module proxy does not serve $LANGHOST_MOD: $(jsonfield Error <<<"$LH_JSON" | head -n 1 | sed 's/reading [^ ]*: //')"
  fi
fi
if [[ -z $LANGHOST_FROM ]]; then
  log "WARNING: falling back to the Node.js language host of $SDK_MOD@$LEGACY_LANGHOST_SDK (the last release that shipped it inside the sdk module)"
  LEGACY_JSON="$(download "$SDK_MOD@$LEGACY_LANGHOST_SDK")"
  LEGACY_DIR="$(jsonfield Dir <<<"$LEGACY_JSON")"
  [[ -n $LEGACY_DIR ]] || die "cannot download $SDK_MOD@$LEGACY_LANGHOST_SDK: $(jsonfield Error <<<"$LEGACY_JSON")"
  make_wrapper "$WORK_DIR/langhost-legacy" "$GO_DIRECTIVE" "$SDK_MOD/nodejs/cmd/pulumi-language-nodejs" \
    "$SDK_MOD@$LEGACY_LANGHOST_SDK" \
    "$LEGACY_DIR/go.mod" \
    "$LEGACY_DIR/go.sum"
  build_tool "$WORK_DIR/langhost-legacy" "$SDK_MOD/nodejs/cmd/pulumi-language-nodejs" \
    "$STAGE_DIR/bin/pulumi-language-nodejs" "$LEGACY_LANGHOST_SDK" ||
    die "building pulumi-language-nodejs failed (see above)"
  LANGHOST_FROM="$SDK_MOD@$LEGACY_LANGHOST_SDK nodejs/cmd/pulumi-language-nodejs (fallback)"
  # The old host answers RunPlugin with "not supported", and the 3.248 engine starts policy
  # packs through it, so `pulumi preview --policy-pack` would fail. A small front
  # (scripts/langhostRunPlugin.ts) takes the host's name, passes every call through to the real
  # host and serves RunPlugin for policy packs itself. It is installed with its dependencies
  # inside the tools dir (install_front), so the tools never depend on this checkout.
  mv "$STAGE_DIR/bin/pulumi-language-nodejs" "$STAGE_DIR/bin/pulumi-language-nodejs-legacy"
  install_front "$STAGE_DIR"
  LANGHOST_FROM="$LANGHOST_FROM, behind the RunPlugin front in front/ (scripts/langhostRunPlugin.ts)"
fi

# --- pulumi-resource-pulumi-nodejs (the dynamic-provider plugin, a shell script) ----------
install -m 0755 "$SDK_DIR/$PLUGIN_SCRIPT" "$STAGE_DIR/bin/$PLUGIN_SCRIPT"

got="$("$STAGE_DIR/bin/pulumi" version)"
[[ $got == "v$VERSION" ]] || die "built pulumi reports '$got', expected v$VERSION"

cat >"$STAGE_DIR/BUILD-INFO" <<EOF
pulumi                          $PKG_MOD@v$VERSION (commit $RELEASE_COMMIT)
pulumi-language-nodejs          $LANGHOST_FROM
pulumi-resource-pulumi-nodejs   copied from node_modules/@pulumi/pulumi@$VERSION
go                              $(go version | cut -d' ' -f3-)
flags                           CGO_ENABLED=0 -trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X .../version.Version=..."
built                           $(date -u +%Y-%m-%dT%H:%M:%SZ) in $((SECONDS - START_SECONDS))s
EOF

# Move into place: the old dir (a broken or forced rebuild) is moved aside first.
if [[ -e $INSTALL_DIR ]]; then
  mv "$INSTALL_DIR" "$STAGE_DIR.old"
  mv "$STAGE_DIR" "$INSTALL_DIR"
  rm -rf "$STAGE_DIR.old"
else
  mv "$STAGE_DIR" "$INSTALL_DIR"
fi
log "installed Pulumi v$VERSION (language host: $LANGHOST_FROM)"
finish "$BIN_DIR" "Pulumi v$VERSION built"

# shellcheck shell=bash
# Environment for running Pulumi locally and offline. Source it, don't execute it:
#
#   source scripts/pulumi-env.sh        # builds the tools first if needed (see install-pulumi.sh)
#
# It puts the Pulumi bin dir (tools on PATH, or .tools/pulumi/v<VERSION>/bin) first on PATH
# and exports:
#   PULUMI_SKIP_UPDATE_CHECK=true                     no "new version available" lookup
#   PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true  a missing plugin fails fast instead of
#                                                     being downloaded (e.g. the aws plugin that
#                                                     @pulumi/aws in node_modules asks for)
# PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK is not needed: the built CLI is version-stamped.
#
# Left to the caller (set them before or after sourcing):
#   PULUMI_HOME=<dir>                 isolates ~/.pulumi (plugin cache, workspaces, credentials);
#                                     use a temp dir in tests
#   PULUMI_BACKEND_URL=file://<dir>   local file backend (absolute path), no login needed
#   PULUMI_CONFIG_PASSPHRASE=         passphrase secrets provider; the empty string is accepted,
#                                     or use PULUMI_CONFIG_PASSPHRASE_FILE
# Optional: PULUMI_SKIP_CONFIRMATIONS=true where --yes cannot be passed.
#
# Returns non-zero (without exiting the calling shell) if the tools cannot be provided.

_pulumi_env_bin="$(bash "$(dirname "${BASH_SOURCE[0]}")/install-pulumi.sh" --print-bin-dir)" || {
  echo "[pulumi-env] could not provide the Pulumi tools (see above)" >&2
  unset _pulumi_env_bin
  # shellcheck disable=SC2317 # exit only when executed instead of sourced
  return 1 2>/dev/null || exit 1
}

case ":${PATH:-}:" in
  *":$_pulumi_env_bin:"*) ;;
  *) export PATH="$_pulumi_env_bin${PATH:+:$PATH}" ;;
esac
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
unset _pulumi_env_bin

/**
 * `awsid init SHELL`: the shell function that wraps the `awsid` command. A program cannot change
 * its parent shell's environment, so for `use` the function runs awsid with AWSID_SHELL set (the
 * marker that asks for statements on stdout) and the previous profile passed in, and evaluates
 * the statements awsid prints (src/cli/use/shell-statements.ts) only when it exits 0 and they
 * start with the marker line. The picker draws on stderr, so capturing stdout does not hide it.
 * Every other command runs unchanged, exit code included. Nothing is written to an rc file. The
 * `|| rc=$?` form keeps a shell running with `set -e` alive when awsid refuses.
 */
import { PREVIOUS_VAR, STATEMENTS_MARKER, type UseShell } from './shell-statements.js';

function posixFunction(shell: UseShell): string {
  return `# awsid shell function (awsid init ${shell}): \`awsid use\` switches this shell's AWS_PROFILE
awsid() {
  if [ "$#" -gt 0 ] && [ "$1" = use ]; then
    local __awsid_out __awsid_rc=0
    __awsid_out="$(AWSID_SHELL=${shell} AWSID_USE_PREVIOUS="\${${PREVIOUS_VAR}-}" command awsid "$@")" ||
      __awsid_rc=$?
    case "$__awsid_out" in
      '${STATEMENTS_MARKER}'*) [ "$__awsid_rc" -eq 0 ] && eval "$__awsid_out" ;;
      ?*) printf '%s\\n' "$__awsid_out" ;;
    esac
    return "$__awsid_rc"
  fi
  command awsid "$@"
}
`;
}

const FISH = `# awsid shell function (awsid init fish): \`awsid use\` switches this shell's AWS_PROFILE
function awsid --description 'awsid; awsid use switches this shell'
    if test (count $argv) -gt 0; and test "$argv[1]" = use
        set -l __awsid_out (AWSID_SHELL=fish AWSID_USE_PREVIOUS="$${PREVIOUS_VAR}" command awsid $argv)
        set -l __awsid_rc $status
        if test "$__awsid_out[1]" = '${STATEMENTS_MARKER}'
            test $__awsid_rc -eq 0; and string join \\n -- $__awsid_out | source
        else if set -q __awsid_out[1]
            printf '%s\\n' $__awsid_out
        end
        return $__awsid_rc
    end
    command awsid $argv
end
`;

export function shellInitScript(shell: UseShell): string {
  return shell === 'fish' ? FISH : posixFunction(shell);
}

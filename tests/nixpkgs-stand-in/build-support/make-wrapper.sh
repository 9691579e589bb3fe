# Stand-in for nixpkgs' makeShellWrapper setup hook (make-wrapper.sh):
# makeWrapper EXECUTABLE OUT_PATH ARGS and wrapProgram PROG ARGS, with
#   --argv0 NAME, --inherit-argv0, --set VAR VAL, --set-default VAR VAL,
#   --unset VAR, --chdir DIR, --run COMMAND, --add-flags FLAGS,
#   --append-flags FLAGS, --prefix/--suffix VAR SEP VAL,
#   --prefix-each/--suffix-each VAR SEP VALS, --prefix-contents/--suffix-contents.

assertExecutable() {
    local file="$1"
    [[ -f "$file" && -x "$file" ]] || {
        echo "Cannot wrap '$file' because it is not an executable file" >&2
        return 1
    }
}

makeWrapper() { makeShellWrapper "$@"; }

makeShellWrapper() {
    local original="$1"
    local wrapper="$2"
    local params varName value command separator n fileNames
    local argv0 flagsBefore flagsAfter flags

    assertExecutable "$original"

    # Write wrapper code which adds `value` to the beginning or end of
    # the list variable named by `varName`.
    addValue() {
        local where="$1" varName="$2" separator="$3" value="$4"
        if [[ -n "$value" ]]; then
            if [ "$where" = prefix ]; then
                echo "$varName=$(printf '%q' "$value")\${$varName:+$(printf '%q' "$separator")}\${$varName:-}" >> "$wrapper"
            else
                echo "$varName=\${$varName:-}\${$varName:+$(printf '%q' "$separator")}$(printf '%q' "$value")" >> "$wrapper"
            fi
            echo "export $varName" >> "$wrapper"
        fi
    }

    mkdir -p "$(dirname "$wrapper")"
    echo "#! @shell@ -e" > "$wrapper"

    params=("$@")
    for ((n = 2; n < ${#params[*]}; n += 1)); do
        p="${params[$n]}"
        case "$p" in
            --set)
                varName="${params[$((n + 1))]}"; value="${params[$((n + 2))]}"; n=$((n + 2))
                echo "export $varName=$(printf '%q' "$value")" >> "$wrapper" ;;
            --set-default)
                varName="${params[$((n + 1))]}"; value="${params[$((n + 2))]}"; n=$((n + 2))
                echo "export $varName=\${$varName-$(printf '%q' "$value")}" >> "$wrapper" ;;
            --unset)
                varName="${params[$((n + 1))]}"; n=$((n + 1))
                echo "unset $varName" >> "$wrapper" ;;
            --chdir)
                value="${params[$((n + 1))]}"; n=$((n + 1))
                echo "cd $(printf '%q' "$value")" >> "$wrapper" ;;
            --run)
                command="${params[$((n + 1))]}"; n=$((n + 1))
                echo "$command" >> "$wrapper" ;;
            --prefix|--suffix)
                varName="${params[$((n + 1))]}"; separator="${params[$((n + 2))]}"; value="${params[$((n + 3))]}"; n=$((n + 3))
                addValue "${p#--}" "$varName" "$separator" "$value" ;;
            --prefix-each|--suffix-each)
                varName="${params[$((n + 1))]}"; separator="${params[$((n + 2))]}"; values="${params[$((n + 3))]}"; n=$((n + 3))
                where="${p#--}"
                for value in $values; do addValue "${where%-each}" "$varName" "$separator" "$value"; done ;;
            --prefix-contents|--suffix-contents)
                varName="${params[$((n + 1))]}"; separator="${params[$((n + 2))]}"; fileNames="${params[$((n + 3))]}"; n=$((n + 3))
                where="${p#--}"
                for fileName in $fileNames; do
                    addValue "${where%-contents}" "$varName" "$separator" "$(cat "$fileName")"
                done ;;
            --add-flags)
                flags="${params[$((n + 1))]}"; n=$((n + 1))
                flagsBefore="${flagsBefore-} $flags" ;;
            --append-flags)
                flags="${params[$((n + 1))]}"; n=$((n + 1))
                flagsAfter="${flagsAfter-} $flags" ;;
            --argv0)
                argv0="${params[$((n + 1))]}"; n=$((n + 1)) ;;
            --inherit-argv0)
                argv0='$0' ;;
            *)
                echo "makeWrapper: unknown argument $p" >&2
                return 1 ;;
        esac
    done

    if [ -n "${argv0-}" ] && [ "$argv0" = '$0' ]; then
        echo "exec -a \"\$0\" $(printf '%q' "$original")${flagsBefore-} \"\$@\"${flagsAfter-}" >> "$wrapper"
    else
        echo "exec -a $(printf '%q' "${argv0:-$original}") $(printf '%q' "$original")${flagsBefore-} \"\$@\"${flagsAfter-}" >> "$wrapper"
    fi
    chmod +x "$wrapper"
}

wrapProgram() { wrapProgramShell "$@"; }

wrapProgramShell() {
    local prog="$1"
    local hidden
    assertExecutable "$prog"
    hidden="$(dirname "$prog")/.$(basename "$prog")"-wrapped
    while [ -e "$hidden" ]; do
        hidden="${hidden}_"
    done
    mv "$prog" "$hidden"
    makeShellWrapper "$hidden" "$prog" --inherit-argv0 "${@:2}"
}

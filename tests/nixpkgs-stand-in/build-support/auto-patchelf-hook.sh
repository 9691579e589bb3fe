# Stand-in for nixpkgs' autoPatchelfHook (auto-patchelf.sh + auto-patchelf.py).
#
# In fixup, for every dynamically linked ELF file in the outputs, each
# DT_NEEDED entry that is not found through the file's existing RUNPATH /
# RPATH (with $ORIGIN expanded) is looked up
#   1. among the ELF libraries inside the outputs themselves,
#   2. in the lib/ directories of the host dependencies (buildInputs and
#      everything they propagate) plus $autoPatchelfLibs / addAutoPatchelfSearchPath,
#   3. glibc's own libraries are provided by the stdenv and left alone.
# Found directories are appended to the RUNPATH with patchelf.  Anything
# not found fails the build with a list, unless autoPatchelfIgnoreMissingDeps
# is set (true = all, or a list of library names / globs).
# runtimeDependencies: $dep/lib is added to every ELF file's RUNPATH.

declare -a autoPatchelfLibs
declare -Ag autoPatchelfFailedDeps

gatherLibraries() {
    if [ -d "$1/lib" ]; then
        autoPatchelfLibs+=("$1/lib")
    fi
}

addAutoPatchelfSearchPath() {
    local dir
    for dir in "$@"; do
        case "$dir" in
            --no-recurse) continue ;;
        esac
        [ -d "$dir" ] && autoPatchelfLibs+=("$dir")
    done
}

# Libraries of glibc: resolved by the dynamic linker, never added to RUNPATH.
_autoPatchelfIsLibc() {
    case "$1" in
        libc.so.*|libm.so.*|libpthread.so.*|libdl.so.*|librt.so.*|libutil.so.*|\
        libresolv.so.*|libanl.so.*|libmvec.so.*|libnsl.so.*|libBrokenLocale.so.*|\
        libnss_*.so.*|libthread_db.so.*|libc_malloc_debug.so.*|ld-linux*.so.*|ld64.so.*)
            return 0 ;;
    esac
    return 1
}

_autoPatchelfIgnored() {
    local dep="$1" pat
    case "${autoPatchelfIgnoreMissingDeps:-}" in
        "") return 1 ;;
        1|true) return 0 ;;
    esac
    local -a pats
    read -r -a pats <<< "${autoPatchelfIgnoreMissingDeps}"
    for pat in "${pats[@]}"; do
        # shellcheck disable=SC2053
        [[ "$pat" == "*" || "$dep" == $pat ]] && return 0
    done
    return 1
}

_autoPatchelfIsDynamicElf() {
    isELF "$1" || return 1
    # Only files with a dynamic section (skip static binaries, objects).
    LANG=C readelf -d "$1" 2>/dev/null | grep -q '(NEEDED)\|(SONAME)\|(RUNPATH)\|(RPATH)' || return 1
}

autoPatchelfFile() {
    local file="$1"
    local origin rpath newRpath needed dep found dir entry
    origin="$(dirname "$(readlink -f "$file")")"
    rpath="$(patchelf --print-rpath "$file" 2>/dev/null || true)"
    newRpath="$rpath"

    for needed in $(patchelf --print-needed "$file" 2>/dev/null); do
        found=""
        # Absolute DT_NEEDED entries are valid as they are.
        if [[ "$needed" == /* ]]; then
            [ -e "$needed" ] && continue
        fi
        # Already resolvable through the current RUNPATH?
        local IFS=:
        for entry in $newRpath; do
            entry="${entry//\$ORIGIN/$origin}"
            entry="${entry//\$\{ORIGIN\}/$origin}"
            if [ -n "$entry" ] && [ -e "$entry/$needed" ]; then found=1; break; fi
        done
        unset IFS
        [ -n "$found" ] && continue

        if _autoPatchelfIsLibc "$needed"; then
            continue
        fi

        # Inside the outputs, then in the dependencies' lib directories.
        for dir in "${_autoPatchelfOutputLibDirs[@]}" "${autoPatchelfLibs[@]}"; do
            if [ -e "$dir/$needed" ]; then
                found="$dir"
                break
            fi
        done
        if [ -n "$found" ]; then
            echo "    $needed -> found: $found/$needed"
            newRpath="${newRpath:+$newRpath:}$found"
        else
            if _autoPatchelfIgnored "$needed"; then
                echo "    $needed -> not found! (ignored)" >&2
            else
                echo "    $needed -> not found!" >&2
                autoPatchelfFailedDeps["$file:$needed"]=1
            fi
        fi
    done

    local dep2
    for dep2 in ${runtimeDependencies:-}; do
        if [ -d "$dep2/lib" ] && [[ ":$newRpath:" != *":$dep2/lib:"* ]]; then
            newRpath="${newRpath:+$newRpath:}$dep2/lib"
        fi
    done

    if [ "$newRpath" != "$rpath" ]; then
        echo "setting RUNPATH of $file to $newRpath"
        patchelf --set-rpath "$newRpath" "$file"
    fi
}

autoPatchelf() {
    local -a paths=()
    while [ "$#" -gt 0 ]; do
        case "$1" in
            --) shift; paths+=("$@"); break ;;
            --no-recurse) shift ;;
            *) paths+=("$1"); shift ;;
        esac
    done

    # Directories inside the outputs that hold shared libraries.
    _autoPatchelfOutputLibDirs=()
    local f d
    declare -A seenDir=()
    while IFS= read -r -d $'\0' f; do
        case "$(basename "$f")" in
            *.so|*.so.*) ;;
            *) continue ;;
        esac
        d="$(dirname "$f")"
        if [ -z "${seenDir[$d]:-}" ]; then
            seenDir[$d]=1
            _autoPatchelfOutputLibDirs+=("$d")
        fi
    done < <(find "${paths[@]}" \( -type f -o -type l \) -print0)

    autoPatchelfFailedDeps=()
    while IFS= read -r -d $'\0' f; do
        _autoPatchelfIsDynamicElf "$f" || continue
        echo "searching for dependencies of $f"
        autoPatchelfFile "$f"
    done < <(find "${paths[@]}" -type f -print0)

    if [ "${#autoPatchelfFailedDeps[@]}" -gt 0 ]; then
        echo "auto-patchelf: ${#autoPatchelfFailedDeps[@]} dependencies could not be satisfied" >&2
        local k
        for k in "${!autoPatchelfFailedDeps[@]}"; do
            echo "error: auto-patchelf could not satisfy dependency ${k##*:} wanted by ${k%:*}" >&2
        done
        echo "auto-patchelf failed to find all the required dependencies." >&2
        echo "Add the missing dependencies to --libs or use \`--ignore-missing=\"foo.so.1 bar.so etc.so\"\`." >&2
        return 1
    fi
}

autoPatchelfPostFixup() {
    if [ -z "${dontAutoPatchelf-}" ]; then
        local -a outs=()
        local output
        for output in $(getAllOutputNames); do
            [ -e "${!output}" ] && outs+=("${!output}")
        done
        autoPatchelf -- "${outs[@]}"
    fi
}

addEnvHooks "$targetOffset" gatherLibraries
postFixupHooks+=(autoPatchelfPostFixup)

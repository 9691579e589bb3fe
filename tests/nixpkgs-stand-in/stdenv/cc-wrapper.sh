#!/bin/bash
# Stand-in for nixpkgs' cc-wrapper + ld-wrapper around Debian's gcc.
#  - compiles against a sysroot holding only glibc, kernel headers and
#    libstdc++, so headers/libraries must come from inputs (-isystem/-L
#    flags collected in NIX_CFLAGS_COMPILE / NIX_LDFLAGS), as with nixpkgs;
#  - appends NIX_CFLAGS_COMPILE (after the caller's flags, like nixpkgs),
#    and when linking NIX_CFLAGS_LINK and NIX_LDFLAGS (translated to
#    compiler-driver form);
#  - when linking, adds -rpath for every store directory given with -L
#    that provides a library given with -l (nixpkgs' ld-wrapper does this
#    unless NIX_DONT_SET_RPATH=1).
set -eu -o pipefail +o posix
shopt -s nullglob

compiler="@compiler@"
sysroot="@sysroot@"
storeDir="@storeDir@"
canLink=@canLink@
# machine library directory: @machineLibDir@

if [ -n "${NIX_CC_WRAPPER_STANDIN_PASSTHROUGH:-}" ]; then
    exec "$compiler" "$@"
fi

params=("$@")
dontLink=0
nonFlagArgs=0
n=0
nParams=${#params[@]}
while (( n < nParams )); do
    p="${params[n]}"
    n=$((n + 1))
    case "$p" in
        -c|-S|-E|-M|-MM) dontLink=1 ;;
        -o|-x|-MF|-MT|-MQ|-include|-imacros|-isystem|-iquote|-idirafter|-I|-L|-l|-D|-U|-Xlinker|-Xpreprocessor|-Xassembler|-u|-T|-z|--param|-aux-info|-iprefix|-iwithprefix|-iwithprefixbefore|-isysroot|-B|-e|-wrapper)
            n=$((n + 1)) ;;
        -?*) ;;
        *) nonFlagArgs=1 ;;
    esac
done
if [ "$nonFlagArgs" = 0 ]; then dontLink=1; fi
if [ "$canLink" = 0 ]; then dontLink=1; fi

# Split the flag variables on whitespace without globbing.
read -r -a cflagsBefore <<< "${NIX_CFLAGS_COMPILE_BEFORE:-}"
read -r -a cflags <<< "${NIX_CFLAGS_COMPILE:-}"

extraBefore=("--sysroot=$sysroot" "${cflagsBefore[@]}")
extraAfter=("${cflags[@]}")

if [ "$dontLink" != 1 ]; then
    read -r -a linkFlags <<< "${NIX_CFLAGS_LINK:-}"
    read -r -a ldflags <<< "${NIX_LDFLAGS:-}"
    extraAfter+=("${linkFlags[@]}")
    # Debian's libraries have no RUNPATH; let the linker resolve their own
    # (transitive) dependencies from the machine.  Direct -l libraries still
    # have to come from -L directories (i.e. from the inputs).
    extraAfter+=("-Wl,-rpath-link,@machineLibDir@")

    libDirs=()
    libs=()
    m=0
    while (( m < ${#ldflags[@]} )); do
        w="${ldflags[m]}"
        m=$((m + 1))
        case "$w" in
            -L) libDirs+=("${ldflags[m]}"); extraAfter+=("-L${ldflags[m]}"); m=$((m + 1)) ;;
            -L*) libDirs+=("${w#-L}"); extraAfter+=("$w") ;;
            -l) libs+=("${ldflags[m]}"); extraAfter+=("-l${ldflags[m]}"); m=$((m + 1)) ;;
            -l*) libs+=("${w#-l}"); extraAfter+=("$w") ;;
            -rpath|-dynamic-linker|-soname|-z|-T|-u|-e)
                extraAfter+=("-Wl,$w,${ldflags[m]}"); m=$((m + 1)) ;;
            *) extraAfter+=("-Wl,$w") ;;
        esac
    done

    # Collect -L / -l from the caller too.
    m=0
    rpathFiles=()
    while (( m < nParams )); do
        w="${params[m]}"
        m=$((m + 1))
        case "$w" in
            -L) libDirs+=("${params[m]}"); m=$((m + 1)) ;;
            -L*) libDirs+=("${w#-L}") ;;
            -l) libs+=("${params[m]}"); m=$((m + 1)) ;;
            -l*) libs+=("${w#-l}") ;;
            "$storeDir"/*.so|"$storeDir"/*.so.*) rpathFiles+=("$w") ;;
        esac
    done

    if [ "${NIX_DONT_SET_RPATH:-}" != 1 ]; then
        declare -A seenRpath=()
        addRpath() {
            if [ -z "${seenRpath[$1]:-}" ]; then
                seenRpath[$1]=1
                extraAfter+=("-Wl,-rpath,$1")
            fi
        }
        for dir in "${libDirs[@]}"; do
            case "$dir" in "$storeDir"/*) ;; *) continue ;; esac
            for lib in "${libs[@]}"; do
                if [ -f "$dir/lib$lib.so" ] || [ -e "$dir/lib$lib.so" ]; then
                    addRpath "$dir"
                    break
                fi
                found=("$dir/lib$lib.so".*)
                if (( ${#found[@]} > 0 )); then addRpath "$dir"; break; fi
            done
        done
        for f in "${rpathFiles[@]}"; do addRpath "$(dirname "$f")"; done
    fi
fi

if [ -n "${NIX_DEBUG:-}" ]; then
    printf 'cc-wrapper: %q ' "$compiler" "${extraBefore[@]}" "${params[@]}" "${extraAfter[@]}" >&2
    echo >&2
fi

exec "$compiler" "${extraBefore[@]}" "${params[@]}" "${extraAfter[@]}"

# Stand-in for nixpkgs' pkgs/stdenv/generic/setup.sh.
#
# Sourced by every stdenv.mkDerivation builder (`source $stdenv/setup;
# genericBuild`) and by `nix develop` / `nix-shell` (which only source it).
# Placeholders @...@ are filled in when the stdenv derivation is built.
#
# Implements the parts of nixpkgs' generic builder that matter to the
# generated flakes: the phase list with pre/post hooks and dont*/do* flags,
# runHook with *Hooks arrays, dependency activation (setup hooks,
# propagation through nix-support/propagated-*build-inputs, env hooks with
# host/build offsets), substituteInPlace, moveToOutput, patchShebangs,
# stripping and multiple-output propagation.

__standin_setup_set_original=$-
set -e
set -o pipefail
shopt -s nullglob

######################################################################
# Hook machinery

# runHook NAME ARGS...: run the implicit hook (a function or a string
# variable named NAME) and then every element of the array NAMEHooks
# (with a trailing "Hook" removed first, as nixpkgs does).
runHook() {
    local hookName="$1"
    shift
    local hooksSlice="${hookName%Hook}Hooks[@]"
    local hook
    for hook in "_callImplicitHook 0 $hookName" ${!hooksSlice+"${!hooksSlice}"}; do
        _eval "$hook" "$@"
    done
    return 0
}

# Like runHook, but stops at the first hook that succeeds.
runOneHook() {
    local hookName="$1"
    shift
    local hooksSlice="${hookName%Hook}Hooks[@]"
    local hook ret=1
    for hook in "_callImplicitHook 1 $hookName" ${!hooksSlice+"${!hooksSlice}"}; do
        if _eval "$hook" "$@"; then
            ret=0
            break
        fi
    done
    return "$ret"
}

_callImplicitHook() {
    local def="$1"
    local hookName="$2"
    if declare -F "$hookName" >/dev/null; then
        "$hookName"
    elif [ -n "${!hookName:-}" ]; then
        eval "${!hookName}"
    else
        return "$def"
    fi
}

_eval() {
    if declare -F "$1" >/dev/null 2>&1; then
        "$@"
    else
        eval "$1"
    fi
}

######################################################################
# Small helpers (same names and behaviour as nixpkgs)

addToSearchPathWithCustomDelimiter() {
    local delimiter="$1"
    local varName="$2"
    local dir="$3"
    if [[ -d "$dir" && "${!varName:+${delimiter}${!varName}${delimiter}}" != *"${delimiter}${dir}${delimiter}"* ]]; then
        export "${varName}=${!varName:+${!varName}${delimiter}}${dir}"
    fi
}

addToSearchPath() {
    addToSearchPathWithCustomDelimiter ":" "$@"
}

# prependToVar / appendToVar for string variables.
prependToVar() {
    local nameref="$1"
    shift
    local -n __ref="$nameref"
    __ref="$* ${__ref-}"
}

appendToVar() {
    local nameref="$1"
    shift
    local -n __ref="$nameref"
    __ref="${__ref-} $*"
}

# The outputs of this derivation, first one first.
getAllOutputNames() {
    echo "${outputs:-out}"
}

stripHash() {
    local strippedName
    strippedName="$(basename -- "$1")"
    if [[ "$strippedName" =~ ^[a-z0-9]{32}- ]]; then
        echo "${strippedName:33}"
    else
        echo "$strippedName"
    fi
}

isELF() {
    local fn="$1" fd magic
    exec {fd}<"$fn" || return 1
    LANG=C read -r -n 4 -u "$fd" magic || true
    exec {fd}<&-
    [ "$magic" = $'\177ELF' ]
}

isScript() {
    local fn="$1" fd magic
    exec {fd}<"$fn" || return 1
    LANG=C read -r -n 2 -u "$fd" magic || true
    exec {fd}<&-
    [[ "$magic" =~ \#! ]]
}

printWords() {
    (( "$#" > 0 )) || return 0
    printf '%s ' "$@"
}

######################################################################
# Textual substitution (pkgs/stdenv/generic/setup.sh: substitute)

substitute() {
    local input="$1"
    local output="$2"
    shift 2

    if [ ! -f "$input" ]; then
        echo "substitute(): ERROR: file '$input' does not exist" >&2
        return 1
    fi

    local content
    # read the whole file, keeping trailing newlines
    content="$(cat "$input"; printf x)"
    content="${content%x}"

    local pattern replacement varName
    while (( "$#" )); do
        case "$1" in
            --replace-quiet|--replace-warn|--replace-fail|--replace)
                if (( "$#" < 3 )); then
                    echo "substitute(): ERROR: '$1' requires two arguments" >&2
                    return 1
                fi
                pattern="$2"
                replacement="$3"
                local mode="$1"
                shift 3
                local before="$content"
                content="${content//"$pattern"/"$replacement"}"
                if [ "$before" = "$content" ] && [ "$pattern" != "$replacement" ]; then
                    case "$mode" in
                        --replace-fail)
                            echo "substitute(): ERROR: pattern '$pattern' doesn't match anything in file '$input'" >&2
                            return 1
                            ;;
                        --replace-warn|--replace)
                            echo "substitute(): WARNING: pattern '$pattern' doesn't match anything in file '$input'" >&2
                            ;;
                    esac
                fi
                ;;
            --subst-var)
                varName="$2"
                shift 2
                if ! [[ "$varName" =~ ^[a-zA-Z_][a-zA-Z0-9_]*$ ]]; then
                    echo "substitute(): ERROR: substitution variables must be valid Bash names, \"$varName\" isn't." >&2
                    return 1
                fi
                if [ -z "${!varName+x}" ]; then
                    echo "substitute(): ERROR: variable \$$varName is unset" >&2
                    return 1
                fi
                content="${content//"@$varName@"/"${!varName}"}"
                ;;
            --subst-var-by)
                content="${content//"@$2@"/"$3"}"
                shift 3
                ;;
            *)
                echo "substitute(): ERROR: Invalid command line argument: $1" >&2
                return 1
                ;;
        esac
    done

    if [ -e "$output" ]; then chmod u+w "$output"; fi
    printf '%s' "$content" > "$output"
}

substituteInPlace() {
    local -a fileNames=()
    for arg in "$@"; do
        if [[ "$arg" = "--"* ]]; then
            break
        fi
        fileNames+=("$arg")
        shift
    done
    if [ "${#fileNames[@]}" -eq 0 ]; then
        echo "substituteInPlace called without any files to operate on (files must come before options!)" >&2
        return 1
    fi
    for file in "${fileNames[@]}"; do
        substitute "$file" "$file" "$@"
    done
}

# substituteAll: replace @var@ for every lower-case-initial environment variable.
substituteAll() {
    local input="$1"
    local output="$2"
    local -a args=()
    local varName
    for varName in $(awk 'BEGIN { for (v in ENVIRON) if (v ~ /^[a-z][a-zA-Z0-9_]*$/) print v }'); do
        args+=("--subst-var" "$varName")
    done
    substitute "$input" "$output" "${args[@]}"
}

substituteAllInPlace() {
    local fileName="$1"
    shift
    substituteAll "$fileName" "$fileName" "$@"
}

######################################################################
# Dependency activation

# addEnvHooks OFFSET FUNCS...: FUNCS are called with every dependency whose
# host offset is OFFSET (-1: build-platform deps = nativeBuildInputs,
# 0: host deps = buildInputs).  Hooks registered from a native input with
# "$targetOffset" therefore see buildInputs, like nixpkgs' cc-wrapper,
# pkg-config and autoPatchelfHook; hooks registered with "$hostOffset"
# see nativeBuildInputs, like python's.
declare -a envBuildHooks=() envHostHooks=()
addEnvHooks() {
    local depHostOffset="$1"
    shift
    if (( depHostOffset <= -1 )); then
        envBuildHooks+=("$@")
    elif (( depHostOffset == 0 )); then
        envHostHooks+=("$@")
    fi
}

declare -a pkgsBuildHost=() pkgsHostTarget=()
declare -A __seenBuildHost=() __seenHostTarget=()

# findInputs PKG OFFSET: record PKG (native when OFFSET=-1, host when 0) and
# everything it propagates.
findInputs() {
    local pkg="$1"
    local offset="$2"
    if (( offset <= -1 )); then
        [ -n "${__seenBuildHost[$pkg]:-}" ] && return 0
        __seenBuildHost[$pkg]=1
        pkgsBuildHost+=("$pkg")
    else
        [ -n "${__seenHostTarget[$pkg]:-}" ] && return 0
        __seenHostTarget[$pkg]=1
        pkgsHostTarget+=("$pkg")
    fi

    if [ ! -e "$pkg" ]; then
        echo "build input $pkg does not exist" >&2
        exit 1
    fi

    local f i
    f="$pkg/nix-support/propagated-native-build-inputs"
    if [ -f "$f" ]; then
        for i in $(< "$f"); do findInputs "$i" -1; done
    fi
    f="$pkg/nix-support/propagated-build-inputs"
    if [ -f "$f" ]; then
        for i in $(< "$f"); do findInputs "$i" "$offset"; done
    fi
}

_PATH=""
_HOST_PATH=""
activatePackage() {
    local pkg="$1"
    local hostOffset="$2"
    local targetOffset="$3"
    # Like nixpkgs: without strictDeps everything goes on PATH.
    if [[ -z "${strictDeps:-}" || "$hostOffset" -le -1 ]]; then
        addToSearchPath _PATH "$pkg/bin"
    fi
    if [[ "$hostOffset" -eq 0 ]]; then
        addToSearchPath _HOST_PATH "$pkg/bin"
    fi
    if [ -f "$pkg" ]; then
        source "$pkg"
    elif [ -f "$pkg/nix-support/setup-hook" ]; then
        source "$pkg/nix-support/setup-hook"
    fi
}

######################################################################
# Initialisation

# Initial PATH: the stdenv's basic tools (coreutils, sed, grep, ...).
PATH=
HOST_PATH=
for i in @initialPath@; do
    addToSearchPath PATH "$i/bin"
    # nixpkgs adds the initial path to HOST_PATH too (used by patchShebangs --host)
    addToSearchPath HOST_PATH "$i/bin"
done

export SHELL=@shell@
export CONFIG_SHELL="${CONFIG_SHELL:-@shell@}"
: "${outputs:=out}"

# Nix sets these for real builds; give sane defaults for nix develop.
: "${NIX_BUILD_TOP:=${TMPDIR:-/tmp}}"
export TMPDIR="${TMPDIR:-$NIX_BUILD_TOP}"
export TMP="$TMPDIR" TEMP="$TMPDIR" TEMPDIR="$TMPDIR"
if [ -z "${NIX_BUILD_CORES:-}" ]; then
    NIX_BUILD_CORES=1
elif (( NIX_BUILD_CORES <= 0 )); then
    NIX_BUILD_CORES=$(nproc 2>/dev/null || echo 1)
fi
export NIX_BUILD_CORES
export TZ=UTC
# Deterministic timestamps (1980-01-01), as nixpkgs does.
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-315532800}"
if [ -z "${IN_NIX_SHELL:-}" ]; then
    export HOME=/homeless-shelter
fi

# The prefix is $out unless overridden.
: "${prefix:=${out:-}}"

# Collect dependencies: the stdenv's own native inputs (the cc wrapper)
# first, then nativeBuildInputs, then buildInputs.
for i in @defaultNativeBuildInputs@ ${nativeBuildInputs:-} ${propagatedNativeBuildInputs:-}; do
    findInputs "$i" -1
done
for i in ${buildInputs:-} ${propagatedBuildInputs:-}; do
    findInputs "$i" 0
done

# Source setup hooks (native inputs with hostOffset=-1 targetOffset=0,
# host inputs with hostOffset=0 targetOffset=1).
for i in "${pkgsBuildHost[@]}"; do
    activatePackage "$i" -1 0
done
for i in "${pkgsHostTarget[@]}"; do
    activatePackage "$i" 0 1
done

# Run env hooks over the dependencies.
for pkg in "${pkgsBuildHost[@]}"; do
    for hook in "${envBuildHooks[@]}"; do
        "$hook" "$pkg"
    done
done
for pkg in "${pkgsHostTarget[@]}"; do
    for hook in "${envHostHooks[@]}"; do
        "$hook" "$pkg"
    done
done
unset pkg hook i

PATH="${_PATH}${_PATH:+:}${PATH}"
HOST_PATH="${_HOST_PATH}${_HOST_PATH:+:}${HOST_PATH}"
export PATH HOST_PATH

######################################################################
# Output helpers (pkgs/build-support/setup-hooks/multiple-outputs.sh)

_assignFirst() {
    local varName="$1"
    shift
    local output
    for output in "$@"; do
        if [[ " $outputs " == *" $output "* ]]; then
            printf -v "$varName" '%s' "$output"
            return
        fi
    done
    printf -v "$varName" '%s' "out"
}
_assignFirst outputDev dev out
_assignFirst outputBin bin out
_assignFirst outputLib lib out
_assignFirst outputInclude dev out
_assignFirst outputMan man "$outputBin"
_assignFirst outputDoc doc out

# moveToOutput PATTERN OUTPUTPATH: move $prefix-relative paths to another output.
moveToOutput() {
    local patt="$1"
    local dstOut="$2"
    local output srcPath dstPath
    for output in $(getAllOutputNames); do
        if [ "${!output}" = "$dstOut" ]; then continue; fi
        for srcPath in "${!output}"/$patt; do
            if [ ! -e "$srcPath" ] && [ ! -L "$srcPath" ]; then continue; fi
            if [ "$dstOut" = REMOVE ]; then
                echo "Removing $srcPath"
                rm -r "$srcPath"
            else
                dstPath="$dstOut${srcPath#${!output}}"
                echo "Moving $srcPath to $dstPath"
                if [ -d "$dstPath" ] && [ -d "$srcPath" ]; then
                    rmdir "$srcPath" --ignore-fail-on-non-empty
                    if [ -d "$srcPath" ]; then
                        mv -t "$dstPath" "$srcPath"/*
                        rmdir "$srcPath"
                    fi
                else
                    mkdir -p "$(readlink -m "$dstPath/..")"
                    mv "$srcPath" "$dstPath"
                fi
            fi
            local srcParent
            srcParent="$(readlink -m "$srcPath/..")"
            if [ -n "$(find "$srcParent" -maxdepth 0 -type d -empty 2>/dev/null)" ]; then
                rmdir "$srcParent" || true
            fi
        done
    done
}

######################################################################
# patchShebangs (pkgs/build-support/setup-hooks/patch-shebangs.sh,
# simplified): rewrite "#!/path/to/prog" and "#!/usr/bin/env prog" to
# the prog found on PATH.

patchShebangs() {
    local pathName="$PATH"
    if [ "${1:-}" = "--build" ]; then shift; fi
    if [ "${1:-}" = "--host" ]; then pathName="${HOST_PATH:-$PATH}"; shift; fi
    local f
    while IFS= read -r -d $'\0' f; do
        isScript "$f" || continue
        local oldInterpreterLine oldPath arg0 args newPath newInterpreterLine
        read -r oldInterpreterLine < "$f" || true
        read -r oldPath arg0 args <<< "${oldInterpreterLine:2}"
        if [[ -z "${oldPath:-}" ]]; then continue; fi
        if [[ "$oldPath" == *"/bin/env" ]]; then
            if [[ "$arg0" == "-"* || "$arg0" == *"="* ]]; then continue; fi
            newPath="$(PATH="$pathName" type -P "$arg0" || true)"
        else
            if [[ "$oldPath" == "@storeDir@"* ]]; then continue; fi
            args="$arg0 $args"
            newPath="$(PATH="$pathName" type -P "$(basename "$oldPath")" || true)"
        fi
        if [ -z "$newPath" ]; then
            echo "$f: interpreter directive changed from \"$oldInterpreterLine\" to nothing (not found), leaving as is" >&2
            continue
        fi
        newInterpreterLine="$newPath $args"
        newInterpreterLine="${newInterpreterLine%"${newInterpreterLine##*[![:space:]]}"}"
        if [[ "$oldInterpreterLine" != "#!$newInterpreterLine" ]]; then
            echo "$f: interpreter directive changed from \"$oldInterpreterLine\" to \"#!$newInterpreterLine\""
            local tmp
            tmp="$(mktemp)"
            { printf '#!%s\n' "$newInterpreterLine"; tail -n +2 "$f"; } > "$tmp"
            chmod --reference="$f" "$tmp" 2>/dev/null || true
            cat "$tmp" > "$f"
            rm -f "$tmp"
        fi
    done < <(find "$@" -type f -perm -0100 -print0)
}

######################################################################
# Phases

unpackFile() {
    curSrc="$1"
    echo "unpacking source archive $curSrc"
    if ! runOneHook unpackCmd "$curSrc"; then
        echo "do not know how to unpack source archive $curSrc" >&2
        exit 1
    fi
}

_defaultUnpack() {
    local fn="$1"
    if [ -d "$fn" ]; then
        local destination
        destination="$(stripHash "$fn")"
        if [ -e "$destination" ]; then
            echo "Cannot copy $fn to $destination: destination already exists!" >&2
            return 1
        fi
        cp -r --preserve=mode,timestamps --reflink=auto -- "$fn" "$destination"
    else
        case "$fn" in
            *.tar.xz | *.tar.lzma | *.txz)
                xz -d < "$fn" | tar xf - --warning=no-timestamp
                ;;
            *.tar | *.tar.* | *.tgz | *.tbz2 | *.tbz)
                tar xf "$fn" --mode=+w --warning=no-timestamp
                ;;
            *.zip | *.ZIP)
                unzip -qq "$fn"
                ;;
            *.whl)
                # A wheel has several top-level entries; unpack it into a
                # directory named after the wheel so there is one source root.
                local d
                d="$(stripHash "$fn")"
                d="${d%.whl}"
                mkdir -p "$d"
                unzip -qq -d "$d" "$fn"
                ;;
            *)
                return 1
                ;;
        esac
    fi
}
unpackCmdHooks+=(_defaultUnpack)

unpackPhase() {
    runHook preUnpack

    if [ -z "${srcs:-}" ]; then
        if [ -z "${src:-}" ]; then
            echo 'variable $src or $srcs should point to the source' >&2
            exit 1
        fi
        srcs="$src"
    fi

    local -a srcsArray
    read -r -a srcsArray <<< "$srcs"

    local dirsBefore=""
    for i in *; do
        if [ -d "$i" ]; then
            dirsBefore="$dirsBefore $i "
        fi
    done

    for i in "${srcsArray[@]}"; do
        unpackFile "$i"
    done

    : "${sourceRoot=}"
    if [ -n "${setSourceRoot:-}" ]; then
        runOneHook setSourceRoot
    elif [ -z "$sourceRoot" ]; then
        for i in *; do
            if [ -d "$i" ]; then
                case $dirsBefore in
                    *\ $i\ *) ;;
                    *)
                        if [ -n "$sourceRoot" ]; then
                            echo "unpacker produced multiple directories" >&2
                            exit 1
                        fi
                        sourceRoot="$i"
                        ;;
                esac
            fi
        done
    fi

    if [ -z "$sourceRoot" ]; then
        echo "unpacker appears to have produced no directories" >&2
        exit 1
    fi

    echo "source root is $sourceRoot"

    if [ "${dontMakeSourcesWritable:-0}" != 1 ]; then
        chmod -R u+w -- "$sourceRoot"
    fi

    runHook postUnpack
}

patchPhase() {
    runHook prePatch

    local -a patchesArray
    read -r -a patchesArray <<< "${patches:-}"
    local -a flagsArray
    read -r -a flagsArray <<< "${patchFlags:--p1}"
    for i in "${patchesArray[@]}"; do
        echo "applying patch $i"
        local uncompress=cat
        case "$i" in
            *.gz) uncompress="gzip -d" ;;
            *.bz2) uncompress="bzip2 -d" ;;
            *.xz) uncompress="xz -d" ;;
            *.lzma) uncompress="lzma -d" ;;
        esac
        $uncompress < "$i" | patch "${flagsArray[@]}"
    done

    runHook postPatch
}

configurePhase() {
    runHook preConfigure

    : "${configureScript=}"
    if [[ -z "$configureScript" && -x ./configure ]]; then
        configureScript=./configure
    fi

    if [ -n "$configureScript" ]; then
        local -a flagsArray=()
        if [ -z "${dontAddPrefix:-}" ] && [ -n "$prefix" ]; then
            flagsArray+=("${prefixKey:---prefix=}$prefix")
        fi
        if [ -z "${dontAddDisableDepTrack:-}" ] && [ -f "$configureScript" ] && grep -q dependency-tracking "$configureScript"; then
            flagsArray+=("--disable-dependency-tracking")
        fi
        local -a userFlags
        read -r -a userFlags <<< "${configureFlags:-}"
        flagsArray+=("${userFlags[@]}")
        if declare -p configureFlagsArray >/dev/null 2>&1; then
            flagsArray+=("${configureFlagsArray[@]}")
        fi
        echo "configure flags: ${flagsArray[*]}"
        $configureScript "${flagsArray[@]}"
    else
        echo "no configure script, doing nothing"
    fi

    runHook postConfigure
}

_makeFlags() {
    local -a a
    read -r -a a <<< "${makeFlags:-}"
    printf '%s\0' "${a[@]}"
    if declare -p makeFlagsArray >/dev/null 2>&1; then printf '%s\0' "${makeFlagsArray[@]}"; fi
}

buildPhase() {
    runHook preBuild

    if [[ -z "${makeFlags:-}" && -z "${makefile:-}" && ! ( -e Makefile || -e makefile || -e GNUmakefile ) ]]; then
        echo "no Makefile or custom buildPhase, doing nothing"
    else
        local -a flagsArray=()
        mapfile -d '' -t flagsArray < <(_makeFlags)
        local -a bf
        read -r -a bf <<< "${buildFlags:-}"
        flagsArray+=("${bf[@]}")
        if [ -n "${enableParallelBuilding:-}" ]; then
            flagsArray=("-j${NIX_BUILD_CORES}" "${flagsArray[@]}")
        fi
        echo "build flags: ${flagsArray[*]}"
        make ${makefile:+-f $makefile} SHELL="$SHELL" "${flagsArray[@]}"
    fi

    runHook postBuild
}

checkPhase() {
    runHook preCheck

    if [[ -z "${makeFlags:-}" && -z "${makefile:-}" && ! ( -e Makefile || -e makefile || -e GNUmakefile ) ]]; then
        echo "no Makefile or custom checkPhase, doing nothing"
    else
        local target="${checkTarget:-}"
        if [ -z "$target" ]; then
            if make -n ${makefile:+-f $makefile} check >/dev/null 2>&1; then
                target=check
            elif make -n ${makefile:+-f $makefile} test >/dev/null 2>&1; then
                target=test
            fi
        fi
        if [ -z "$target" ]; then
            echo "no check/test target in ${makefile:-Makefile}, doing nothing"
        else
            local -a flagsArray=()
            mapfile -d '' -t flagsArray < <(_makeFlags)
            make ${makefile:+-f $makefile} SHELL="$SHELL" "${flagsArray[@]}" ${checkFlags:-VERBOSE=y} "$target"
        fi
    fi

    runHook postCheck
}

installPhase() {
    runHook preInstall

    if [[ -z "${makeFlags:-}" && -z "${makefile:-}" && ! ( -e Makefile || -e makefile || -e GNUmakefile ) ]]; then
        echo "no Makefile or custom installPhase, doing nothing"
    else
        if [ -n "$prefix" ]; then
            mkdir -p "$prefix"
        fi
        local -a flagsArray=()
        mapfile -d '' -t flagsArray < <(_makeFlags)
        local -a inf
        read -r -a inf <<< "${installFlags:-}"
        flagsArray+=("${inf[@]}")
        local -a targets
        read -r -a targets <<< "${installTargets:-install}"
        make ${makefile:+-f $makefile} SHELL="$SHELL" "${flagsArray[@]}" "${targets[@]}"
    fi

    runHook postInstall
}

# Per-output fixups (fixupOutputHooks): shebangs and stripping.
_patchShebangsAuto() {
    if [ -z "${dontPatchShebangs:-}" ] && [ -e "$prefix" ]; then
        patchShebangs --host "$prefix"
    fi
}

_doStrip() {
    [ -z "${dontStrip:-}" ] || return 0
    command -v strip >/dev/null 2>&1 || return 0
    local d
    for d in ${stripDebugList:-lib lib32 lib64 libexec bin sbin}; do
        [ -d "$prefix/$d" ] || continue
        local f
        while IFS= read -r -d $'\0' f; do
            if isELF "$f"; then
                strip -S -p "$f" 2>/dev/null || true
            fi
        done < <(find "$prefix/$d" -type f -print0)
    done
}
fixupOutputHooks+=(_patchShebangsAuto _doStrip)

_multioutPropagateDev() {
    if [ "$(getAllOutputNames)" = "out" ]; then return; fi
    local outputFirst
    for outputFirst in $(getAllOutputNames); do break; done
    local propagaterOutput="$outputDev"
    if [ -z "$propagaterOutput" ]; then propagaterOutput="$outputFirst"; fi

    if [ -z "${propagatedBuildOutputs+1}" ]; then
        local po
        propagatedBuildOutputs=""
        for po in $outputBin $outputInclude $outputLib; do
            if [ "$po" != "$propagaterOutput" ] && [[ " $propagatedBuildOutputs " != *" $po "* ]]; then
                propagatedBuildOutputs+="$po "
            fi
        done
    fi

    if [ -z "$propagatedBuildOutputs" ]; then return; fi
    mkdir -p "${!propagaterOutput}/nix-support"
    local output
    for output in $propagatedBuildOutputs; do
        echo -n " ${!output} " >> "${!propagaterOutput}/nix-support/propagated-build-inputs"
    done
}

fixupPhase() {
    local output
    for output in $(getAllOutputNames); do
        if [ -e "${!output}" ]; then chmod -R u+w "${!output}"; fi
    done

    runHook preFixup

    for output in $(getAllOutputNames); do
        prefix="${!output}" runHook fixupOutput
    done

    # Every output must exist.
    for output in $(getAllOutputNames); do
        [ -e "${!output}" ] || mkdir -p "${!output}"
    done

    _multioutPropagateDev

    if [ -n "${propagatedBuildInputs:-}" ]; then
        mkdir -p "${!outputDev}/nix-support"
        { echo -n " "; printWords $propagatedBuildInputs; } >> "${!outputDev}/nix-support/propagated-build-inputs"
    fi
    if [ -n "${propagatedNativeBuildInputs:-}" ]; then
        mkdir -p "${!outputDev}/nix-support"
        { echo -n " "; printWords $propagatedNativeBuildInputs; } >> "${!outputDev}/nix-support/propagated-native-build-inputs"
    fi

    if [ -n "${setupHook:-}" ]; then
        mkdir -p "${!outputDev}/nix-support"
        substituteAll "$setupHook" "${!outputDev}/nix-support/setup-hook"
    fi

    runHook postFixup
}

installCheckPhase() {
    runHook preInstallCheck

    if [[ -z "${makeFlags:-}" && -z "${makefile:-}" && ! ( -e Makefile || -e makefile || -e GNUmakefile ) ]]; then
        echo "no Makefile or custom installCheckPhase, doing nothing"
    else
        local -a flagsArray=()
        mapfile -d '' -t flagsArray < <(_makeFlags)
        make ${makefile:+-f $makefile} SHELL="$SHELL" "${flagsArray[@]}" ${installCheckTarget:-installcheck}
    fi

    runHook postInstallCheck
}

distPhase() {
    runHook preDist
    echo "distPhase is not implemented by the stand-in, doing nothing"
    runHook postDist
}

showPhaseHeader() {
    echo "Running phase: $1"
}

runPhase() {
    local curPhase="$*"
    case "$curPhase" in
        unpackPhase) [ -z "${dontUnpack:-}" ] || return 0 ;;
        patchPhase) [ -z "${dontPatch:-}" ] || return 0 ;;
        configurePhase) [ -z "${dontConfigure:-}" ] || return 0 ;;
        buildPhase) [ -z "${dontBuild:-}" ] || return 0 ;;
        checkPhase) [ -n "${doCheck:-}" ] || return 0 ;;
        installPhase) [ -z "${dontInstall:-}" ] || return 0 ;;
        fixupPhase) [ -z "${dontFixup:-}" ] || return 0 ;;
        installCheckPhase) [ -n "${doInstallCheck:-}" ] || return 0 ;;
        distPhase) [ -n "${doDist:-}" ] || return 0 ;;
    esac

    showPhaseHeader "$curPhase"
    # A string attribute named like the phase overrides the function.
    eval "${!curPhase:-$curPhase}"

    if [ "$curPhase" = unpackPhase ]; then
        [ -n "${sourceRoot:-}" ] && chmod +x -- "${sourceRoot}"
        cd -- "${sourceRoot:-.}"
    fi
}

genericBuild() {
    export GZIP_NO_TIMESTAMPS=1

    if [ -f "${buildCommandPath:-}" ]; then
        source "$buildCommandPath"
        return
    fi
    if [ -n "${buildCommand:-}" ]; then
        eval "$buildCommand"
        return
    fi

    if [ -z "${phases[*]:-}" ]; then
        phases="${prePhases[*]:-} unpackPhase patchPhase ${preConfigurePhases[*]:-} \
            configurePhase ${preBuildPhases[*]:-} buildPhase checkPhase \
            ${preInstallPhases[*]:-} installPhase ${preFixupPhases[*]:-} fixupPhase installCheckPhase \
            ${preDistPhases[*]:-} distPhase ${postPhases[*]:-}"
    fi

    for curPhase in ${phases[*]}; do
        runPhase "$curPhase"
    done
}

runHook postHook

# Restore the shell options of whoever sourced us (nix develop).
[[ $__standin_setup_set_original == *e* ]] || set +e
unset -v __standin_setup_set_original

# Setup hook of the stand-in stdenv.cc (nixpkgs: cc-wrapper/setup-hook.sh
# + bintools-wrapper/setup-hook.sh).  Registered with "$targetOffset", so
# it sees the host dependencies (buildInputs and what they propagate).

ccWrapper_addCVars() {
    if [ -d "$1/include" ]; then
        export NIX_CFLAGS_COMPILE+=" -isystem $1/include"
    fi
}

bintoolsWrapper_addLDVars() {
    if [[ -d "$1/lib64" && ! -L "$1/lib64" ]]; then
        export NIX_LDFLAGS+=" -L$1/lib64"
    fi
    if [[ -d "$1/lib" ]]; then
        local -a glob=( "$1"/lib/lib* )
        if [ "${#glob[*]}" -gt 0 ]; then
            export NIX_LDFLAGS+=" -L$1/lib"
        fi
    fi
}

addEnvHooks "$targetOffset" ccWrapper_addCVars bintoolsWrapper_addLDVars

export NIX_CC=@out@
export CC=gcc
export CXX=g++
export LD=ld AR=ar AS=as NM=nm OBJCOPY=objcopy OBJDUMP=objdump RANLIB=ranlib READELF=readelf SIZE=size STRINGS=strings STRIP=strip

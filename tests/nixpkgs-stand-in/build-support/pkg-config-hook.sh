# Setup hook of the stand-in pkg-config (nixpkgs pkg-config-wrapper):
# PKG_CONFIG_PATH gets lib/pkgconfig and share/pkgconfig of the host
# dependencies (buildInputs and what they propagate).
pkgConfigWrapper_addPkgConfigPath() {
    addToSearchPath PKG_CONFIG_PATH "$1/lib/pkgconfig"
    addToSearchPath PKG_CONFIG_PATH "$1/share/pkgconfig"
}
addEnvHooks "$targetOffset" pkgConfigWrapper_addPkgConfigPath
export PKG_CONFIG=pkg-config

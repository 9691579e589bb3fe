#! @shell@
# The machine's pkg-config, without the machine's default search path:
# only PKG_CONFIG_PATH (filled by the setup hook from the inputs) counts,
# as with nixpkgs' pkg-config.
export PKG_CONFIG_LIBDIR="${PKG_CONFIG_LIBDIR-}"
export PKG_CONFIG_SYSTEM_INCLUDE_PATH="${PKG_CONFIG_SYSTEM_INCLUDE_PATH-}"
export PKG_CONFIG_SYSTEM_LIBRARY_PATH="${PKG_CONFIG_SYSTEM_LIBRARY_PATH-}"
exec @pkgConfig@ "$@"

# Native libraries, laid out as nixpkgs lays them out (same output names,
# same first output, config scripts in dev), backed by Debian's files.
{ lib, stdenvNoCC, machine, rawDerivation, extendDerivation }:
let
  v = machine.debVersions;

  debLib =
    { pname
    , version
    , outputs
    , debPackages
    , includeStrip ? ""
    , configScripts ? [ ]
    , binaries ? [ ]
    , binDirs ? [ ]
    , excludeBins ? [ ]
    , shareDirs ? [ ]
    , propagatedBuildInputs ? [ ]
    , passthru ? { }
    }:
    stdenvNoCC.mkDerivation {
      inherit pname version outputs debPackages includeStrip configScripts
        binaries binDirs excludeBins shareDirs propagatedBuildInputs passthru;
      inherit (machine) triple dpkgBin;
      dontUnpack = true;
      dontPatchShebangs = true;
      installPhase = ''
        runHook preInstall
        source ${./build-support/deb-lib.sh}
        runHook postInstall
      '';
    };

  # pg_config reporting the given directories (nixpkgs: postgresql
  # pg_config.nix / libpq passthru.pg_config).  Other keys come from
  # Debian's pg_config.
  mkPgConfig = { name, version, bindir, libdir, pkglibdir, includedir }:
    rawDerivation {
      name = "${name}-pg_config-${version}";
      inherit version;
      passthru = { pname = "pg_config"; inherit version; };
      script = ''
        mkdir -p $out/bin $out/share
        ${machine.pgConfig} \
          | sed -e 's|^BINDIR = .*|BINDIR = ${bindir}|' \
                -e 's|^LIBDIR = .*|LIBDIR = ${libdir}|' \
                -e 's|^PKGLIBDIR = .*|PKGLIBDIR = ${pkglibdir}|' \
                -e 's|^INCLUDEDIR = .*|INCLUDEDIR = ${includedir}|' \
                -e 's|^PKGINCLUDEDIR = .*|PKGINCLUDEDIR = ${includedir}|' \
                -e 's|^INCLUDEDIR-SERVER = .*|INCLUDEDIR-SERVER = ${includedir}/server|' \
                -e 's|^PGXS = .*|PGXS = ${pkglibdir}/pgxs/src/makefiles/pgxs.mk|' \
                -e 's|/usr/include/postgresql|${includedir}|g' \
          > $out/share/pg_config.env
        cat > $out/bin/pg_config <<'PGEOF'
        #!/bin/bash
        # pg_config of the stand-in nixpkgs (values in ../share/pg_config.env)
        set -euo pipefail
        env="$(dirname "$(readlink -f "$0")")/../share/pg_config.env"
        if [ "$#" -eq 0 ]; then
            cat "$env"
            exit 0
        fi
        for arg in "$@"; do
            case "$arg" in
                --help|-\?)
                    echo "pg_config provides information about the installed version of PostgreSQL."
                    exit 0 ;;
                --*)
                    key="''${arg#--}"
                    key="''${key^^}"
                    line="$(grep -m1 "^$key = " "$env" || true)"
                    if [ -z "$line" ]; then
                        echo "pg_config: invalid argument: $arg" >&2
                        exit 1
                    fi
                    echo "''${line#"$key = "}" ;;
                *)
                    echo "pg_config: invalid argument: $arg" >&2
                    exit 1 ;;
            esac
        done
        PGEOF
        chmod +x $out/bin/pg_config
      '';
    };

  krb5 = debLib {
    pname = "krb5";
    version = v.krb5;
    # nixpkgs: outputs = [ "out" "lib" "dev" ]; krb5-config is moved to dev.
    outputs = [ "out" "lib" "dev" ];
    debPackages = [
      "libkrb5-3" "libgssapi-krb5-2" "libk5crypto3" "libkrb5support0" "libgssrpc4"
      "libkadm5clnt-mit12" "libkadm5srv-mit12" "libkdb5-10"
      "libcom-err2" "comerr-dev" "libkrb5-dev" "krb5-multidev"
    ];
    configScripts = [ "krb5-config" ];
    binaries = [ "compile_et" ];
  };

  libpqBase = debLib {
    pname = "libpq";
    version = v.libpq;
    # nixpkgs libpq.nix: outputs out, dev (+ static/debug, not offered here)
    outputs = [ "out" "dev" ];
    debPackages = [ "libpq5" "libpq-dev" ];
    includeStrip = "postgresql";
    passthru.pg_config = libpqPgConfig;
  };
  libpqPgConfig = mkPgConfig {
    name = "libpq";
    version = v.libpq;
    bindir = "${libpqBase.dev}/bin";
    libdir = "${libpqBase.out}/lib";
    pkglibdir = "${libpqBase.out}/lib";
    includedir = "${libpqBase.dev}/include";
  };

  postgresql = debLib {
    pname = "postgresql";
    version = v.postgresql;
    # nixpkgs generic.nix: outputs out dev doc lib man; pg_config is not in
    # $out/bin but available as postgresql.pg_config.
    outputs = [ "out" "dev" "lib" ];
    debPackages = [ "libpq5" "libpq-dev" ];
    includeStrip = "postgresql";
    binDirs = [ machine.postgresqlBinDir ];
    excludeBins = [ "pg_config" ];
    passthru = {
      pg_config = postgresqlPgConfig;
      psqlSchema = builtins.head (builtins.splitVersion v.postgresql);
    };
  };
  postgresqlPgConfig = mkPgConfig {
    name = "postgresql";
    version = v.postgresql;
    bindir = "${postgresql.out}/bin";
    libdir = "${postgresql.lib}/lib";
    pkglibdir = "${postgresql.out}/lib";
    includedir = "${postgresql.dev}/include";
  };

  # Debian's libxml2 is built with ICU (its headers include
  # <unicode/ucnv.h>), so the stand-in libxml2 propagates ICU, as nixpkgs'
  # libxml2 does with icuSupport = true.  Not offered as an attribute.
  icu = debLib {
    pname = "icu4c";
    version = v.icu;
    outputs = [ "out" "dev" ];
    debPackages = [ "libicu72" "libicu-dev" ];
  };

  libxml2 = debLib {
    pname = "libxml2";
    version = v.libxml2;
    # nixpkgs: outputs = [ "bin" "dev" "out" ]; xml2-config in dev.
    outputs = [ "bin" "dev" "out" ];
    debPackages = [ "libxml2" "libxml2-dev" ];
    configScripts = [ "xml2-config" ];
    propagatedBuildInputs = [ icu ];
  };

  libxslt = debLib {
    pname = "libxslt";
    version = v.libxslt;
    # nixpkgs: outputs = [ "bin" "dev" "out" "doc" "devdoc" ]; xslt-config in dev.
    outputs = [ "bin" "dev" "out" ];
    debPackages = [ "libxslt1.1" "libxslt1-dev" ];
    configScripts = [ "xslt-config" ];
  };

  xmlsec = debLib {
    pname = "xmlsec";
    version = v.xmlsec;
    # nixpkgs: outputs = [ "out" "dev" ]; propagatedBuildInputs = [ libxslt ].
    outputs = [ "out" "dev" ];
    debPackages = [ "libxmlsec1" "libxmlsec1-openssl" "libxmlsec1-gnutls" "libxmlsec1-gcrypt" "libxmlsec1-nss" "libxmlsec1-dev" ];
    configScripts = [ "xmlsec1-config" ];
    propagatedBuildInputs = [ libxslt ];
  };

  libtool = debLib {
    pname = "libtool";
    version = v.libtool;
    # nixpkgs libtool2.nix: outputs = [ "out" "lib" ] (libltdl in lib).
    outputs = [ "out" "lib" ];
    debPackages = [ "libltdl7" "libltdl-dev" "libtool" ];
    binaries = [ "libtool" "libtoolize" ];
    shareDirs = [ "aclocal" "libtool" ];
  };

  openssl = debLib {
    pname = "openssl";
    version = v.openssl;
    # nixpkgs: outputs = [ "bin" "dev" "out" "man" ... ].
    outputs = [ "bin" "dev" "out" ];
    debPackages = [ "libssl3" "libssl-dev" "openssl" ];
    binaries = [ "openssl" "c_rehash" ];
  };

  zlib = debLib {
    pname = "zlib";
    version = v.zlib;
    # nixpkgs: outputs = [ "out" "dev" ] (+ "static").
    outputs = [ "out" "dev" ];
    debPackages = [ "zlib1g" "zlib1g-dev" ];
  };

  libffi = debLib {
    pname = "libffi";
    version = v.libffi;
    # nixpkgs: outputs = [ "out" "dev" "man" "info" ].
    outputs = [ "out" "dev" ];
    debPackages = [ "libffi8" "libffi-dev" ];
  };
in
{
  inherit krb5 postgresql libxml2 libxslt xmlsec libtool openssl zlib libffi;
  libpq = libpqBase;
}

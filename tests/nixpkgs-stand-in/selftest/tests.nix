# Build tests of the stand-in nixpkgs (x86_64-linux); used by ../selftest.sh.
let
  standIn = import ../.;
  pkgs = standIn.legacyPackages.x86_64-linux;
  inherit (pkgs) lib stdenv;
in
rec {
  # 1. NIX_CFLAGS_COMPILE "-include gssapi/gssapi_ext.h" with krb5 in buildInputs.
  gssLib = stdenv.mkDerivation {
    pname = "standin-gss";
    version = "1";
    src = ./src;
    buildInputs = [ pkgs.krb5 ];
    NIX_CFLAGS_COMPILE = "-include gssapi/gssapi_ext.h";
    buildPhase = ''
      runHook preBuild
      $CC -shared -fPIC -Werror=implicit-function-declaration gss.c -o libstandin_gss.so -lgssapi_krb5
      runHook postBuild
    '';
    installPhase = ''
      runHook preInstall
      mkdir -p $out/lib
      cp libstandin_gss.so $out/lib/
      runHook postInstall
    '';
  };

  # The same without krb5: must fail (headers are not visible otherwise).
  gssLibNoKrb5 = gssLib.overrideAttrs (old: { buildInputs = [ ]; });

  # 2. A prebuilt ELF (no RPATH) linking libxml2 and libstdc++ ...
  xmlProgUnpatched = stdenv.mkDerivation {
    pname = "standin-xmlprog-unpatched";
    version = "1";
    src = ./src;
    buildInputs = [ pkgs.libxml2 ];
    dontStrip = true;
    buildPhase = ''
      $CXX -o xmlprog xmlprog.cc -I${lib.getDev pkgs.libxml2}/include/libxml2 -lxml2
    '';
    installPhase = ''
      mkdir -p $out/bin
      cp xmlprog $out/bin/
      patchelf --remove-rpath $out/bin/xmlprog
    '';
  };

  # ... whose RUNPATH autoPatchelfHook fills from buildInputs,
  xmlProgPatched = stdenv.mkDerivation {
    pname = "standin-xmlprog";
    version = "1";
    src = xmlProgUnpatched;
    nativeBuildInputs = [ pkgs.autoPatchelfHook ];
    buildInputs = [ pkgs.libxml2 stdenv.cc.cc.lib ];
    installPhase = ''
      mkdir -p $out
      cp -r bin $out/
    '';
  };

  # ... and which fails when libxml2 is not among the buildInputs.
  xmlProgMissingDep = xmlProgPatched.overrideAttrs (old: {
    pname = "standin-xmlprog-missing";
    buildInputs = [ stdenv.cc.cc.lib ];
  });

  # ... unless the missing dependency is ignored.
  xmlProgIgnoredDep = xmlProgPatched.overrideAttrs (old: {
    pname = "standin-xmlprog-ignored";
    buildInputs = [ stdenv.cc.cc.lib ];
    autoPatchelfIgnoreMissingDeps = [ "libxml2.so.*" ];
  });

  # 3. fetchurl of a small wheel with its real SRI hash.
  wheelFile = pkgs.fetchurl {
    url = "https://files.pythonhosted.org/packages/32/af/89487c7bbf433f4079044f3dc32f9a9f887597fe04614a37a292e373e16b/pkgconfig-1.5.5-py3-none-any.whl";
    hash = "sha256-0gAju+tC7m1Cig+sbgkEYx9UWYWhDN1xogqli8R6Qgk=";
  };

  # 4. A wheel of a C-extension sdist, built offline with pip.
  buildPython = pkgs.python311.withPackages (ps: [ ps.setuptools ps.cython ps.pip ]);
  cextWheel = stdenv.mkDerivation {
    pname = "standin-ext-wheel";
    version = "0.1";
    src = ./src/cext;
    nativeBuildInputs = [ buildPython ];
    buildPhase = ''
      runHook preBuild
      python -m pip wheel --no-deps --no-build-isolation --no-index --no-cache-dir -w dist .
      runHook postBuild
    '';
    installPhase = ''
      mkdir -p $out
      cp dist/*.whl $out/
    '';
    doInstallCheck = true;
    installCheckPhase = ''
      runHook preInstallCheck
      mkdir check && cd check
      unzip -q $out/*.whl
      python -c 'import standin_ext; assert standin_ext.add(2, 3) == 5; print("cext ok")'
      runHook postInstallCheck
    '';
  };

  # 5. pg_config, krb5-config, xml2-config of the stand-in libraries.
  configTools = pkgs.runCommand "standin-config-tools" { } ''
    ${pkgs.postgresql.pg_config}/bin/pg_config --libdir > $out
    ${pkgs.postgresql.pg_config}/bin/pg_config --includedir >> $out
    ${pkgs.libpq.pg_config}/bin/pg_config --libdir >> $out
    ${lib.getDev pkgs.krb5}/bin/krb5-config --version >> $out
    ${lib.getDev pkgs.krb5}/bin/krb5-config --cflags gssapi >> $out
    ${lib.getDev pkgs.libxml2}/bin/xml2-config --cflags >> $out
    test -e ${pkgs.libpq.dev}/include/libpq-fe.h
    test -e ${pkgs.libpq}/lib/libpq.so
    test ! -e ${pkgs.postgresql}/bin/pg_config
    test -x ${pkgs.postgresql}/bin/psql
    test ! -e ${pkgs.krb5}/bin/krb5-config
    test -e ${pkgs.krb5.lib}/lib/libgssapi_krb5.so
  '';

  # 6. pkg-config sees only what is in buildInputs.
  pkgConfigCheck = stdenv.mkDerivation {
    name = "standin-pkg-config-check";
    dontUnpack = true;
    nativeBuildInputs = [ pkgs.pkg-config ];
    buildInputs = [ pkgs.xmlsec pkgs.libxml2 pkgs.openssl ];
    installPhase = ''
      pkg-config --cflags --libs xmlsec1 > $out
      pkg-config --cflags libxslt >> $out   # propagated by xmlsec
      if pkg-config --exists zlib; then echo "zlib must not be visible" >&2; exit 1; fi
    '';
  };

  # 7. python311 as the home of a venv made by symlink + pyvenv.cfg.
  venvCheck = pkgs.runCommand "standin-venv-check" { } ''
    venv=$TMPDIR/venv
    mkdir -p $venv/bin $venv/lib/python3.11/site-packages
    ln -s ${pkgs.python311}/bin/python3.11 $venv/bin/python3.11
    ln -s python3.11 $venv/bin/python
    cat > $venv/pyvenv.cfg <<CFG
    home = ${pkgs.python311}/bin
    include-system-site-packages = false
    version = 3.11.7
    CFG
    $venv/bin/python -c '
    import ssl, sqlite3, ctypes, sys, sysconfig
    assert sys.prefix == "'"$venv"'", sys.prefix
    assert sys.base_prefix == "${pkgs.python311}", sys.base_prefix
    assert sysconfig.get_paths()["purelib"] == "'"$venv"'/lib/python3.11/site-packages"
    try:
        import flask
        raise SystemExit("machine site-packages leaked into the venv")
    except ImportError:
        pass
    print("venv ok", ssl.OPENSSL_VERSION, sqlite3.sqlite_version)
    ' > $out
  '';

  # 8. Misc: makeWrapper, removeReferencesTo, writeShellScript, cacert, uv.
  misc = stdenv.mkDerivation {
    name = "standin-misc";
    dontUnpack = true;
    nativeBuildInputs = [ pkgs.makeWrapper pkgs.removeReferencesTo pkgs.cacert pkgs.uv ];
    script = pkgs.writeShellScript "hello" ''echo "hello $GREETING"'';
    installPhase = ''
      mkdir -p $out/bin $out/share
      makeWrapper $script $out/bin/hello --set GREETING world
      test "$($out/bin/hello)" = "hello world"
      echo "${pkgs.zlib}" > $out/share/ref
      remove-references-to -t ${pkgs.zlib} $out/share/ref
      grep -q eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee $out/share/ref
      test -n "$SSL_CERT_FILE" && test -s "$SSL_CERT_FILE"
      uv --version > $out/share/uv-version
      echo "a-b-c" > f; substituteInPlace f --replace-fail b X; grep -q a-X-c f
      if (substituteInPlace f --replace-fail nothere X) 2>/dev/null; then echo "--replace-fail must fail" >&2; exit 1; fi
    '';
  };

  # 9. rustPlatform.buildRustPackage on a crate without dependencies.
  rustHello = pkgs.rustPlatform.buildRustPackage {
    pname = "rusthello";
    version = "0.1.0";
    src = ./src/rusthello;
    cargoLock.lockFile = ./src/rusthello/Cargo.lock;
    doInstallCheck = true;
    installCheckPhase = ''
      $out/bin/rusthello | grep -q "stand-in rustPlatform"
    '';
  };

  # 10. mkShell (instantiable and, like nixpkgs, buildable).
  shell = pkgs.mkShell {
    packages = [ pkgs.uv pkgs.python311 pkgs.pkg-config ];
    buildInputs = [ pkgs.libpq ];
    shellHook = "export STANDIN_SHELL=1";
  };

  # 11. unpackPhase: .tar.gz, .whl, .zip and directory sources; phase flags.
  tarball = pkgs.runCommand "standin-src.tar.gz" { } ''
    mkdir standin-src-1.0 && echo hi > standin-src-1.0/hello.txt
    tar czf $out standin-src-1.0
  '';
  unpackChecks = stdenv.mkDerivation {
    name = "standin-unpack-checks";
    src = tarball;
    whl = wheelFile;
    dontConfigure = true;
    buildPhase = ''
      test -f hello.txt                                  # cd'ed into the single top-level dir
      ( mkdir ../w && cd ../w && unpackFile "$whl" && test -f pkgconfig-1.5.5-py3-none-any/pkgconfig/__init__.py )
      echo "@greeting@" > g.txt
      substituteInPlace g.txt --subst-var-by greeting hello
      grep -qx hello g.txt
    '';
    installPhase = ''
      runHook preInstall
      mkdir -p $out && cp hello.txt g.txt $out/
      runHook postInstall
    '';
    postInstall = "touch $out/post-install-ran";
    dontFixup = true;
  };

  # 12. python's setup hook: packages next to python in nativeBuildInputs
  # (and what they propagate) land on PYTHONPATH.
  pythonPathCheck = pkgs.runCommand "standin-pythonpath-check"
    { nativeBuildInputs = [ pkgs.python311 pkgs.python311.pkgs.hatchling pkgs.python311.pkgs.build ]; } ''
    python3 -c 'import hatchling, pluggy, pathspec, trove_classifiers, build, pyproject_hooks, packaging; print("pythonpath ok")' > $out
  '';
}

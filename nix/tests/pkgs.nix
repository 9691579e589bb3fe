# A package set just large enough for nix/lib.nix: every package a plain
# `derivation` that is never built, with nixpkgs' attribute names and the
# passthru attributes the library reads.
{ lib }:
let
  system = "x86_64-linux";
  drv =
    name: attrs:
    derivation (
      {
        inherit name system;
        builder = "/bin/sh";
      }
      // attrs
    );
  package = name: drv name { };
  python311 = drv "python3-3.11.7" { } // {
    version = "3.11.7";
    pythonVersion = "3.11";
    sitePackages = "lib/python3.11/site-packages";
    interpreter = "${python311}/bin/python3.11";
    pkgs = lib.genAttrs [ "installer" "pip" "setuptools" "wheel" "cython" ] (n: package "python3.11-${n}");
    withPackages = f: drv "python3-3.11.7-env" { packages = f python311.pkgs; };
  };
in
{
  inherit python311;
  stdenv = {
    # As nixpkgs' mkDerivation: name from pname and version, overrideAttrs.
    mkDerivation =
      let
        mk =
          args:
          drv "${args.pname}-${args.version}" (
            removeAttrs args [
              "pname"
              "version"
            ]
          )
          // {
            overrideAttrs = f: mk (args // f args);
          };
      in
      mk;
    cc.cc.lib = package "gcc-lib";
  };
  runCommand = name: env: buildCommand: drv name (env // { inherit buildCommand; });
  fetchurl = { name, url, hash }: drv name { inherit url; outputHash = hash; };
}
// lib.genAttrs [
  "autoPatchelfHook"
  "bash"
  "cacert"
  "krb5"
  "libffi"
  "libxml2"
  "libxslt"
  "patchelf"
  "pkg-config"
  "removeReferencesTo"
  "uv"
] package

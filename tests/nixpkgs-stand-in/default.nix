# Stand-in for nixpkgs, backed by this machine's tools (see README.md).
#   import ./tests/nixpkgs-stand-in  =>  { lib; legacyPackages.<system>; }
# x86_64-linux derivations build on this machine; aarch64-linux ones only
# instantiate.
let
  lib = import ./lib.nix;
  forSystem = system: import ./pkgs.nix { inherit system; };
in
{
  inherit lib;
  legacyPackages = lib.genAttrs [ "x86_64-linux" "aarch64-linux" ] forSystem;
}

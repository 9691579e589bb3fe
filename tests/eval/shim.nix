# Evaluates a generated flake without flake machinery: its inputs are given
# here. nixpkgs is the stand-in under tests/nixpkgs-stand-in; each git input
# (`git+URL?rev=REV`, flake = false) is fetched by builtins.fetchGit, or, for
# evaluation only, replaced by an empty directory (fakeGit = true).
# `packages/x86_64-linux/default` = <derivation>, ... for every output.
{
  flakeDir,
  standIn,
  fakeGit ? false,
  # Also every installed distribution (legacyPackages.SYSTEM.pythonPackages).
  allPackages ? false,
}:
let
  flake = import (flakeDir + "/flake.nix");
  gitInput =
    name: spec:
    let
      parts = builtins.match "git\\+([^?]*)\\?(.*&)?rev=([0-9a-f]{40}).*" spec.url;
    in
    if fakeGit then
      builtins.path {
        name = "${name}-stand-in";
        path = ./empty;
      }
    else
      builtins.fetchGit {
        url = builtins.elemAt parts 0;
        rev = builtins.elemAt parts 2;
        allRefs = true;
      };
  inputs = builtins.mapAttrs gitInput (builtins.removeAttrs flake.inputs [ "nixpkgs" ]) // {
    nixpkgs = import standIn;
  };
  outputs = flake.outputs inputs;
  # "packages/x86_64-linux/default" = <derivation>, for every output.
  flatten =
    prefix: set:
    builtins.foldl' (
      acc: name:
      let
        value = set.${name};
        path = if prefix == "" then name else "${prefix}/${name}";
      in
      acc // (if value.type or null == "derivation" then { ${path} = value; } else flatten path value)
    ) { } (builtins.attrNames set);
in
flatten "" (
  { inherit (outputs) packages checks; }
  // (if allPackages then { inherit (outputs) legacyPackages; } else { })
)

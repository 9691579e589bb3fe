{
  description = "Stand-in for nixpkgs backed by this machine's tools (tests only)";

  outputs = { self }:
    let
      standIn = import ./default.nix;
    in
    {
      inherit (standIn) lib legacyPackages;
    };
}

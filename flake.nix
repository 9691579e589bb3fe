{
  description = "uv2nix-authentik: turn a uv project's uv.lock into a reproducible Nix flake";

  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f nixpkgs.legacyPackages.${system} system);
      manifest = (builtins.fromTOML (builtins.readFile ./Cargo.toml)).package;
      # What the build reads: the crate, not the tests or their fixtures.
      source = builtins.path {
        name = "uv2nix-authentik-source";
        path = ./.;
        filter =
          path: _type:
          let
            rel = lib.removePrefix (toString ./. + "/") (toString path);
          in
          builtins.any (keep: rel == keep || lib.hasPrefix "${keep}/" rel) [
            "Cargo.toml"
            "Cargo.lock"
            "src"
            "templates"
          ];
      };
    in
    {
      packages = forAllSystems (
        pkgs: _: {
          uv2nix-authentik = pkgs.rustPlatform.buildRustPackage {
            pname = manifest.name;
            inherit (manifest) version;
            src = source;
            cargoLock.lockFile = ./Cargo.lock;
            # The tests need Nix itself and the authentik fixtures: run them with scripts/test.
            doCheck = false;
            meta.mainProgram = "uv2nix-authentik";
          };
          default = self.packages.${pkgs.stdenv.hostPlatform.system}.uv2nix-authentik;
        }
      );

      apps = forAllSystems (
        _: system: {
          default = {
            type = "app";
            program = "${self.packages.${system}.uv2nix-authentik}/bin/uv2nix-authentik";
          };
        }
      );

      devShells = forAllSystems (
        pkgs: _: {
          default = pkgs.mkShell {
            packages = [
              pkgs.cargo
              pkgs.rustc
              pkgs.clippy
              pkgs.rustfmt
              pkgs.uv
            ];
          };
        }
      );
    };
}

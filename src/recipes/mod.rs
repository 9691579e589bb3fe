//! Stage 3, `recipes`: native build knowledge, as data.
//!
//! Each row of [`NATIVE`] says what one sdist needs to compile in Nix, and
//! why (the "Lessons Learned" of the proven authentik build). [`PROJECTS`]
//! holds what a known root project needs after its packages are installed.

/// What building one package from source needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NativeRecipe {
    /// The package, as its normalised name.
    pub package: &'static str,
    /// nixpkgs attribute paths of tools run at build time (on PATH).
    pub native_build_inputs: &'static [&'static str],
    /// nixpkgs attribute paths of libraries compiled and linked against;
    /// their libraries are also what `autoPatchelfHook` must find.
    pub build_inputs: &'static [&'static str],
    /// Environment variables the build needs.
    pub env: &'static [(&'static str, &'static str)],
    /// `python.pkgs` attributes of the build backend (uv does not lock them).
    pub build_system: &'static [&'static str],
    /// Locked packages the build imports (installed before it runs).
    pub locked_build_requires: &'static [&'static str],
    /// Modules the import check loads.
    pub imports: &'static [&'static str],
    /// Why the inputs are there.
    pub lessons: &'static [&'static str],
}

/// The built-in native recipes, sorted by package.
pub const NATIVE: &[NativeRecipe] = &[
    NativeRecipe {
        package: "gssapi",
        native_build_inputs: &["krb5.dev"],
        build_inputs: &["krb5"],
        env: &[("NIX_CFLAGS_COMPILE", "-include gssapi/gssapi_ext.h")],
        build_system: &["setuptools", "cython"],
        locked_build_requires: &[],
        imports: &["gssapi"],
        lessons: &[
            "krb5-config lives in krb5.dev, not in krb5's bin",
            "gss_acquire_cred_impersonate_name is declared in gssapi_ext.h, which is not included by default: -include gssapi/gssapi_ext.h",
        ],
    },
    NativeRecipe {
        package: "lxml",
        native_build_inputs: &["pkg-config", "libxml2.dev", "libxslt.dev"],
        build_inputs: &["libxml2", "libxslt", "zlib"],
        env: &[],
        build_system: &["setuptools", "cython"],
        locked_build_requires: &[],
        imports: &["lxml.etree"],
        lessons: &["xml2-config and xslt-config are in the dev outputs"],
    },
    NativeRecipe {
        package: "psycopg-c",
        native_build_inputs: &["postgresql.pg_config"],
        build_inputs: &["libpq"],
        env: &[],
        build_system: &["setuptools", "cython"],
        locked_build_requires: &[],
        // psycopg_c refuses to load before psycopg.
        imports: &["psycopg", "psycopg_c"],
        lessons: &[
            "pg_config is deleted from postgresql's output: use the separate postgresql.pg_config",
            "psycopg-c links against libpq",
        ],
    },
    NativeRecipe {
        package: "xmlsec",
        native_build_inputs: &["pkg-config"],
        build_inputs: &["libxml2", "libxslt", "xmlsec", "libtool", "openssl"],
        env: &[],
        build_system: &["setuptools", "setuptools-scm", "pkgconfig"],
        locked_build_requires: &["lxml"],
        imports: &["xmlsec"],
        lessons: &[
            "xmlsec1 links with -lltdl: libtool provides libltdl",
            "built against the same libxml2 as lxml, so both are no-binary",
        ],
    },
];

/// A substitution in one file of a project's source, applied after install.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Substitution {
    /// File relative to site-packages.
    pub file: &'static str,
    /// `(old, new)` pairs; `@out@` in `new` becomes the output path, `@tool@`
    /// the store path of a tool the recipe names.
    pub replace: &'static [(&'static str, &'static str)],
}

/// What a known root project needs beyond installing its packages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProjectRecipe {
    /// The project's normalised name.
    pub project: &'static str,
    /// The flake's package name for the environment.
    pub output: &'static str,
    /// Top-level import packages copied from the source tree.
    pub import_packages: &'static [&'static str],
    /// Source files copied into site-packages next to the packages.
    pub site_packages_files: &'static [&'static str],
    /// Source directories copied into the output's root.
    pub out_dirs: &'static [&'static str],
    /// Packages also linked at the output's root.
    pub out_links: &'static [&'static str],
    pub substitutions: &'static [Substitution],
    /// nixpkgs attributes whose store paths substitutions name as `@attr@`.
    pub tools: &'static [&'static str],
    /// Modules the import check loads.
    pub imports: &'static [&'static str],
}

/// The built-in project recipes.
pub const PROJECTS: &[ProjectRecipe] = &[ProjectRecipe {
    project: "authentik",
    output: "authentik-django",
    import_packages: &["authentik", "lifecycle"],
    site_packages_files: &["manage.py"],
    out_dirs: &["blueprints"],
    out_links: &["authentik", "lifecycle"],
    // The patterns of the proven authentik 2026.2 build.
    substitutions: &[
        Substitution {
            file: "authentik/root/settings.py",
            replace: &[(
                "BASE_DIR = Path(__file__).absolute().parent.parent.parent",
                "BASE_DIR = Path(\"@out@\")",
            )],
        },
        Substitution {
            file: "authentik/lib/default.yml",
            replace: &[(
                "blueprints_dir: /blueprints",
                "blueprints_dir: @out@/blueprints",
            )],
        },
        Substitution {
            file: "authentik/stages/email/utils.py",
            replace: &[
                (
                    "Path(\"web/icons/icon_left_brand.png\")",
                    "Path(\"@out@/web/icons/icon_left_brand.png\")",
                ),
                (
                    "Path(\"web/dist/assets/icons/icon_left_brand.png\")",
                    "Path(\"@out@/web/dist/assets/icons/icon_left_brand.png\")",
                ),
            ],
        },
        Substitution {
            file: "lifecycle/ak",
            replace: &[("#!/usr/bin/env -S bash", "#!@bash@/bin/bash")],
        },
    ],
    tools: &["bash"],
    imports: &["authentik"],
}];

/// The build backend assumed for an sdist that no recipe knows.
pub const GENERIC_BUILD_SYSTEM: &[&str] = &["setuptools", "wheel"];

/// The native recipe for `package`, if one is known.
pub fn native(package: &str) -> Option<&'static NativeRecipe> {
    NATIVE.iter().find(|r| r.package == package)
}

/// The project recipe for `project`, if one is known.
pub fn project(project: &str) -> Option<&'static ProjectRecipe> {
    PROJECTS.iter().find(|r| r.project == project)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn native_table_is_sorted_and_unique() {
        let names: Vec<_> = NATIVE.iter().map(|r| r.package).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn lessons_learned_are_in_the_table() {
        let pg = native("psycopg-c").map(|r| r.native_build_inputs);
        assert_eq!(pg, Some(&["postgresql.pg_config"][..]));
        assert!(native("psycopg-c").is_some_and(|r| r.build_inputs.contains(&"libpq")));
        assert!(native("xmlsec").is_some_and(|r| r.build_inputs.contains(&"libtool")));
        assert!(native("gssapi").is_some_and(|r| {
            r.env
                .contains(&("NIX_CFLAGS_COMPILE", "-include gssapi/gssapi_ext.h"))
        }));
    }
}

//! `pyproject.toml` and `uv.toml`: the project's identity, its Python
//! requirement, its workspace, and the uv settings that change what gets built.

use std::collections::BTreeSet;
use std::path::Path;
use std::str::FromStr;

use pep440_rs::{Version, VersionSpecifiers};
use pep508_rs::PackageName;
use serde::Deserialize;
use toml::Spanned;

use super::error::ReadError;
use super::lock::normalize_group;
use super::toml_file::TomlFile;

/// The parts of a `pyproject.toml` this tool uses.
#[derive(Debug, Clone)]
pub struct PyProject {
    pub name: PackageName,
    pub version: Option<String>,
    pub requires_python: Option<VersionSpecifiers>,
    /// Top-level import packages declared by the build backend's configuration,
    /// empty when the backend's default (the normalised name) applies.
    pub import_packages: Vec<String>,
    /// `[tool.uv]` of this file, if any.
    pub uv: UvSettings,
    /// Whether the file has a `[tool.uv]` table at all.
    pub has_tool_uv: bool,
    /// Where `[tool.uv2nix-authentik]` (the project's recipes) starts, if it has one.
    pub recipes_at: Option<usize>,
}

/// The uv settings that decide what `uv sync` installs and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UvSettings {
    pub no_binary: bool,
    pub no_binary_package: BTreeSet<PackageName>,
    pub no_build: bool,
    pub no_build_package: BTreeSet<PackageName>,
    /// `default-groups`: `None` means uv's default (`["dev"]`).
    pub default_groups: Option<DefaultGroups>,
}

/// `[tool.uv] default-groups`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DefaultGroups {
    All,
    List(BTreeSet<String>),
}

#[derive(Deserialize)]
struct PyProjectWire {
    project: Option<Spanned<ProjectWire>>,
    #[serde(default)]
    tool: ToolWire,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
struct ProjectWire {
    name: Spanned<String>,
    version: Option<Spanned<String>>,
    requires_python: Option<Spanned<String>>,
}

#[derive(Deserialize, Default)]
struct ToolWire {
    uv: Option<UvWire>,
    hatch: Option<toml::Value>,
    setuptools: Option<toml::Value>,
    flit: Option<toml::Value>,
    poetry: Option<toml::Value>,
    /// Read by [`crate::recipes::overrides`].
    #[serde(rename = "uv2nix-authentik")]
    recipes: Option<Spanned<serde::de::IgnoredAny>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
struct UvWire {
    #[serde(default)]
    no_binary: bool,
    #[serde(default)]
    no_binary_package: Vec<Spanned<String>>,
    #[serde(default)]
    no_build: bool,
    #[serde(default)]
    no_build_package: Vec<Spanned<String>>,
    default_groups: Option<DefaultGroupsWire>,
    build_backend: Option<toml::Value>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum DefaultGroupsWire {
    All(String),
    List(Vec<String>),
}

impl PyProject {
    /// Parses a `pyproject.toml` read from `path`.
    pub fn parse(path: &Path, text: &str) -> Result<Self, ReadError> {
        let file = TomlFile::new(path, text);
        let wire: PyProjectWire = file.deserialize()?;
        let Some(project) = wire.project else {
            return Err(ReadError::invalid(
                file.location(0),
                "no [project] table",
                "uv2nix-authentik needs a project with a name: add [project] with `name` and `requires-python`",
            ));
        };
        let project = project.into_inner();
        let name = PackageName::from_str(project.name.get_ref()).map_err(|e| {
            ReadError::invalid(
                file.location(project.name.span().start),
                format!("invalid project name {:?}: {e}", project.name.get_ref()),
                "use a PEP 508 name",
            )
        })?;
        let requires_python = project
            .requires_python
            .map(|spec| {
                VersionSpecifiers::from_str(spec.get_ref()).map_err(|e| {
                    ReadError::invalid(
                        file.location(spec.span().start),
                        format!("invalid requires-python {:?}: {e}", spec.get_ref()),
                        "write a PEP 440 specifier such as \"==3.14.*\"",
                    )
                })
            })
            .transpose()?;
        // Normalised, as uv writes it into the lock (`2026.02.0` is `2026.2.0`).
        let version = project
            .version
            .map(|v| {
                Version::from_str(v.get_ref())
                    .map(|parsed| parsed.to_string())
                    .map_err(|e| {
                        ReadError::invalid(
                            file.location(v.span().start),
                            format!("invalid project version {:?}: {e}", v.get_ref()),
                            "write a PEP 440 version such as \"2026.2.0\"",
                        )
                    })
            })
            .transpose()?;
        let has_tool_uv = wire.tool.uv.is_some();
        let recipes_at = wire.tool.recipes.as_ref().map(|r| r.span().start);
        let import_packages = import_packages(&wire.tool);
        let uv = settings(&file, wire.tool.uv.unwrap_or_default())?;
        Ok(Self {
            name,
            version,
            requires_python,
            import_packages,
            uv,
            has_tool_uv,
            recipes_at,
        })
    }
}

/// Parses a `uv.toml`: the same settings as `[tool.uv]`, at the top level.
pub fn parse_uv_toml(path: &Path, text: &str) -> Result<UvSettings, ReadError> {
    let file = TomlFile::new(path, text);
    let wire: UvWire = file.deserialize()?;
    settings(&file, wire)
}

fn settings(file: &TomlFile<'_>, wire: UvWire) -> Result<UvSettings, ReadError> {
    let names = |list: Vec<Spanned<String>>| -> Result<BTreeSet<PackageName>, ReadError> {
        list.into_iter()
            .map(|n| {
                PackageName::from_str(n.get_ref()).map_err(|e| {
                    ReadError::invalid(
                        file.location(n.span().start),
                        format!("invalid package name {:?}: {e}", n.get_ref()),
                        "use a PEP 508 package name",
                    )
                })
            })
            .collect()
    };
    Ok(UvSettings {
        no_binary: wire.no_binary,
        no_binary_package: names(wire.no_binary_package)?,
        no_build: wire.no_build,
        no_build_package: names(wire.no_build_package)?,
        default_groups: match wire.default_groups {
            None => None,
            Some(DefaultGroupsWire::All(s)) if s == "all" => Some(DefaultGroups::All),
            Some(DefaultGroupsWire::All(s)) => {
                return Err(ReadError::invalid(
                    file.location(0),
                    format!("default-groups = {s:?} is neither \"all\" nor a list"),
                    "write default-groups = \"all\" or a list of group names",
                ));
            }
            Some(DefaultGroupsWire::List(l)) => Some(DefaultGroups::List(
                l.iter().map(|g| normalize_group(g)).collect(),
            )),
        },
    })
}

/// Top-level import packages from the build backend's configuration.
fn import_packages(tool: &ToolWire) -> Vec<String> {
    let mut found = BTreeSet::new();
    let mut add_path = |p: &str| {
        let p = p.trim_end_matches('/');
        let last = p.rsplit('/').next().unwrap_or(p);
        let top = last.split('.').next().unwrap_or(last);
        if !top.is_empty() && !p.contains('*') {
            found.insert(top.to_string());
        }
    };
    let strings = |v: Option<&toml::Value>| -> Vec<String> {
        v.and_then(toml::Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    // hatchling: [tool.hatch.build.targets.wheel] packages = ["src/foo"]
    let hatch = tool
        .hatch
        .as_ref()
        .and_then(|h| h.get("build"))
        .and_then(|b| b.get("targets"))
        .and_then(|t| t.get("wheel"));
    for p in strings(hatch.and_then(|w| w.get("packages"))) {
        add_path(&p);
    }
    // setuptools: packages = ["foo", "foo.bar"] (a table means discovery)
    for p in strings(tool.setuptools.as_ref().and_then(|s| s.get("packages"))) {
        add_path(&p);
    }
    // flit: [tool.flit.module] name = "foo"
    if let Some(name) = tool
        .flit
        .as_ref()
        .and_then(|f| f.get("module"))
        .and_then(|m| m.get("name"))
        .and_then(toml::Value::as_str)
    {
        add_path(name);
    }
    // poetry: packages = [{ include = "foo" }]
    if let Some(list) = tool
        .poetry
        .as_ref()
        .and_then(|p| p.get("packages"))
        .and_then(toml::Value::as_array)
    {
        for include in list.iter().filter_map(|p| p.get("include")?.as_str()) {
            add_path(include);
        }
    }
    // uv_build: [tool.uv.build-backend] module-name = "foo"
    if let Some(uv) = &tool.uv
        && let Some(v) = uv.build_backend.as_ref().and_then(|b| b.get("module-name"))
    {
        match v {
            toml::Value::String(s) => add_path(s),
            toml::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).for_each(&mut add_path),
            _ => {}
        }
    }
    found.into_iter().collect()
}

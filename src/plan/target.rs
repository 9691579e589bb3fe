//! What the environment is built for: a CPython version, a Nix system and a
//! glibc level.

use std::fmt;
use std::str::FromStr;

use pep440_rs::{Version, VersionSpecifiers};
use pep508_rs::{MarkerEnvironment, MarkerEnvironmentBuilder};

/// A Nix system the flake builds for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum System {
    X86_64Linux,
    Aarch64Linux,
}

impl System {
    /// Every supported system, in output order.
    pub const ALL: [System; 2] = [System::X86_64Linux, System::Aarch64Linux];

    /// The Nix name, e.g. `x86_64-linux`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::X86_64Linux => "x86_64-linux",
            Self::Aarch64Linux => "aarch64-linux",
        }
    }

    /// The CPU architecture as wheel tags and `platform_machine` name it.
    pub fn arch(self) -> &'static str {
        match self {
            Self::X86_64Linux => "x86_64",
            Self::Aarch64Linux => "aarch64",
        }
    }

    /// The oldest manylinux glibc minor with wheels for this architecture.
    fn min_manylinux_minor(self) -> u16 {
        match self {
            Self::X86_64Linux => 5,
            Self::Aarch64Linux => 17,
        }
    }
}

impl fmt::Display for System {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for System {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|sys| sys.as_str() == s)
            .ok_or_else(|| format!("unsupported system {s:?}: use x86_64-linux or aarch64-linux"))
    }
}

/// A CPython `major.minor` version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PythonVersion {
    pub major: u8,
    pub minor: u8,
}

impl PythonVersion {
    /// CPython versions nixpkgs packages as `pythonXY`, oldest first.
    pub const NIXPKGS: [PythonVersion; 4] = [
        PythonVersion::new(3, 11),
        PythonVersion::new(3, 12),
        PythonVersion::new(3, 13),
        PythonVersion::new(3, 14),
    ];

    pub const fn new(major: u8, minor: u8) -> Self {
        Self { major, minor }
    }

    /// The nixpkgs attribute, e.g. `python314`.
    pub fn nix_attr(self) -> String {
        format!("python{}{}", self.major, self.minor)
    }

    /// The wheel tag, e.g. `cp314`.
    pub fn cp_tag(self) -> String {
        format!("cp{}{}", self.major, self.minor)
    }

    /// Whether some `X.Y.z` release satisfies `specifiers`.
    pub fn satisfies(self, specifiers: &VersionSpecifiers) -> bool {
        // The patch release nixpkgs ships is not known here: accept the minor
        // version when its first or a late patch release is allowed.
        [0u64, 99].into_iter().any(|patch| {
            specifiers.contains(&Version::new([
                u64::from(self.major),
                u64::from(self.minor),
                patch,
            ]))
        })
    }

    /// The newest nixpkgs CPython that satisfies `specifiers`.
    pub fn newest_satisfying(specifiers: &VersionSpecifiers) -> Option<Self> {
        Self::NIXPKGS
            .into_iter()
            .rev()
            .find(|v| v.satisfies(specifiers))
    }
}

impl fmt::Display for PythonVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for PythonVersion {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || format!("invalid Python version {s:?}: write MAJOR.MINOR, e.g. 3.14");
        let (major, minor) = s.split_once('.').ok_or_else(err)?;
        Ok(Self::new(
            major.parse().map_err(|_| err())?,
            minor.parse().map_err(|_| err())?,
        ))
    }
}

/// A glibc version, the manylinux level of a Linux system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Glibc {
    pub major: u16,
    pub minor: u16,
}

impl Glibc {
    pub const DEFAULT: Glibc = Glibc {
        major: 2,
        minor: 28,
    };
}

impl fmt::Display for Glibc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

impl FromStr for Glibc {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || format!("invalid glibc version {s:?}: write MAJOR.MINOR, e.g. 2.28");
        let (major, minor) = s.split_once('.').ok_or_else(err)?;
        let glibc = Self {
            major: major.parse().map_err(|_| err())?,
            minor: minor.parse().map_err(|_| err())?,
        };
        if glibc.major != 2 || glibc.minor < 17 {
            return Err(format!(
                "glibc {glibc} is not a manylinux level: use 2.17 or newer"
            ));
        }
        Ok(glibc)
    }
}

/// One environment to plan for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Target {
    pub python: PythonVersion,
    pub system: System,
    pub glibc: Glibc,
}

impl Target {
    /// The PEP 508 marker environment of CPython on this Linux system.
    pub fn marker_environment(&self) -> MarkerEnvironment {
        let full = format!("{}.{}.0", self.python.major, self.python.minor);
        let short = self.python.to_string();
        MarkerEnvironment::try_from(MarkerEnvironmentBuilder {
            implementation_name: "cpython",
            implementation_version: &full,
            os_name: "posix",
            platform_machine: self.system.arch(),
            platform_python_implementation: "CPython",
            platform_release: "",
            platform_system: "Linux",
            platform_version: "",
            python_full_version: &full,
            python_version: &short,
            sys_platform: "linux",
        })
        .expect("numeric Python versions parse") // ok: both versions are built from integers above and always parse
    }

    /// Linux platform tags this target accepts, best first (uv's order).
    pub fn platform_tags(&self) -> Vec<String> {
        let arch = self.system.arch();
        let mut tags = Vec::new();
        if self.glibc.minor >= self.system.min_manylinux_minor() {
            for minor in (self.system.min_manylinux_minor()..=self.glibc.minor).rev() {
                tags.push(format!("manylinux_{}_{minor}_{arch}", self.glibc.major));
                match minor {
                    17 => tags.push(format!("manylinux2014_{arch}")),
                    12 => tags.push(format!("manylinux2010_{arch}")),
                    5 => tags.push(format!("manylinux1_{arch}")),
                    _ => {}
                }
            }
        }
        tags.push(format!("linux_{arch}"));
        tags
    }
}

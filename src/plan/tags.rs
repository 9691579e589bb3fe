//! Wheel choice as a ranking, after uv's `uv-platform-tags`: every wheel is
//! either `Compatible(priority)` or `Incompatible(reason)`, so "no wheel fits"
//! can say why.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use super::target::Target;

/// How well a wheel's tags fit the target. Orders worst to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TagFit {
    Incompatible(Mismatch),
    /// Higher is better.
    Compatible(u32),
}

/// Which part of the closest tag did not fit. Orders least to most specific.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mismatch {
    /// The filename is not a valid wheel name.
    Invalid,
    Python,
    Abi,
    Platform,
}

/// The parts of a wheel filename that matter for the choice, borrowed from it.
/// Each tag part is a compressed tag set (`manylinux2014_x86_64.manylinux_2_17_x86_64`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WheelName<'a> {
    pub build: Option<(u64, &'a str)>,
    pub python: &'a str,
    pub abi: &'a str,
    pub platform: &'a str,
}

impl<'a> WheelName<'a> {
    /// Parses `name-version[-build]-python-abi-platform.whl`.
    pub fn parse(filename: &'a str) -> Option<Self> {
        let stem = filename.strip_suffix(".whl")?;
        // From the right: platform, abi, python, then the version and name
        // with an optional build tag between them.
        let split_last = |s: &'a str| {
            let dash = s.bytes().rposition(|b| b == b'-')?;
            Some((&s[..dash], &s[dash + 1..]))
        };
        let (rest, platform) = split_last(stem)?;
        let (rest, abi) = split_last(rest)?;
        let (rest, python) = split_last(rest)?;
        let build = match rest.bytes().filter(|&b| b == b'-').count() {
            1 => None,
            2 => Some(split_last(rest)?.1),
            _ => return None,
        };
        let build = match build {
            None => None,
            Some(b) => {
                let digits = b.bytes().take_while(u8::is_ascii_digit).count();
                let number = b[..digits].parse().ok()?;
                Some((number, &b[digits..]))
            }
        };
        Some(Self {
            build,
            python,
            abi,
            platform,
        })
    }

    /// The python tags of the set.
    pub fn pythons(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.python.split('.')
    }

    /// The ABI tags of the set.
    pub fn abis(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.abi.split('.')
    }

    /// The platform tags of the set.
    pub fn platforms(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.platform.split('.')
    }
}

/// The tags a target accepts, each with its priority.
pub struct TagRanking {
    /// Each accepted tag of a kind, with its index into `priority`.
    pythons: TagIndex,
    abis: TagIndex,
    platforms: TagIndex,
    /// `[python][abi][platform]`, row-major: the priority (higher is better),
    /// or 0 where the combination is not accepted.
    priority: Vec<u32>,
    target: Target,
}

/// Tags by name: a few dozen short strings the ranking makes itself.
type TagIndex = HashMap<String, usize, BuildHasherDefault<Fnv>>;

/// FNV-1a, which hashes a short tag in a fraction of SipHash's time; the
/// keys are the ranking's own, so there is no table to flood.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Gives each distinct tag an index, in the order of first use.
fn intern(tags: &mut TagIndex, tag: &str) -> usize {
    if let Some(&index) = tags.get(tag) {
        return index;
    }
    let index = tags.len();
    tags.insert(tag.to_string(), index);
    index
}

impl TagRanking {
    /// The ranking for CPython on a Linux target, in uv's order.
    pub fn new(target: Target) -> Self {
        let py = target.python;
        let (mut pythons, mut abis, mut platforms) = Default::default();
        let linux: Vec<usize> = target
            .platform_tags()
            .iter()
            .map(|p| intern(&mut platforms, p))
            .collect();
        let any = intern(&mut platforms, "any");
        let cp = intern(&mut pythons, &py.cp_tag());
        let (exact, abi3, none) = (
            intern(&mut abis, &py.cp_tag()),
            intern(&mut abis, "abi3"),
            intern(&mut abis, "none"),
        );
        // (python, abi, platform) indices, best first.
        let mut ordered: Vec<(usize, usize, usize)> = Vec::new();
        let mut each_linux = |python: usize, abi: usize| {
            ordered.extend(linux.iter().map(|&p| (python, abi, p)));
        };
        // 1. This exact C API.
        each_linux(cp, exact);
        // 2. abi3 down to 3.2, and `none` for this version.
        for minor in (2..=py.minor).rev() {
            let lang = intern(&mut pythons, &format!("cp{}{minor}", py.major));
            each_linux(lang, abi3);
            if minor == py.minor {
                each_linux(lang, none);
            }
        }
        // 3. Generic Python with a platform.
        let generic: Vec<usize> = (0..=py.minor)
            .rev()
            .flat_map(|minor| {
                let versioned = format!("py{}{minor}", py.major);
                let major = (minor == py.minor).then(|| format!("py{}", py.major));
                std::iter::once(versioned).chain(major)
            })
            .map(|tag| intern(&mut pythons, &tag))
            .collect();
        for &python in &generic {
            each_linux(python, none);
        }
        // 4. Pure Python.
        ordered.push((cp, none, any));
        ordered.extend(generic.iter().map(|&python| (python, none, any)));

        let mut priority = vec![0; pythons.len() * abis.len() * platforms.len()];
        let len = ordered.len();
        for (rank, (python, abi, platform)) in ordered.into_iter().enumerate() {
            let cell = &mut priority[(python * abis.len() + abi) * platforms.len() + platform];
            if *cell == 0 {
                *cell = u32::try_from(len - rank).unwrap_or(u32::MAX);
            }
        }
        Self {
            pythons,
            abis,
            platforms,
            priority,
            target,
        }
    }

    /// The target this ranking is for.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// The priorities of every platform for `python` and `abi`, if the
    /// target accepts that pair with any platform.
    fn row(&self, python: usize, abi: usize) -> Option<&[u32]> {
        let width = self.platforms.len();
        let start = (python * self.abis.len() + abi) * width;
        let row = &self.priority[start..start + width];
        row.iter().any(|&p| p > 0).then_some(row)
    }

    /// How well the wheel `filename` fits: the best of its tag combinations.
    pub fn fit(&self, wheel: &WheelName) -> TagFit {
        let mut best = TagFit::Incompatible(Mismatch::Invalid);
        for python in wheel.pythons() {
            let Some(&python) = self.pythons.get(python) else {
                best = best.max(TagFit::Incompatible(Mismatch::Python));
                continue;
            };
            for abi in wheel.abis() {
                let Some(row) = self.abis.get(abi).and_then(|&abi| self.row(python, abi)) else {
                    best = best.max(TagFit::Incompatible(Mismatch::Abi));
                    continue;
                };
                for platform in wheel.platforms() {
                    best = best.max(match self.platforms.get(platform).map(|&p| row[p]) {
                        Some(p) if p > 0 => TagFit::Compatible(p),
                        _ => TagFit::Incompatible(Mismatch::Platform),
                    });
                }
            }
        }
        best
    }

    /// Why `wheel` does not fit, in words.
    pub fn explain<'w>(&'w self, wheel: &WheelName<'w>, mismatch: Mismatch) -> Explanation<'w> {
        Explanation {
            ranking: self,
            wheel: wheel.clone(),
            mismatch,
        }
    }
}

/// A sentence saying why a wheel does not fit the target.
pub struct Explanation<'a> {
    ranking: &'a TagRanking,
    wheel: WheelName<'a>,
    mismatch: Mismatch,
}

impl fmt::Display for Explanation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let t = &self.ranking.target;
        let cp = t.python.cp_tag();
        match self.mismatch {
            Mismatch::Invalid => write!(f, "its filename is not a valid wheel name"),
            Mismatch::Python => write!(
                f,
                "it is built for Python {}, the target is CPython {} ({cp})",
                self.wheel.python, t.python
            ),
            Mismatch::Abi => write!(
                f,
                "its ABI {} does not fit CPython {} ({cp}, abi3 or none)",
                self.wheel.abi, t.python
            ),
            Mismatch::Platform => {
                let wanted = t.platform_tags();
                write!(
                    f,
                    "its platform {} does not fit {} with glibc {} (best tag {}-{cp}-{}",
                    self.wheel.platform,
                    t.system,
                    t.glibc,
                    cp,
                    wanted.first().map_or("linux", String::as_str),
                )?;
                if let Some(needed) = self.wheel.platforms().find_map(|p| glibc_of(p, t)) {
                    write!(
                        f,
                        "; it needs glibc {needed}: pass --glibc {needed} if the target has it"
                    )?;
                }
                write!(f, ")")
            }
        }
    }
}

/// The glibc a `manylinux_2_N_<arch>` tag for the target's architecture needs.
fn glibc_of(platform: &str, target: &Target) -> Option<String> {
    let rest = platform.strip_prefix("manylinux_")?;
    let rest = rest.strip_suffix(target.system.arch())?.strip_suffix('_')?;
    let (major, minor) = rest.split_once('_')?;
    let minor: u16 = minor.parse().ok()?;
    (minor > target.glibc.minor).then(|| format!("{major}.{minor}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::target::{Glibc, PythonVersion, System};

    fn ranking(system: System) -> TagRanking {
        TagRanking::new(Target {
            python: PythonVersion::new(3, 14),
            system,
            glibc: Glibc::DEFAULT,
        })
    }

    fn fit(r: &TagRanking, f: &str) -> TagFit {
        r.fit(&WheelName::parse(f).expect("valid wheel name"))
    }

    #[test]
    fn exact_abi_beats_abi3_beats_pure() {
        let r = ranking(System::X86_64Linux);
        let exact = fit(&r, "x-1-cp314-cp314-manylinux_2_17_x86_64.whl");
        let abi3 = fit(&r, "x-1-cp311-abi3-manylinux_2_28_x86_64.whl");
        let pure = fit(&r, "x-1-py3-none-any.whl");
        assert!(exact > abi3 && abi3 > pure, "{exact:?} {abi3:?} {pure:?}");
        assert!(matches!(pure, TagFit::Compatible(_)));
    }

    #[test]
    fn newer_manylinux_ranks_higher_until_glibc() {
        let r = ranking(System::X86_64Linux);
        let m28 = fit(&r, "x-1-cp314-cp314-manylinux_2_28_x86_64.whl");
        let m17 = fit(&r, "x-1-cp314-cp314-manylinux2014_x86_64.whl");
        let m34 = fit(&r, "x-1-cp314-cp314-manylinux_2_34_x86_64.whl");
        assert!(m28 > m17);
        assert_eq!(m34, TagFit::Incompatible(Mismatch::Platform));
    }

    #[test]
    fn compressed_tag_sets_take_their_best() {
        let r = ranking(System::Aarch64Linux);
        let f = fit(
            &r,
            "x-1-cp314-cp314-manylinux2014_aarch64.manylinux_2_17_aarch64.manylinux_2_28_aarch64.whl",
        );
        assert_eq!(f, fit(&r, "x-1-cp314-cp314-manylinux_2_28_aarch64.whl"));
    }

    #[test]
    fn mismatch_reports_the_most_specific_part() {
        let r = ranking(System::X86_64Linux);
        assert_eq!(
            fit(&r, "x-1-cp314-cp314-macosx_11_0_arm64.whl"),
            TagFit::Incompatible(Mismatch::Platform)
        );
        assert_eq!(
            fit(&r, "x-1-cp314-cp314t-manylinux_2_28_x86_64.whl"),
            TagFit::Incompatible(Mismatch::Abi)
        );
        assert_eq!(
            fit(&r, "x-1-cp313-cp313-manylinux_2_28_x86_64.whl"),
            TagFit::Incompatible(Mismatch::Abi)
        );
        assert_eq!(
            fit(&r, "x-1-pp310-pypy310_pp73-manylinux_2_28_x86_64.whl"),
            TagFit::Incompatible(Mismatch::Python)
        );
        assert!(WheelName::parse("not-a-wheel.tar.gz").is_none());
    }

    #[test]
    fn build_tags_parse() {
        let w = WheelName::parse("x-1.0-2b-py3-none-any.whl").expect("valid");
        assert_eq!(w.build, Some((2, "b")));
    }
}

//! Dependency edges resolved to the packages they name, through an index of
//! the packages by name; a package locked twice is refused here.

use pep508_rs::{ExtraName, MarkerTree, PackageName};

use super::convert::{INCONSISTENT, Invalid};
use super::{Dependency, Package, PackageId, Source};

/// A package before its dependency edges are resolved.
pub(super) struct Node {
    pub package: Package,
    /// The version as written, which dependency edges name.
    pub version: Option<String>,
    pub dependencies: Vec<PendingEdge>,
    pub optional_dependencies: Vec<(ExtraName, Vec<PendingEdge>)>,
    pub groups: Vec<(String, Vec<PendingEdge>)>,
    /// The byte offset of the package's table in the file.
    pub table: usize,
}

/// A dependency edge, checked, before it is resolved to a package.
pub(super) struct PendingEdge {
    pub name: PackageName,
    pub version: Option<String>,
    pub source: Option<Source>,
    pub marker: MarkerTree,
    pub extras: Vec<ExtraName>,
    /// The byte offset of the edge in the file.
    pub at: usize,
}

/// The packages of `nodes`, every edge resolved.
pub(super) fn resolve(mut nodes: Vec<Node>) -> Result<Vec<Package>, Invalid> {
    // The edges come out first, so that the index can borrow the nodes.
    let edges: Vec<_> = nodes
        .iter_mut()
        .map(|node| {
            (
                std::mem::take(&mut node.dependencies),
                std::mem::take(&mut node.optional_dependencies),
                std::mem::take(&mut node.groups),
            )
        })
        .collect();
    let index = NameIndex::new(&nodes);
    index.no_duplicates()?;
    let resolved = edges
        .into_iter()
        .map(|(dependencies, optional, groups)| {
            let optional = optional
                .into_iter()
                .map(|(extra, deps)| Ok((extra, index.resolve(deps)?)))
                .collect::<Result<_, Invalid>>()?;
            let groups = groups
                .into_iter()
                .map(|(group, deps)| Ok((group, index.resolve(deps)?)))
                .collect::<Result<_, Invalid>>()?;
            Ok((index.resolve(dependencies)?, optional, groups))
        })
        .collect::<Result<Vec<_>, Invalid>>()?;
    Ok(nodes
        .into_iter()
        .zip(resolved)
        .map(
            |(node, (dependencies, optional_dependencies, groups))| Package {
                dependencies,
                optional_dependencies,
                groups,
                ..node.package
            },
        )
        .collect())
}

/// Packages by name, version and source, for resolving edges.
struct NameIndex<'a> {
    /// Every package's name and id, sorted by name, then in lock order.
    by_name: Vec<(&'a PackageName, PackageId)>,
    nodes: &'a [Node],
}

impl<'a> NameIndex<'a> {
    fn new(nodes: &'a [Node]) -> Self {
        let mut by_name: Vec<_> = nodes
            .iter()
            .enumerate()
            .map(|(id, node)| (&node.package.name, id))
            .collect();
        by_name.sort();
        Self { by_name, nodes }
    }

    /// The packages named `name`, in lock order.
    fn get<'s>(&'s self, name: &'s PackageName) -> impl Iterator<Item = PackageId> + use<'s, 'a> {
        let start = self.by_name.partition_point(|(n, _)| *n < name);
        self.by_name[start..]
            .iter()
            .take_while(move |(n, _)| *n == name)
            .map(|&(_, id)| id)
    }

    /// Refuses a package locked twice with the same version and source, at
    /// its second table (the first such table in the lock).
    fn no_duplicates(&self) -> Result<(), Invalid> {
        let nodes = self.nodes;
        let same = |a: &Node, b: &Node| {
            a.package.version == b.package.version && a.package.source == b.package.source
        };
        // Each run of one name lists its packages in lock order.
        let duplicate = self
            .by_name
            .chunk_by(|a, b| a.0 == b.0)
            .flat_map(|run| {
                run.iter().enumerate().filter_map(|(i, &(_, second))| {
                    run[..i]
                        .iter()
                        .find(|&&(_, first)| same(&nodes[first], &nodes[second]))
                        .map(|&(_, first)| (second, first))
                })
            })
            .min();
        let Some((second, first)) = duplicate else {
            return Ok(());
        };
        let p = &nodes[second].package;
        Err(Invalid::Duplicate {
            at: nodes[second].table,
            first: nodes[first].table,
            package: format!("`{}` {}", p.name, p.version_str()),
        })
    }

    /// The edges resolved to the packages they name.
    fn resolve(&self, edges: Vec<PendingEdge>) -> Result<Vec<Dependency>, Invalid> {
        edges.into_iter().map(|e| self.resolve_edge(e)).collect()
    }

    fn resolve_edge(&self, edge: PendingEdge) -> Result<Dependency, Invalid> {
        let PendingEdge {
            name,
            version,
            source,
            marker,
            extras,
            at,
        } = edge;
        let version = version.as_deref();
        let mut candidates = self.get(&name).filter(|&id| {
            let node = &self.nodes[id];
            version.is_none_or(|v| node.version.as_deref() == Some(v))
                && source.as_ref().is_none_or(|s| node.package.source == *s)
        });
        let package = match (candidates.next(), candidates.next()) {
            (Some(one), None) => one,
            (None, _) => {
                return Err(Invalid::value(
                    at..at,
                    format!(
                        "dependency `{name}`{} names no package in the lock",
                        version.map(|v| format!(" {v}")).unwrap_or_default()
                    ),
                    INCONSISTENT,
                ));
            }
            (Some(_), Some(_)) => {
                return Err(Invalid::value(
                    at..at,
                    format!(
                        "dependency `{name}` matches several packages; the lock must give its version and source"
                    ),
                    INCONSISTENT,
                ));
            }
        };
        Ok(Dependency {
            package,
            marker,
            extras,
        })
    }
}

//! Byte scans over strings, sixteen bytes at a time: each block is tested
//! whole, in a loop without an early exit that the compiler turns into vector
//! instructions, and only the block that holds a match is searched byte by
//! byte. Most of uv.lock's bytes are URLs and hashes, and a scan a byte at a
//! time was the better part of reading it; the flake's strings are the same
//! URLs.

const BLOCK: usize = 16;

/// The index of the first byte of `bytes` for which `hit` holds. `hit`
/// should combine its tests with `|` and `&`, not `||` and `&&`, so that it
/// has no branches to stop the vectorisation.
#[inline(always)]
pub(crate) fn position(bytes: &[u8], hit: impl Fn(u8) -> bool) -> Option<usize> {
    let (blocks, _) = bytes.as_chunks::<BLOCK>();
    let clean = blocks
        .iter()
        .take_while(|block| !block.iter().fold(false, |any, &b| any | hit(b)))
        .count();
    let start = clean * BLOCK;
    bytes[start..]
        .iter()
        .position(|&b| hit(b))
        .map(|i| start + i)
}

/// Whether `hit` holds for any byte of `bytes`.
#[inline(always)]
pub(crate) fn any(bytes: &[u8], hit: impl Fn(u8) -> bool) -> bool {
    position(bytes, hit).is_some()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::{any as arbitrary, *};

    use super::position;

    proptest! {
        #[test]
        fn finds_what_a_byte_by_byte_search_finds(
            bytes in proptest::collection::vec(arbitrary::<u8>(), 0..100),
            needle in arbitrary::<u8>(),
        ) {
            let hit = |b: u8| (b == needle) | (b < 0x20);
            prop_assert_eq!(position(&bytes, hit), bytes.iter().position(|&b| hit(b)));
            prop_assert_eq!(super::any(&bytes, hit), bytes.iter().any(|&b| hit(b)));
        }
    }

    #[test]
    fn finds_a_byte_in_every_place_of_a_block() {
        for len in 0..50 {
            for at in 0..len {
                let mut bytes = vec![b'a'; len];
                bytes[at] = b'"';
                assert_eq!(position(&bytes, |b| b == b'"'), Some(at), "{len} {at}");
            }
            assert_eq!(position(&vec![b'a'; len], |b| b == b'"'), None);
        }
    }
}

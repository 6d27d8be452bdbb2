//! Substring search for short needles in long haystacks where the needle's
//! first byte is not rare but the needle is (a cookie name in a `Cookie`
//! header), forwards ([`find`]) and backwards ([`rfind`]). Hosts only: the
//! 32-bit targets' cookie lookups split every piece (flash, budgets.toml).
//!
//! Positions are tested 64 at a time: first for the needle's first byte
//! alone (a plain fold without early exit, which the compiler turns into
//! 16-byte compares and one branch: no `unsafe`), then, only in blocks
//! that hold it, for its first, second and last bytes together: one mark
//! byte per position, also computed by 16-byte compares, read back eight
//! positions a word. Each marked position is compared in full.

use crate::base::bytes;

/// The needle's first, second and last byte and the offsets of the last
/// two (a one-byte needle repeats its byte at offset 0).
#[derive(Clone, Copy)]
struct Probe {
    first: u8,
    second: u8,
    second_at: usize,
    last: u8,
    last_at: usize,
    /// A needle of at most eight bytes as a zero-padded word, and the mask
    /// of its bytes (0 for a longer needle).
    word: u64,
    word_mask: u64,
}

/// 64 consecutive positions: the bytes at each position, one after it (or
/// at it, for a one-byte needle) and at the needle's last offset from it.
type Block<'h> = (&'h [u8; 64], &'h [u8; 64], &'h [u8; 64]);

/// The haystack as three equally long views, one per probe offset: index
/// `i` of each is the byte a match starting at position `i` must have
/// there. Their length is the number of positions a match can start at.
struct Lanes<'h> {
    firsts: &'h [u8],
    seconds: &'h [u8],
    lasts: &'h [u8],
}

impl Probe {
    /// `None` for an empty needle.
    fn new(needle: &[u8]) -> Option<Self> {
        let (&first, &last) = (needle.first()?, needle.last()?);
        let second_at = usize::from(needle.len() > 1);
        Some(Probe {
            first,
            second: needle.get(second_at).copied().unwrap_or(first),
            second_at,
            last,
            last_at: needle.len().wrapping_sub(1),
            word: bytes::short_word(needle),
            word_mask: match needle.len() {
                len @ 0..8 => 1u64
                    .checked_shl((len as u32).wrapping_mul(8))
                    .unwrap_or(0)
                    .wrapping_sub(1),
                8 => u64::MAX,
                _ => 0,
            },
        })
    }

    /// Whether `needle` starts at `haystack[at]`: one word compare for a
    /// needle of at most eight bytes with eight bytes left.
    fn starts_at(self, haystack: &[u8], at: usize, needle: &[u8]) -> bool {
        let rest = haystack.get(at..).unwrap_or_default();
        match rest.first_chunk::<8>() {
            Some(w) if self.word_mask != 0 => {
                (u64::from_le_bytes(*w) ^ self.word) & self.word_mask == 0
            }
            _ => rest.starts_with(needle),
        }
    }

    /// `None` when `haystack` is shorter than the needle.
    fn lanes(self, haystack: &[u8]) -> Option<Lanes<'_>> {
        let positions = haystack.len().checked_sub(self.last_at)?;
        let lane = |offset: usize| haystack.get(offset..offset.checked_add(positions)?);
        Some(Lanes {
            firsts: lane(0)?,
            seconds: lane(self.second_at)?,
            lasts: lane(self.last_at)?,
        })
    }

    /// The first (or, when `back`, the last) position of `block`, which
    /// starts at position `at`, where `needle` starts (the caller has
    /// found the first byte in it).
    #[inline(always)]
    fn in_block(
        self,
        (firsts, seconds, lasts): Block<'_>,
        at: usize,
        haystack: &[u8],
        needle: &[u8],
        back: bool,
    ) -> Option<usize> {
        let mut marks = [0u8; 64];
        for (((mark, &x), &y), &z) in marks.iter_mut().zip(firsts).zip(seconds).zip(lasts) {
            *mark = u8::from((x == self.first) & (y == self.second) & (z == self.last));
        }
        if marks.iter().fold(0, |any, &m| any | m) == 0 {
            return None;
        }
        let (words, _) = marks.as_chunks::<8>();
        for k in 0..8usize {
            let w = if back { 7usize.wrapping_sub(k) } else { k };
            // Bit 8j set: position 8w + j is marked.
            let mut flags = words.get(w).map_or(0, |x| u64::from_le_bytes(*x));
            while flags != 0 {
                let bit = if back {
                    63u32.wrapping_sub(flags.leading_zeros())
                } else {
                    flags.trailing_zeros()
                };
                let i = at
                    .wrapping_add(w.wrapping_mul(8))
                    .wrapping_add((bit >> 3) as usize);
                if self.starts_at(haystack, i, needle) {
                    return Some(i);
                }
                flags ^= 1u64.checked_shl(bit).unwrap_or(0);
            }
        }
        None
    }
}

/// The first 64 positions of `lanes`, or the last 64.
fn edge_block<'h>(lanes: &Lanes<'h>, last: bool) -> Option<Block<'h>> {
    let edge = |lane: &'h [u8]| {
        if last {
            lane.last_chunk::<64>()
        } else {
            lane.first_chunk::<64>()
        }
    };
    Some((
        edge(lanes.firsts)?,
        edge(lanes.seconds)?,
        edge(lanes.lasts)?,
    ))
}

/// The first position where `needle` (non-empty) starts in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let probe = Probe::new(needle)?;
    let lanes = probe.lanes(haystack)?;
    let Some(last) = edge_block(&lanes, true) else {
        // Fewer than 64 positions: each first byte is a candidate.
        let mut from = 0usize;
        while let Some(i) = lanes
            .firsts
            .get(from..)
            .and_then(|r| bytes::find_byte(r, probe.first))
        {
            let at = from.wrapping_add(i);
            if probe.starts_at(haystack, at, needle) {
                return Some(at);
            }
            from = at.wrapping_add(1);
        }
        return None;
    };
    let (firsts, tail) = lanes.firsts.as_chunks::<64>();
    let (seconds, lasts) = (
        lanes.seconds.as_chunks::<64>().0,
        lanes.lasts.as_chunks::<64>().0,
    );
    for (k, f) in firsts.iter().enumerate() {
        if !bytes::any_byte_64(f, probe.first) {
            continue;
        }
        let (Some(s), Some(l)) = (seconds.get(k), lasts.get(k)) else {
            break;
        };
        let at = k.wrapping_mul(64);
        if let Some(i) = probe.in_block((f, s, l), at, haystack, needle, false) {
            return Some(i);
        }
    }
    // The last 64 positions overlap the blocks, which matched nowhere.
    let at = lanes.firsts.len().wrapping_sub(64);
    (!tail.is_empty() && bytes::any_byte_64(last.0, probe.first))
        .then(|| probe.in_block(last, at, haystack, needle, false))
        .flatten()
}

/// The last position where `needle` (non-empty) starts in `haystack`.
pub(crate) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let probe = Probe::new(needle)?;
    let lanes = probe.lanes(haystack)?;
    let Some(first) = edge_block(&lanes, false) else {
        let mut end = lanes.firsts.len();
        while let Some(at) = lanes
            .firsts
            .get(..end)
            .and_then(|r| bytes::rfind_byte(r, probe.first))
        {
            if probe.starts_at(haystack, at, needle) {
                return Some(at);
            }
            end = at;
        }
        return None;
    };
    let (head, firsts) = lanes.firsts.as_rchunks::<64>();
    let (seconds, lasts) = (
        lanes.seconds.as_rchunks::<64>().1,
        lanes.lasts.as_rchunks::<64>().1,
    );
    for (k, f) in firsts.iter().enumerate().rev() {
        if !bytes::any_byte_64(f, probe.first) {
            continue;
        }
        let (Some(s), Some(l)) = (seconds.get(k), lasts.get(k)) else {
            break;
        };
        let at = head.len().wrapping_add(k.wrapping_mul(64));
        if let Some(i) = probe.in_block((f, s, l), at, haystack, needle, true) {
            return Some(i);
        }
    }
    // The first 64 positions overlap the blocks, which matched nowhere.
    (!head.is_empty() && bytes::any_byte_64(first.0, probe.first))
        .then(|| probe.in_block(first, 0, haystack, needle, true))
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Needles across block and word boundaries, first bytes without
        /// the rest, repeated bytes, overlapping occurrences.
        #[test]
        fn finds_match_windows(
            pieces in proptest::collection::vec(proptest::sample::select(
                &["s", "e", "i", "n", "x", "se", "ses", "session", "ssion", "session_id", "xxxxxxxxxxxxxxxx"][..]), 0..80),
            needle in proptest::sample::select(&["s", "se", "ss", "ses", "session", "sess", "ion", "x", "sesssion", "session_id", "on_id"][..]),
        ) {
            let hay = pieces.concat().into_bytes();
            let needle = needle.as_bytes();
            let windows = || hay.windows(needle.len());
            proptest::prop_assert_eq!(find(&hay, needle), windows().position(|w| w == needle));
            proptest::prop_assert_eq!(rfind(&hay, needle), windows().rposition(|w| w == needle));
        }
    }

    #[test]
    fn empty_needle_and_short_haystack() {
        assert_eq!(find(b"abc", b""), None);
        assert_eq!(rfind(b"abc", b""), None);
        assert_eq!(find(b"ab", b"abc"), None);
        assert_eq!(rfind(b"abc", b"abc"), Some(0));
    }
}

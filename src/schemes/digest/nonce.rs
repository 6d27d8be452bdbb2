//! Stateless nonces (a timestamp signed with HMAC-SHA-256) and a
//! fixed-size record of nonce counts against replays.
//!
//! A nonce is 64 lower-case hex digits: the issue time (16), a value the
//! server makes unique per nonce (16: a counter or random bits), and the
//! first 16 bytes of `HMAC-SHA-256(secret, time ‖ unique ‖ realm)` (32).
//! Checking one needs no state: the MAC proves this server issued it for
//! this realm, the time says whether it expired.
//!
//! Replays: a stateless nonce can be reused until it expires. RFC 7616
//! §5.3 (§3.4 `nc`) leaves protection to the server: remember, per nonce,
//! the highest `nc` accepted and refuse any that is not higher.
//! [`NonceCounts`] does that in a fixed table of `N` nonces; when the
//! table is full the oldest nonce is forgotten, and every nonce issued up
//! to that one is refused from then on as stale (the client retries with a
//! fresh nonce, without asking the user). The `unique` part keeps two
//! clients that got a nonce in the same second apart.

use super::hash::{put_hex, Hasher, MAX_OUTPUT};
use crate::codec::digest::{Algorithm, DigestError};

/// SHA-256's block: HMAC's key block (RFC 2104).
const KEY_BLOCK: usize = 64;

/// A server's nonce key: HMAC-SHA-256 with a secret of at least 16 bytes.
///
/// ```
/// use authparse::digest::{DigestError, NonceKey};
/// let key = NonceKey::new(b"0123456789abcdef-server-secret")?;
/// let nonce = key.issue(b"realm", 1_700_000_000, 7);
/// let issued = key.check(nonce.as_bytes(), b"realm", 1_700_000_100, 300)?;
/// assert_eq!((issued.time, issued.unique), (1_700_000_000, 7));
/// // Older than 300 s: stale (send a new challenge with `stale=true`).
/// assert_eq!(key.check(nonce.as_bytes(), b"realm", 1_700_000_301, 300), Err(DigestError::StaleNonce));
/// // Another realm, another secret or a changed digit: not ours.
/// assert_eq!(key.check(nonce.as_bytes(), b"other", 1_700_000_100, 300), Err(DigestError::InvalidNonce));
/// # Ok::<(), DigestError>(())
/// ```
#[derive(Clone)]
pub struct NonceKey {
    /// HMAC's `K0`: the secret padded with zeros to a block, or its
    /// SHA-256 when it is longer than a block. Wiped when dropped.
    key: [u8; KEY_BLOCK],
}

impl Drop for NonceKey {
    fn drop(&mut self) {
        crate::base::secret::wipe(&mut self.key);
    }
}

impl core::fmt::Debug for NonceKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("NonceKey(..)")
    }
}

/// A nonce [`NonceKey::issue`] wrote: 64 hex digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Nonce {
    digits: [u8; Nonce::LEN],
}

impl Nonce {
    /// The length of every nonce: 64.
    pub const LEN: usize = 64;

    /// The digits.
    pub fn as_bytes(&self) -> &[u8] {
        &self.digits
    }

    /// The digits as text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.digits).unwrap_or_default()
    }
}

/// What a valid nonce says about itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct IssuedNonce {
    /// When it was issued (the `now` given to [`NonceKey::issue`]).
    pub time: u64,
    /// The unique value given to [`NonceKey::issue`].
    pub unique: u64,
}

const MAC_LEN: usize = 16;

fn parse_u64(hex: &[u8]) -> Option<u64> {
    if hex.len() != 16 || !hex.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        return None;
    }
    u64::from_str_radix(core::str::from_utf8(hex).ok()?, 16).ok()
}

impl NonceKey {
    /// A key from the server's secret, which must be at least 16 bytes
    /// ([`DigestError::InvalidConfiguration`] otherwise). Keep it across
    /// restarts for nonces to survive them; a random one per start makes
    /// every client re-authenticate (with `stale=true`) after a restart.
    pub fn new(secret: &[u8]) -> Result<Self, DigestError> {
        if secret.len() < 16 {
            return Err(DigestError::InvalidConfiguration);
        }
        let mut key = [0u8; KEY_BLOCK];
        if secret.len() > KEY_BLOCK {
            let mut hasher = Hasher::new(Algorithm::Sha256);
            hasher.update(secret);
            let mut digest = [0u8; MAX_OUTPUT];
            hasher.finish_raw(&mut digest);
            key.iter_mut().zip(digest).for_each(|(k, d)| *k = d);
            crate::base::secret::wipe(&mut digest);
        } else {
            key.iter_mut().zip(secret).for_each(|(k, &s)| *k = s);
        }
        Ok(NonceKey { key })
    }

    /// `HMAC-SHA-256(K, time ‖ unique ‖ realm)` (RFC 2104), cut to
    /// `MAC_LEN` bytes. By hand over [`Hasher`] rather than the `hmac`
    /// crate: its buffering keeps panic paths on bare metal at opt-level "z".
    fn tag(&self, time: u64, unique: u64, realm: &[u8]) -> [u8; MAC_LEN] {
        let mut pad = self.key.map(|k| k ^ 0x36);
        let mut inner = Hasher::new(Algorithm::Sha256);
        inner.update(&pad);
        inner.update(&time.to_be_bytes());
        inner.update(&unique.to_be_bytes());
        inner.update(realm);
        let mut inner_hash = [0u8; MAX_OUTPUT];
        inner.finish_raw(&mut inner_hash);
        pad = self.key.map(|k| k ^ 0x5C);
        let mut outer = Hasher::new(Algorithm::Sha256);
        outer.update(&pad);
        outer.update(&inner_hash);
        let mut full = [0u8; MAX_OUTPUT];
        outer.finish_raw(&mut full);
        let mut tag = [0u8; MAC_LEN];
        tag.iter_mut().zip(full).for_each(|(t, f)| *t = f);
        crate::base::secret::wipe(&mut pad);
        tag
    }

    /// A nonce for `realm`, issued at `now` (seconds of any clock the
    /// server keeps monotonic enough), with `unique` distinct per nonce.
    pub fn issue(&self, realm: &[u8], now: u64, unique: u64) -> Nonce {
        let mut digits = [0u8; Nonce::LEN];
        let (time_hex, rest) = digits.split_at_mut(16);
        let (unique_hex, tag_hex) = rest.split_at_mut(16);
        put_hex(time_hex, &now.to_be_bytes());
        put_hex(unique_hex, &unique.to_be_bytes());
        put_hex(tag_hex, &self.tag(now, unique, realm));
        Nonce { digits }
    }

    /// Checks a nonce sent back in credentials: issued by this key for
    /// `realm` ([`DigestError::InvalidNonce`] otherwise) and stamped at
    /// most `max_age` seconds from `now`, before or after (a stamp ahead
    /// tolerates clocks of several servers, but no further than an old one:
    /// [`DigestError::StaleNonce`] otherwise). The MAC is compared in
    /// constant time.
    ///
    /// ```
    /// use authparse::digest::{DigestError, NonceKey};
    /// let key = NonceKey::new(b"sixteen byte key").unwrap();
    /// let n = key.issue(b"r", 1000, 0);
    /// assert!(key.check(n.as_bytes(), b"r", 1300, 300).is_ok());
    /// assert_eq!(key.check(n.as_bytes(), b"r", 699, 300), Err(DigestError::StaleNonce));
    /// ```
    pub fn check(
        &self,
        nonce: &[u8],
        realm: &[u8],
        now: u64,
        max_age: u64,
    ) -> Result<IssuedNonce, DigestError> {
        let invalid = DigestError::InvalidNonce;
        if nonce.len() != Nonce::LEN {
            return Err(invalid);
        }
        let (time_hex, rest) = nonce.split_at(16);
        let (unique_hex, tag_hex) = rest.split_at(16);
        let time = parse_u64(time_hex).ok_or(invalid)?;
        let unique = parse_u64(unique_hex).ok_or(invalid)?;
        let mut expected = [0u8; 2 * MAC_LEN];
        put_hex(&mut expected, &self.tag(time, unique, realm));
        if !crate::base::secret::ct_eq(&expected, tag_hex) {
            return Err(invalid);
        }
        // Ahead of `now` (clocks of several servers) by at most `max_age`.
        if now.abs_diff(time) > max_age {
            return Err(DigestError::StaleNonce);
        }
        Ok(IssuedNonce { time, unique })
    }
}

/// One remembered nonce and the highest `nc` accepted with it; a zeroed
/// slot is free. `repr(C)` so that C callers can keep an array of them for
/// [`accept_nonce_count`].
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NonceSlot {
    time: u64,
    unique: u64,
    /// 0: free (an accepted `nc` is at least 1).
    last_nc: u32,
}

impl NonceSlot {
    /// A free slot.
    pub const FREE: NonceSlot = NonceSlot {
        time: 0,
        unique: 0,
        last_nc: 0,
    };

    fn holds(&self, nonce: IssuedNonce) -> bool {
        self.time == nonce.time && self.unique == nonce.unique && self.last_nc != 0
    }
}

/// Where a new nonce goes, found on the way through the table: the first
/// free slot of the lowest `time` (of a zeroed table, the first free one),
/// else the first of the oldest nonces'.
struct Victim<'a> {
    free: Option<&'a mut NonceSlot>,
    /// The first slot of the oldest nonce issued before `u64::MAX` (if all
    /// were issued then, the table's first slot is the victim).
    oldest: Option<&'a mut NonceSlot>,
    oldest_time: u64,
}

impl<'a> Victim<'a> {
    const NONE: Self = Victim {
        free: None,
        oldest: None,
        oldest_time: u64::MAX,
    };

    fn consider(&mut self, slot: &'a mut NonceSlot) {
        if slot.last_nc != 0 {
            // One compare for a held slot, the common case.
            if slot.time < self.oldest_time {
                self.oldest_time = slot.time;
                self.oldest = Some(slot);
            }
        } else if self.free.as_ref().is_none_or(|f| slot.time < f.time) {
            self.free = Some(slot);
        }
    }
}

/// [`NonceCounts::accept`] over the caller's storage: `slots` (free ones
/// are [`NonceSlot::FREE`]) and `forgotten_before` (0 at first) are kept
/// between calls. Nonces issued before `forgotten_before` may have been
/// forgotten and are [`DigestError::StaleNonce`] unless still held.
///
/// One pass over `slots`: it stops at the nonce's slot, or ends with the
/// slot a new nonce takes (the first free one, else the first of the
/// oldest nonces'). An empty `slots` remembers nothing: every nonce is
/// [`DigestError::StaleNonce`] (the C entry point refuses a `count` of 0).
pub fn accept_nonce_count(
    slots: &mut [NonceSlot],
    forgotten_before: &mut u64,
    nonce: IssuedNonce,
    nc: u32,
) -> Result<(), DigestError> {
    let mut victim = Victim::NONE;
    for slot in slots.iter_mut() {
        if slot.holds(nonce) {
            if nc <= slot.last_nc {
                return Err(DigestError::ReplayedNonce);
            }
            slot.last_nc = nc;
            return Ok(());
        }
        victim.consider(slot);
    }
    if nonce.time < *forgotten_before {
        return Err(DigestError::StaleNonce);
    }
    if nc == 0 {
        return Err(DigestError::ReplayedNonce);
    }
    // No free slot and no nonce issued before `u64::MAX`: every slot holds
    // one issued then, and the first is the first of the oldest.
    let slot = match victim.free.or(victim.oldest) {
        Some(slot) => slot,
        None => match slots.first_mut() {
            Some(first) => first,
            None => return Err(DigestError::StaleNonce),
        },
    };
    if slot.last_nc != 0 {
        *forgotten_before = (*forgotten_before).max(slot.time.saturating_add(1));
    }
    *slot = NonceSlot {
        time: nonce.time,
        unique: nonce.unique,
        last_nc: nc,
    };
    Ok(())
}

/// The highest `nc` accepted for each of up to `N` nonces: a replayed
/// request (an `nc` not above the last one) is refused. (C callers use
/// [`accept_nonce_count`] over their own array of [`NonceSlot`]s.)
///
/// ```
/// use authparse::digest::{DigestError, IssuedNonce, NonceCounts};
/// let mut counts = NonceCounts::<2>::new();
/// let a = IssuedNonce { time: 10, unique: 1 };
/// assert_eq!(counts.accept(a, 1), Ok(()));
/// assert_eq!(counts.accept(a, 1), Err(DigestError::ReplayedNonce));
/// assert_eq!(counts.accept(a, 3), Ok(()));
/// // Full: the oldest nonce is forgotten, and nonces up to it become stale.
/// counts.accept(IssuedNonce { time: 11, unique: 2 }, 1)?;
/// counts.accept(IssuedNonce { time: 12, unique: 3 }, 1)?;
/// assert_eq!(counts.accept(a, 4), Err(DigestError::StaleNonce));
/// # Ok::<(), DigestError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NonceCounts<const N: usize> {
    slots: [NonceSlot; N],
    forgotten_before: u64,
}

impl<const N: usize> Default for NonceCounts<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> NonceCounts<N> {
    /// An empty table.
    pub const fn new() -> Self {
        NonceCounts {
            slots: [NonceSlot::FREE; N],
            forgotten_before: 0,
        }
    }

    /// Records `nc` for `nonce` if it is above every `nc` accepted with it
    /// ([`DigestError::ReplayedNonce`] otherwise). A nonce that may have
    /// been forgotten is [`DigestError::StaleNonce`]. Call it after the
    /// response verified, with [`Credentials::nc_value`](crate::digest::Credentials::nc_value).
    pub fn accept(&mut self, nonce: IssuedNonce, nc: u32) -> Result<(), DigestError> {
        accept_nonce_count(&mut self.slots, &mut self.forgotten_before, nonce, nc)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tag` on a message cut as `time ‖ unique ‖ realm`.
    fn hmac_of(key: &[u8], message: &[u8]) -> [u8; MAC_LEN] {
        let (time, rest) = message.split_at(8);
        let (unique, realm) = rest.split_at(8);
        let be = |b: &[u8]| u64::from_be_bytes(b.try_into().unwrap());
        NonceKey::new(key).unwrap().tag(be(time), be(unique), realm)
    }

    /// RFC 4231 (HMAC-SHA-256) test cases 4, 6 and 7: a short key, and keys
    /// longer than a block (hashed first); the tag is the first 16 bytes.
    #[test]
    fn tag_is_hmac_sha256() {
        let hex = |h: &str| -> std::vec::Vec<u8> {
            (0..h.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&h[i..i + 2], 16).unwrap())
                .collect()
        };
        let key4: std::vec::Vec<u8> = (1..=25).collect();
        assert_eq!(
            hmac_of(&key4, &[0xCD; 50])[..],
            hex("82558a389a443c0ea4cc819899f2083a")[..]
        );
        let long = [0xAA; 131];
        assert_eq!(
            hmac_of(
                &long,
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )[..],
            hex("60e431591ee0b67f0d8a26aacbf5b77f")[..]
        );
        assert_eq!(
            hmac_of(&long, b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.")[..],
            hex("9b09ffa71b942fcb27635fbcd5b0e944")[..]
        );
    }

    #[test]
    fn nonces_are_64_hex_digits_bound_to_time_unique_and_realm() {
        let key = NonceKey::new(&[7u8; 32]).unwrap();
        let n = key.issue(b"r", 0x0102, 0xABCD);
        assert!(n.as_str().starts_with("0000000000000102000000000000abcd"));
        assert_eq!(n.as_bytes().len(), 64);
        assert_eq!(
            key.check(n.as_bytes(), b"r", 0x0102, 0),
            Ok(IssuedNonce {
                time: 0x0102,
                unique: 0xABCD
            })
        );
        // Every digit matters (under Miri, every seventh: 0, 7, ..., 63).
        for i in (0..64).step_by(if cfg!(miri) { 7 } else { 1 }) {
            let mut bad = *n.as_bytes().first_chunk::<64>().unwrap();
            bad[i] = if bad[i] == b'0' { b'1' } else { b'0' };
            assert_eq!(
                key.check(&bad, b"r", 0x0102, 10),
                Err(DigestError::InvalidNonce),
                "{i}"
            );
        }
        let other = NonceKey::new(&[8u8; 32]).unwrap();
        assert_eq!(
            other.check(n.as_bytes(), b"r", 0x0102, 10),
            Err(DigestError::InvalidNonce)
        );
        assert_eq!(
            key.check(b"short", b"r", 0, 10),
            Err(DigestError::InvalidNonce)
        );
        let upper = n.as_str().to_ascii_uppercase();
        assert_eq!(
            key.check(upper.as_bytes(), b"r", 0x0102, 10),
            Err(DigestError::InvalidNonce)
        );
        assert_eq!(
            NonceKey::new(&[0u8; 15]).unwrap_err(),
            DigestError::InvalidConfiguration
        );
    }

    #[test]
    fn expiry() {
        let key = NonceKey::new(b"sixteen byte key").unwrap();
        let n = key.issue(b"r", 1000, 0);
        assert!(key.check(n.as_bytes(), b"r", 1060, 60).is_ok());
        assert_eq!(
            key.check(n.as_bytes(), b"r", 1061, 60),
            Err(DigestError::StaleNonce)
        );
        // Stamped in the future: within `max_age` of `now`, not beyond.
        assert!(key.check(n.as_bytes(), b"r", 940, 60).is_ok());
        assert_eq!(
            key.check(n.as_bytes(), b"r", 939, 60),
            Err(DigestError::StaleNonce)
        );
        assert_eq!(
            key.check(n.as_bytes(), b"r", 0, 60),
            Err(DigestError::StaleNonce)
        );
    }

    /// The table's rules written plainly (two scans: the nonce's slot, then
    /// the slot a new nonce takes): `accept_nonce_count` must do exactly this.
    fn reference_accept(
        slots: &mut [NonceSlot],
        forgotten_before: &mut u64,
        nonce: IssuedNonce,
        nc: u32,
    ) -> Result<(), DigestError> {
        if let Some(slot) = slots.iter_mut().find(|s| s.holds(nonce)) {
            if nc <= slot.last_nc {
                return Err(DigestError::ReplayedNonce);
            }
            slot.last_nc = nc;
            return Ok(());
        }
        if nonce.time < *forgotten_before {
            return Err(DigestError::StaleNonce);
        }
        if nc == 0 {
            return Err(DigestError::ReplayedNonce);
        }
        let Some(slot) = slots.iter_mut().min_by_key(|s| (s.last_nc != 0, s.time)) else {
            return Err(DigestError::StaleNonce);
        };
        if slot.last_nc != 0 {
            *forgotten_before = (*forgotten_before).max(slot.time.saturating_add(1));
        }
        *slot = NonceSlot {
            time: nonce.time,
            unique: nonce.unique,
            last_nc: nc,
        };
        Ok(())
    }

    /// Times and values from a few, so that nonces meet again and tie, with
    /// the extremes.
    fn small_u64() -> impl proptest::strategy::Strategy<Value = u64> {
        proptest::prop_oneof![0..6u64, proptest::strategy::Just(u64::MAX)]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(if cfg!(miri) { 8 } else { 2048 }))]

        /// Any table (free slots with stray times too), any requests: the
        /// same answers, slots and `forgotten_before` as the reference.
        #[test]
        fn accept_is_the_reference(
            table in proptest::collection::vec((small_u64(), small_u64(), 0..4u32), 0..7),
            before in small_u64(),
            requests in proptest::collection::vec((small_u64(), small_u64(), 0..5u32), 1..24),
        ) {
            let mut slots: std::vec::Vec<NonceSlot> = table
                .iter()
                .map(|&(time, unique, last_nc)| NonceSlot { time, unique, last_nc })
                .collect();
            let mut expected = slots.clone();
            let (mut forgotten, mut expected_forgotten) = (before, before);
            for (time, unique, nc) in requests {
                let nonce = IssuedNonce { time, unique };
                let got = accept_nonce_count(&mut slots, &mut forgotten, nonce, nc);
                let want = reference_accept(&mut expected, &mut expected_forgotten, nonce, nc);
                proptest::prop_assert_eq!(got, want);
                proptest::prop_assert_eq!(&slots, &expected);
                proptest::prop_assert_eq!(forgotten, expected_forgotten);
            }
        }
    }

    /// The victim's tie-breaks: the first free slot of the lowest time, else
    /// the first of the oldest nonces (also when all were issued at `u64::MAX`).
    #[test]
    fn a_new_nonce_takes_the_first_free_else_the_first_oldest_slot() {
        let held = |time, unique| NonceSlot {
            time,
            unique,
            last_nc: 1,
        };
        let free = |time| NonceSlot {
            time,
            unique: 0,
            last_nc: 0,
        };
        let new = IssuedNonce {
            time: u64::MAX,
            unique: 9,
        };
        for (mut slots, taken) in [
            (std::vec![held(1, 1), free(3), free(2), free(2)], 2),
            (std::vec![held(3, 1), held(2, 2), held(2, 3)], 1),
            (std::vec![held(u64::MAX, 1), held(u64::MAX, 2)], 0),
            (std::vec![held(u64::MAX, 1), held(7, 2), held(7, 3)], 1),
        ] {
            let before = slots.clone();
            let mut forgotten = 0;
            assert_eq!(
                accept_nonce_count(&mut slots, &mut forgotten, new, 1),
                Ok(())
            );
            for (i, (now, was)) in slots.iter().zip(&before).enumerate() {
                assert_eq!(now == was, i != taken, "{before:?} -> {slots:?}");
            }
        }
    }

    #[test]
    fn counts_refuse_replays_and_forget_the_oldest() {
        let mut c = NonceCounts::<2>::new();
        let n = |time, unique| IssuedNonce { time, unique };
        assert_eq!(c.accept(n(5, 0), 0), Err(DigestError::ReplayedNonce));
        assert_eq!(c.accept(n(5, 0), 1), Ok(()));
        assert_eq!(c.accept(n(5, 1), 1), Ok(()), "same second, other nonce");
        assert_eq!(c.accept(n(5, 1), 1), Err(DigestError::ReplayedNonce));
        assert_eq!(c.accept(n(9, 0), 1), Ok(()));
        // One nonce of time 5 was forgotten: every nonce up to time 5 not in
        // the table is stale now; the one still held keeps working.
        let held = c
            .slots
            .iter()
            .find(|s| s.last_nc != 0 && s.time == 5)
            .map(|s| n(s.time, s.unique))
            .unwrap();
        assert_eq!(c.accept(held, 2), Ok(()));
        let gone = n(5, 1 - held.unique);
        assert_eq!(c.accept(gone, 2), Err(DigestError::StaleNonce));
        assert_eq!(
            NonceCounts::<0>::new().accept(n(1, 1), 1),
            Err(DigestError::StaleNonce)
        );
    }
}

//! A bounded writer into a caller buffer that keeps counting past the end,
//! so a short buffer yields the exact size needed instead of a truncation.

use crate::base::error::Error;

/// Writes bytes into `buf`; once full, it only counts.
pub(crate) struct Sink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> Sink<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        Sink { buf, len: 0 }
    }

    pub(crate) fn push(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
        }
        self.len = self.len.saturating_add(1);
    }

    /// Appends `bytes`: what fits is copied (so a later shrink is
    /// harmless), all of it is counted.
    pub(crate) fn extend(&mut self, bytes: &[u8]) {
        if let Some(free) = self.buf.get_mut(self.len..) {
            // `zip` stops at the shorter side: `min(free, bytes)` bytes.
            free.iter_mut().zip(bytes).for_each(|(d, b)| *d = *b);
        }
        self.len = self.len.saturating_add(bytes.len());
    }

    /// Lets `write` fill the unused part of the buffer directly (nothing
    /// once the buffer has overflowed). `write` returns `(consumed, written)`:
    /// how much input it used and how many bytes it wrote; `consumed` is
    /// returned.
    // Its only user (base64's hot loop) is 64-bit only.
    #[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
    pub(crate) fn fill(&mut self, write: impl FnOnce(&mut [u8]) -> (usize, usize)) -> usize {
        let free = self.buf.get_mut(self.len..).unwrap_or_default();
        let (consumed, written) = write(free);
        self.len = self.len.saturating_add(written);
        consumed
    }

    pub(crate) fn push_char(&mut self, c: char) {
        let mut tmp = [0u8; 4];
        self.extend(c.encode_utf8(&mut tmp).as_bytes());
    }

    /// Appends `n` in decimal (no `core::fmt`: its machinery costs flash).
    pub(crate) fn decimal(&mut self, mut n: usize) {
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        loop {
            at = at.saturating_sub(1);
            if let Some(d) = digits.get_mut(at) {
                *d = b'0'.saturating_add((n % 10) as u8);
            }
            n /= 10;
            if n == 0 || at == 0 {
                break;
            }
        }
        self.extend(digits.get(at..).unwrap_or_default());
    }

    /// The number of bytes written, or [`Error::BufferTooSmall`] with the exact need.
    pub(crate) fn finish(&self) -> Result<usize, Error> {
        if self.len <= self.buf.len() {
            Ok(self.len)
        } else {
            Err(Error::BufferTooSmall { needed: self.len })
        }
    }

    /// Finishes and returns the written part of the buffer as text
    /// ([`Error::InvalidUtf8`] if it is not UTF-8). One copy on narrower
    /// targets for its many callers (flash).
    #[cfg_attr(not(target_pointer_width = "64"), inline(never))]
    pub(crate) fn into_str(self) -> Result<&'b str, Error> {
        core::str::from_utf8(self.into_written()?).map_err(|_| Error::InvalidUtf8)
    }

    /// Finishes and returns the written part of the buffer.
    pub(crate) fn into_written(self) -> Result<&'b mut [u8], Error> {
        let n = self.finish()?;
        self.buf
            .get_mut(..n)
            .ok_or(Error::BufferTooSmall { needed: n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_past_the_end() {
        let mut buf = [0u8; 3];
        let mut s = Sink::new(&mut buf);
        s.extend(b"ab");
        s.extend(b"cde");
        s.push(b'f');
        assert_eq!(s.finish(), Err(Error::BufferTooSmall { needed: 6 }));
        let mut buf = [0u8; 6];
        let mut s = Sink::new(&mut buf);
        s.extend(b"abcde");
        s.push(b'f');
        assert_eq!(s.into_written().unwrap(), b"abcdef");
    }

    #[test]
    fn into_str_checks_size_then_utf8() {
        let mut buf = [0u8; 4];
        let mut s = Sink::new(&mut buf);
        s.extend("é!".as_bytes());
        assert_eq!(s.into_str(), Ok("é!"));
        let mut s = Sink::new(&mut buf);
        s.push(0xC3);
        assert_eq!(s.into_str(), Err(Error::InvalidUtf8));
        let mut s = Sink::new(&mut buf);
        s.extend(b"abcde");
        assert_eq!(s.into_str(), Err(Error::BufferTooSmall { needed: 5 }));
    }

    #[test]
    fn decimal() {
        let mut buf = [0u8; 64];
        let mut s = Sink::new(&mut buf);
        for n in [0, 7, 10, 1000, usize::MAX] {
            s.decimal(n);
            s.push(b' ');
        }
        let want = std::format!("0 7 10 1000 {} ", usize::MAX);
        assert_eq!(s.into_written().unwrap(), want.as_bytes());
    }
}

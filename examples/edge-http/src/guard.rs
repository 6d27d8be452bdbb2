//! A socket wrapper that refuses a request head whose `Content-Length`
//! edge-http would panic on, or whose `Content-Length` lines disagree.
//!
//! edge-http 0.8 parses `Content-Length` with `unwrap!(value.parse::<u64>())`
//! while it builds the connection (`Connection::new`), before any handler
//! runs: `-1`, `abc`, `5, 5` or a number past `u64::MAX` panics. A
//! [`HeadGuard`] sits between edge-http and the socket and watches the bytes
//! of the request head as edge-http reads them: on a `Content-Length` value
//! that is not `1*DIGIT` (after trimming spaces and tabs) within `u64`, or
//! on a second `Content-Length` line whose value differs from the first
//! (edge-http frames by the last one, a proxy may frame by the first: the
//! request-smuggling shape; h11, FastAPI's server, answers 400), it
//! returns end of stream from then on and says so ([`HeadGuard::refused`]),
//! so the head never completes and edge-http never parses it. After the head
//! (the first `\r\n\r\n`, where edge-http stops reading it), bytes pass
//! unchecked: they are the body.

use edge_nal::TcpSplit;
use embedded_io_async::{ErrorType, Read, Write};

/// The header name edge-http parses as a number, lower case.
const NAME: &[u8] = b"content-length";

/// Where the scanner is in the request head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Inside a line that is not checked (the request line, another header).
    Skip,
    /// At the start of a header line.
    LineStart,
    /// The first `n` bytes of the line match [`NAME`].
    Name(u8),
    /// After `Content-Length:`, before its digits.
    Before,
    /// In the digits; the value so far.
    Digits(u64),
    /// After the digits (the value): only spaces and tabs until the end
    /// of the line.
    After(u64),
    /// The head is complete: nothing more is checked.
    Done,
    /// An unparsable `Content-Length`: the head is refused.
    Refused,
}

/// The line state of the head scan: a few bytes, whatever the read sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct HeadScan {
    state: State,
    /// How much of `\r\n\r\n` (the head's end) the last bytes matched.
    end: u8,
    /// The value of the first `Content-Length` line, once it has ended.
    length: Option<u64>,
}

impl HeadScan {
    /// A scan at the start of a request.
    pub(crate) const fn new() -> Self {
        Self {
            state: State::Skip,
            end: 0,
            length: None,
        }
    }

    /// Scans `bytes`, the next ones read; `false` once a `Content-Length`
    /// has been found unparsable (and for every call after that). The
    /// bytes after the head's end are not looked at. A value may be split
    /// across calls anywhere: `feed(b"...Content-Len")` then
    /// `feed(b"gth: -1\r\n")` is `true`, then `false`.
    // One copy for every read of a head (64 bytes less flash than inlined).
    #[inline(never)]
    pub(crate) fn feed(&mut self, bytes: &[u8]) -> bool {
        for &b in bytes {
            match self.state {
                State::Done => return true,
                State::Refused => return false,
                _ => self.byte(b),
            }
        }
        self.state != State::Refused
    }

    /// Whether the head has ended (the rest is body).
    pub(crate) fn done(&self) -> bool {
        self.state == State::Done
    }

    /// One byte of the head.
    fn byte(&mut self, b: u8) {
        self.end = match (self.end, b) {
            (0 | 2, b'\r') => self.end + 1,
            (1 | 3, b'\n') => self.end + 1,
            (_, b'\r') => 1,
            _ => 0,
        };
        if self.end == 4 {
            // A value line ended by the blank line has been checked at its
            // `\r` (an empty one there too).
            if self.state != State::Refused {
                self.state = State::Done;
            }
            return;
        }
        let blank = matches!(b, b' ' | b'\t');
        self.state = match (self.state, b) {
            // An empty value.
            (State::Before, b'\r' | b'\n') => State::Refused,
            // httparse ends a line at CRLF or a bare LF.
            (State::Digits(n) | State::After(n), b'\r') => self.value(n, State::Skip),
            (State::Digits(n) | State::After(n), b'\n') => self.value(n, State::LineStart),
            (State::Before, _) if blank => State::Before,
            (State::Digits(n) | State::After(n), _) if blank => State::After(n),
            (State::Before, b'0'..=b'9') => State::Digits(u64::from(b - b'0')),
            (State::Digits(n), b'0'..=b'9') => n
                .checked_mul(10)
                .and_then(|n| n.checked_add(u64::from(b - b'0')))
                .map_or(State::Refused, State::Digits),
            (State::Before | State::Digits(_) | State::After(_), _) => State::Refused,
            (_, b'\n') => State::LineStart,
            (State::LineStart, _) => Self::name(0, b),
            (State::Name(n), _) => Self::name(n, b),
            (state, _) => state,
        };
    }

    /// The state after a `Content-Length` line with value `n` has ended:
    /// `next`, or refused when an earlier line said otherwise.
    fn value(&mut self, n: u64, next: State) -> State {
        match self.length.replace(n) {
            Some(first) if first != n => State::Refused,
            _ => next,
        }
    }

    /// The state after byte `b` of a header name whose first `n` bytes
    /// match [`NAME`].
    fn name(n: u8, b: u8) -> State {
        match NAME.get(usize::from(n)) {
            Some(&c) if b.to_ascii_lowercase() == c => State::Name(n + 1),
            None if b == b':' => State::Before,
            _ => State::Skip,
        }
    }
}

/// The socket as edge-http reads the request head through it: see the
/// module docs. Reads, writes and splits go to the socket.
pub(crate) struct HeadGuard<'a, T> {
    io: &'a mut T,
    scan: HeadScan,
}

impl<'a, T> HeadGuard<'a, T> {
    /// Guards the head of the next request read from `io`.
    pub(crate) fn new(io: &'a mut T) -> Self {
        Self {
            io,
            scan: HeadScan::new(),
        }
    }

    /// Whether the head was refused (its `Content-Length` is unparsable).
    pub(crate) fn refused(&self) -> bool {
        self.scan.state == State::Refused
    }
}

impl<T: ErrorType> ErrorType for HeadGuard<'_, T> {
    type Error = T::Error;
}

impl<T: Read> Read for HeadGuard<'_, T> {
    async fn read(&mut self, buf: &mut [u8]) -> Result<usize, T::Error> {
        if self.refused() {
            return Ok(0);
        }
        let n = self.io.read(buf).await?;
        if self.scan.done() || self.scan.feed(buf.get(..n).unwrap_or_default()) {
            Ok(n)
        } else {
            Ok(0)
        }
    }
}

impl<T: Write> Write for HeadGuard<'_, T> {
    async fn write(&mut self, buf: &[u8]) -> Result<usize, T::Error> {
        self.io.write(buf).await
    }

    async fn flush(&mut self) -> Result<(), T::Error> {
        self.io.flush().await
    }
}

impl<T: TcpSplit> TcpSplit for HeadGuard<'_, T> {
    type Read<'s>
        = T::Read<'s>
    where
        Self: 's;
    type Write<'s>
        = T::Write<'s>
    where
        Self: 's;

    fn split(&mut self) -> (Self::Read<'_>, Self::Write<'_>) {
        self.io.split()
    }
}

#[cfg(test)]
mod tests {
    use super::HeadScan;

    /// Whether `head` passes when fed in one read, and split in two at
    /// every byte position (the same answer each time).
    fn passes(head: &[u8]) -> bool {
        let whole = HeadScan::new().feed(head);
        for at in 0..=head.len() {
            let (a, b) = head.split_at(at);
            let mut scan = HeadScan::new();
            let split = scan.feed(a) && scan.feed(b);
            assert_eq!(split, whole, "split at {at}: {:?}", head);
        }
        // One byte a read, as edge-http reads a head.
        let mut scan = HeadScan::new();
        let bytes = head.iter().all(|&b| scan.feed(&[b]));
        assert_eq!(bytes, whole, "byte by byte: {:?}", head);
        whole
    }

    fn with(line: &str) -> std::vec::Vec<u8> {
        std::format!("POST /token HTTP/1.1\r\nHost: x\r\n{line}\r\nAccept: */*\r\n\r\n")
            .into_bytes()
    }

    #[test]
    fn parsable_lengths_pass() {
        for line in [
            "Content-Length: 5",
            "content-length:5",
            "CONTENT-LENGTH: \t 0005 \t",
            "Content-Length: 18446744073709551615",
            "X-Content-Length: -1",
            "Content-Lengths: -1",
            "Content-Type: -1",
            "Content-Lengt: -1",
        ] {
            assert!(passes(&with(line)), "{line}");
        }
        assert!(passes(b"GET /basic HTTP/1.1\r\n\r\n"));
        // The value ends the head.
        assert!(passes(b"GET / HTTP/1.1\r\nContent-Length: 7\r\n\r\n"));
        // Bare-LF line ends, as httparse takes them.
        assert!(passes(
            b"GET / HTTP/1.1\nContent-Length: 7\nAccept: x\r\n\r\n"
        ));
        assert!(passes(b"GET / HTTP/1.1\nContent-Length: 7 \n\r\n\r\n"));
    }

    #[test]
    fn unparsable_lengths_are_refused() {
        for line in [
            "Content-Length: -1",
            "Content-Length: +5",
            "Content-Length: abc",
            "Content-Length: 5, 5",
            "Content-Length: 5 5",
            "Content-Length: 99999999999999999999999",
            "Content-Length: 18446744073709551616",
            "Content-Length: ",
            "Content-Length:",
            "Content-Length: 5\u{e9}",
            "content-LENGTH: 0x10",
        ] {
            assert!(!passes(&with(line)), "{line}");
        }
        // The last header line, and bare-LF line ends (httparse takes them).
        assert!(!passes(b"GET / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"));
        assert!(!passes(b"GET / HTTP/1.1\r\nContent-Length:\r\n\r\n"));
        assert!(!passes(b"GET / HTTP/1.1\nContent-Length: -1\n\r\n\r\n"));
        assert!(!passes(
            b"GET / HTTP/1.1\nContent-Length:\nAccept: x\r\n\r\n"
        ));
        assert!(!passes(
            b"GET / HTTP/1.1\nContent-Length: 7\nContent-Length: x\r\n\r\n"
        ));
    }

    #[test]
    fn differing_lengths_are_refused() {
        let two = |a: &str, b: &str| {
            std::format!("POST /token HTTP/1.1\r\nContent-Length: {a}\r\nHost: x\r\ncontent-length:{b}\r\n\r\n")
                .into_bytes()
        };
        // edge-http frames by the last line, others by the first.
        assert!(!passes(&two("27", "26")));
        assert!(!passes(&two("26", "27")));
        assert!(!passes(&two("0", "1")));
        // The same number twice is one length, as examples/server.rs reads
        // it (h11 merges equal values too).
        assert!(passes(&two("26", "26")));
        assert!(passes(&two("5", "05 ")));
        assert!(passes(&two("26 ", "\t26")));
        // Bare-LF line ends, and the second line ending the head.
        assert!(!passes(
            b"GET / HTTP/1.1\nContent-Length: 7\nContent-Length: 8\n\r\n\r\n"
        ));
        assert!(!passes(
            b"GET / HTTP/1.1\r\nContent-Length: 7\r\nContent-Length: 8\r\n\r\n"
        ));
    }

    #[test]
    fn the_body_is_not_looked_at() {
        let mut scan = HeadScan::new();
        assert!(scan.feed(b"POST / HTTP/1.1\r\nContent-Length: 20\r\n\r\nContent-Length: -1\r\n"));
        assert!(scan.done());
        // The head ends at the first CRLF CRLF, as edge-http reads it.
        let mut scan = HeadScan::new();
        assert!(scan.feed(b"GET / HTTP/1.1\r\nA: b\r\r\n\r\nContent-Length: -1\r\n"));
        assert!(scan.done());
        // The request line neither.
        assert!(passes(b"GET /Content-Length:-1 HTTP/1.1\r\n\r\n"));
    }
}

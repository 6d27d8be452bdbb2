//! Handling credentials in C: constant-time equality and wiping.

use crate::abi::{run, Buffer, Given, Out};
use crate::base::*;

/// Whether `a` and `b` hold the same bytes, in time that depends only on the
/// two lengths, never on where the bytes first differ: compare a received
/// password, token or API key with the stored one through this, never
/// `memcmp`. The answer goes to `*out_equal`. Values of different lengths
/// are unequal (hash both sides first if the length must stay secret).
///
/// ```c
/// bool ok = false;
/// authparse_ct_eq(creds.password.ptr, creds.password.len,
///                 (const uint8_t *)"secret", 6, &ok);
/// ```
///
/// # Safety
/// `a` and `b` readable for their lengths (NULL with 0 allowed); `out_equal`
/// writable.
#[no_mangle]
pub unsafe extern "C" fn authparse_ct_eq(
    a: *const u8, a_len: usize, b: *const u8, b_len: usize, out_equal: *mut bool,
) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let (a, b, out_equal) = unsafe {
        (
            Given::view(a, a_len),
            Given::view(b, b_len),
            Out::new(out_equal),
        )
    };
    run(|| {
        out_equal.required()?;
        out_equal.set(authparse_core::ct_eq(a.get()?, b.get()?));
        Ok(())
    })
}

/// Overwrites `buf[0..len]` with zeros through volatile writes that the
/// compiler cannot remove: call it on every buffer a credential was decoded
/// or copied into, once the request is answered.
///
/// # Safety
/// `buf` writable for `len` bytes (NULL with 0 allowed).
#[no_mangle]
pub unsafe extern "C" fn authparse_wipe(buf: *mut u8, len: usize) -> authparse_status {
    // SAFETY: the pointers are as `# Safety` above requires.
    let buf = unsafe { Buffer::new(buf, len, core::ptr::null_mut()) };
    buf.call(|call| {
        call.write(|bytes| {
            authparse_core::wipe(bytes);
            Ok::<_, authparse_core::Error>(())
        })
    })
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ct_eq_through_raw_pointers() {
        let mut equal = false;
        // SAFETY: valid views and out-param.
        let st = unsafe { authparse_ct_eq(b"tok".as_ptr(), 3, b"tok".as_ptr(), 3, &mut equal) };
        assert_eq!((st, equal), (AUTHPARSE_STATUS_OK, true));
        // SAFETY: as above.
        let st = unsafe { authparse_ct_eq(b"tok".as_ptr(), 3, b"toK".as_ptr(), 3, &mut equal) };
        assert_eq!((st, equal), (AUTHPARSE_STATUS_OK, false));
        // SAFETY: NULL with 0 is the empty string.
        let st = unsafe { authparse_ct_eq(core::ptr::null(), 0, b"".as_ptr(), 0, &mut equal) };
        assert_eq!((st, equal), (AUTHPARSE_STATUS_OK, true));
        // SAFETY: NULL with a length is refused before any read.
        let st = unsafe { authparse_ct_eq(core::ptr::null(), 1, b"x".as_ptr(), 1, &mut equal) };
        assert_eq!(st, AUTHPARSE_STATUS_NULL_POINTER);
    }

    #[test]
    fn wipe_zeroes_exactly_the_range() {
        let mut buf = *b"secret!!";
        // SAFETY: the first 6 bytes of `buf` are writable.
        let st = unsafe { authparse_wipe(buf.as_mut_ptr(), 6) };
        assert_eq!(st, AUTHPARSE_STATUS_OK);
        assert_eq!(&buf, b"\0\0\0\0\0\0!!");
        // SAFETY: NULL with a length is refused before any write.
        let st = unsafe { authparse_wipe(core::ptr::null_mut(), 4) };
        assert_eq!(st, AUTHPARSE_STATUS_NULL_POINTER);
    }
}

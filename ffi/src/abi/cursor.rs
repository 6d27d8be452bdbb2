//! Iterator state kept in caller-allocated structs (`*_iter_init` /
//! `*_iter_next`): a tag says whether `_init` filled the struct.

use core::marker::PhantomData;
use core::mem::{align_of, needs_drop, size_of};

use crate::base::status::*;
use crate::base::view::authparse_str;

/// The tag of a struct `_init` filled (iteration may go on).
const TAG_LIVE: u32 = 0x4150_4931; // "API1"
/// The tag of a piece iterator whose last piece was taken.
const TAG_DONE: u32 = 0x4150_4930; // "API0"

/// An iterator struct in caller memory, behind an `_init` / `_next` pointer.
pub(crate) struct Cursor<'a, T> {
    ptr: *mut T,
    _life: PhantomData<&'a mut T>,
}

impl<'a, T> Cursor<'a, T> {
    /// # Safety
    /// `ptr` is NULL or valid for reads and writes of a `T` for `'a` (for
    /// `_next`: filled by the matching `_init`, whose input is still valid).
    pub(crate) const unsafe fn new(ptr: *mut T) -> Self {
        Cursor {
            ptr,
            _life: PhantomData,
        }
    }

    /// NULL_POINTER for NULL.
    pub(crate) fn required(&self) -> Result<&Self, authparse_status> {
        super::non_null(self.ptr).map(|()| self)
    }
}

/// A cursor over `sep`-separated pieces of the caller's input (cookies,
/// urlencoded pairs): the core tokenizers split on that byte only, so each
/// piece is tokenized on its own.
#[derive(Clone, Copy)]
pub(crate) struct Pieces<'a> {
    rest: &'a [u8],
    last: bool,
}

impl<'a> Pieces<'a> {
    /// The stored `(rest, tag)` of a new iteration over `input`.
    pub(crate) fn start(input: &'a [u8]) -> (authparse_str, u32) {
        (authparse_str::from_slice(input), TAG_LIVE)
    }

    /// The next piece, `None` after the last.
    fn next_piece(&mut self, sep: u8) -> Option<&'a [u8]> {
        if self.last {
            return None;
        }
        match self.rest.iter().position(|&b| b == sep) {
            Some(i) => {
                let (piece, after) = self.rest.split_at(i);
                self.rest = after.get(1..).unwrap_or_default();
                Some(piece)
            }
            None => {
                self.last = true;
                Some(self.rest)
            }
        }
    }
}

/// A piece iterator's struct: it stores the rest of the input and the tag.
pub(crate) trait Split: Copy {
    /// `(rest, tag)` as stored.
    fn state(&self) -> (authparse_str, u32);
    /// Stores `(rest, tag)`.
    fn set_state(&mut self, rest: authparse_str, tag: u32);
}

impl<'a, T: Split> Cursor<'a, T> {
    /// The struct, for its plain fields (NULL_POINTER for NULL).
    pub(crate) fn get(&self) -> Result<T, authparse_status> {
        self.required()?;
        // SAFETY: non-NULL and readable (the contract of `new`).
        Ok(unsafe { self.ptr.read() })
    }

    /// Where the iteration stands: INVALID_ARGUMENT unless `_init` filled it.
    fn pieces(&self) -> Result<Pieces<'a>, authparse_status> {
        let (rest, tag) = self.get()?.state();
        if tag != TAG_LIVE && tag != TAG_DONE {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        Ok(Pieces {
            // SAFETY: `_init` stored a view of the caller's input, which the
            // contract of `new` keeps valid for `'a`.
            rest: unsafe { rest.to_slice() }?,
            last: tag == TAG_DONE,
        })
    }

    /// A `_next` step: takes pieces split at `sep` until `item` makes an
    /// item of one, and stores where the iteration stands; `None` after the
    /// last piece. INVALID_ARGUMENT unless `_init` filled the struct.
    pub(crate) fn next_item<R>(
        &self, sep: u8, item: impl FnMut(&'a [u8]) -> Option<R>,
    ) -> Result<Option<R>, authparse_status> {
        let mut pieces = self.pieces()?;
        let found = core::iter::from_fn(|| pieces.next_piece(sep)).find_map(item);
        self.save(pieces);
        Ok(found)
    }

    /// Stores where the iteration stands after a `_next`.
    fn save(&self, pieces: Pieces<'a>) {
        if let Ok(mut it) = self.get() {
            let tag = if pieces.last { TAG_DONE } else { TAG_LIVE };
            it.set_state(authparse_str::from_slice(pieces.rest), tag);
            // SAFETY: non-NULL (`get` succeeded) and writable (contract of `new`).
            unsafe { self.ptr.write(it) }
        }
    }
}

/// An iterator struct that keeps a core iterator (`State`) in opaque
/// storage: `TAG` and `STORAGE` are the byte offsets of its `uint32_t tag`
/// and of its storage words (`core::mem::offset_of!`).
pub(crate) trait Opaque: Sized {
    /// The core iterator kept in the storage (plain slices and flags).
    type State<'s>;
    /// The offset of the `u32` tag.
    const TAG: usize;
    /// The offset of the storage.
    const STORAGE: usize;
}

impl<'a, T: Opaque> Cursor<'a, T> {
    /// Where the state goes, checked against the layout at compile time.
    fn fields(&self) -> (*mut u32, *mut T::State<'a>) {
        const {
            assert!(T::TAG % align_of::<u32>() == 0 && T::TAG + 4 <= size_of::<T>());
            assert!(T::STORAGE % align_of::<T::State<'static>>() == 0);
            assert!(align_of::<T>() >= align_of::<T::State<'static>>());
            assert!(T::STORAGE + size_of::<T::State<'static>>() <= size_of::<T>());
            assert!(
                T::TAG + 4 <= T::STORAGE || T::STORAGE + size_of::<T::State<'static>>() <= T::TAG
            );
            // Overwritten without being dropped.
            assert!(!needs_drop::<T::State<'static>>());
        }
        let base = self.ptr.cast::<u8>();
        (
            base.wrapping_add(T::TAG).cast(),
            base.wrapping_add(T::STORAGE).cast(),
        )
    }

    /// Stores `state` and marks the struct filled (`_init`).
    pub(crate) fn start(&self, state: T::State<'a>) -> Result<(), authparse_status> {
        self.required()?;
        let (tag, storage) = self.fields();
        // SAFETY: non-NULL and writable (the contract of `new`); both fields
        // lie inside the struct, aligned and disjoint (checked above). Written
        // in place: the struct may be uninitialised.
        unsafe {
            storage.write(state);
            tag.write(TAG_LIVE);
        }
        Ok(())
    }

    /// Marks the struct not filled (an `_init` that failed).
    pub(crate) fn stop(&self) -> Result<(), authparse_status> {
        self.required()?;
        // SAFETY: as in `start`.
        unsafe { self.fields().0.write(0) };
        Ok(())
    }

    /// The stored state: INVALID_ARGUMENT unless `start` filled the struct.
    pub(crate) fn state(&self) -> Result<&'a mut T::State<'a>, authparse_status> {
        self.required()?;
        let (tag, storage) = self.fields();
        // SAFETY: non-NULL and readable (the contract of `new`).
        if unsafe { tag.read() } != TAG_LIVE {
            return Err(AUTHPARSE_STATUS_INVALID_ARGUMENT);
        }
        // SAFETY: the tag says `start` wrote a `State` there, over memory the
        // caller keeps valid for `'a`; only this reference uses it.
        Ok(unsafe { &mut *storage })
    }
}

//! A fast non-cryptographic hasher for the small integer keys of the hot
//! path (glyph grid cells, character codes, font indices). SipHash, std's
//! default, showed up as a fifth of the decoding time; these keys come from
//! one document and need no protection against chosen collisions beyond
//! what a time budget already gives.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hashing of machine words (the Fx hash used by rustc).
#[derive(Default, Clone, Copy)]
pub(crate) struct FastHasher(u64);

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FastHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FastHasher {
    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }
    #[inline]
    fn write_i32(&mut self, i: i32) {
        self.add(i as u32 as u64);
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

/// A `HashMap` with [`FastHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distinct_small_keys_hash_apart_and_maps_work() {
        let mut m: FastMap<(i32, i32), u32> = FastMap::default();
        for x in -50..50 {
            for y in -50..50 {
                m.insert((x, y), (x * 1000 + y) as u32);
            }
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m.get(&(-3, 7)), Some(&((-3i32 * 1000 + 7) as u32)));
        assert_eq!(m.get(&(51, 0)), None);
    }
}

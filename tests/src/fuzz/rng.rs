//! A small, seedable generator (SplitMix64): the same seed gives the same sequence on every machine.

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    pub fn index(&mut self, len: usize) -> usize {
        usize::try_from(self.below(len as u64)).unwrap_or(0)
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }

    /// One of `choices`, each with its weight.
    pub fn weighted<T: Copy>(&mut self, choices: &[(u64, T)]) -> T {
        let total: u64 = choices.iter().map(|(w, _)| w).sum();
        let mut pick = self.below(total);
        for (weight, choice) in choices {
            if pick < *weight {
                return *choice;
            }
            pick -= weight;
        }
        choices[choices.len() - 1].1
    }

    /// An amount an adversary would try: one unit, dust, an ordinary figure, or the largest there is.
    pub fn amount(&mut self, ordinary: u64) -> u64 {
        match self.below(10) {
            0 => 1,
            1 => 1 + self.below(1_000),
            2 => u64::MAX,
            _ => 1 + self.below(ordinary),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_gives_the_same_sequence() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let first: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let second: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(first, second);
        assert_ne!(Rng::new(8).next_u64(), first[0]);
    }

    #[test]
    fn weights_pick_only_what_is_weighted() {
        let mut r = Rng::new(1);
        for _ in 0..100 {
            assert_eq!(r.weighted(&[(0, 1), (3, 2), (0, 3)]), 2);
        }
    }
}

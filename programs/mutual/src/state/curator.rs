use crate::constants::ACCOUNT_VERSION;
use anchor_lang::prelude::*;

/// A wallet the authority trusts to keep risk signals current, `["curator", wallet]`. One PDA per curator, so
/// adding one never grows a list (PROTOCOL.md §12); removing one closes it and refunds the rent.
#[account]
#[derive(InitSpace, Debug)]
pub struct Curator {
    pub version: u8,
    pub bump: u8,
    pub wallet: Pubkey,
    pub added_at: i64,
    pub _reserved: [u8; 16],
}

impl Curator {
    pub const SIZE: usize = 8 + Curator::INIT_SPACE;

    pub fn init(&mut self, bump: u8, wallet: Pubkey, now: i64) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.wallet = wallet;
        self.added_at = now;
    }
}

use crate::constants::{ACCOUNT_VERSION, MAX_ASSETS};
use crate::errors::MutualError;
use crate::math::SafeMath;
use crate::state::{Params, ProductTerms};
use anchor_lang::prelude::*;

/// Areas that the guardian or the authority can pause one by one.
pub mod pause_area {
    pub const BUY: u8 = 1 << 0;
    pub const CLAIMS: u8 = 1 << 1;
    pub const STAKING: u8 = 1 << 2;
    pub const TOKEN: u8 = 1 << 3;
    pub const ALL: u8 = BUY | CLAIMS | STAKING | TOKEN;
}

/// How claim votes are cast (PROTOCOL.md §6): in the open, or committed as a hash and revealed later.
///
/// Borsh stores the variant's position, so variants are only ever appended. (Anchor's IDL builder refuses
/// explicit `= n` discriminants; `voting_mode_encoding_is_pinned` pins the bytes instead.)
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum VotingMode {
    Open,
    CommitReveal,
}

/// The protocol's root, `["config"]`. It signs for the stake mint and every capital-pool vault.
#[account]
#[derive(InitSpace, Debug)]
pub struct Config {
    pub version: u8,
    pub bump: u8,
    pub stake_mint_bump: u8,
    pub treasury_bump: u8,
    /// Governs parameters, assets, products and brokers.
    pub authority: Pubkey,
    /// Set by `authority_propose`; becomes the authority when it signs `authority_accept`. Default = none.
    pub pending_authority: Pubkey,
    /// May pause, never unpause: a hot key that can stop damage but cannot cause it.
    pub guardian: Pubkey,
    pub stake_mint: Pubkey,
    /// Mint of the first registered asset, in which all values are expressed. Default = not registered yet.
    pub base_asset: Pubkey,
    /// Bit set of `pause_area`.
    pub paused: u8,
    pub voting_mode: VotingMode,
    pub asset_count: u8,
    pub product_count: u32,
    pub pool_count: u32,
    pub params: Params,
    /// A proposed parameter set (`params_propose`) and when it may be executed; an eta of 0 means nothing is
    /// pending (the set is then all zeros). Public, so that a member who dislikes a change can leave before it
    /// applies. Fixed-size, so every later field keeps its offset.
    pub pending_params: Params,
    pub pending_params_eta: i64,
    /// The claims pause's clock (decision 59): seconds the CLAIMS area was paused before its current pause, and
    /// when that pause began (0 = not paused).
    pub claims_paused_for: i64,
    pub claims_paused_at: i64,
    pub _reserved: [u8; 96],
}

impl Config {
    pub const SIZE: usize = 8 + Config::INIT_SPACE;

    pub fn signer_seeds(&self) -> [&[u8]; 2] {
        [
            crate::constants::CONFIG_SEED,
            std::slice::from_ref(&self.bump),
        ]
    }

    #[allow(clippy::too_many_arguments)]
    pub fn init(
        &mut self,
        bump: u8,
        stake_mint_bump: u8,
        treasury_bump: u8,
        authority: Pubkey,
        guardian: Pubkey,
        stake_mint: Pubkey,
        params: Params,
    ) -> Result<()> {
        params.validate()?;
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.stake_mint_bump = stake_mint_bump;
        self.treasury_bump = treasury_bump;
        self.authority = authority;
        self.pending_authority = Pubkey::default();
        self.guardian = guardian;
        self.stake_mint = stake_mint;
        self.base_asset = Pubkey::default();
        self.paused = 0;
        self.voting_mode = VotingMode::Open;
        self.asset_count = 0;
        self.product_count = 0;
        self.pool_count = 0;
        self.params = params;
        self.clear_pending_params();
        self.invariant()
    }

    /// Whether a claim on a product with `terms` is voted by commit-reveal: the mutual's mode, or the product's.
    pub fn commit_reveal(&self, terms: &ProductTerms) -> bool {
        self.voting_mode == VotingMode::CommitReveal || terms.commit_reveal
    }

    pub fn require_active(&self, area: u8) -> Result<()> {
        require!(self.paused & area == 0, MutualError::ProtocolPaused);
        Ok(())
    }

    pub fn has_base_asset(&self) -> bool {
        self.base_asset != Pubkey::default()
    }

    /// Queues `params` (replacing any pending set) to apply after the current `params_delay`; every bound is
    /// checked now, so a set that could never apply is refused at once. Returns the execution time.
    pub fn propose_params(&mut self, params: Params, now: i64) -> Result<i64> {
        params.validate_change(&self.params)?;
        let eta = now.safe_add(i64::from(self.params.params_delay))?;
        self.pending_params = params;
        self.pending_params_eta = eta;
        Ok(eta)
    }

    /// The pending parameter set, if any.
    pub fn pending(&self) -> Option<Params> {
        (self.pending_params_eta != 0).then_some(self.pending_params)
    }

    /// Applies the pending set once its time has come; returns it.
    pub fn execute_params(&mut self, now: i64) -> Result<Params> {
        let params = self.pending().ok_or(MutualError::NoPendingParams)?;
        require!(
            now >= self.pending_params_eta,
            MutualError::TimelockNotElapsed
        );
        params.validate_change(&self.params)?;
        self.params = params;
        self.clear_pending_params();
        Ok(params)
    }

    /// Withdraws the pending set.
    pub fn cancel_params(&mut self) -> Result<Params> {
        let params = self.pending().ok_or(MutualError::NoPendingParams)?;
        self.clear_pending_params();
        Ok(params)
    }

    fn clear_pending_params(&mut self) {
        self.pending_params = Params::zeroed();
        self.pending_params_eta = 0;
    }

    pub fn propose_authority(&mut self, new_authority: Pubkey) -> Result<()> {
        require_keys_neq!(new_authority, self.authority, MutualError::SameAuthority);
        self.pending_authority = new_authority;
        Ok(())
    }

    pub fn accept_authority(&mut self, signer: Pubkey) -> Result<()> {
        require!(
            self.pending_authority != Pubkey::default(),
            MutualError::NoPendingAuthority
        );
        require_keys_eq!(
            signer,
            self.pending_authority,
            MutualError::NotPendingAuthority
        );
        self.authority = signer;
        self.pending_authority = Pubkey::default();
        Ok(())
    }

    /// Replaces the guardian; the default key leaves the protocol without one (only the authority pauses then).
    pub fn set_guardian(&mut self, guardian: Pubkey) {
        self.guardian = guardian;
    }

    /// Pauses `areas` at `now`; a claims pause starts the clock that extends claim windows.
    pub fn pause(&mut self, by: Pubkey, areas: u8, now: i64) -> Result<()> {
        require!(
            by == self.authority || by == self.guardian,
            MutualError::NotPauser
        );
        Self::validate_areas(areas)?;
        if areas & pause_area::CLAIMS != 0 && self.claims_paused_at == 0 {
            self.claims_paused_at = now;
        }
        self.paused |= areas;
        Ok(())
    }

    /// Unpauses `areas` at `now`; the end of a claims pause adds its length to the clock.
    pub fn unpause(&mut self, areas: u8, now: i64) -> Result<()> {
        Self::validate_areas(areas)?;
        if areas & pause_area::CLAIMS != 0 && self.claims_paused_at != 0 {
            self.claims_paused_for = self
                .claims_paused_for
                .safe_add(now.safe_sub(self.claims_paused_at)?.max(0))?;
            self.claims_paused_at = 0;
        }
        self.paused &= !areas;
        Ok(())
    }

    /// Seconds the CLAIMS area has been paused in all, up to `now`: a cover records it with each segment, and
    /// its claim window lasts that much longer for every second of pause since (`Cover::claim_deadline`). It
    /// only grows, and only while claims are paused.
    pub fn claims_pause_clock(&self, now: i64) -> Result<u32> {
        let total = if self.claims_paused_at == 0 {
            self.claims_paused_for
        } else {
            self.claims_paused_for
                .safe_add(now.safe_sub(self.claims_paused_at)?.max(0))?
        };
        u32::try_from(total).map_err(|_| error!(MutualError::MathOverflow))
    }

    fn validate_areas(areas: u8) -> Result<()> {
        require!(
            areas != 0 && areas & !pause_area::ALL == 0,
            MutualError::InvalidPauseAreas
        );
        Ok(())
    }

    /// Registers one more asset; the first one becomes the base asset. Returns the new asset's index.
    pub fn add_asset(&mut self, mint: Pubkey) -> Result<u8> {
        require!(self.asset_count < MAX_ASSETS, MutualError::TooManyAssets);
        let index = self.asset_count;
        if index == 0 {
            self.base_asset = mint;
        }
        self.asset_count += 1;
        Ok(index)
    }

    /// Takes the next product id.
    pub fn add_product(&mut self) -> Result<u32> {
        let id = self.product_count;
        self.product_count = id.checked_add(1).ok_or(MutualError::MathOverflow)?;
        Ok(id)
    }

    /// Takes the next pool id.
    pub fn add_pool(&mut self) -> Result<u32> {
        let id = self.pool_count;
        self.pool_count = id.checked_add(1).ok_or(MutualError::MathOverflow)?;
        Ok(id)
    }

    pub fn invariant(&self) -> Result<()> {
        self.params.validate()?;
        if let Some(pending) = self.pending() {
            pending.validate_change(&self.params)?;
        }
        require!(self.asset_count <= MAX_ASSETS, MutualError::TooManyAssets);
        require!(
            self.paused & !pause_area::ALL == 0,
            MutualError::InvalidPauseAreas
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;

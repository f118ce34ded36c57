use crate::constants::{ACCOUNT_VERSION, COVER_BUCKETS, MAX_ASSETS};
use crate::errors::MutualError;
use crate::math::periods::{bucket_id, ended_buckets, expiry_slot};
use crate::math::prices::{AssetPrice, Side};
use crate::math::SafeMath;
use crate::state::Params;
use anchor_lang::prelude::*;
use pyth_solana_receiver_sdk::error::GetPriceError;
use pyth_solana_receiver_sdk::price_update::PriceUpdateV2;

/// The push-oracle account of `feed_id` on shard 0, `[shard (u16 LE), feed_id]` under Pyth's push oracle
/// program: the one account of a feed that Pyth keeps fresh on every cluster, and that only newer verified
/// updates of that feed can overwrite.
pub fn push_feed_address(feed_id: &[u8; 32]) -> Pubkey {
    Pubkey::find_program_address(
        &[&0u16.to_le_bytes(), feed_id.as_ref()],
        &pyth_solana_receiver_sdk::PYTH_PUSH_ORACLE_ID,
    )
    .0
}

/// An SPL mint the capital pool holds and covers may be bought in, `["asset", mint]` (PROTOCOL.md §1).
#[account]
#[derive(InitSpace, Debug)]
pub struct Asset {
    pub version: u8,
    pub bump: u8,
    pub vault_bump: u8,
    /// Registration order; 0 is the base asset.
    pub index: u8,
    pub mint: Pubkey,
    pub decimals: u8,
    /// SPL Token or Token-2022: the program that owns the mint and the vault.
    pub token_program: Pubkey,
    /// Capital-pool vault `["asset_vault", mint]`, a token account whose authority is the config PDA.
    pub vault: Pubkey,
    /// Pyth feed id; all zero for the base asset, which is valued 1:1.
    pub pyth_feed_id: [u8; 32],
    pub is_cover_asset: bool,
    /// An abandoned asset takes no new cover; its vault is still counted as capital.
    pub is_abandoned: bool,
    /// Sum of the cover amounts booked in this asset whose expiry bucket is not yet released; `active_cover`
    /// leaves out the buckets that have ended since, so expired cover stops counting toward MCR without a crank
    /// (Nexus #748).
    pub active_cover_amount: u64,
    /// Cover that expires with bucket `b`, at slot `b % 18`.
    pub cover_expiring: [u64; COVER_BUCKETS],
    /// The oldest expiry bucket not yet released.
    pub next_cover_bucket: u32,
    /// Mirror of the vault balance as of this program's last write.
    pub capital_balance: u64,
    /// The price the last `capital_snapshot_refresh` used (base-asset units per unit of this asset, μ ∓ σ), and
    /// the Pyth publish time behind it. Every later conversion of this asset uses it while the snapshot is
    /// fresh. Unset (zero) for the base asset, which is worth 1, and for an asset never refreshed.
    pub price: AssetPrice,
    pub price_published_at: i64,
    /// A non-base asset counts as capital only from this time: its registration plus `params_delay`, so that a
    /// new asset (a mint someone controls, valued by a feed they picked) can't inflate book value before members
    /// could leave. 0 for the base asset.
    pub valued_from: i64,
    /// The feed's push-oracle account (`push_feed_address`), set with the feed; a trade reads the price posted
    /// there (decision 69). Default for the base asset.
    pub price_account: Pubkey,
}

impl Asset {
    pub const SIZE: usize = 8 + Asset::INIT_SPACE;

    /// What must hold after every write: the active cover is exactly what its unreleased expiry buckets hold
    /// (booked and released together), the price band is not inverted, the index is a registered slot, and the
    /// base asset has no feed and is never abandoned.
    pub fn invariant(&self) -> Result<()> {
        // Summed wide: 18 u64s never overflow a u128, so no step can fail.
        let booked: u128 = self.cover_expiring.iter().map(|a| u128::from(*a)).sum();
        require!(
            booked == u128::from(self.active_cover_amount)
                && self.price.low <= self.price.high
                && self.index < MAX_ASSETS
                && (!self.is_base() || (self.pyth_feed_id == [0; 32] && !self.is_abandoned)),
            MutualError::AssetAccountingBroken
        );
        Ok(())
    }

    pub fn is_base(&self) -> bool {
        self.index == 0
    }

    #[allow(clippy::too_many_arguments)]
    pub fn init(
        &mut self,
        bump: u8,
        vault_bump: u8,
        index: u8,
        mint: Pubkey,
        decimals: u8,
        token_program: Pubkey,
        vault: Pubkey,
        pyth_feed_id: Option<[u8; 32]>,
        is_cover_asset: bool,
        now: i64,
        valuation_delay: u32,
    ) -> Result<()> {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.vault_bump = vault_bump;
        self.index = index;
        self.mint = mint;
        self.decimals = decimals;
        self.token_program = token_program;
        self.vault = vault;
        self.active_cover_amount = 0;
        self.next_cover_bucket = bucket_id(now)?;
        self.capital_balance = 0;
        self.price = AssetPrice::default();
        self.price_published_at = 0;
        self.pyth_feed_id = [0; 32];
        self.price_account = Pubkey::default();
        self.valued_from = if index == 0 {
            0
        } else {
            now.safe_add(i64::from(valuation_delay))?
        };
        self.update(is_cover_asset, false, pyth_feed_id)
    }

    /// The price that values this asset: 1 for the base asset, else the one the last refresh recorded. A
    /// non-base asset never refreshed is refused (`AssetNotPriced`), never valued at 0.
    pub fn valuation(&self) -> Result<AssetPrice> {
        self.priced()
            .ok_or_else(|| error!(MutualError::AssetNotPriced))
    }

    /// `valuation`, for a caller that can go without a price: `None` for a non-base asset never refreshed.
    pub fn priced(&self) -> Option<AssetPrice> {
        if self.is_base() {
            Some(AssetPrice::ONE)
        } else if self.price.is_set() {
            Some(self.price)
        } else {
            None
        }
    }

    /// Whether the asset's vault counts as capital at `now` (see `valued_from`).
    pub fn counts_as_capital(&self, now: i64) -> bool {
        now >= self.valued_from
    }

    /// The vault's `balance` as capital at `now`: at the recorded low price once the asset counts, else 0.
    pub fn capital_value(&self, balance: u64, now: i64) -> Result<u64> {
        if !self.counts_as_capital(now) {
            return Ok(0);
        }
        self.to_base(balance, Side::Capital)
    }

    /// `amount` of this asset in base-asset units at the recorded price: capital low, liabilities high.
    pub fn to_base(&self, amount: u64, side: Side) -> Result<u64> {
        self.valuation()?.to_base(amount, side)
    }

    /// How a payout of `amount` of this asset is made while its vault holds `vault_balance`: in kind up to what
    /// the vault holds, and the rest (the shortfall) in the base asset, valued at μ + σ (decision 67). The base
    /// asset has nothing to fall back on: its shortfall stays unpaid (`PayoutSplit::payable`).
    pub fn payout_split(&self, amount: u64, vault_balance: u64) -> Result<PayoutSplit> {
        let in_kind = amount.min(vault_balance);
        let shortfall = amount.safe_sub(in_kind)?;
        let in_base = if self.is_base() || shortfall == 0 {
            0
        } else {
            self.to_base(shortfall, Side::Liability)?
        };
        Ok(PayoutSplit {
            in_kind,
            shortfall,
            in_base,
            is_base: self.is_base(),
        })
    }

    /// The asset's price from a Pyth `PriceUpdateV2` held in an account of `owner` with `data`: owned by the
    /// receiver program, for the asset's feed, fully verified, no older than `oracle_max_age`; then normalised
    /// (price > 0, confidence ≤ `max_conf`, exponent −12..=+4). Each refusal is named; a refused price is never
    /// read as 0. Returns the price and its publish time.
    pub fn price_from_update(
        &self,
        owner: &Pubkey,
        data: &[u8],
        params: &Params,
        clock: &Clock,
        base_decimals: u8,
    ) -> Result<(AssetPrice, i64)> {
        require_keys_eq!(
            *owner,
            pyth_solana_receiver_sdk::ID,
            MutualError::WrongPriceAccountOwner
        );
        let update = PriceUpdateV2::try_deserialize(&mut &data[..])
            .map_err(|_| error!(MutualError::InvalidPriceAccount))?;
        let price = update
            .get_price_no_older_than(clock, u64::from(params.oracle_max_age), &self.pyth_feed_id)
            .map_err(|e| match e {
                GetPriceError::PriceTooOld => error!(MutualError::StalePrice),
                GetPriceError::MismatchedFeedId => error!(MutualError::WrongPriceFeed),
                GetPriceError::InsufficientVerificationLevel => {
                    error!(MutualError::PartialPriceVerification)
                }
                _ => error!(MutualError::InvalidPriceAccount),
            })?;
        let normalised = AssetPrice::from_pyth(
            price.price,
            price.conf,
            price.exponent,
            self.decimals,
            base_decimals,
            params.max_conf,
        )?;
        Ok((normalised, price.publish_time))
    }

    /// The price a trade counts beside the recorded one (decision 69): what the asset's push feed shows, read
    /// as a refresh reads it, unless it is older than the recorded price. One published in the same second
    /// counts: Pyth publishes several prices a second, and a refresh accepts any of them. A feed that does not read (stale, empty,
    /// not yet created) counts nothing, so no sale waits for a feed; the account itself must be the feed's
    /// (`WrongPriceAccount`), or a trader could pass one that never reads.
    pub fn posted_price(
        &self,
        address: &Pubkey,
        owner: &Pubkey,
        data: &[u8],
        params: &Params,
        clock: &Clock,
        base_decimals: u8,
    ) -> Result<Option<AssetPrice>> {
        require_keys_eq!(*address, self.price_account, MutualError::WrongPriceAccount);
        Ok(self
            .price_from_update(owner, data, params, clock, base_decimals)
            .ok()
            .filter(|(_, published_at)| *published_at >= self.price_published_at)
            .map(|(price, _)| price))
    }

    /// Records the price a refresh read (non-base assets only).
    pub fn record_price(&mut self, price: AssetPrice, published_at: i64) {
        self.price = price;
        self.price_published_at = published_at;
    }

    /// Mirrors the vault's balance after a movement in or out of it, so that the capital of every asset can be
    /// read from the `Asset` accounts alone.
    pub fn record_capital_balance(&mut self, vault_balance: u64) {
        self.capital_balance = vault_balance;
    }

    /// Cover may be bought in the asset: it is a cover asset, not abandoned, and already counts as capital (a
    /// new asset's premiums would otherwise sit outside book value while its cover counted against MCR).
    pub fn require_open_for_cover(&self, now: i64) -> Result<()> {
        require!(
            self.is_cover_asset && !self.is_abandoned,
            MutualError::NotCoverAsset
        );
        require!(self.counts_as_capital(now), MutualError::AssetNotYetValued);
        Ok(())
    }

    /// Active cover in this asset at `now`: what is booked less the buckets that have ended (bounded: 18).
    pub fn active_cover(&self, now: i64) -> Result<u64> {
        let ended = ended_buckets(self.next_cover_bucket, bucket_id(now)?)
            .map(|bucket| self.cover_expiring[expiry_slot(bucket)])
            .try_fold(0u64, |sum, amount| sum.safe_add(amount))?;
        self.active_cover_amount.safe_sub(ended)
    }

    /// Releases the buckets that have ended by `now`, so that their ring slots can take new buckets.
    fn release_ended_cover(&mut self, now: i64) -> Result<()> {
        let current = bucket_id(now)?;
        for bucket in ended_buckets(self.next_cover_bucket, current) {
            let expiring = &mut self.cover_expiring[expiry_slot(bucket)];
            self.active_cover_amount = self.active_cover_amount.safe_sub(*expiring)?;
            *expiring = 0;
        }
        self.next_cover_bucket = self.next_cover_bucket.max(current);
        Ok(())
    }

    /// Books `amount` of new cover expiring with `expiry_bucket`.
    pub fn book_cover(&mut self, amount: u64, expiry_bucket: u32, now: i64) -> Result<()> {
        self.release_ended_cover(now)?;
        let ahead = expiry_bucket.safe_sub(self.next_cover_bucket)?;
        require!((ahead as usize) < COVER_BUCKETS, MutualError::MathOverflow);
        self.active_cover_amount = self.active_cover_amount.safe_add(amount)?;
        let expiring = &mut self.cover_expiring[expiry_slot(expiry_bucket)];
        *expiring = expiring.safe_add(amount)?;
        Ok(())
    }

    /// Takes back cover that ends early (an edit, or an expiry inside its bucket); nothing once its bucket ended.
    pub fn unbook_cover(&mut self, amount: u64, expiry_bucket: u32, now: i64) -> Result<()> {
        self.release_ended_cover(now)?;
        if expiry_bucket < self.next_cover_bucket {
            return Ok(());
        }
        self.active_cover_amount = self.active_cover_amount.safe_sub(amount)?;
        let expiring = &mut self.cover_expiring[expiry_slot(expiry_bucket)];
        *expiring = expiring.safe_sub(amount)?;
        Ok(())
    }

    /// Sets the flags and feed. The base asset is valued 1:1 and anchors every value, so it takes no feed and
    /// can't be abandoned; every other asset needs a feed to be valued at all. A feed is fixed once set: moving an
    /// asset to another feed (another asset's, say) would revalue the capital pool in one transaction.
    pub fn update(
        &mut self,
        is_cover_asset: bool,
        is_abandoned: bool,
        pyth_feed_id: Option<[u8; 32]>,
    ) -> Result<()> {
        if self.is_base() {
            require!(pyth_feed_id.is_none(), MutualError::BaseAssetHasNoFeed);
            require!(!is_abandoned, MutualError::CannotAbandonBaseAsset);
        } else {
            require!(
                pyth_feed_id.is_some_and(|id| id != [0; 32]),
                MutualError::MissingPriceFeed
            );
            require!(
                self.pyth_feed_id == [0; 32] || pyth_feed_id == Some(self.pyth_feed_id),
                MutualError::PriceFeedFixed
            );
        }
        if let Some(feed_id) = pyth_feed_id {
            if feed_id != self.pyth_feed_id {
                self.price_account = push_feed_address(&feed_id);
            }
        }
        self.pyth_feed_id = pyth_feed_id.unwrap_or_default();
        self.is_cover_asset = is_cover_asset;
        self.is_abandoned = is_abandoned;
        Ok(())
    }
}

/// A payout split between the claim's own asset and the base asset (`Asset::payout_split`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayoutSplit {
    /// Paid in the claim's asset, from its vault.
    pub in_kind: u64,
    /// The part of the amount the vault cannot pay, in the claim's asset's units.
    pub shortfall: u64,
    /// The shortfall's value in base units at μ + σ, paid from the base vault (0 for a base-asset claim).
    pub in_base: u64,
    is_base: bool,
}

impl PayoutSplit {
    /// Whether the payout can be made now, with the base vault holding `base_vault_balance`.
    pub fn payable(&self, base_vault_balance: u64) -> bool {
        if self.is_base {
            self.shortfall == 0
        } else {
            self.in_base <= base_vault_balance
        }
    }
}

#[cfg(test)]
mod tests;

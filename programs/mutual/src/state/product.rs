use crate::constants::{
    ACCOUNT_VERSION, MAX_ALLOWED_POOLS, MAX_ASSETS, MAX_GRACE_PERIOD, MAX_PRODUCT_NAME_LEN,
    MAX_WORDING_URI_LEN,
};
use crate::errors::MutualError;
use crate::math::Bps;
use crate::state::risk_signals::RiskClass;
use anchor_lang::prelude::*;

/// What a product offers, set by `product_create` and replaced whole by `product_update`.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Debug, PartialEq, Eq)]
pub struct ProductTerms {
    pub risk_class: RiskClass,
    /// UTF-8, 1 to `MAX_PRODUCT_NAME_LEN` bytes.
    #[max_len(MAX_PRODUCT_NAME_LEN)]
    pub name: String,
    /// Hash of the cover wording: the terms a claim is judged against. A cover records it at purchase.
    pub wording_hash: [u8; 32],
    /// Where the wording is published, 1 to `MAX_WORDING_URI_LEN` bytes.
    #[max_len(MAX_WORDING_URI_LEN)]
    pub wording_uri: String,
    /// Bit `i` allows cover in the asset registered at index `i`.
    pub cover_assets: u8,
    /// Seconds after a cover ends during which its holder may still claim: ≤ 90 days.
    pub grace_period: u32,
    /// Share of a pool's capacity this product may not use, for riskier products: ≤ 100%.
    pub capacity_reduction: Bps,
    /// Annual price a pool starts from when it first lists the product: ≥ `min_price`, ≤ 100%.
    pub initial_price: Bps,
    /// Floor of every annual price of this product (the protocol's `min_price` is the default): 1 bp to 100%.
    pub min_price: Bps,
    /// The pools that may list the product; empty means every pool may.
    #[max_len(MAX_ALLOWED_POOLS)]
    pub allowed_pools: Vec<u32>,
    /// A deprecated product takes no new cover and no new pool listings; existing cover runs its course.
    pub deprecated: bool,
    /// Claims on this product are voted commit-reveal, whatever `Config::voting_mode` says.
    pub commit_reveal: bool,
}

impl ProductTerms {
    /// Holds the terms to their bounds. `asset_count` and `pool_count` are the registered assets and pools: a
    /// bit or pool id beyond them refers to nothing.
    pub fn validate(&self, asset_count: u8, pool_count: u32) -> Result<()> {
        require!(
            (1..=MAX_PRODUCT_NAME_LEN).contains(&self.name.len()),
            MutualError::InvalidProductName
        );
        require!(
            (1..=MAX_WORDING_URI_LEN).contains(&self.wording_uri.len()),
            MutualError::InvalidWordingUri
        );
        require!(
            self.wording_hash != [0; 32],
            MutualError::InvalidWordingHash
        );
        let registered = u8::try_from((1u16 << asset_count) - 1).unwrap_or(u8::MAX);
        require!(
            self.cover_assets != 0 && self.cover_assets & !registered == 0,
            MutualError::InvalidCoverAssets
        );
        require!(
            self.grace_period <= MAX_GRACE_PERIOD,
            MutualError::InvalidGracePeriod
        );
        require!(
            self.capacity_reduction <= Bps::ONE,
            MutualError::InvalidCapacityReduction
        );
        require!(
            self.min_price.0 >= 1
                && self.min_price <= self.initial_price
                && self.initial_price <= Bps::ONE,
            MutualError::InvalidProductPrice
        );
        require!(
            self.allowed_pools.len() <= MAX_ALLOWED_POOLS,
            MutualError::TooManyAllowedPools
        );
        for (i, pool) in self.allowed_pools.iter().enumerate() {
            require!(*pool < pool_count, MutualError::UnknownPool);
            require!(
                !self.allowed_pools[..i].contains(pool),
                MutualError::DuplicatePool
            );
        }
        Ok(())
    }
}

/// A product cover can be bought on, `["product", id u32 le]` (PROTOCOL.md §2).
#[account]
#[derive(InitSpace, Debug)]
pub struct Product {
    pub version: u8,
    pub bump: u8,
    pub id: u32,
    pub terms: ProductTerms,
    /// Sequence number of the product's next `Cover` (`["cover", product, seq]`): covers never share a counter
    /// across products, so buys on different products write disjoint accounts.
    pub next_cover_seq: u64,
    pub created_at: i64,
    pub updated_at: i64,
    pub _reserved: [u8; 63],
}

impl Product {
    pub const SIZE: usize = 8 + Product::INIT_SPACE;

    /// What must hold after every write, whatever is registered: the terms' own bounds (`ProductTerms::validate`
    /// checks them against the registered assets and pools when they are set).
    pub fn invariant(&self) -> Result<()> {
        self.terms.validate(MAX_ASSETS, u32::MAX)
    }

    pub fn init(&mut self, bump: u8, id: u32, terms: ProductTerms, now: i64) {
        self.version = ACCOUNT_VERSION;
        self.bump = bump;
        self.id = id;
        self.terms = terms;
        self.next_cover_seq = 0;
        self.created_at = now;
        self.updated_at = now;
    }

    /// Replaces the terms. Covers already sold keep the wording hash they recorded at purchase.
    pub fn update(&mut self, terms: ProductTerms, now: i64) {
        self.terms = terms;
        self.updated_at = now;
    }

    /// Whether `pool_id` may list this product: any pool when the allow-list is empty.
    pub fn allows_pool(&self, pool_id: u32) -> bool {
        self.terms.allowed_pools.is_empty() || self.terms.allowed_pools.contains(&pool_id)
    }

    /// Cover in the asset registered at `index` is offered (bit `index` of the cover-asset bitmap).
    pub fn require_allows_asset(&self, index: u8) -> Result<()> {
        let allowed = 1u8.checked_shl(u32::from(index)).unwrap_or(0) & self.terms.cover_assets != 0;
        require!(allowed, MutualError::AssetNotAllowed);
        Ok(())
    }

    /// Hands out the next cover's sequence number.
    pub fn take_cover_seq(&mut self) -> Result<u64> {
        let seq = self.next_cover_seq;
        self.next_cover_seq = seq.checked_add(1).ok_or(MutualError::MathOverflow)?;
        Ok(seq)
    }

    pub fn require_not_deprecated(&self) -> Result<()> {
        require!(!self.terms.deprecated, MutualError::ProductDeprecated);
        Ok(())
    }
}

#[cfg(test)]
mod tests;

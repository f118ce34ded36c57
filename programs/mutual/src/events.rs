//! One `<Noun><Verb>Event` per state change, and `emit_event!`. Natively `emit!` is invisible, so `emit_event!`
//! also writes the event to the log as `EVENT <base64>`, where the SDK's event parser reads it.
use crate::math::Bps;
use crate::state::{ClaimStatus, Params, ProductListing, ProductTerms, Signals};
use anchor_lang::prelude::*;

/// Emits an Anchor event. On chain `emit!` writes it as `Program data:`; natively `emit!` is a no-op, so the event
/// also goes through the program-test log stub as `Program log: EVENT <base64>`, where tests and the SDK read it.
#[macro_export]
macro_rules! emit_event {
    ($event:expr) => {{
        let event = $event;
        #[cfg(not(target_os = "solana"))]
        solana_sysvar::program_stubs::sol_log(&format!(
            "EVENT {}",
            anchor_lang::__private::base64::Engine::encode(
                &anchor_lang::__private::base64::engine::general_purpose::STANDARD,
                anchor_lang::Event::data(&event)
            )
        ));
        anchor_lang::prelude::emit!(event);
    }};
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigInitEvent {
    pub authority: Pubkey,
    pub guardian: Pubkey,
    pub stake_mint: Pubkey,
    pub params: Params,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsProposeEvent {
    pub authority: Pubkey,
    pub params: Params,
    /// When `params_execute` may apply it.
    pub eta: i64,
    /// Whether it replaced a pending set.
    pub replaced: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsExecuteEvent {
    pub params: Params,
    pub now: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParamsCancelEvent {
    pub authority: Pubkey,
    pub params: Params,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityProposeEvent {
    pub authority: Pubkey,
    pub pending_authority: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthorityAcceptEvent {
    pub previous_authority: Pubkey,
    pub authority: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuardianSetEvent {
    pub authority: Pubkey,
    pub guardian: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolPauseEvent {
    pub by: Pubkey,
    pub areas: u8,
    pub paused: u8,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolUnpauseEvent {
    pub by: Pubkey,
    pub areas: u8,
    pub paused: u8,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRegisterEvent {
    pub mint: Pubkey,
    pub vault: Pubkey,
    pub index: u8,
    pub is_base: bool,
    pub is_cover_asset: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetUpdateEvent {
    pub mint: Pubkey,
    pub is_cover_asset: bool,
    pub is_abandoned: bool,
    pub pyth_feed_id: [u8; 32],
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberJoinEvent {
    pub wallet: Pubkey,
    pub join_fee: u64,
    pub joined_at: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberLeaveEvent {
    pub wallet: Pubkey,
    /// Stake units burnt on the way out (dust others sent).
    pub burnt: u64,
    pub left_at: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberThawEvent {
    pub wallet: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberSetBrokerEvent {
    pub wallet: Pubkey,
    pub is_broker: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenBuyEvent {
    pub wallet: Pubkey,
    pub base_in: u64,
    pub stake_out: u64,
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSellEvent {
    pub wallet: Pubkey,
    pub stake_in: u64,
    pub base_out: u64,
    pub capital: u64,
    pub stake_supply: u64,
    pub book_value: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductCreateEvent {
    pub id: u32,
    pub product: Pubkey,
    pub terms: ProductTerms,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductUpdateEvent {
    pub id: u32,
    pub product: Pubkey,
    pub terms: ProductTerms,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratorAddEvent {
    pub wallet: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratorRemoveEvent {
    pub wallet: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskSignalsUpdateEvent {
    pub product_id: u32,
    /// The authority or the curator who wrote them.
    pub by: Pubkey,
    /// The risk score right after the update.
    pub score: u8,
    pub signals: Signals,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolCreateEvent {
    pub id: u32,
    pub pool: Pubkey,
    pub vault: Pubkey,
    pub creator: Pubkey,
    pub manager: Pubkey,
    pub is_private: bool,
    pub pool_fee: Bps,
    pub max_pool_fee: Bps,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSetProductsEvent {
    pub pool_id: u32,
    pub listings: Vec<ProductListing>,
    pub total_weight: u16,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSetManagerEvent {
    pub pool_id: u32,
    pub previous_manager: Pubkey,
    pub manager: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolSetFeeEvent {
    pub pool_id: u32,
    pub pool_fee: Bps,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolProcessEvent {
    pub pool_id: u32,
    /// Bucket ends and tranche expiries crossed by this call.
    pub steps: u32,
    /// Whether the pool is processed up to now.
    pub caught_up: bool,
    pub first_active_tranche: u32,
    pub next_bucket: u32,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeDepositEvent {
    pub pool_id: u32,
    pub owner: Pubkey,
    pub tranche: u32,
    pub amount: u64,
    pub stake_shares: u128,
    pub reward_shares: u128,
    /// The pool's active stake after the deposit.
    pub active_stake: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeExtendEvent {
    pub pool_id: u32,
    pub owner: Pubkey,
    pub from_tranche: u32,
    pub to_tranche: u32,
    pub stake_shares: u128,
    /// Reward shares minted in the new tranche.
    pub reward_shares: u128,
    /// Settled rewards carried to the new position.
    pub rewards_moved: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakeWithdrawEvent {
    pub pool_id: u32,
    pub owner: Pubkey,
    pub tranche: u32,
    pub stake: u64,
    pub rewards: u64,
    /// The position had nothing left and closed.
    pub closed: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StakePositionTransferEvent {
    pub pool_id: u32,
    pub tranche: u32,
    pub from: Pubkey,
    pub to: Pubkey,
    pub stake_shares: u128,
    pub rewards: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CapitalSnapshotRefreshEvent {
    pub capital: u64,
    pub non_base_capital: u64,
    pub active_cover: u64,
    pub pending_payouts: u64,
    pub mcr: u64,
    pub book_value: u64,
    pub stake_supply: u64,
    /// Assets valued (every registered one).
    pub assets: u8,
    pub now: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreasurySweepEvent {
    /// Lamports moved into the wrapped-SOL vault.
    pub lamports: u64,
    /// Their value in base-asset units at μ − σ.
    pub value: u64,
    pub capital: u64,
    pub book_value: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverBuyEvent {
    pub cover: Pubkey,
    pub product_id: u32,
    pub seq: u64,
    pub owner: Pubkey,
    pub buyer: Pubkey,
    /// The cover asset's mint.
    pub asset: Pubkey,
    pub amount: u64,
    pub start: i64,
    pub period: u32,
    pub premium: u64,
    pub commission: u64,
    /// Per pool given, in order (a pool that took nothing shows 0 units).
    pub placement: Vec<PoolPlacement>,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverEditEvent {
    pub cover: Pubkey,
    pub old_amount: u64,
    pub old_end: i64,
    pub amount: u64,
    pub start: i64,
    pub period: u32,
    pub premium: u64,
    /// The old segment's unused premium, credited against `premium`.
    pub credit: u64,
    /// What the owner paid: premium − credit, never below 0.
    pub paid: u64,
    pub placement: Vec<PoolPlacement>,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverRenewEvent {
    pub cover: Pubkey,
    /// The owner, or the cranker of an auto-renewal.
    pub by: Pubkey,
    pub automatic: bool,
    pub amount: u64,
    pub start: i64,
    pub period: u32,
    pub premium: u64,
    pub placement: Vec<PoolPlacement>,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverAutoRenewEvent {
    pub cover: Pubkey,
    pub owner: Pubkey,
    /// The renewal cap; 0 = auto-renewal off.
    pub max_premium: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverTransferEvent {
    pub cover: Pubkey,
    pub from: Pubkey,
    pub to: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoverExpireEvent {
    pub cover: Pubkey,
    pub owner: Pubkey,
    pub amount: u64,
    /// Allocations and active cover were released by this call.
    pub released: bool,
    /// The account was closed and its rent refunded to the buyer.
    pub closed: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolFeeWithdrawEvent {
    pub pool_id: u32,
    pub manager: Pubkey,
    /// Stake token paid out of the pool vault.
    pub amount: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimSubmitEvent {
    pub claim: Pubkey,
    pub cover: Pubkey,
    pub claimant: Pubkey,
    pub seq: u8,
    pub amount: u64,
    /// Lamports held by the claim.
    pub deposit: u64,
    /// The voters' reward, stake-token base units.
    pub reward: u64,
    pub commit_reveal: bool,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVoteEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub accept: bool,
    pub weight: u64,
    pub accept_total: u64,
    pub deny_total: u64,
    /// The end of voting after this vote (silent ending included).
    pub end: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVoteCommitEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub weight: u64,
    pub end: i64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimVoteRevealEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub accept: bool,
    pub weight: u64,
    pub accept_total: u64,
    pub deny_total: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRedeemPayoutEvent {
    pub claim: Pubkey,
    pub cover: Pubkey,
    pub claimant: Pubkey,
    /// The claim's amount, in the cover asset's base units.
    pub amount: u64,
    /// Of it, paid in the cover asset.
    pub in_kind: u64,
    /// The rest's value, paid in the base asset (decision 67).
    pub in_base: u64,
    /// Lamports refunded.
    pub deposit: u64,
    /// The cover's pools and the stake burnt from each (unused slots 0).
    pub pool_ids: [u32; 4],
    pub burnt: [u64; 4],
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimCloseEvent {
    pub claim: Pubkey,
    pub cover: Pubkey,
    /// Denied or Lapsed.
    pub status: ClaimStatus,
    pub deposit: u64,
    /// The treasury (denied) or the claimant (lapsed).
    pub deposit_to: Pubkey,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFraudUndoVotesEvent {
    pub wallet: Pubkey,
    pub votes: u8,
    /// Claims whose liability the undo booked or released (their outcome flipped).
    pub flipped: u8,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoteRewardClaimEvent {
    pub claim: Pubkey,
    pub voter: Pubkey,
    pub reward: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorStakeEvent {
    pub wallet: Pubkey,
    pub amount: u64,
    /// The assessor's stake after the deposit.
    pub stake: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorUnstakeEvent {
    pub wallet: Pubkey,
    pub amount: u64,
    pub stake: u64,
}

#[event]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessorFlagFraudEvent {
    pub wallet: Pubkey,
    pub burnt: u64,
}

/// One pool's part in a segment, as events report it.
#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolPlacement {
    pub pool_id: u32,
    /// Allocation units taken (0.01 stake token each).
    pub units: u64,
    /// The annual price charged.
    pub price: Bps,
    /// Premium for this pool's part, in the cover asset.
    pub premium: u64,
    /// Stake minted to the pool as rewards.
    pub rewards: u64,
}

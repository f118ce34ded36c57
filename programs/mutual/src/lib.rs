//! mutual: a mutual cover protocol for Solana. Members pool stake to underwrite cover against smart-contract,
//! oracle, insolvency, transparency and governance failures, and decide claims by stake-weighted vote.
//!
//! This file only dispatches: each instruction lives in `instructions/<area>/<noun_verb>.rs`, or, when several
//! share one `Accounts` struct, with that struct in the file named after it (`Governed::params_propose` in
//! `instructions/governance/governed.rs`). What instructions share sits on the floor below, `controller/`.
#![allow(unexpected_cfgs)]

pub mod constants;
pub mod controller;
pub mod cpi_helpers;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod math;
pub mod state;

use anchor_lang::prelude::*;
use instructions::*;
use math::Bps;
use state::{CoverStatus, Params, ProductRisk, ProductTerms, Signals};

declare_id!("6gvELarfFGK1kdneY6Co11wYLL79HYhGsU1Yjh5vvFGb");

#[program]
pub mod mutual {
    use super::*;

    /// Creates config, capital snapshot, treasury and stake mint; upgrade authority only.
    pub fn config_init(ctx: Context<ConfigInit>, args: ConfigInitArgs) -> Result<()> {
        ConfigInit::config_init(ctx, args)
    }

    /// Proposes a new parameter set, each value held to its bound; it applies after `params_delay`.
    pub fn params_propose(ctx: Context<Governed>, params: Params) -> Result<()> {
        Governed::params_propose(ctx, params)
    }

    /// Applies the pending parameter set once its timelock has passed; permissionless.
    pub fn params_execute(ctx: Context<ParamsExecute>) -> Result<()> {
        ParamsExecute::params_execute(ctx)
    }

    /// Withdraws the pending parameter set; authority only.
    pub fn params_cancel(ctx: Context<Governed>) -> Result<()> {
        Governed::params_cancel(ctx)
    }

    /// Proposes a new authority (step one of two).
    pub fn authority_propose(ctx: Context<Governed>, new_authority: Pubkey) -> Result<()> {
        Governed::authority_propose(ctx, new_authority)
    }

    /// The proposed authority takes over (step two of two).
    pub fn authority_accept(ctx: Context<AuthorityAccept>) -> Result<()> {
        AuthorityAccept::authority_accept(ctx)
    }

    /// Replaces the guardian.
    pub fn guardian_set(ctx: Context<Governed>, guardian: Pubkey) -> Result<()> {
        Governed::guardian_set(ctx, guardian)
    }

    /// Pauses areas; authority or guardian.
    pub fn protocol_pause(ctx: Context<ProtocolPause>, areas: u8) -> Result<()> {
        ProtocolPause::protocol_pause(ctx, areas)
    }

    /// Unpauses areas; authority only.
    pub fn protocol_unpause(ctx: Context<Governed>, areas: u8) -> Result<()> {
        Governed::protocol_unpause(ctx, areas)
    }

    /// Registers an asset and its capital-pool vault; the first is the base asset.
    pub fn asset_register(ctx: Context<AssetRegister>, args: AssetRegisterArgs) -> Result<()> {
        AssetRegister::asset_register(ctx, args)
    }

    /// Updates an asset's cover flag, abandonment and price feed.
    pub fn asset_update(ctx: Context<AssetUpdate>, args: AssetUpdateArgs) -> Result<()> {
        AssetUpdate::asset_update(ctx, args)
    }

    /// Revalues the capital pool from every asset at its Pyth price; permissionless.
    pub fn capital_snapshot_refresh<'info>(
        ctx: Context<'info, CapitalSnapshotRefresh<'info>>,
    ) -> Result<()> {
        CapitalSnapshotRefresh::capital_snapshot_refresh(ctx)
    }

    /// Wraps the treasury's lamports into the wrapped-SOL vault, as capital; permissionless.
    pub fn treasury_sweep(ctx: Context<TreasurySweep>) -> Result<()> {
        TreasurySweep::treasury_sweep(ctx)
    }

    /// A wallet joins the mutual and may hold the stake token.
    pub fn member_join(ctx: Context<MemberJoin>) -> Result<()> {
        MemberJoin::member_join(ctx)
    }

    /// A member with nothing left in the protocol leaves, burning up to `max_burn` stake units of dust.
    pub fn member_leave(ctx: Context<MemberLeave>, max_burn: u64) -> Result<()> {
        MemberLeave::member_leave(ctx, max_burn)
    }

    /// A member thaws their re-created stake-token account.
    pub fn member_thaw(ctx: Context<MemberThaw>) -> Result<()> {
        MemberThaw::member_thaw(ctx)
    }

    /// Grants or revokes broker status.
    pub fn member_set_broker(ctx: Context<MemberSetBroker>, is_broker: bool) -> Result<()> {
        MemberSetBroker::member_set_broker(ctx, is_broker)
    }

    /// Buys stake tokens with the base asset at book value plus the buffer.
    pub fn token_buy<'info>(
        ctx: Context<'info, TokenTrade<'info>>,
        args: TokenBuyArgs,
    ) -> Result<()> {
        TokenTrade::token_buy(ctx, args)
    }

    /// Sells stake tokens for the base asset at book value minus the buffer.
    pub fn token_sell<'info>(
        ctx: Context<'info, TokenTrade<'info>>,
        args: TokenSellArgs,
    ) -> Result<()> {
        TokenTrade::token_sell(ctx, args)
    }

    /// Lists a product with empty risk signals; authority only.
    pub fn product_create(ctx: Context<ProductCreate>, terms: ProductTerms) -> Result<()> {
        ProductCreate::product_create(ctx, terms)
    }

    /// Replaces a product's terms; authority only.
    pub fn product_update(ctx: Context<ProductUpdate>, terms: ProductTerms) -> Result<()> {
        ProductUpdate::product_update(ctx, terms)
    }

    /// Lets a wallet write risk signals; authority only.
    pub fn curator_add(ctx: Context<CuratorAdd>, wallet: Pubkey) -> Result<()> {
        CuratorAdd::curator_add(ctx, wallet)
    }

    /// Removes a curator and refunds its rent; authority only.
    pub fn curator_remove(ctx: Context<CuratorRemove>) -> Result<()> {
        CuratorRemove::curator_remove(ctx)
    }

    /// Replaces a product's risk signals; the authority or a curator.
    pub fn risk_signals_update(ctx: Context<RiskSignalsUpdate>, signals: Signals) -> Result<()> {
        RiskSignalsUpdate::risk_signals_update(ctx, signals)
    }

    /// Returns a product's risk score and key signals as return data, for integrators to read by CPI.
    pub fn product_risk(ctx: Context<ProductRiskView>) -> Result<ProductRisk> {
        ProductRiskView::product_risk(ctx)
    }

    /// A member opens a staking pool with its own stake vault.
    pub fn pool_create(ctx: Context<PoolCreate>, args: PoolCreateArgs) -> Result<()> {
        PoolCreate::pool_create(ctx, args)
    }

    /// Lists products in a pool or changes their weights and prices; the manager only.
    pub fn pool_set_products<'info>(
        ctx: Context<'info, PoolSetProducts<'info>>,
        listings: Vec<ProductListing>,
    ) -> Result<()> {
        PoolSetProducts::pool_set_products(ctx, listings)
    }

    /// Hands a pool to a new manager; the manager only.
    pub fn pool_set_manager(ctx: Context<PoolManaged>, new_manager: Pubkey) -> Result<()> {
        PoolManaged::pool_set_manager(ctx, new_manager)
    }

    /// Sets the pool fee, up to the pool's max fee; the manager only.
    pub fn pool_set_fee(ctx: Context<PoolManaged>, pool_fee: Bps) -> Result<()> {
        PoolManaged::pool_set_fee(ctx, pool_fee)
    }

    /// The manager takes the pool fee's rewards.
    pub fn pool_fee_withdraw(ctx: Context<PoolFeeWithdraw>) -> Result<()> {
        PoolFeeWithdraw::pool_fee_withdraw(ctx)
    }

    /// Permissionless crank: processes a bounded batch of a pool's bucket ends and tranche expiries.
    pub fn pool_process_expirations<'info>(
        ctx: Context<'info, PoolProcessExpirations<'info>>,
    ) -> Result<()> {
        PoolProcessExpirations::pool_process_expirations(ctx)
    }

    /// A member stakes into one of a pool's 8 active tranches.
    pub fn stake_deposit(ctx: Context<StakeDeposit>, tranche: u32, amount: u64) -> Result<()> {
        StakeDeposit::stake_deposit(ctx, tranche, amount)
    }

    /// Moves a position's stake and rewards to a later tranche.
    pub fn stake_extend(ctx: Context<StakeExtend>, new_tranche: u32) -> Result<()> {
        StakeExtend::stake_extend(ctx, new_tranche)
    }

    /// Withdraws rewards (any time) and stake (after the tranche expires).
    pub fn stake_withdraw(ctx: Context<StakeWithdraw>, stake: bool, rewards: bool) -> Result<()> {
        StakeWithdraw::stake_withdraw(ctx, stake, rewards)
    }

    /// Gives a position to another member.
    pub fn stake_position_transfer(ctx: Context<StakePositionTransfer>) -> Result<()> {
        StakePositionTransfer::stake_position_transfer(ctx)
    }

    /// A member, or a broker for any owner, buys cover across up to 4 pools, filled in order.
    pub fn cover_buy<'info>(
        ctx: Context<'info, CoverBuy<'info>>,
        args: CoverBuyArgs,
    ) -> Result<()> {
        CoverBuy::cover_buy(ctx, args)
    }

    /// The owner replaces the cover with a new segment from now, credited with the unused premium.
    pub fn cover_edit<'info>(
        ctx: Context<'info, CoverChange<'info>>,
        args: CoverEditArgs,
    ) -> Result<()> {
        CoverChange::cover_edit(ctx, args)
    }

    /// The owner renews the cover from its end, within its last 7 days.
    pub fn cover_renew<'info>(
        ctx: Context<'info, CoverChange<'info>>,
        max_premium: u64,
    ) -> Result<()> {
        CoverChange::cover_renew(ctx, max_premium)
    }

    /// Permissionless crank: renews a cover within the cap and approval its owner set.
    pub fn cover_auto_renew<'info>(ctx: Context<'info, CoverChange<'info>>) -> Result<()> {
        CoverChange::cover_auto_renew(ctx)
    }

    /// The owner allows auto-renewal for at most `max_premium`.
    pub fn cover_auto_renew_set(ctx: Context<CoverOwned>, max_premium: u64) -> Result<()> {
        CoverOwned::cover_auto_renew_set(ctx, max_premium)
    }

    /// The owner stops auto-renewal.
    pub fn cover_auto_renew_cancel(ctx: Context<CoverOwned>) -> Result<()> {
        CoverOwned::cover_auto_renew_cancel(ctx)
    }

    /// The owner hands the cover to a new owner.
    pub fn cover_transfer(ctx: Context<CoverOwned>, new_owner: Pubkey) -> Result<()> {
        CoverOwned::cover_transfer(ctx, new_owner)
    }

    /// Permissionless: after end plus grace, releases the cover and closes it unless a claim is open.
    pub fn cover_expire<'info>(ctx: Context<'info, CoverExpire<'info>>) -> Result<()> {
        CoverExpire::cover_expire(ctx)
    }

    /// Returns a cover's status through return data, for integrators' CPI.
    pub fn cover_status(ctx: Context<CoverStatusView>) -> Result<CoverStatus> {
        CoverStatusView::cover_status(ctx)
    }

    pub fn assessor_stake(ctx: Context<AssessorStakeDeposit>, amount: u64) -> Result<()> {
        AssessorStakeDeposit::assessor_stake(ctx, amount)
    }

    pub fn assessor_unstake(ctx: Context<AssessorUnstake>, amount: u64) -> Result<()> {
        AssessorUnstake::assessor_unstake(ctx, amount)
    }

    pub fn assessor_flag_fraud(ctx: Context<AssessorFlagFraud>) -> Result<()> {
        AssessorFlagFraud::assessor_flag_fraud(ctx)
    }

    pub fn claim_submit<'info>(
        ctx: Context<'info, ClaimSubmit<'info>>,
        args: ClaimSubmitArgs,
    ) -> Result<()> {
        ClaimSubmit::claim_submit(ctx, args)
    }

    pub fn claim_vote(ctx: Context<ClaimVoting>, accept: bool) -> Result<()> {
        ClaimVoting::claim_vote(ctx, accept)
    }

    pub fn claim_vote_commit(ctx: Context<ClaimVoting>, commitment: [u8; 32]) -> Result<()> {
        ClaimVoting::claim_vote_commit(ctx, commitment)
    }

    pub fn claim_vote_reveal(
        ctx: Context<ClaimVoteReveal>,
        accept: bool,
        salt: [u8; 32],
    ) -> Result<()> {
        ClaimVoteReveal::claim_vote_reveal(ctx, accept, salt)
    }

    pub fn claim_redeem_payout<'info>(ctx: Context<'info, ClaimRedeemPayout<'info>>) -> Result<()> {
        ClaimRedeemPayout::claim_redeem_payout(ctx)
    }

    pub fn claim_close<'info>(ctx: Context<'info, ClaimClose<'info>>) -> Result<()> {
        ClaimClose::claim_close(ctx)
    }

    pub fn claim_fraud_undo_votes<'info>(
        ctx: Context<'info, ClaimFraudUndoVotes<'info>>,
    ) -> Result<()> {
        ClaimFraudUndoVotes::claim_fraud_undo_votes(ctx)
    }

    pub fn vote_reward_claim(ctx: Context<VoteRewardClaim>) -> Result<()> {
        VoteRewardClaim::vote_reward_claim(ctx)
    }
}

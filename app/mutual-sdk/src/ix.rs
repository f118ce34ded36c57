//! Instruction builders: plain arguments in, an `Instruction` out. No I/O, so integrators can compose them into
//! their own transactions.
use crate::pda;
use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::AccountMeta;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use anchor_lang::{InstructionData, ToAccountMetas};
use mutual::instructions::{
    AssetRegisterArgs, AssetUpdateArgs, ClaimSubmitArgs, ConfigInitArgs, CoverBuyArgs,
    CoverEditArgs, PoolCreateArgs, ProductListing, TokenBuyArgs, TokenSellArgs,
};
use mutual::math::Bps;
use mutual::state::{Params, ProductTerms, Signals};
use mutual::ID;

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// `config_init`: `authority` must be the program's upgrade authority.
pub fn config_init(authority: &Pubkey, guardian: &Pubkey, params: Params) -> Instruction {
    build(
        mutual::accounts::ConfigInit {
            authority: *authority,
            program_data: pda::program_data(&ID),
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            stake_mint: pda::stake_mint().0,
            treasury: pda::treasury().0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::ConfigInit {
            args: ConfigInitArgs {
                guardian: *guardian,
                params,
            },
        },
    )
}

/// `params_propose`: queues `params` to apply after the current `params_delay`.
pub fn params_propose(authority: &Pubkey, params: Params) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::ParamsPropose { params },
    )
}

/// `params_execute`: permissionless, once the pending set's time has come.
pub fn params_execute() -> Instruction {
    build(
        mutual::accounts::ParamsExecute {
            config: pda::config().0,
        },
        mutual::instruction::ParamsExecute {},
    )
}

pub fn params_cancel(authority: &Pubkey) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::ParamsCancel {},
    )
}

/// One registered asset as `capital_snapshot_refresh` takes it: its mint, and for a non-base asset the
/// `PriceUpdateV2` of its feed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefreshAsset {
    pub mint: Pubkey,
    pub price_update: Option<Pubkey>,
}

/// `capital_snapshot_refresh` over every registered asset, in index order (the base asset first).
pub fn capital_snapshot_refresh(assets: &[RefreshAsset]) -> Instruction {
    let mut ix = build(
        mutual::accounts::CapitalSnapshotRefresh {
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            stake_mint: pda::stake_mint().0,
        },
        mutual::instruction::CapitalSnapshotRefresh {},
    );
    for asset in assets {
        ix.accounts
            .push(AccountMeta::new(pda::asset(&asset.mint).0, false));
        ix.accounts.push(AccountMeta::new_readonly(
            pda::asset_vault(&asset.mint).0,
            false,
        ));
        if let Some(price) = asset.price_update {
            ix.accounts.push(AccountMeta::new_readonly(price, false));
        }
    }
    ix
}

/// `treasury_sweep`: the treasury's lamports into the wrapped-SOL vault; `base_mint` is the base asset's.
pub fn treasury_sweep(base_mint: &Pubkey) -> Instruction {
    let wsol = anchor_spl::token::spl_token::native_mint::ID;
    build(
        mutual::accounts::TreasurySweep {
            config: pda::config().0,
            treasury: pda::treasury().0,
            capital_snapshot: pda::capital_snapshot().0,
            wsol_asset: pda::asset(&wsol).0,
            wsol_vault: pda::asset_vault(&wsol).0,
            base_asset: pda::asset(base_mint).0,
            base_vault: pda::asset_vault(base_mint).0,
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::TreasurySweep {},
    )
}

pub fn authority_propose(authority: &Pubkey, new_authority: &Pubkey) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::AuthorityPropose {
            new_authority: *new_authority,
        },
    )
}

pub fn authority_accept(new_authority: &Pubkey) -> Instruction {
    build(
        mutual::accounts::AuthorityAccept {
            new_authority: *new_authority,
            config: pda::config().0,
        },
        mutual::instruction::AuthorityAccept {},
    )
}

pub fn guardian_set(authority: &Pubkey, guardian: &Pubkey) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::GuardianSet {
            guardian: *guardian,
        },
    )
}

/// `protocol_pause`: `signer` is the authority or the guardian; `areas` is a set of `pause_area` bits.
pub fn protocol_pause(signer: &Pubkey, areas: u8) -> Instruction {
    build(
        mutual::accounts::ProtocolPause {
            signer: *signer,
            config: pda::config().0,
        },
        mutual::instruction::ProtocolPause { areas },
    )
}

pub fn protocol_unpause(authority: &Pubkey, areas: u8) -> Instruction {
    build(
        mutual::accounts::Governed {
            authority: *authority,
            config: pda::config().0,
        },
        mutual::instruction::ProtocolUnpause { areas },
    )
}

pub fn asset_register(
    authority: &Pubkey,
    mint: &Pubkey,
    token_program: &Pubkey,
    pyth_feed_id: Option<[u8; 32]>,
    is_cover_asset: bool,
) -> Instruction {
    build(
        mutual::accounts::AssetRegister {
            authority: *authority,
            config: pda::config().0,
            mint: *mint,
            asset: pda::asset(mint).0,
            vault: pda::asset_vault(mint).0,
            token_program: *token_program,
            system_program: system_program::ID,
        },
        mutual::instruction::AssetRegister {
            args: AssetRegisterArgs {
                pyth_feed_id,
                is_cover_asset,
            },
        },
    )
}

pub fn asset_update(authority: &Pubkey, mint: &Pubkey, args: AssetUpdateArgs) -> Instruction {
    build(
        mutual::accounts::AssetUpdate {
            authority: *authority,
            config: pda::config().0,
            asset: pda::asset(mint).0,
        },
        mutual::instruction::AssetUpdate { args },
    )
}

pub fn member_join(wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::MemberJoin {
            wallet: *wallet,
            config: pda::config().0,
            member: pda::member(wallet).0,
            stake_mint: pda::stake_mint().0,
            stake_account: pda::stake_account(wallet),
            treasury: pda::treasury().0,
            token_program: anchor_spl::token_2022::ID,
            associated_token_program: anchor_spl::associated_token::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::MemberJoin {},
    )
}

/// `member_leave`: burns up to `max_burn` stake units left in the wallet's account (dust sent by others).
pub fn member_leave(wallet: &Pubkey, max_burn: u64) -> Instruction {
    build(
        mutual::accounts::MemberLeave {
            wallet: *wallet,
            config: pda::config().0,
            member: pda::member(wallet).0,
            stake_mint: pda::stake_mint().0,
            stake_account: pda::stake_account(wallet),
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::MemberLeave { max_burn },
    )
}

pub fn member_thaw(wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::MemberThaw {
            wallet: *wallet,
            config: pda::config().0,
            member: pda::member(wallet).0,
            stake_mint: pda::stake_mint().0,
            stake_account: pda::stake_account(wallet),
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::MemberThaw {},
    )
}

pub fn member_set_broker(authority: &Pubkey, wallet: &Pubkey, is_broker: bool) -> Instruction {
    build(
        mutual::accounts::MemberSetBroker {
            authority: *authority,
            config: pda::config().0,
            member: pda::member(wallet).0,
        },
        mutual::instruction::MemberSetBroker { is_broker },
    )
}

/// The base asset a stake-token trade settles in: its mint, token program, and the wallet's account of it; and
/// the other registered assets, which the trade values as they stand (decisions 64 and 69).
#[derive(Clone, Debug)]
pub struct BaseAccounts {
    pub mint: Pubkey,
    pub token_program: Pubkey,
    pub wallet_account: Pubkey,
    /// Every other registered asset, in index order (`capital::PoolState::traded_assets`).
    pub others: Vec<TradedAsset>,
}

/// A non-base asset a trade values: its mint and its feed's push-oracle account (`Asset::price_account`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TradedAsset {
    pub mint: Pubkey,
    pub price_account: Pubkey,
}

/// Each of `others` as `[Asset, vault, price]`, read-only: how a trade takes the other assets.
fn traded_asset_accounts(others: &[TradedAsset]) -> Vec<AccountMeta> {
    others
        .iter()
        .flat_map(|other| {
            [
                AccountMeta::new_readonly(pda::asset(&other.mint).0, false),
                AccountMeta::new_readonly(pda::asset_vault(&other.mint).0, false),
                AccountMeta::new_readonly(other.price_account, false),
            ]
        })
        .collect()
}

fn token_trade(wallet: &Pubkey, base: &BaseAccounts) -> mutual::accounts::TokenTrade {
    mutual::accounts::TokenTrade {
        wallet: *wallet,
        member: pda::member(wallet).0,
        config: pda::config().0,
        capital_snapshot: pda::capital_snapshot().0,
        base_asset: pda::asset(&base.mint).0,
        base_mint: base.mint,
        base_vault: pda::asset_vault(&base.mint).0,
        wallet_base_account: base.wallet_account,
        stake_mint: pda::stake_mint().0,
        wallet_stake_account: pda::stake_account(wallet),
        base_token_program: base.token_program,
        stake_token_program: anchor_spl::token_2022::ID,
    }
}

pub fn token_buy(
    wallet: &Pubkey,
    base: &BaseAccounts,
    base_in: u64,
    min_stake_out: u64,
) -> Instruction {
    let mut ix = build(
        token_trade(wallet, base),
        mutual::instruction::TokenBuy {
            args: TokenBuyArgs {
                base_in,
                min_stake_out,
            },
        },
    );
    ix.accounts.extend(traded_asset_accounts(&base.others));
    ix
}

pub fn token_sell(
    wallet: &Pubkey,
    base: &BaseAccounts,
    stake_in: u64,
    min_base_out: u64,
) -> Instruction {
    let mut ix = build(
        token_trade(wallet, base),
        mutual::instruction::TokenSell {
            args: TokenSellArgs {
                stake_in,
                min_base_out,
            },
        },
    );
    ix.accounts.extend(traded_asset_accounts(&base.others));
    ix
}

/// `product_create`: the product takes id `next_id`, the config's current `product_count`.
pub fn product_create(authority: &Pubkey, next_id: u32, terms: ProductTerms) -> Instruction {
    let product = pda::product(next_id).0;
    build(
        mutual::accounts::ProductCreate {
            authority: *authority,
            config: pda::config().0,
            product,
            risk_signals: pda::risk_signals(&product).0,
            system_program: system_program::ID,
        },
        mutual::instruction::ProductCreate { terms },
    )
}

pub fn product_update(authority: &Pubkey, id: u32, terms: ProductTerms) -> Instruction {
    build(
        mutual::accounts::ProductUpdate {
            authority: *authority,
            config: pda::config().0,
            product: pda::product(id).0,
        },
        mutual::instruction::ProductUpdate { terms },
    )
}

pub fn curator_add(authority: &Pubkey, wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::CuratorAdd {
            authority: *authority,
            config: pda::config().0,
            curator: pda::curator(wallet).0,
            system_program: system_program::ID,
        },
        mutual::instruction::CuratorAdd { wallet: *wallet },
    )
}

pub fn curator_remove(authority: &Pubkey, wallet: &Pubkey) -> Instruction {
    build(
        mutual::accounts::CuratorRemove {
            authority: *authority,
            config: pda::config().0,
            curator: pda::curator(wallet).0,
        },
        mutual::instruction::CuratorRemove {},
    )
}

/// `risk_signals_update` signed by the authority (`as_curator = false`) or by a curator.
pub fn risk_signals_update(
    updater: &Pubkey,
    product_id: u32,
    as_curator: bool,
    signals: Signals,
) -> Instruction {
    let product = pda::product(product_id).0;
    build(
        mutual::accounts::RiskSignalsUpdate {
            updater: *updater,
            config: pda::config().0,
            product,
            risk_signals: pda::risk_signals(&product).0,
            curator: as_curator.then(|| pda::curator(updater).0),
        },
        mutual::instruction::RiskSignalsUpdate { signals },
    )
}

/// `product_risk`: read-only; the `ProductRisk` comes back as return data.
pub fn product_risk(product_id: u32) -> Instruction {
    let product = pda::product(product_id).0;
    build(
        mutual::accounts::ProductRiskView {
            product,
            risk_signals: pda::risk_signals(&product).0,
        },
        mutual::instruction::ProductRisk {},
    )
}

/// `pool_create`: the pool takes id `next_id`, the config's current `pool_count`; `creator` must be a member.
pub fn pool_create(creator: &Pubkey, next_id: u32, args: PoolCreateArgs) -> Instruction {
    let pool = pda::pool(next_id).0;
    build(
        mutual::accounts::PoolCreate {
            creator: *creator,
            creator_member: pda::member(creator).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::PoolCreate { args },
    )
}

/// `pool_set_products`: each listing's `Product` and `PoolProduct` go in the remaining accounts, in order.
pub fn pool_set_products(
    manager: &Pubkey,
    pool_id: u32,
    listings: Vec<ProductListing>,
) -> Instruction {
    let pool = pda::pool(pool_id).0;
    let mut ix = build(
        mutual::accounts::PoolSetProducts {
            manager: *manager,
            pool,
            system_program: system_program::ID,
        },
        mutual::instruction::PoolSetProducts {
            listings: listings.clone(),
        },
    );
    for listing in &listings {
        let product = pda::product(listing.product_id).0;
        ix.accounts.push(AccountMeta::new_readonly(product, false));
        ix.accounts.push(AccountMeta::new(
            pda::pool_product(&pool, &product).0,
            false,
        ));
    }
    ix
}

pub fn pool_set_manager(manager: &Pubkey, pool_id: u32, new_manager: &Pubkey) -> Instruction {
    build(
        mutual::accounts::PoolManaged {
            manager: *manager,
            pool: pda::pool(pool_id).0,
        },
        mutual::instruction::PoolSetManager {
            new_manager: *new_manager,
        },
    )
}

pub fn pool_set_fee(manager: &Pubkey, pool_id: u32, pool_fee: Bps) -> Instruction {
    build(
        mutual::accounts::PoolManaged {
            manager: *manager,
            pool: pda::pool(pool_id).0,
        },
        mutual::instruction::PoolSetFee { pool_fee },
    )
}

/// `pool_process_expirations` with the checkpoints of `tranches` (those expiring with shares in them).
pub fn pool_process_expirations(pool_id: u32, tranches: &[u32]) -> Instruction {
    let pool = pda::pool(pool_id).0;
    let mut ix = build(
        mutual::accounts::PoolProcessExpirations { pool },
        mutual::instruction::PoolProcessExpirations {},
    );
    for tranche in tranches {
        ix.accounts.push(AccountMeta::new(
            pda::pool_tranche(&pool, *tranche).0,
            false,
        ));
    }
    ix
}

pub fn stake_deposit(owner: &Pubkey, pool_id: u32, tranche: u32, amount: u64) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakeDeposit {
            owner: *owner,
            member: pda::member(owner).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_account: pda::stake_account(owner),
            stake_mint: pda::stake_mint().0,
            checkpoint: pda::pool_tranche(&pool, tranche).0,
            position: pda::stake_position(&pool, tranche, owner).0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::StakeDeposit { tranche, amount },
    )
}

pub fn stake_extend(owner: &Pubkey, pool_id: u32, tranche: u32, new_tranche: u32) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakeExtend {
            owner: *owner,
            member: pda::member(owner).0,
            config: pda::config().0,
            pool,
            position: pda::stake_position(&pool, tranche, owner).0,
            new_checkpoint: pda::pool_tranche(&pool, new_tranche).0,
            new_position: pda::stake_position(&pool, new_tranche, owner).0,
            system_program: system_program::ID,
        },
        mutual::instruction::StakeExtend { new_tranche },
    )
}

pub fn stake_withdraw(
    owner: &Pubkey,
    pool_id: u32,
    tranche: u32,
    stake: bool,
    rewards: bool,
) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakeWithdraw {
            owner: *owner,
            member: pda::member(owner).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_account: pda::stake_account(owner),
            stake_mint: pda::stake_mint().0,
            checkpoint: pda::pool_tranche(&pool, tranche).0,
            position: pda::stake_position(&pool, tranche, owner).0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::StakeWithdraw { stake, rewards },
    )
}

pub fn stake_position_transfer(
    owner: &Pubkey,
    pool_id: u32,
    tranche: u32,
    new_owner: &Pubkey,
) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::StakePositionTransfer {
            owner: *owner,
            member: pda::member(owner).0,
            new_owner_member: pda::member(new_owner).0,
            pool,
            checkpoint: pda::pool_tranche(&pool, tranche).0,
            position: pda::stake_position(&pool, tranche, owner).0,
            new_position: pda::stake_position(&pool, tranche, new_owner).0,
            system_program: system_program::ID,
        },
        mutual::instruction::StakePositionTransfer {},
    )
}

/// A cover asset: its mint and the token program that owns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CoverAsset {
    pub mint: Pubkey,
    pub token_program: Pubkey,
}

/// The [Pool, PoolProduct, pool vault] triples of `pools` for `product`, all writable, in order.
fn pool_legs(product: &Pubkey, pools: &[u32]) -> Vec<AccountMeta> {
    pools
        .iter()
        .flat_map(|id| {
            let pool = pda::pool(*id).0;
            [
                AccountMeta::new(pool, false),
                AccountMeta::new(pda::pool_product(&pool, product).0, false),
                AccountMeta::new(pda::pool_vault(&pool).0, false),
            ]
        })
        .collect()
}

/// The listings (`PoolProduct`, writable) of `pools` for `product`.
fn pool_listings(product: &Pubkey, pools: &[u32]) -> Vec<AccountMeta> {
    pools
        .iter()
        .map(|id| AccountMeta::new(pda::pool_product(&pda::pool(*id).0, product).0, false))
        .collect()
}

/// `cover_buy`: the cover takes sequence number `next_seq`, the product's current `next_cover_seq`. `pools` are
/// filled in order; `commission_to` (a token account of the asset) is needed only with a commission.
#[allow(clippy::too_many_arguments)]
pub fn cover_buy(
    buyer: &Pubkey,
    product_id: u32,
    next_seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    commission_to: Option<Pubkey>,
    pools: &[u32],
    args: CoverBuyArgs,
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        mutual::accounts::CoverBuy {
            buyer: *buyer,
            member: pda::member(buyer).0,
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            product,
            asset: pda::asset(&asset.mint).0,
            asset_mint: asset.mint,
            asset_vault: pda::asset_vault(&asset.mint).0,
            payer_token: *payer_token,
            commission_to,
            cover: pda::cover(&product, next_seq).0,
            stake_mint: pda::stake_mint().0,
            asset_token_program: asset.token_program,
            stake_token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::CoverBuy { args },
    );
    ix.accounts.extend(pool_legs(&product, pools));
    ix
}

/// The accounts every new segment of an existing cover takes (edit, renew, auto-renew).
fn cover_change(
    signer: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
) -> mutual::accounts::CoverChange {
    let product = pda::product(product_id).0;
    mutual::accounts::CoverChange {
        signer: *signer,
        config: pda::config().0,
        capital_snapshot: pda::capital_snapshot().0,
        product,
        cover: pda::cover(&product, seq).0,
        asset: pda::asset(&asset.mint).0,
        asset_mint: asset.mint,
        asset_vault: pda::asset_vault(&asset.mint).0,
        payer_token: *payer_token,
        stake_mint: pda::stake_mint().0,
        asset_token_program: asset.token_program,
        stake_token_program: anchor_spl::token_2022::ID,
        system_program: system_program::ID,
    }
}

/// `cover_edit`: a new segment from now over `pools`; `old_pools` are the cover's current pools (their
/// listings are passed too, once, when not among `pools`).
#[allow(clippy::too_many_arguments)]
pub fn cover_edit(
    owner: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    pools: &[u32],
    old_pools: &[u32],
    amount: u64,
    period: u32,
    max_premium: u64,
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        cover_change(owner, product_id, seq, asset, payer_token),
        mutual::instruction::CoverEdit {
            args: CoverEditArgs {
                amount,
                period,
                max_premium,
                // At most 4 pools: the cast is exact for any valid edit.
                pool_count: pools.len() as u8,
            },
        },
    );
    ix.accounts.extend(pool_legs(&product, pools));
    let released: Vec<u32> = old_pools
        .iter()
        .copied()
        .filter(|id| !pools.contains(id))
        .collect();
    ix.accounts.extend(pool_listings(&product, &released));
    ix
}

/// `cover_renew`: the owner renews from the old end over `pools`.
pub fn cover_renew(
    owner: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    pools: &[u32],
    max_premium: u64,
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        cover_change(owner, product_id, seq, asset, payer_token),
        mutual::instruction::CoverRenew { max_premium },
    );
    ix.accounts.extend(pool_legs(&product, pools));
    ix
}

/// `cover_auto_renew`: anyone cranks the renewal over the cover's own `pools`, paid from the owner's
/// `payer_token`, which approved the config PDA.
pub fn cover_auto_renew(
    cranker: &Pubkey,
    product_id: u32,
    seq: u64,
    asset: &CoverAsset,
    payer_token: &Pubkey,
    pools: &[u32],
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        cover_change(cranker, product_id, seq, asset, payer_token),
        mutual::instruction::CoverAutoRenew {},
    );
    ix.accounts.extend(pool_legs(&product, pools));
    ix
}

fn cover_owned(owner: &Pubkey, cover: &Pubkey) -> mutual::accounts::CoverOwned {
    mutual::accounts::CoverOwned {
        owner: *owner,
        cover: *cover,
    }
}

/// `cover_auto_renew_set`: allows auto-renewal up to `max_premium`. Pair it with an SPL `approve` of the config
/// PDA on the paying account ([`crate::spl::approve`]).
pub fn cover_auto_renew_set(owner: &Pubkey, cover: &Pubkey, max_premium: u64) -> Instruction {
    build(
        cover_owned(owner, cover),
        mutual::instruction::CoverAutoRenewSet { max_premium },
    )
}

pub fn cover_auto_renew_cancel(owner: &Pubkey, cover: &Pubkey) -> Instruction {
    build(
        cover_owned(owner, cover),
        mutual::instruction::CoverAutoRenewCancel {},
    )
}

pub fn cover_transfer(owner: &Pubkey, cover: &Pubkey, new_owner: &Pubkey) -> Instruction {
    build(
        cover_owned(owner, cover),
        mutual::instruction::CoverTransfer {
            new_owner: *new_owner,
        },
    )
}

/// `cover_expire`: permissionless. `pools` are the cover's pools while its allocations are booked (state
/// `Active`); none once it is `Expired`.
pub fn cover_expire(
    cover: &Pubkey,
    product_id: u32,
    asset_mint: &Pubkey,
    buyer: &Pubkey,
    pools: &[u32],
) -> Instruction {
    let product = pda::product(product_id).0;
    let mut ix = build(
        mutual::accounts::CoverExpire {
            config: pda::config().0,
            cover: *cover,
            asset: pda::asset(asset_mint).0,
            buyer: *buyer,
        },
        mutual::instruction::CoverExpire {},
    );
    ix.accounts.extend(pool_listings(&product, pools));
    ix
}

/// `cover_status`: read-only; the `CoverStatus` comes back as return data.
pub fn cover_status(cover: &Pubkey) -> Instruction {
    build(
        mutual::accounts::CoverStatusView { cover: *cover },
        mutual::instruction::CoverStatus {},
    )
}

/// `pool_fee_withdraw`: the manager takes the pool fee's rewards into their stake-token account.
pub fn pool_fee_withdraw(manager: &Pubkey, pool_id: u32) -> Instruction {
    let pool = pda::pool(pool_id).0;
    build(
        mutual::accounts::PoolFeeWithdraw {
            manager: *manager,
            member: pda::member(manager).0,
            config: pda::config().0,
            pool,
            vault: pda::pool_vault(&pool).0,
            stake_account: pda::stake_account(manager),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::PoolFeeWithdraw {},
    )
}

/// `assessor_stake`: the wallet moves `amount` of stake token into the assessment vault.
pub fn assessor_stake(wallet: &Pubkey, amount: u64) -> Instruction {
    build(
        mutual::accounts::AssessorStakeDeposit {
            wallet: *wallet,
            member: pda::member(wallet).0,
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            assessment_vault: pda::assessment_vault().0,
            stake_account: pda::stake_account(wallet),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
            system_program: system_program::ID,
        },
        mutual::instruction::AssessorStake { amount },
    )
}

/// `assessor_unstake`: the wallet takes `amount` of its assessor stake back, once its lock has passed.
pub fn assessor_unstake(wallet: &Pubkey, amount: u64) -> Instruction {
    build(
        mutual::accounts::AssessorUnstake {
            wallet: *wallet,
            member: pda::member(wallet).0,
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            assessment_vault: pda::assessment_vault().0,
            stake_account: pda::stake_account(wallet),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::AssessorUnstake { amount },
    )
}

/// `assessor_flag_fraud`: the authority burns the assessor `wallet`'s stake and bans it. `member` is false once
/// the assessor has left the mutual (possible only without stake).
pub fn assessor_flag_fraud(authority: &Pubkey, wallet: &Pubkey, member: bool) -> Instruction {
    build(
        mutual::accounts::AssessorFlagFraud {
            authority: *authority,
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            member: member.then(|| pda::member(wallet).0),
            assessment_vault: pda::assessment_vault().0,
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::AssessorFlagFraud {},
    )
}

/// The `Pool` accounts of `pools`, writable, in order: the pools a claim holds a tranche of.
fn pool_accounts(pools: &[u32]) -> impl Iterator<Item = AccountMeta> + '_ {
    pools
        .iter()
        .map(|id| AccountMeta::new(pda::pool(*id).0, false))
}

/// `claim_submit`: the owner of `cover` (on `product_id`) files claim number `seq` (the cover's
/// `claim_count`). `pools` are the pools of the segment the claim concerns (`cover::backing_pools`).
pub fn claim_submit(
    claimant: &Pubkey,
    product_id: u32,
    cover: &Pubkey,
    cover_asset: &Pubkey,
    seq: u8,
    pools: &[u32],
    args: ClaimSubmitArgs,
) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimSubmit {
            claimant: *claimant,
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            product: pda::product(product_id).0,
            cover: *cover,
            asset: pda::asset(cover_asset).0,
            sol_asset: pda::asset(&anchor_spl::token::spl_token::native_mint::ID).0,
            claim: pda::claim(cover, seq).0,
            system_program: system_program::ID,
        },
        mutual::instruction::ClaimSubmit { args },
    );
    ix.accounts.extend(pool_accounts(pools));
    ix
}

fn claim_voting(voter: &Pubkey, claim: &Pubkey) -> mutual::accounts::ClaimVoting {
    mutual::accounts::ClaimVoting {
        voter: *voter,
        config: pda::config().0,
        member: pda::member(voter).0,
        assessor: pda::assessor_stake(voter).0,
        claim: *claim,
        vote: pda::vote(claim, voter).0,
        capital_snapshot: pda::capital_snapshot().0,
        system_program: system_program::ID,
    }
}

/// `claim_vote`: an open vote on `claim`.
pub fn claim_vote(voter: &Pubkey, claim: &Pubkey, accept: bool) -> Instruction {
    build(
        claim_voting(voter, claim),
        mutual::instruction::ClaimVote { accept },
    )
}

/// `claim_vote_commit`: a hidden vote; `commitment` is `mutual::state::Vote::commitment(accept, salt, voter,
/// claim)`.
pub fn claim_vote_commit(voter: &Pubkey, claim: &Pubkey, commitment: [u8; 32]) -> Instruction {
    build(
        claim_voting(voter, claim),
        mutual::instruction::ClaimVoteCommit { commitment },
    )
}

/// `claim_vote_reveal`: opens the voter's commitment on `claim`.
pub fn claim_vote_reveal(
    voter: &Pubkey,
    claim: &Pubkey,
    accept: bool,
    salt: [u8; 32],
) -> Instruction {
    build(
        mutual::accounts::ClaimVoteReveal {
            voter: *voter,
            config: pda::config().0,
            assessor: pda::assessor_stake(voter).0,
            claim: *claim,
            vote: pda::vote(claim, voter).0,
            capital_snapshot: pda::capital_snapshot().0,
        },
        mutual::instruction::ClaimVoteReveal { accept, salt },
    )
}

/// The [Pool, pool vault] pairs of `pools`, both writable, in order: the accounts a payout burns from.
fn pool_vaults(pools: &[u32]) -> Vec<AccountMeta> {
    pools
        .iter()
        .flat_map(|id| {
            let pool = pda::pool(*id).0;
            [
                AccountMeta::new(pool, false),
                AccountMeta::new(pda::pool_vault(&pool).0, false),
            ]
        })
        .collect()
}

/// `claim_redeem_payout`: the claimant of an accepted `claim` on `cover` takes the payout into `payout_to` (an
/// account of the cover asset). `pools` are the claim's pools in its order (`Claim::pools`).
pub fn claim_redeem_payout(
    claimant: &Pubkey,
    claim: &Pubkey,
    cover: &Pubkey,
    paid: &Payout,
    base: &Payout,
    pools: &[u32],
) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimRedeemPayout {
            claimant: *claimant,
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            claim: *claim,
            cover: *cover,
            asset: pda::asset(&paid.asset.mint).0,
            asset_mint: paid.asset.mint,
            vault: pda::asset_vault(&paid.asset.mint).0,
            payout_to: paid.to,
            stake_mint: pda::stake_mint().0,
            asset_token_program: paid.asset.token_program,
            stake_token_program: anchor_spl::token_2022::ID,
            base_asset: pda::asset(&base.asset.mint).0,
            base_mint: base.asset.mint,
            base_vault: pda::asset_vault(&base.asset.mint).0,
            base_payout_to: base.to,
            base_token_program: base.asset.token_program,
        },
        mutual::instruction::ClaimRedeemPayout {},
    );
    ix.accounts.extend(pool_vaults(pools));
    ix
}

/// Where a payout in one asset goes: the asset, and the claimant's token account of it.
#[derive(Clone, Copy, Debug)]
pub struct Payout {
    pub asset: CoverAsset,
    pub to: Pubkey,
}

/// `claim_close`: permissionless; settles a denied or lapsed claim on `cover` (its deposit to the treasury).
/// The claim's asset and the base asset name their vaults (a lapse needs them able to pay); `pools` are the
/// claim's pools in its order (`Claim::pools`).
pub fn claim_close(
    claim: &Pubkey,
    cover: &Pubkey,
    (asset_mint, base_mint): (&Pubkey, &Pubkey),
    pools: &[u32],
) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimClose {
            config: pda::config().0,
            claim: *claim,
            cover: *cover,
            capital_snapshot: pda::capital_snapshot().0,
            treasury: pda::treasury().0,
            asset: pda::asset(asset_mint).0,
            vault: pda::asset_vault(asset_mint).0,
            base_asset: pda::asset(base_mint).0,
            base_vault: pda::asset_vault(base_mint).0,
        },
        mutual::instruction::ClaimClose {},
    );
    ix.accounts.extend(pool_accounts(pools));
    ix
}

/// `claim_fraud_undo_votes`: permissionless; undoes the flagged assessor `wallet`'s votes on `claims` (at most
/// 8 per call).
pub fn claim_fraud_undo_votes(wallet: &Pubkey, claims: &[Pubkey]) -> Instruction {
    let mut ix = build(
        mutual::accounts::ClaimFraudUndoVotes {
            config: pda::config().0,
            assessor: pda::assessor_stake(wallet).0,
            capital_snapshot: pda::capital_snapshot().0,
        },
        mutual::instruction::ClaimFraudUndoVotes {},
    );
    ix.accounts.extend(claims.iter().flat_map(|claim| {
        [
            AccountMeta::new(*claim, false),
            AccountMeta::new(pda::vote(claim, wallet).0, false),
        ]
    }));
    ix
}

/// `vote_reward_claim`: the voter takes their share of `claim`'s reward, and their vote closes.
pub fn vote_reward_claim(voter: &Pubkey, claim: &Pubkey) -> Instruction {
    build(
        mutual::accounts::VoteRewardClaim {
            voter: *voter,
            member: pda::member(voter).0,
            assessor: pda::assessor_stake(voter).0,
            config: pda::config().0,
            claim: *claim,
            vote: pda::vote(claim, voter).0,
            stake_account: pda::stake_account(voter),
            stake_mint: pda::stake_mint().0,
            token_program: anchor_spl::token_2022::ID,
        },
        mutual::instruction::VoteRewardClaim {},
    )
}

//! Typed account fetchers over any transport.
use crate::errors::Missing;
use crate::{pda, Result, SdkError, Transport};
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountDeserialize;
use anchor_spl::token_2022::spl_token_2022::extension::StateWithExtensions;
use anchor_spl::token_2022::spl_token_2022::state::{
    Account as TokenAccountState, Mint as MintState,
};
use mutual::state::{
    Asset, CapitalSnapshot, Config, Curator, Member, Pool, PoolProduct, PoolTranche, Product,
    RiskSignals, StakePosition,
};
use solana_account::Account;

/// Fetches and decodes an Anchor account; `None` when it does not exist.
pub fn anchor_account<T: AccountDeserialize>(
    chain: &impl Transport,
    address: &Pubkey,
) -> Result<Option<T>> {
    match chain.get_account(address)? {
        None => Ok(None),
        Some(account) => decode(address, Some(account)).map(Some),
    }
}

fn required<T>(address: &Pubkey, value: Option<T>) -> Result<T> {
    value.ok_or_else(|| {
        if *address == pda::config().0 {
            SdkError::Missing(Missing::Config)
        } else {
            SdkError::AccountNotFound(*address)
        }
    })
}

/// A fetched pool, which must exist.
fn decode_pool(id: u32, account: Option<Account>) -> Result<Pool> {
    match account {
        None => Err(SdkError::Missing(Missing::Pool(id))),
        some => decode(&pda::pool(id).0, some),
    }
}

/// An account of the protocol that must exist, named as the user named it when it does not.
fn named<T: AccountDeserialize>(
    chain: &impl Transport,
    address: &Pubkey,
    missing: Missing,
) -> Result<T> {
    anchor_account(chain, address)?.ok_or(SdkError::Missing(missing))
}

pub fn config(chain: &impl Transport) -> Result<Config> {
    named(chain, &pda::config().0, Missing::Config)
}

pub fn capital_snapshot(chain: &impl Transport) -> Result<CapitalSnapshot> {
    let address = pda::capital_snapshot().0;
    required(&address, anchor_account(chain, &address)?)
}

pub fn asset(chain: &impl Transport, mint: &Pubkey) -> Result<Asset> {
    named(chain, &pda::asset(mint).0, Missing::Asset(*mint))
}

/// The member record of a wallet, or `None` if the wallet is not a member.
pub fn member(chain: &impl Transport, wallet: &Pubkey) -> Result<Option<Member>> {
    anchor_account(chain, &pda::member(wallet).0)
}

pub fn product(chain: &impl Transport, id: u32) -> Result<Product> {
    named(chain, &pda::product(id).0, Missing::Product(id))
}

pub fn risk_signals(chain: &impl Transport, product_id: u32) -> Result<RiskSignals> {
    let address = pda::risk_signals(&pda::product(product_id).0).0;
    required(&address, anchor_account(chain, &address)?)
}

/// The curator record of a wallet, or `None` if the wallet is not a curator.
pub fn curator(chain: &impl Transport, wallet: &Pubkey) -> Result<Option<Curator>> {
    anchor_account(chain, &pda::curator(wallet).0)
}

/// Every product, by id (`0..product_count`), fetched in one batch.
pub fn products(chain: &impl Transport) -> Result<Vec<Product>> {
    let count = config(chain)?.product_count;
    let addresses: Vec<Pubkey> = (0..count).map(|id| pda::product(id).0).collect();
    decode_all(chain, &addresses)
}

pub fn pool(chain: &impl Transport, id: u32) -> Result<Pool> {
    named(chain, &pda::pool(id).0, Missing::Pool(id))
}

/// Every pool, by id (`0..pool_count`), fetched in one batch.
pub fn pools(chain: &impl Transport) -> Result<Vec<Pool>> {
    let count = config(chain)?.pool_count;
    let addresses: Vec<Pubkey> = (0..count).map(|id| pda::pool(id).0).collect();
    decode_all(chain, &addresses)
}

/// A pool's listing of a product, or `None` if the pool never listed it.
pub fn pool_product(
    chain: &impl Transport,
    pool_id: u32,
    product_id: u32,
) -> Result<Option<PoolProduct>> {
    let pool = pda::pool(pool_id).0;
    anchor_account(
        chain,
        &pda::pool_product(&pool, &pda::product(product_id).0).0,
    )
}

pub fn pool_tranche(
    chain: &impl Transport,
    pool_id: u32,
    tranche: u32,
) -> Result<Option<PoolTranche>> {
    anchor_account(chain, &pda::pool_tranche(&pda::pool(pool_id).0, tranche).0)
}

pub fn stake_position(
    chain: &impl Transport,
    pool_id: u32,
    tranche: u32,
    owner: &Pubkey,
) -> Result<Option<StakePosition>> {
    let pool = pda::pool(pool_id).0;
    anchor_account(chain, &pda::stake_position(&pool, tranche, owner).0)
}

/// The Clock sysvar: the time programs see.
pub const CLOCK: Pubkey = solana_sdk_ids::sysvar::clock::ID;

/// The unix time in a fetched Clock sysvar: slot, epoch_start_timestamp, epoch, leader_schedule_epoch, then
/// unix_timestamp (bytes 32..40).
pub fn unix_timestamp_of(address: &Pubkey, account: Option<Account>) -> Result<i64> {
    required(address, account)?
        .data
        .get(32..40)
        .and_then(|b| b.try_into().ok())
        .map(i64::from_le_bytes)
        .ok_or_else(|| SdkError::Decode(*address, "short Clock sysvar".into()))
}

/// A pool and the chain's time, in one round trip: what a staking command needs to decide on a catch-up.
pub fn pool_with_time(chain: &impl Transport, id: u32) -> Result<(Pool, i64)> {
    let address = pda::pool(id).0;
    let [pool, clock] = accounts(chain, &[address, CLOCK])?;
    Ok((decode_pool(id, pool)?, unix_timestamp_of(&CLOCK, clock)?))
}

/// A wallet's member record (`None` if not a member) and stake-token balance, in one round trip.
pub fn member_with_stake(chain: &impl Transport, wallet: &Pubkey) -> Result<(Option<Member>, u64)> {
    let (address, stake_account) = (pda::member(wallet).0, pda::stake_account(wallet));
    let [member, stake] = accounts(chain, &[address, stake_account])?;
    let stake = token_amount_of(&stake_account, stake)?;
    Ok((decode_optional(&address, member)?, stake))
}

/// What a deposit needs, in one round trip: the wallet's member record (`None` if not a member) and stake-token
/// balance, the pool, and the chain's time.
pub fn staker_with_pool(
    chain: &impl Transport,
    wallet: &Pubkey,
    pool_id: u32,
) -> Result<(Option<Member>, u64, (Pool, i64))> {
    let (member_address, stake_account) = (pda::member(wallet).0, pda::stake_account(wallet));
    let pool_address = pda::pool(pool_id).0;
    let [member, stake, pool, clock] =
        accounts(chain, &[member_address, stake_account, pool_address, CLOCK])?;
    Ok((
        decode_optional(&member_address, member)?,
        token_amount_of(&stake_account, stake)?,
        (
            decode_pool(pool_id, pool)?,
            unix_timestamp_of(&CLOCK, clock)?,
        ),
    ))
}

/// What a withdrawal needs, in one round trip: the wallet's member record, the pool with the chain's time, and
/// the checkpoint and the wallet's position of `tranche` (`None` where one does not exist).
#[allow(clippy::type_complexity)]
pub fn position_with_pool(
    chain: &impl Transport,
    wallet: &Pubkey,
    pool_id: u32,
    tranche: u32,
) -> Result<(
    Option<Member>,
    (Pool, i64),
    Option<PoolTranche>,
    Option<StakePosition>,
)> {
    let pool_address = pda::pool(pool_id).0;
    let addresses = [
        pda::member(wallet).0,
        pool_address,
        CLOCK,
        pda::pool_tranche(&pool_address, tranche).0,
        pda::stake_position(&pool_address, tranche, wallet).0,
    ];
    let [member, pool, clock, checkpoint, position] = accounts(chain, &addresses)?;
    Ok((
        decode_optional(&addresses[0], member)?,
        (
            decode_pool(pool_id, pool)?,
            unix_timestamp_of(&CLOCK, clock)?,
        ),
        decode_optional(&addresses[3], checkpoint)?,
        decode_optional(&addresses[4], position)?,
    ))
}

/// `N` accounts in one getMultipleAccounts, in order; `None` where one does not exist.
pub fn accounts<const N: usize>(
    chain: &impl Transport,
    addresses: &[Pubkey; N],
) -> Result<[Option<Account>; N]> {
    <[_; N]>::try_from(chain.get_multiple_accounts(addresses)?)
        .map_err(|_| SdkError::Transport("getMultipleAccounts answered a wrong count".into()))
}

/// Decodes an Anchor account of this program already fetched; `None` when it does not exist.
pub fn decode_optional<T: AccountDeserialize>(
    address: &Pubkey,
    account: Option<Account>,
) -> Result<Option<T>> {
    account.map(|a| decode(address, Some(a))).transpose()
}

/// Decodes an Anchor account of this program already fetched; it must exist.
pub fn decode<T: AccountDeserialize>(address: &Pubkey, account: Option<Account>) -> Result<T> {
    let account = required(address, account)?;
    if account.owner != mutual::ID {
        return Err(SdkError::Decode(
            *address,
            "not owned by the mutual program".into(),
        ));
    }
    T::try_deserialize(&mut account.data.as_slice())
        .map_err(|e| SdkError::Decode(*address, e.to_string()))
}

/// Fetches a batch of accounts in one request and decodes them; all must exist.
pub fn decode_all<T: AccountDeserialize>(
    chain: &impl Transport,
    addresses: &[Pubkey],
) -> Result<Vec<T>> {
    let accounts = chain.get_multiple_accounts(addresses)?;
    addresses
        .iter()
        .zip(accounts)
        .map(|(address, account)| decode(address, account))
        .collect()
}

/// A token account (SPL Token or Token-2022) decoded, extensions ignored.
pub fn token_account(
    chain: &impl Transport,
    address: &Pubkey,
) -> Result<Option<TokenAccountState>> {
    token_state_of(address, chain.get_account(address)?)
}

/// The balance of a fetched token account; 0 when it does not exist.
pub(crate) fn token_amount_of(address: &Pubkey, account: Option<Account>) -> Result<u64> {
    Ok(token_state_of(address, account)?.map_or(0, |a| a.amount))
}

/// A fetched token account decoded (`None` when it does not exist), extensions ignored.
fn token_state_of(address: &Pubkey, account: Option<Account>) -> Result<Option<TokenAccountState>> {
    let Some(account) = account else {
        return Ok(None);
    };
    StateWithExtensions::<TokenAccountState>::unpack(&account.data)
        .map(|s| Some(s.base))
        .map_err(|e| SdkError::Decode(*address, e.to_string()))
}

/// The balance of a token account; 0 when it does not exist.
pub fn token_balance(chain: &impl Transport, address: &Pubkey) -> Result<u64> {
    token_amount_of(address, chain.get_account(address)?)
}

pub fn mint(chain: &impl Transport, address: &Pubkey) -> Result<MintState> {
    mint_state_of(address, chain.get_account(address)?)
}

/// A fetched mint decoded (SPL Token or Token-2022, extensions ignored); it must exist.
pub(crate) fn mint_state_of(address: &Pubkey, account: Option<Account>) -> Result<MintState> {
    let account = required(address, account)?;
    StateWithExtensions::<MintState>::unpack(&account.data)
        .map(|s| s.base)
        .map_err(|e| SdkError::Decode(*address, e.to_string()))
}

/// Lamports held by an address; 0 when it does not exist.
pub fn lamports(chain: &impl Transport, address: &Pubkey) -> Result<u64> {
    Ok(chain.get_account(address)?.map_or(0, |a| a.lamports))
}

use super::refused;
use crate::amounts::TokenAmount;
use crate::chain::{parse_pubkey, Session};
use crate::output::{amount_cell, units, Amount, Report};
use crate::{CliError, Result};
use anchor_lang::solana_program::instruction::Instruction;
use clap::Subcommand;
use mutual::constants::STAKE_DECIMALS;
use mutual::errors::MutualError;
use mutual_sdk::staking::tranche_id;
use mutual_sdk::{fetch, ix, staking, Pubkey, SdkError, Signer};
use serde_json::json;
use std::io::BufRead;

#[derive(Subcommand, Debug)]
pub enum StakeCommand {
    /// Stake into a pool: --lock 0..7 tranches beyond the current one (or --tranche ID).
    Deposit {
        #[arg(long)]
        pool: u32,
        /// MUT.
        #[arg(long, allow_hyphen_values = true)]
        amount: TokenAmount,
        #[arg(long, default_value_t = 0)]
        lock: u32,
        #[arg(long)]
        tranche: Option<u32>,
    },
    /// Move a position to a later tranche.
    Extend {
        #[arg(long)]
        pool: u32,
        #[arg(long)]
        tranche: u32,
        #[arg(long)]
        to: u32,
    },
    /// Withdraw rewards, and stake once the tranche has expired.
    Withdraw {
        #[arg(long)]
        pool: u32,
        #[arg(long)]
        tranche: u32,
        /// Withdraw the stake (after expiry).
        #[arg(long)]
        stake: bool,
        /// Withdraw the rewards.
        #[arg(long)]
        rewards: bool,
    },
    /// A wallet's positions (the signer's by default).
    List { owner: Option<String> },
    /// Hand a position, with its rewards, to another member.
    Transfer {
        #[arg(long)]
        pool: u32,
        #[arg(long)]
        tranche: u32,
        /// The receiving member's wallet.
        #[arg(long)]
        to: String,
    },
}

pub fn run(session: &Session, cmd: StakeCommand, input: &mut dyn BufRead) -> Result<Report> {
    let chain = &session.chain;
    match cmd {
        StakeCommand::Deposit {
            pool,
            amount,
            lock,
            tranche,
        } => {
            let amount = session.stake_amount(&amount, "--amount")?;
            let owner = session.signer()?.pubkey();
            let (balance, pool_now) = member_staker(session, &owner, pool)?;
            let current = tranche_id(pool_now.1).map_err(SdkError::refused)?;
            let tranche = tranche.unwrap_or(current + lock);
            // The chain's checks in its order, on a copy of the pool as the deposit will see it.
            let mut preview = staking::as_processed(&pool_now.0, pool_now.1);
            preview
                .require_can_stake(&owner)
                .map_err(SdkError::refused)?;
            preview
                .require_no_open_claims()
                .map_err(SdkError::refused)?;
            if balance < amount {
                return Err(refused(MutualError::InsufficientBalance));
            }
            let minted = preview
                .deposit(tranche, amount)
                .map_err(SdkError::refused)?;
            let review = [
                ("action", format!("stake into pool {pool}")),
                ("amount", units(amount, STAKE_DECIMALS)),
                (
                    "tranche",
                    format!(
                        "{tranche} (locked until {})",
                        mutual_sdk::staking::tranche_end(tranche)
                    ),
                ),
                ("stake shares", minted.stake_shares.to_string()),
                ("reward shares", minted.reward_shares.to_string()),
            ];
            let ixs = with_catch_up(&pool_now, ix::stake_deposit(&owner, pool, tranche, amount));
            let receipt = session.execute(&review, &ixs, input)?;
            position_report("staked", session, pool, tranche, receipt.signature)
        }
        StakeCommand::Extend { pool, tranche, to } => {
            let owner = session.signer()?.pubkey();
            let (_, pool_now) = member_staker(session, &owner, pool)?;
            staking::as_processed(&pool_now.0, pool_now.1)
                .require_can_stake(&owner)
                .map_err(SdkError::refused)?;
            let review = [
                ("action", format!("extend a position in pool {pool}")),
                ("from tranche", tranche.to_string()),
                ("to tranche", to.to_string()),
            ];
            let ixs = with_catch_up(&pool_now, ix::stake_extend(&owner, pool, tranche, to));
            let receipt = session.execute(&review, &ixs, input)?;
            position_report("extended", session, pool, to, receipt.signature)
        }
        StakeCommand::Withdraw {
            pool,
            tranche,
            stake,
            rewards,
        } => {
            let owner = session.signer()?.pubkey();
            let (member, pool_now, checkpoint, position) =
                fetch::position_with_pool(chain, &owner, pool, tranche)?;
            if member.is_none() {
                return Err(CliError::NotMember(owner));
            }
            let (Some(checkpoint), Some(position)) = (checkpoint, position) else {
                return Err(SdkError::Missing(mutual_sdk::errors::Missing::Position {
                    pool,
                    tranche,
                })
                .into());
            };
            // The chain's own processing and withdrawal, on copies: a refusal prints before any review.
            let out = staking::withdrawal(
                &pool_now.0,
                pool_now.1,
                &checkpoint,
                &position,
                stake,
                rewards,
            )?;
            let review = [
                (
                    "action",
                    format!("withdraw from pool {pool}, tranche {tranche}"),
                ),
                ("stake", units(out.stake, STAKE_DECIMALS)),
                ("rewards", units(out.rewards, STAKE_DECIMALS)),
            ];
            let ixs = with_catch_up(
                &pool_now,
                ix::stake_withdraw(&owner, pool, tranche, stake, rewards),
            );
            let receipt = session.execute(&review, &ixs, input)?;
            let (stake_out, rewards_out) = receipt
                .events
                .iter()
                .find_map(|e| match e {
                    mutual_sdk::MutualEvent::StakeWithdrawEvent(e) => Some((e.stake, e.rewards)),
                    _ => None,
                })
                .unwrap_or_default();
            Ok(Report::new("withdrawn")
                .field("pool", pool.to_string(), pool)
                .field("tranche", tranche.to_string(), tranche)
                .amount("stake", Amount::stake(stake_out))
                .amount("rewards", Amount::stake(rewards_out))
                .amount("quoted_stake", Amount::stake(out.stake))
                .amount("quoted_rewards", Amount::stake(out.rewards))
                .text("signature", receipt.signature))
        }
        StakeCommand::Transfer { pool, tranche, to } => {
            let owner = session.signer()?.pubkey();
            let to = parse_pubkey(&to, "--to")?;
            let (member, pool_now, checkpoint, position) =
                fetch::position_with_pool(chain, &owner, pool, tranche)?;
            if member.is_none() {
                return Err(CliError::NotMember(owner));
            }
            if checkpoint.is_none() || position.is_none() {
                return Err(SdkError::Missing(mutual_sdk::errors::Missing::Position {
                    pool,
                    tranche,
                })
                .into());
            }
            if fetch::member(chain, &to)?.is_none() {
                return Err(CliError::Usage(format!(
                    "{to} is not a member: a position goes only to a member"
                )));
            }
            if to == owner {
                return Err(refused(MutualError::SameOwner));
            }
            let review = [
                (
                    "action",
                    format!("hand your position in pool {pool}, tranche {tranche}, to {to}"),
                ),
                ("with", "its stake and its rewards".to_string()),
            ];
            let ixs = with_catch_up(
                &pool_now,
                ix::stake_position_transfer(&owner, pool, tranche, &to),
            );
            let receipt = session.execute(&review, &ixs, input)?;
            Ok(Report::new("position transferred")
                .field("pool", pool.to_string(), pool)
                .field("tranche", tranche.to_string(), tranche)
                .text("to", to)
                .text("signature", receipt.signature))
        }
        StakeCommand::List { owner } => {
            let owner = match owner {
                Some(o) => parse_pubkey(&o, "owner")?,
                None => session.signer()?.pubkey(),
            };
            let positions = staking::positions_of(chain, &owner)?;
            // Every position's pool in one getMultipleAccounts.
            let mut pool_addresses: Vec<_> = positions.iter().map(|(_, p)| p.pool).collect();
            pool_addresses.sort();
            pool_addresses.dedup();
            let pools: std::collections::HashMap<_, _> = pool_addresses
                .iter()
                .copied()
                .zip(fetch::decode_all::<mutual::state::Pool>(
                    chain,
                    &pool_addresses,
                )?)
                .collect();
            let mut rows = Vec::new();
            for (address, p) in &positions {
                let pool = pools.get(&p.pool);
                let pool_id = pool.map_or(0, |pool| pool.id);
                let stake = pool.map_or(0, |pool| mutual_sdk::staking::position_stake(p, pool));
                rows.push(vec![
                    ("pool", pool_id.to_string(), json!(pool_id)),
                    ("tranche", p.tranche.to_string(), json!(p.tranche)),
                    amount_cell("stake", Amount::stake(stake)),
                    (
                        "stake_shares",
                        p.stake_shares.to_string(),
                        json!(p.stake_shares.to_string()),
                    ),
                    ("position", address.to_string(), json!(address.to_string())),
                ]);
            }
            Ok(
                Report::new(format!("{} positions of {owner}", positions.len()))
                    .list("positions", rows),
            )
        }
    }
}

/// A member's stake-token balance, and the pool with the chain's time (`fetch::staker_with_pool`, one round
/// trip). The chain checks the Member account before the pool, so a non-member hears how to join even when
/// the pool does not exist.
fn member_staker(
    session: &Session,
    owner: &Pubkey,
    pool: u32,
) -> Result<(u64, (mutual::state::Pool, i64))> {
    match fetch::staker_with_pool(&session.chain, owner, pool) {
        Ok((Some(_), balance, pool_now)) => Ok((balance, pool_now)),
        Ok((None, ..)) => Err(CliError::NotMember(*owner)),
        Err(_) if fetch::member(&session.chain, owner)?.is_none() => {
            Err(CliError::NotMember(*owner))
        }
        Err(e) => Err(e.into()),
    }
}

/// Puts the crank in front when the pool's own lazy processing would not reach now.
fn with_catch_up((pool, now): &(mutual::state::Pool, i64), ix: Instruction) -> Vec<Instruction> {
    let mut ixs = staking::catch_up(pool, *now);
    ixs.push(ix);
    ixs
}

fn position_report(
    title: &str,
    session: &Session,
    pool: u32,
    tranche: u32,
    signature: String,
) -> Result<Report> {
    let owner = session.signer()?.pubkey();
    let position = fetch::stake_position(&session.chain, pool, tranche, &owner)?;
    let shares = position.map_or(0, |p| p.stake_shares);
    Ok(Report::new(title)
        .field("pool", pool.to_string(), pool)
        .field("tranche", tranche.to_string(), tranche)
        .field("stake_shares", shares.to_string(), shares.to_string())
        .text("signature", signature))
}

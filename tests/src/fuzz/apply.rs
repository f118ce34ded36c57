//! Taking a step: the instructions it sends, and on success what the model predicts it moved, checked against
//! the balances before and after (PROTOCOL.md §7 for trades and rewards, §9 for payouts). This file sends and
//! checks; `apply/plan.rs` plans a step's instructions and `apply/effect.rs` predicts its effect.
use super::model::{self, Filed, Made};
use super::{Balances, Fuzz, Step};
use crate::*;
use anchor_lang::solana_program::instruction::Instruction;
use mutual::state::Params;
use mutual_sdk::{ix, pda, Keypair, Pubkey, SdkError, Signer, Transport};

mod effect;
mod plan;

/// A step made ready: its instructions and signers, and what the effect needs from before it.
struct Planned {
    ixs: Vec<Instruction>,
    signers: Vec<Keypair>,
    /// The actor whose accounts pay (a purchase's payer, a seller, a claimant), if any.
    actor: usize,
    /// A figure read before the step: a sale's stake, an assessor's stake at flagging.
    figure: u64,
    /// An exit nothing may refuse: a payout that is due and that its vault holds.
    must_land: bool,
}

impl Fuzz {
    /// Takes `step`: sends it when it names something that exists, and checks what it moved.
    pub(super) fn take(&mut self, step: Step) -> bool {
        let step_seconds = match step {
            Step::Warp(seconds) => Some(seconds),
            Step::WarpToCover(c, edge) => self.to_cover_edge(c, edge),
            Step::WarpToClaim(c, edge) => self.to_claim_edge(c, edge),
            _ => None,
        };
        if matches!(step, Step::WarpToCover(..) | Step::WarpToClaim(..)) && step_seconds.is_none() {
            return false;
        }
        if let Some(seconds) = step_seconds {
            self.f.warp_seconds(seconds);
            // Pyth keeps publishing and a keeper refreshes, except across an hour's warp: stale prices and a
            // stale snapshot the buys must refuse
            if seconds != 3_600 {
                self.publish_sol();
                if let Ok(refresh) = mutual_sdk::capital::refresh_ix(&self.f.chain) {
                    let keeper = self.actors[5].insecure_clone();
                    let _ =
                        self.send_checked(Step::Refresh, "Warp", vec![refresh], vec![keeper], 5, 0);
                }
            }
            return true;
        }
        if let Step::SolPrice(dollars, refresh) = step {
            self.sol_dollars = dollars.max(1);
            self.publish_sol();
            if !refresh {
                return true;
            }
        }
        let kind = format!("{step:?}");
        let kind = kind.split(['(', ' ']).next().unwrap_or("").to_string();
        let tally = self.coverage.entry(kind.clone()).or_default();
        tally.0 += 1;
        let Some(planned) = self.plan_step(step) else {
            // names nothing that exists yet: refused before sending, as a client would
            self.coverage.entry(kind).or_default().1 += 1;
            return false;
        };
        self.send_planned(step, &kind, planned)
    }

    /// Sends `ixs` as `step` would, with every check.
    fn send_checked(
        &mut self,
        step: Step,
        kind: &str,
        ixs: Vec<Instruction>,
        signers: Vec<Keypair>,
        actor: usize,
        figure: u64,
    ) -> bool {
        let planned = Planned {
            ixs,
            signers,
            actor,
            figure,
            must_land: false,
        };
        self.send_planned(step, kind, planned)
    }

    /// Sends a planned step: on success the model takes its effect and the step's checks run; a refusal must be
    /// named and change no account.
    fn send_planned(&mut self, step: Step, kind: &str, planned: Planned) -> bool {
        let kind = kind.to_string();
        let before = self.balances();
        let named: Vec<Pubkey> = planned
            .ixs
            .iter()
            .flat_map(|ix| ix.accounts.iter().map(|m| m.pubkey))
            .collect();
        let payer = planned.signers[0].pubkey();
        let accounts_before = self.named_accounts(&named, &payer);
        let signers: Vec<&Keypair> = planned.signers.iter().collect();
        match self.f.try_send(&planned.ixs, &signers) {
            Ok(_) => {
                let after = self.balances();
                self.effect(step, &planned, &before, &after);
                self.check_step(step, &named, &before, &after);
                true
            }
            Err(error) => {
                self.report.refused += 1;
                self.coverage.entry(kind.clone()).or_default().1 += 1;
                let reason = error
                    .error_name()
                    .map_or_else(|| format!("{error}"), str::to_string);

                *self.reasons.entry(format!("{kind}: {reason}")).or_default() += 1;
                self.report.checks += 2;
                assert!(
                    refusal_is_named(&error),
                    "{step:?}: unnamed refusal {error}"
                );
                assert!(
                    !planned.must_land,
                    "{step:?}: a due payout was refused ({error})"
                );
                let after = self.named_accounts(&named, &payer);
                assert!(
                    accounts_before == after,
                    "{step:?}: a refused step changed accounts ({error})"
                );
                false
            }
        }
    }

    /// Seconds from now to an edge of cover `c` (`Step::WarpToCover`), if it is ahead.
    fn to_cover_edge(&self, c: usize, edge: u8) -> Option<i64> {
        let cover = self.f.cover(&self.cover(c)?.address)?;
        let end = cover.start + i64::from(cover.period);
        let grace = i64::from(cover.grace);
        let at = match edge {
            0 => end - 7 * DAY,
            1 => end - 1,
            2 => end,
            3 => end + grace - 1,
            _ => end + grace + 1,
        };
        let seconds = at - self.f.now();
        (seconds > 0).then_some(seconds)
    }

    /// Seconds from now to an edge of claim `c`'s poll (`Step::WarpToClaim`), if it is ahead.
    fn to_claim_edge(&self, c: usize, edge: u8) -> Option<i64> {
        let claim = self.f.claim(&self.model.claims.get(c)?.address)?;
        let tally = claim.tally_end().ok()?;
        let cooldown = claim.cooldown_end().ok()?;
        let window = i64::from(claim.times.payout_window);
        let at = match edge {
            0 => claim.end - 1,
            1 => tally,
            2 => cooldown - 1,
            3 => cooldown,
            4 => cooldown + window - 1,
            _ => cooldown + window + 1,
        };
        let seconds = at - self.f.now();
        (seconds > 0).then_some(seconds)
    }

    fn publish_sol(&self) {
        let price = i64::from(self.sol_dollars) * 100_000_000;
        let conf = u64::try_from(price / 1_000).unwrap_or(0);
        self.f
            .publish_price(mutual_sdk::prices::sol_usd_feed(), price, conf, -8);
    }

    fn key(&self, i: usize) -> Pubkey {
        self.actors[i].pubkey()
    }

    fn actor_of(&self, wallet: &Pubkey) -> Option<usize> {
        self.actors.iter().position(|a| a.pubkey() == *wallet)
    }

    fn by(&self, signer: &Keypair, ixs: Vec<Instruction>, actor: usize) -> Option<Planned> {
        Some(Planned {
            ixs,
            signers: vec![signer.insecure_clone()],
            actor,
            figure: 0,
            must_land: false,
        })
    }

    fn by_actor(&self, i: usize, ixs: Vec<Instruction>) -> Option<Planned> {
        self.by(&self.actors[i], ixs, i)
    }

    /// Assessor `a` sending `ix`; the figure is 1 when they are flagged (a vote must then be refused).
    fn by_assessor(&self, a: usize, ix: Instruction) -> Option<Planned> {
        let mut planned = self.by(&self.assessors[a], vec![ix], 0)?;
        let flagged = self
            .f
            .assessor(&self.assessors[a].pubkey())
            .is_some_and(|s| s.fraud);
        planned.figure = u64::from(flagged);
        Some(planned)
    }

    fn by_authority(&self, ix: Instruction) -> Option<Planned> {
        let deployer = self.f.deployer().insecure_clone();
        self.by(&deployer, vec![ix], 0)
    }

    /// Whether claim `filed` may be redeemed now and its vault holds it: then nothing may refuse it (pauses,
    /// stale prices and other claims never block a due payout).
    fn payout_due(&self, filed: &Filed) -> bool {
        let Some(claim) = self.f.claim(&filed.address) else {
            return false;
        };
        let b = self.balances();
        let held = if filed.sol { b.sol_vault } else { b.vault };
        claim.require_redeemable(self.f.now()).is_ok() && held >= claim.amount
    }

    /// 1 when cover `made` has nothing left to claim.
    fn paid_out_fully(&self, made: &Made) -> u64 {
        u64::from(
            self.f
                .cover(&made.address)
                .is_some_and(|c| c.paid_out >= c.amount),
        )
    }

    /// `ix` after the expiry cranks its pools need first, as a client sends a purchase.
    fn caught_up(&self, pools: &[u32], ix: Instruction) -> Vec<Instruction> {
        let now = self.f.now();
        let mut ixs: Vec<Instruction> = pools
            .iter()
            .flat_map(|p| mutual_sdk::staking::catch_up(&self.f.pool(*p), now))
            .collect();
        ixs.push(ix);
        ixs
    }

    /// Cover `c` and the actor who owns it now (it may have been transferred).
    fn owned_cover(&self, c: usize) -> Option<(Made, usize)> {
        let made = self.cover(c)?;
        let owner = self.f.cover(&made.address)?.owner;
        Some((made, self.actor_of(&owner)?))
    }

    /// The asset a cover is paid in and the owner's account that pays it.
    fn cover_payment(&self, made: &Made, owner: usize) -> (ix::CoverAsset, Pubkey) {
        if made.sol {
            (self.f.sol_cover_asset(), wsol_account(&self.key(owner)))
        } else {
            let d = self.f.deployment();
            (self.f.base_cover_asset(), d.base_account(&self.key(owner)))
        }
    }

    /// Whether a trade's amounts follow from the base vault alone: no other asset holds capital or is owed.
    pub(super) fn trades_exact(&self, b: &Balances) -> bool {
        b.sol_vault == 0 && b.snapshot.pending_units[1..].iter().all(|u| *u == 0)
    }

    /// The accounts a transaction names (the only ones it can change), but the fee payer's lamports: a refused
    /// transaction still pays its fee.
    pub(super) fn named_accounts(
        &self,
        addresses: &[Pubkey],
        payer: &Pubkey,
    ) -> Vec<(Pubkey, u64, Vec<u8>)> {
        let accounts = self
            .f
            .chain
            .get_multiple_accounts(addresses)
            .expect("accounts");
        addresses
            .iter()
            .copied()
            .zip(accounts)
            .filter_map(|(address, account)| {
                let account = account?;
                let lamports = if address == *payer {
                    0
                } else {
                    account.lamports
                };
                Some((address, lamports, account.data))
            })
            .collect()
    }
}

/// The pools a renewal is placed on: `pools`, or the cover's own when 0.
fn renewal_set(made: &Made, pools: usize) -> usize {
    if pools == 0 {
        made.pools()
    } else {
        model::pool_set(pools)
    }
}

/// An assessor's salt for every commitment: fixed, so a replay reveals what it committed.
fn salt(a: usize) -> [u8; 32] {
    [u8::try_from(a + 1).unwrap_or(1); 32]
}

fn wsol_account(owner: &Pubkey) -> Pubkey {
    use anchor_spl::token::spl_token;
    pda::associated_token(owner, &spl_token::native_mint::ID, &spl_token::ID)
}

/// A parameter set with one governed value changed (it may be out of bounds: then the proposal is refused).
fn changed_params(mut params: Params, which: u8, value: u64) -> Params {
    let bps = |v: u64| mutual::math::Bps(u16::try_from(v % 10_001).unwrap_or(0));
    match which {
        0 => params.rewards_ratio = bps(value),
        1 => params.capacity_ratio = mutual::math::Bps(u16::try_from(value % 30_000).unwrap_or(0)),
        2 => params.liability_quorum = value % (500 * STAKE),
        3 => params.cooldown_period = u32::try_from(value % (10 * DAY as u64)).unwrap_or(0),
        4 => params.oracle_max_age = u32::try_from(value % 7_200).unwrap_or(60),
        _ => params.mcr_ratio = bps(value),
    }
    params
}

/// A refusal is named: an error of the program, or of the token program it called.
fn refusal_is_named(error: &SdkError) -> bool {
    error.custom_code().is_some() || matches!(error, SdkError::Transaction { .. })
}

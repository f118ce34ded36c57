//! Taking a step: the instructions it sends, and on success what the model predicts it moved, checked against
//! the balances before and after (PROTOCOL.md §7 for trades and rewards, §9 for payouts).
use super::model::{self, Filed, Made, Segment};
use super::{Balances, Fuzz, Step, ALL_POOLS, BROKER, BROKER_TREASURY, POOLS};
use crate::*;
use anchor_lang::solana_program::instruction::Instruction;
use mutual::state::{Params, ProductTerms, Vote};
use mutual_sdk::{ix, pda, Keypair, Pubkey, SdkError, Signer, Transport};

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

    /// The step's instructions, or `None` when it names nothing that exists (refused before sending, as a
    /// client would refuse it).
    fn plan_step(&self, step: Step) -> Option<Planned> {
        let f = &self.f;
        let d = f.deployment();
        match step {
            Step::Join(i) => self.by_actor(i, vec![ix::member_join(&self.key(i))]),
            Step::Leave(i) => self.by_actor(i, vec![ix::member_leave(&self.key(i), u64::MAX)]),
            Step::Buy(i, amount) => self.by_actor(i, vec![f.token_buy_ix(&self.key(i), amount, 0)]),
            Step::Sell(i, share) => {
                let held = f.stake_balance(&self.key(i));
                let sold = u64::try_from(u128::from(held) * u128::from(share) / 10_000).ok()?;
                let mut planned = self.by_actor(i, vec![f.token_sell_ix(&self.key(i), sold, 0)])?;
                planned.figure = sold;
                Some(planned)
            }
            Step::RoundTrip(i, amount) => {
                // what the buy mints: by the spec's formula on the base vault alone, or (with other assets)
                // as the SDK quotes it; the check is that the round trip never gains
                let b = self.balances();
                let minted = if self.trades_exact(&b) {
                    model::buy_mints(amount, b.vault, b.supply)?
                } else {
                    mutual_sdk::quote::token_buy(&f.chain, amount, 0).ok()?
                };
                // a refresh between them: nothing that moved since the last one may be taken (issue 26, 3)
                let ixs = vec![
                    f.token_buy_ix(&self.key(i), amount, 0),
                    mutual_sdk::capital::refresh_ix(&f.chain).ok()?,
                    f.token_sell_ix(&self.key(i), minted, 0),
                ];
                self.by_actor(i, ixs)
            }
            Step::Donate(i, amount) => {
                let transfer = mutual_sdk::spl::transfer_checked(
                    &d.base_token_program,
                    &d.base_account(&self.key(i)),
                    &d.base_mint,
                    &d.base_vault,
                    &self.key(i),
                    amount,
                    mutual_migrations::TEST_USDC_DECIMALS,
                )
                .ok()?;
                self.by_actor(i, vec![transfer])
            }
            Step::Deposit(i, p, offset, amount) => {
                let tranche = f.current_tranche() + offset;
                let deposit = ix::stake_deposit(&self.key(i), self.pools[p], tranche, amount);
                self.by_actor(i, vec![deposit])
            }
            Step::Extend(n, by) => {
                let (p, tranche, owner) = *self.model.positions.get(n)?;
                let to = if by == 0 {
                    f.current_tranche() + 7
                } else {
                    tranche + by
                };
                let extend = ix::stake_extend(&self.key(owner), self.pools[p], tranche, to);
                self.by_actor(owner, vec![extend])
            }
            Step::Withdraw(n) => {
                let (p, tranche, owner) = *self.model.positions.get(n)?;
                let withdraw =
                    ix::stake_withdraw(&self.key(owner), self.pools[p], tranche, true, true);
                self.by_actor(owner, vec![withdraw])
            }
            Step::PositionTransfer(n, to) => {
                let (p, tranche, owner) = *self.model.positions.get(n)?;
                let transfer = ix::stake_position_transfer(
                    &self.key(owner),
                    self.pools[p],
                    tranche,
                    &self.key(to),
                );
                self.by_actor(owner, vec![transfer])
            }
            Step::Crank(p) => {
                let cranks = mutual_sdk::staking::catch_up(&f.pool(self.pools[p]), f.now());
                if cranks.is_empty() {
                    return None;
                }
                self.by_actor(5, cranks)
            }
            Step::CoverBuy(i, product, sol, amount, days, pools) => {
                let period = i64::from(days) * DAY;
                let ids = self.pool_ids(pools);
                let id = self.products[product];
                let buy = if sol {
                    f.sol_cover_buy_ix(&self.key(i), id, amount, period, &ids)
                } else {
                    f.cover_buy_ix(&self.key(i), id, amount, period, u64::MAX, &ids)
                };
                self.by_actor(i, self.caught_up(&ids, buy))
            }
            Step::BrokerBuy(owner, amount, commission, twice) => {
                let broker = self.key(BROKER);
                let payer = d.base_account(&broker);
                let commission_to = if twice {
                    payer
                } else {
                    d.base_account(&self.key(BROKER_TREASURY))
                };
                let id = self.products[0];
                let buy = ix::cover_buy(
                    &broker,
                    id,
                    f.product(id).next_cover_seq,
                    &f.base_cover_asset(),
                    &payer,
                    Some(commission_to),
                    &self.pool_ids(ALL_POOLS),
                    mutual::instructions::CoverBuyArgs {
                        owner: self.key(owner),
                        amount,
                        period: u32::try_from(90 * DAY).ok()?,
                        max_premium: u64::MAX,
                        commission_bps: mutual::math::Bps(commission),
                    },
                );
                self.by_actor(BROKER, vec![buy])
            }
            Step::CoverEdit(c, amount, days, pools) => {
                let (made, owner) = self.owned_cover(c)?;
                let ids = self.pool_ids(pools);
                let old = self.pool_ids(made.pools());
                let (asset, payer) = self.cover_payment(&made, owner);
                let edit = ix::cover_edit(
                    &self.key(owner),
                    self.products[made.product],
                    made.seq,
                    &asset,
                    &payer,
                    &ids,
                    &old,
                    amount,
                    days.saturating_mul(86_400),
                    u64::MAX,
                );
                self.by_actor(owner, self.caught_up(&ids, edit))
            }
            Step::CoverRenew(c, pools) => {
                let (made, owner) = self.owned_cover(c)?;
                let (asset, payer) = self.cover_payment(&made, owner);
                let ids = self.pool_ids(renewal_set(&made, pools));
                let renew = ix::cover_renew(
                    &self.key(owner),
                    self.products[made.product],
                    made.seq,
                    &asset,
                    &payer,
                    &ids,
                    u64::MAX,
                );
                let mut planned = self.by_actor(owner, self.caught_up(&ids, renew))?;
                planned.figure = self.paid_out_fully(&made);
                Some(planned)
            }
            Step::AutoRenewSet(c, cap) => {
                let (made, owner) = self.owned_cover(c)?;
                let (asset, payer) = self.cover_payment(&made, owner);
                let approve = mutual_sdk::spl::approve(
                    &asset.token_program,
                    &payer,
                    &pda::config().0,
                    &self.key(owner),
                    cap,
                )
                .ok()?;
                let set = ix::cover_auto_renew_set(&self.key(owner), &made.address, cap);
                self.by_actor(owner, vec![approve, set])
            }
            Step::AutoRenewCrank(c, cranker) => {
                let (made, owner) = self.owned_cover(c)?;
                let (asset, payer) = self.cover_payment(&made, owner);
                let crank = ix::cover_auto_renew(
                    &self.key(cranker),
                    self.products[made.product],
                    made.seq,
                    &asset,
                    &payer,
                    &self.pool_ids(made.pools()),
                );
                let mut planned = self.by_actor(cranker, vec![crank])?;
                planned.actor = owner;
                planned.figure = self.paid_out_fully(&made);
                Some(planned)
            }
            Step::AutoRenewCancel(c) => {
                let (made, owner) = self.owned_cover(c)?;
                let cancel = ix::cover_auto_renew_cancel(&self.key(owner), &made.address);
                self.by_actor(owner, vec![cancel])
            }
            Step::CoverTransfer(c, to) => {
                let (made, owner) = self.owned_cover(c)?;
                let transfer = ix::cover_transfer(&self.key(owner), &made.address, &self.key(to));
                self.by_actor(owner, vec![transfer])
            }
            Step::CoverExpire(c) => {
                let made = self.cover(c)?;
                let cover = f.cover(&made.address)?;
                let expire = ix::cover_expire(
                    &made.address,
                    self.products[made.product],
                    &cover.asset,
                    &cover.buyer,
                    &self.pool_ids(made.pools()),
                );
                self.by_actor(5, vec![expire])
            }
            Step::ClaimSubmit(c, amount) => {
                let (made, owner) = self.owned_cover(c)?;
                let args = mutual::instructions::ClaimSubmitArgs {
                    amount,
                    evidence_hash: [7; 32],
                    evidence_uri: "ipfs://fuzz".into(),
                };
                let (submit, _) =
                    mutual_sdk::claims::submit_ix(&f.chain, &self.key(owner), &made.address, args)
                        .ok()?;
                self.by_actor(owner, vec![submit])
            }
            Step::Vote(a, c, accept) => {
                let claim = self.model.claims.get(c)?;
                let vote = ix::claim_vote(&self.assessors[a].pubkey(), &claim.address, accept);
                self.by_assessor(a, vote)
            }
            Step::Commit(a, c, accept) => {
                let claim = self.model.claims.get(c)?;
                let voter = self.assessors[a].pubkey();
                let commitment = Vote::commitment(accept, &salt(a), &voter, &claim.address);
                let commit = ix::claim_vote_commit(&voter, &claim.address, commitment);
                self.by_assessor(a, commit)
            }
            Step::Reveal(a, c) => {
                let claim = self.model.claims.get(c)?;
                let accept = claim
                    .votes
                    .iter()
                    .find(|(v, _)| *v == a)
                    .is_none_or(|v| v.1);
                let voter = self.assessors[a].pubkey();
                let reveal = ix::claim_vote_reveal(&voter, &claim.address, accept, salt(a));
                self.by_assessor(a, reveal)
            }
            Step::Redeem(c) => {
                let claim = self.model.claims.get(c)?;
                let claimant = f.claim(&claim.address)?.claimant;
                let i = self.actor_of(&claimant)?;
                let payout_to = if claim.sol {
                    wsol_account(&claimant)
                } else {
                    d.base_account(&claimant)
                };
                let redeem =
                    mutual_sdk::claims::redeem_ix(&f.chain, &claimant, &claim.address, &payout_to)
                        .ok()?;
                // after the expiry cranks its pools need, as a client sends it (anyone may crank)
                let pools = self.pool_ids(claim.segment.pools);
                let mut planned = self.by_actor(i, self.caught_up(&pools, redeem))?;
                // the smallest active stake among the pools it burns: a burn below it is not capped
                planned.figure = pools
                    .iter()
                    .map(|p| f.pool(*p).active_stake)
                    .min()
                    .unwrap_or(0);
                planned.must_land = self.payout_due(claim);
                Some(planned)
            }
            Step::Close(c) => {
                let claim = self.model.claims.get(c)?;
                let close = mutual_sdk::claims::close_ix(&f.chain, &claim.address).ok()?;
                self.by_actor(5, vec![close])
            }
            Step::RewardClaim(a, c) => {
                let claim = self.model.claims.get(c)?;
                let reward = ix::vote_reward_claim(&self.assessors[a].pubkey(), &claim.address);
                self.by(&self.assessors[a], vec![reward], 0)
            }
            Step::AssessorStake(a, amount) => {
                let stake = ix::assessor_stake(&self.assessors[a].pubkey(), amount);
                self.by(&self.assessors[a], vec![stake], 0)
            }
            Step::AssessorUnstake(a, amount) => {
                let unstake = ix::assessor_unstake(&self.assessors[a].pubkey(), amount);
                self.by(&self.assessors[a], vec![unstake], 0)
            }
            Step::FraudFlag(a) => {
                let wallet = self.assessors[a].pubkey();
                let staked = f.assessor(&wallet).map_or(0, |s| s.stake);
                let member = f.chain.get_account(&pda::member(&wallet).0).ok()?.is_some();
                let authority = f.deployer().pubkey();
                let mut planned =
                    self.by_authority(ix::assessor_flag_fraud(&authority, &wallet, member))?;
                planned.figure = staked;
                Some(planned)
            }
            Step::FraudUndo(a) => {
                let claims: Vec<Pubkey> = self
                    .model
                    .open_claims()
                    .filter(|c| c.votes.iter().any(|(v, _)| *v == a))
                    .map(|c| c.address)
                    .take(4)
                    .collect();
                if claims.is_empty() {
                    return None;
                }
                let undo = ix::claim_fraud_undo_votes(&self.assessors[a].pubkey(), &claims);
                self.by_actor(5, vec![undo])
            }
            Step::ParamsPropose(which, value) => {
                let params = changed_params(f.config().params, which, value);
                self.by_authority(ix::params_propose(&f.deployer().pubkey(), params))
            }
            Step::ParamsExecute => self.by_actor(5, vec![ix::params_execute()]),
            Step::Pause(areas) => {
                self.by_authority(ix::protocol_pause(&f.deployer().pubkey(), areas))
            }
            Step::Unpause(areas) => {
                self.by_authority(ix::protocol_unpause(&f.deployer().pubkey(), areas))
            }
            Step::ProductUpdate(p, commit_reveal, min_price) => {
                let id = self.products[p];
                let terms = ProductTerms {
                    commit_reveal,
                    min_price: mutual::math::Bps(min_price),
                    ..f.product(id).terms
                };
                self.by_authority(ix::product_update(&f.deployer().pubkey(), id, terms))
            }
            Step::ManagerPrice(p, product, weight, price) => {
                let listing = mutual::instructions::ProductListing {
                    product_id: self.products[product],
                    weight,
                    target_price: mutual::math::Bps(price),
                };
                let set =
                    ix::pool_set_products(&self.managers[p].pubkey(), self.pools[p], vec![listing]);
                self.by(&self.managers[p], vec![set], 0)
            }
            Step::PoolFee(p, fee) => {
                let set = ix::pool_set_fee(
                    &self.managers[p].pubkey(),
                    self.pools[p],
                    mutual::math::Bps(fee),
                );
                self.by(&self.managers[p], vec![set], 0)
            }
            Step::SolPrice(..) | Step::Refresh => {
                let refresh = mutual_sdk::capital::refresh_ix(&f.chain).ok()?;
                self.by_actor(5, vec![refresh])
            }
            Step::Sweep => self.by_actor(5, vec![ix::treasury_sweep(&d.base_mint)]),
            Step::Warp(_) | Step::WarpToCover(..) | Step::WarpToClaim(..) => None,
        }
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

    /// What a successful step moved, as the model predicts it; the model's ledgers follow.
    fn effect(&mut self, step: Step, planned: &Planned, b: &Balances, a: &Balances) {
        let i = planned.actor;
        let base_paid = b.base[i].saturating_sub(a.base[i]);
        let base_got = a.base[i].saturating_sub(b.base[i]);
        let sol_paid = b.wsol[i].saturating_sub(a.wsol[i]);
        let sol_got = a.wsol[i].saturating_sub(b.wsol[i]);
        let stake_delta = i128::from(a.actor_stake(i)) - i128::from(b.actor_stake(i));
        let supply_delta = i128::from(a.supply) - i128::from(b.supply);
        let pools_delta: i128 = (0..POOLS)
            .map(|p| i128::from(a.pool_vaults[p]) - i128::from(b.pool_vaults[p]))
            .sum();
        let exact = self.trades_exact(b);
        // no step but a sale, a payout or a refund pays the actor in base or wrapped SOL: edits and renewals
        // charge at least nothing
        if matches!(
            step,
            Step::CoverBuy(..)
                | Step::CoverEdit(..)
                | Step::CoverRenew(..)
                | Step::AutoRenewCrank(..)
                | Step::Deposit(..)
        ) {
            assert_eq!((base_got, sol_got), (0, 0), "{step:?}: paid the buyer");
        }
        let capacity_ratio = self.f.config().params.capacity_ratio.get();
        let now = self.f.now();
        let m = &mut self.model;
        match step {
            Step::Join(_) => m.treasury += self.f.config().params.join_fee,
            Step::Buy(_, amount) => {
                assert_eq!(base_paid, amount, "{step:?}: paid");
                if exact {
                    let minted = model::buy_mints(amount, b.vault, b.supply).unwrap_or(0);
                    assert_eq!(stake_delta, i128::from(minted), "{step:?}: minted");
                }
                assert!(stake_delta > 0, "{step:?}: nothing minted");
                m.vault += amount;
            }
            Step::Sell(..) => {
                let sold = planned.figure;
                assert_eq!(stake_delta, -i128::from(sold), "{step:?}: burnt");
                if exact {
                    let pays =
                        model::sale_pays(sold, b.vault, b.snapshot.pending_units[0], b.supply);
                    assert_eq!(base_got, pays, "{step:?}: paid out");
                }
                m.vault -= base_got;
                // a sale never strands a counted payout (decision 66)
                let covered_before = b.vault >= b.snapshot.pending_units[0];
                let covered = a.vault >= a.snapshot.pending_units[0];
                assert!(
                    !covered_before || covered,
                    "{step:?}: a sale stranded a payout"
                );
            }
            Step::RoundTrip(..) => {
                // the sale is priced on the capital the buy left and the prices the refresh between them
                // recorded: nothing that landed since the last refresh is taken (issue 26, 3), and neither is a
                // price posted since it, which the buy already paid (decision 69)
                assert_eq!(base_got, 0, "{step:?}: a round trip gained");
                assert_eq!(stake_delta, 0, "{step:?}: stake left over");
                m.vault += base_paid;
                m.vault -= base_got;
            }
            Step::Donate(_, amount) => m.vault += amount,
            Step::Deposit(_, p, offset, amount) => {
                assert_eq!(stake_delta, -i128::from(amount), "{step:?}: staked");
                m.pool_vaults[p] += amount;
                m.put_in((p, self.f.current_tranche() + offset, i), amount);
            }
            Step::Withdraw(n) => {
                let position = m.positions[n];
                let got = u64::try_from(stake_delta).expect("a withdrawal never takes stake");
                // a stake-then-withdraw round trip gains at most the rewards the pool received meanwhile
                let most = m.withdrawable_at_most(position);
                assert!(
                    got <= most,
                    "{step:?}: withdrew {got}, put in and earned {most}"
                );
                m.withdrawn(position, got);
                m.pool_vaults[position.0] -= got;
            }
            Step::Extend(n, by) => {
                let (p, tranche, owner) = m.positions[n];
                let to = if by == 0 {
                    self.f.current_tranche() + 7
                } else {
                    tranche + by
                };
                let stake = m.take_out((p, tranche, owner));
                m.put_in((p, to, owner), stake);
            }
            Step::PositionTransfer(n, to) => {
                let (p, tranche, owner) = m.positions[n];
                let stake = m.take_out((p, tranche, owner));
                m.put_in((p, tranche, to), stake);
            }
            Step::CoverBuy(_, product, sol, _, _, pools) => {
                let paid = if sol { sol_paid } else { base_paid };
                self.premium_landed(step, sol, paid, 0, b, a, supply_delta, pools_delta);
                let id = self.products[product];
                let seq = self.f.product(id).next_cover_seq - 1;
                let pools = model::pool_set(pools);
                self.model.covers.push(Made {
                    address: mutual_sdk::cover::cover_address(id, seq),
                    product,
                    seq,
                    sol,
                    segments: vec![Segment {
                        start: now,
                        pools,
                        capacity_ratio,
                    }],
                });
            }
            Step::BrokerBuy(_, _, commission, twice) => {
                let to_treasury = if twice {
                    0
                } else {
                    a.base[BROKER_TREASURY] - b.base[BROKER_TREASURY]
                };
                // a commission is at most its bps of the premium, and the premium the rest
                let premium = base_paid - to_treasury;
                assert!(
                    u128::from(to_treasury) * 10_000
                        <= u128::from(premium) * u128::from(commission) + 10_000,
                    "{step:?}: commission {to_treasury} on {premium}"
                );
                self.premium_landed(
                    step,
                    false,
                    base_paid,
                    to_treasury,
                    b,
                    a,
                    supply_delta,
                    pools_delta,
                );
                let id = self.products[0];
                let seq = self.f.product(id).next_cover_seq - 1;
                self.model.covers.push(Made {
                    address: mutual_sdk::cover::cover_address(id, seq),
                    product: 0,
                    seq,
                    sol: false,
                    segments: vec![Segment {
                        start: now,
                        pools: ALL_POOLS,
                        capacity_ratio,
                    }],
                });
            }
            Step::CoverEdit(c, _, _, pools) => {
                let sol = m.covers[c].sol;
                let pools = model::pool_set(pools);
                m.covers[c].segments.push(Segment {
                    start: now,
                    pools,
                    capacity_ratio,
                });
                let paid = if sol { sol_paid } else { base_paid };
                self.premium_landed(step, sol, paid, 0, b, a, supply_delta, pools_delta);
            }
            Step::CoverRenew(c, _) | Step::AutoRenewCrank(c, _) => {
                // nothing left to claim is nothing to renew (issue 25, 10)
                assert_eq!(planned.figure, 0, "{step:?}: renewed a paid-out cover");
                let start = self.f.cover(&m.covers[c].address).map_or(0, |c| c.start);
                let pools = match step {
                    Step::CoverRenew(_, pools) => renewal_set(&m.covers[c], pools),
                    _ => m.covers[c].pools(),
                };
                m.covers[c].segments.push(Segment {
                    start,
                    pools,
                    capacity_ratio,
                });
                let sol = m.covers[c].sol;
                let paid = if sol { sol_paid } else { base_paid };
                self.premium_landed(step, sol, paid, 0, b, a, supply_delta, pools_delta);
            }
            Step::ClaimSubmit(c, amount) => {
                let made = &m.covers[c];
                let seq = self.f.cover(&made.address).map_or(1, |c| c.claim_count) - 1;
                let address = pda::claim(&made.address, seq).0;
                m.claims.push(Filed {
                    address,
                    cover: c,
                    claimant: i,
                    amount,
                    sol: made.sol,
                    segment: made.segment_at(now),
                    deposit: self.f.claim(&address).map_or(0, |c| c.deposit),
                    open: true,
                    votes: Vec::new(),
                });
            }
            Step::Vote(v, c, accept) | Step::Commit(v, c, accept) => {
                assert_eq!(planned.figure, 0, "{step:?}: a banned assessor voted");
                m.claims[c].votes.push((v, accept));
            }
            Step::Reveal(..) => {
                assert_eq!(planned.figure, 0, "{step:?}: a banned assessor revealed")
            }
            Step::Redeem(c) => {
                let claim = &mut m.claims[c];
                claim.open = false;
                // the claimant receives exactly what they filed: in kind, and any shortfall in base
                if claim.sol {
                    assert!(
                        sol_got <= claim.amount,
                        "{step:?}: paid {sol_got} of {}",
                        claim.amount
                    );
                    assert!(
                        sol_got == claim.amount || base_got > 0,
                        "{step:?}: a shortfall went unpaid"
                    );
                } else {
                    assert_eq!((base_got, sol_got), (claim.amount, 0), "{step:?}: payout");
                }
                m.vault -= base_got;
                m.sol_vault -= sol_got;
                m.payouts += base_got;
                let burnt = u64::try_from(-supply_delta).unwrap_or(0);
                m.burnt += burnt;
                // the payout burns stake from the pools of the segment it concerns, and nothing else
                assert_eq!(pools_delta, supply_delta, "{step:?}: burns");
                assert!(supply_delta <= 0, "{step:?}: a payout minted");
                for p in (0..POOLS).filter(|p| claim.segment.pools & (1 << p) == 0) {
                    assert_eq!(
                        a.pool_vaults[p], b.pool_vaults[p],
                        "{step:?}: pool {p} burnt for a claim on pools {:b}",
                        claim.segment.pools
                    );
                }
                // as much as the payout is worth in stake at the capacity ratio the segment was bought at
                // (issue 25, 6), unless a pool's stake caps it
                if !claim.sol {
                    let book_value = model::book_value(b.snapshot.capital, b.supply);
                    let expected =
                        model::payout_burn(claim.amount, book_value, claim.segment.capacity_ratio);
                    if planned.figure >= expected.saturating_mul(2) {
                        // each pool's share rounds up twice on its own (its part of the payout, then over the ratio)
                        assert!(
                            burnt.abs_diff(expected) <= 2 * POOLS as u64,
                            "{step:?}: burnt {burnt} for a payout worth {expected}"
                        );
                        self.report.checks += 1;
                    }
                }
                m.pool_vaults = a.pool_vaults;
            }
            Step::Close(c) => {
                let still_open = self
                    .f
                    .claim(&m.claims[c].address)
                    .is_some_and(|c| c.is_open());
                // a denied or lapsed claim's deposit, as filed, goes to the treasury
                if m.claims[c].open && !still_open {
                    m.treasury += m.claims[c].deposit;
                }
                m.claims[c].open = still_open;
            }
            Step::RewardClaim(v, _) => {
                let got = i128::from(a.assessor_stake(v)) - i128::from(b.assessor_stake(v));
                assert_eq!(supply_delta, got, "{step:?}: a reward minted elsewhere");
            }
            Step::AssessorStake(_, amount) => m.assessment_vault += amount,
            Step::AssessorUnstake(_, amount) => m.assessment_vault -= amount,
            Step::FraudFlag(_) => {
                m.assessment_vault -= planned.figure;
                assert_eq!(supply_delta, -i128::from(planned.figure), "{step:?}: burnt");
            }
            Step::Sweep => {
                let swept = b.treasury_lamports - a.treasury_lamports;
                assert_eq!(a.sol_vault - b.sol_vault, swept, "{step:?}: swept");
                m.sol_vault += swept;
                m.treasury -= swept;
            }
            _ => {}
        }
    }

    /// A premium of `paid` (in the cover's asset) landed in its vault, less `commission`: the vault's ledger
    /// takes it, rewards go only to the pools' vaults and are at most the stakers' share of it at book value.
    #[allow(clippy::too_many_arguments)]
    fn premium_landed(
        &mut self,
        step: Step,
        sol: bool,
        paid: u64,
        commission: u64,
        b: &Balances,
        a: &Balances,
        supply_delta: i128,
        pools_delta: i128,
    ) {
        let premium = paid - commission;
        if sol {
            self.model.sol_vault += premium;
        } else {
            self.model.vault += premium;
            self.model.premiums += premium;
            // at the book value gross of pending payouts (decision 42): the recorded capital over the supply as
            // it stands (decision 68)
            let book_value = model::book_value(b.snapshot.capital, b.supply);
            let ratio = self.f.config().params.rewards_ratio.get();
            let most = model::rewards_at_most(premium, ratio, book_value);
            assert!(
                supply_delta <= i128::from(most),
                "{step:?}: rewards {supply_delta} above {most} for {premium}"
            );
        }
        assert_eq!(
            pools_delta, supply_delta,
            "{step:?}: rewards minted outside the pools"
        );
        assert!(supply_delta >= 0, "{step:?}: a premium burnt stake");
        for p in 0..POOLS {
            self.model.rewards[p] += a.pool_vaults[p] - b.pool_vaults[p];
        }
        self.model.pool_vaults = a.pool_vaults;
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

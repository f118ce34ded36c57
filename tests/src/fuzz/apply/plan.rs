//! Planning a step: the instructions and signers it sends, or `None` when it names nothing that exists.
use super::{changed_params, renewal_set, salt, wsol_account, Planned};
use crate::fuzz::model;
use crate::fuzz::{Fuzz, Step, ALL_POOLS, BROKER, BROKER_TREASURY};
use crate::*;
use mutual::state::{ProductTerms, Vote};
use mutual_sdk::{ix, pda, Pubkey, Signer, Transport};

impl Fuzz {
    /// The step's instructions, or `None` when it names nothing that exists (refused before sending, as a
    /// client would refuse it).
    pub(super) fn plan_step(&self, step: Step) -> Option<Planned> {
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
}

//! The steps the fuzz takes, and the adversary that chooses them: single steps at random, and strategies that
//! lay out a short plan of steps an attacker would try (docs/testing.md lists them). Every field is a plain
//! number, so a step's `Debug` form is the Rust that replays it.
use super::model::Model;
use super::rng::Rng;
use super::{ACTORS, ALL_POOLS, ASSESSORS, FRAUDSTER, POOLS, PRODUCTS};
use crate::{DAY, STAKE, USDC};

/// One step an actor takes. Indices name actors, assessors, pools and products of the setup, and covers, claims
/// and positions in the order the model saw them made; one that names nothing yet is refused before sending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Join(usize),
    Leave(usize),
    Buy(usize, u64),
    /// Sells this share (bps) of the actor's stake.
    Sell(usize, u16),
    /// A buy and a sale of what it minted, in one transaction.
    RoundTrip(usize, u64),
    Donate(usize, u64),
    /// Actor stakes `amount` in pool `p`, in the tranche `offset` after the current one.
    Deposit(usize, usize, u32, u64),
    /// Position `n` moves `by` tranches later; 0 moves it to the last active tranche.
    Extend(usize, u32),
    Withdraw(usize),
    /// Position `n` goes to actor `to`.
    PositionTransfer(usize, usize),
    /// The permissionless expiry crank on pool `p`.
    Crank(usize),
    /// Actor buys `amount` of product `product` (in wrapped SOL when `sol`) for `days` over the pool set `pools`
    /// (a bit mask: bit p is pool p).
    CoverBuy(usize, usize, bool, u64, u32, usize),
    /// The broker (actor 3) buys `amount` for actor `owner` with `commission` bps to itself; `twice` names the
    /// broker's own paying account as the commission account (the same account twice).
    BrokerBuy(usize, u64, u16, bool),
    /// Cover `c` becomes `amount` for `days` from now over the pool set `pools`.
    CoverEdit(usize, u64, u32, usize),
    /// Cover `c`'s owner renews it over the pool set `pools`; 0 keeps the pools it has.
    CoverRenew(usize, usize),
    AutoRenewSet(usize, u64),
    /// Actor `cranker` renews cover `c` on its owner's allowance.
    AutoRenewCrank(usize, usize),
    AutoRenewCancel(usize),
    CoverTransfer(usize, usize),
    CoverExpire(usize),
    ClaimSubmit(usize, u64),
    /// Assessor `a` votes openly on claim `c`.
    Vote(usize, usize, bool),
    /// Assessor `a` commits a hidden vote on claim `c`.
    Commit(usize, usize, bool),
    Reveal(usize, usize),
    Redeem(usize),
    Close(usize),
    RewardClaim(usize, usize),
    AssessorStake(usize, u64),
    AssessorUnstake(usize, u64),
    /// The authority flags assessor `a` as fraudulent.
    FraudFlag(usize),
    /// The crank undoes assessor `a`'s votes on the open claims they voted on.
    FraudUndo(usize),
    /// The authority proposes a parameter change (`which`, `value`), landing after the timelock.
    ParamsPropose(u8, u64),
    ParamsExecute,
    Pause(u8),
    Unpause(u8),
    /// The authority updates product `p`: commit-reveal on or off, a new minimum price (bps).
    ProductUpdate(usize, bool, u16),
    /// Pool `p`'s manager lists product `product` at `weight` and `price` bps.
    ManagerPrice(usize, usize, u16, u16),
    PoolFee(usize, u16),
    /// Pyth publishes SOL at `dollars`; the snapshot is refreshed only when `refresh`.
    SolPrice(u16, bool),
    Refresh,
    Sweep,
    Warp(i64),
    /// To an edge of cover `c`'s life: 0 its renewal window's first day, 1 its last second, 2 its end, 3 the last
    /// second of its grace, 4 past its grace.
    WarpToCover(usize, u8),
    /// To an edge of claim `c`'s poll: 0 the last second of voting, 1 the tally's end, 2 the last second of the
    /// cooldown, 3 its end, 4 the last second of the payout window, 5 past it.
    WarpToClaim(usize, u8),
}

/// The kinds of single step, with how often the adversary tries each.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Join,
    Leave,
    Buy,
    Sell,
    RoundTrip,
    Donate,
    Deposit,
    Extend,
    Withdraw,
    PositionTransfer,
    Crank,
    CoverBuy,
    BrokerBuy,
    CoverEdit,
    CoverRenew,
    AutoRenewSet,
    AutoRenewCrank,
    AutoRenewCancel,
    CoverTransfer,
    CoverExpire,
    ClaimSubmit,
    Vote,
    Commit,
    Reveal,
    Redeem,
    Close,
    RewardClaim,
    AssessorStake,
    AssessorUnstake,
    FraudFlag,
    FraudUndo,
    Params,
    Pause,
    ProductUpdate,
    ManagerPrice,
    PoolFee,
    SolPrice,
    Refresh,
    Sweep,
    Warp,
    WarpToCover,
    WarpToClaim,
    Strategy,
}

const KINDS: &[(u64, Kind)] = &[
    (2, Kind::Join),
    (1, Kind::Leave),
    (6, Kind::Buy),
    (5, Kind::Sell),
    (2, Kind::RoundTrip),
    (1, Kind::Donate),
    (4, Kind::Deposit),
    (4, Kind::Extend),
    (3, Kind::Withdraw),
    (1, Kind::PositionTransfer),
    (2, Kind::Crank),
    (6, Kind::CoverBuy),
    (2, Kind::BrokerBuy),
    (3, Kind::CoverEdit),
    (2, Kind::CoverRenew),
    (1, Kind::AutoRenewSet),
    (2, Kind::AutoRenewCrank),
    (1, Kind::AutoRenewCancel),
    (1, Kind::CoverTransfer),
    (2, Kind::CoverExpire),
    (4, Kind::ClaimSubmit),
    (5, Kind::Vote),
    (2, Kind::Commit),
    (2, Kind::Reveal),
    (4, Kind::Redeem),
    (2, Kind::Close),
    (2, Kind::RewardClaim),
    (1, Kind::AssessorStake),
    (1, Kind::AssessorUnstake),
    (1, Kind::FraudFlag),
    (1, Kind::FraudUndo),
    (1, Kind::Params),
    (1, Kind::Pause),
    (1, Kind::ProductUpdate),
    (1, Kind::ManagerPrice),
    (1, Kind::PoolFee),
    (2, Kind::SolPrice),
    (2, Kind::Refresh),
    (1, Kind::Sweep),
    (3, Kind::Warp),
    (1, Kind::WarpToCover),
    (3, Kind::WarpToClaim),
    (6, Kind::Strategy),
];

/// Attacks of several steps.
#[derive(Clone, Copy, Debug)]
enum Strategy {
    /// A bogus claim for the whole cover, accepted by the tiniest assessor alone, then trades, purchases, a
    /// payout and another filing while it leads.
    BogusClaim,
    /// Large claims accepted with the quorum push the pending payouts towards the capital, while others trade;
    /// then each is redeemed: a due payout the vault holds must land (issue 25, 3).
    PendingNearCapital,
    /// A renewal or an edit just before a claim.
    ChangeBeforeClaim,
    /// A dust cover and a free edit before someone else's purchase or renewal crank.
    DustBeforeOthers,
    /// A pool manager prices their own listing at the maximum, then a purchase lands on it.
    ManagerAtMaximum,
    /// A vote, the voter flagged and undone, around a payout.
    FlagAroundPayout,
    /// Governance lands between a purchase and its claim: parameters, a product update or a pause.
    GovernanceBetween,
    /// Wrapped-SOL cover, premium and claim while SOL moves and nobody refreshes.
    SolWithoutRefresh,
    /// Several steps in one slot (no warp between them).
    SameSlot,
}

const STRATEGIES: &[(u64, Strategy)] = &[
    (3, Strategy::BogusClaim),
    (1, Strategy::PendingNearCapital),
    (2, Strategy::ChangeBeforeClaim),
    (2, Strategy::DustBeforeOthers),
    (1, Strategy::ManagerAtMaximum),
    (2, Strategy::FlagAroundPayout),
    (2, Strategy::GovernanceBetween),
    (2, Strategy::SolWithoutRefresh),
    (1, Strategy::SameSlot),
];

/// The smallest assessor (1 whole token): alone, a tiny vote.
pub const TINY_ASSESSOR: usize = 1;

/// The next steps: one single step, or a strategy's plan.
pub fn next_steps(r: &mut Rng, model: &Model) -> Vec<Step> {
    match r.weighted(KINDS) {
        Kind::Strategy => plan(r, model),
        // a pause lasts a few steps, then the authority lifts it
        Kind::Pause => {
            let areas = u8::try_from(1 + r.below(15)).unwrap_or(1);
            let mut steps = vec![Step::Pause(areas)];
            for _ in 0..1 + r.below(4) {
                let kind = r.weighted(KINDS);
                if !matches!(kind, Kind::Strategy | Kind::Pause) {
                    steps.push(single(r, model, kind));
                }
            }
            steps.push(Step::Unpause(if r.chance(4) { areas } else { 15 }));
            steps
        }
        kind => vec![single(r, model, kind)],
    }
}

fn single(r: &mut Rng, m: &Model, kind: Kind) -> Step {
    let actor = r.index(ACTORS);
    let cover = recent(r, m.covers.len());
    let claim = recent(r, m.claims.len());
    let position = r.index(m.positions.len().max(1));
    let assessor = r.index(ASSESSORS);
    let pool = r.index(POOLS);
    match kind {
        Kind::Join => Step::Join(actor),
        Kind::Leave => Step::Leave(actor),
        Kind::Buy => Step::Buy(actor, r.amount(20_000 * USDC)),
        Kind::Sell => Step::Sell(actor, bps(r)),
        Kind::RoundTrip => Step::RoundTrip(actor, r.amount(20_000 * USDC)),
        Kind::Donate => Step::Donate(actor, 1 + r.below(100 * USDC)),
        Kind::Deposit => Step::Deposit(actor, pool, offset(r), r.amount(500 * STAKE)),
        Kind::Extend => {
            let by = if r.chance(2) { 0 } else { 1 + offset(r) };
            Step::Extend(position, by)
        }
        Kind::Withdraw => Step::Withdraw(position),
        Kind::PositionTransfer => Step::PositionTransfer(position, actor),
        Kind::Crank => Step::Crank(pool),
        Kind::CoverBuy => {
            let sol = r.chance(4);
            cover_buy(r, actor, sol)
        }
        Kind::BrokerBuy => Step::BrokerBuy(
            actor,
            r.amount(3_000 * USDC),
            u16::try_from(r.below(2_000)).unwrap_or(0),
            r.chance(4),
        ),
        Kind::CoverEdit => Step::CoverEdit(cover, r.amount(3_000 * USDC), days(r), pools(r)),
        Kind::CoverRenew => Step::CoverRenew(cover, renewal_pools(r)),
        Kind::AutoRenewSet => Step::AutoRenewSet(cover, r.amount(500 * USDC)),
        Kind::AutoRenewCrank => Step::AutoRenewCrank(cover, actor),
        Kind::AutoRenewCancel => Step::AutoRenewCancel(cover),
        Kind::CoverTransfer => Step::CoverTransfer(cover, actor),
        Kind::CoverExpire => Step::CoverExpire(cover),
        Kind::ClaimSubmit => Step::ClaimSubmit(cover, r.amount(3_000 * USDC)),
        Kind::Vote => Step::Vote(assessor, claim, r.below(3) > 0),
        Kind::Commit => Step::Commit(assessor, claim, r.below(3) > 0),
        Kind::Reveal => Step::Reveal(assessor, claim),
        Kind::Redeem => Step::Redeem(claim),
        Kind::Close => Step::Close(claim),
        Kind::RewardClaim => Step::RewardClaim(assessor, claim),
        Kind::AssessorStake => Step::AssessorStake(assessor, r.amount(50 * STAKE)),
        Kind::AssessorUnstake => Step::AssessorUnstake(assessor, r.amount(50 * STAKE)),
        Kind::FraudFlag => Step::FraudFlag(FRAUDSTER),
        Kind::FraudUndo => Step::FraudUndo(FRAUDSTER),
        Kind::Params => {
            if r.chance(2) {
                Step::ParamsExecute
            } else {
                Step::ParamsPropose(u8::try_from(r.below(6)).unwrap_or(0), r.next_u64())
            }
        }
        Kind::Pause => Step::Unpause(u8::try_from(1 + r.below(15)).unwrap_or(1)),
        Kind::ProductUpdate => Step::ProductUpdate(
            r.index(PRODUCTS),
            r.chance(2),
            u16::try_from(50 + r.below(300)).unwrap_or(100),
        ),
        Kind::ManagerPrice => manager_price(r, pool),
        Kind::PoolFee => Step::PoolFee(pool, u16::try_from(r.below(2_500)).unwrap_or(0)),
        Kind::SolPrice => {
            Step::SolPrice(u16::try_from(20 + r.below(400)).unwrap_or(150), r.chance(3))
        }
        Kind::Refresh => Step::Refresh,
        Kind::Sweep => Step::Sweep,
        Kind::Warp => Step::Warp(warp(r)),
        Kind::WarpToCover => Step::WarpToCover(cover, u8::try_from(r.below(5)).unwrap_or(0)),
        Kind::WarpToClaim => Step::WarpToClaim(claim, u8::try_from(r.below(6)).unwrap_or(0)),
        Kind::Strategy => Step::Refresh,
    }
}

fn plan(r: &mut Rng, m: &Model) -> Vec<Step> {
    let actor = r.index(ACTORS);
    let other = (actor + 1 + r.index(ACTORS - 1)) % ACTORS;
    // the cover a plan's purchase will make, and the claim its filing will make
    let next_cover = m.covers.len();
    let next_claim = m.claims.len();
    let amount = 1 + r.below(2_000 * USDC);
    match r.weighted(STRATEGIES) {
        Strategy::BogusClaim => vec![
            Step::CoverBuy(actor, 0, false, amount, 60, pools(r)),
            Step::Warp(1),
            Step::ClaimSubmit(next_cover, amount),
            Step::Vote(TINY_ASSESSOR, next_claim, true),
            Step::Sell(other, bps(r)),
            Step::Buy(other, r.amount(5_000 * USDC)),
            cover_buy(r, other, false),
            Step::Redeem(next_claim),
            Step::ClaimSubmit(next_cover, amount),
            Step::WarpToClaim(next_claim, 3),
            Step::Redeem(next_claim),
        ],
        Strategy::PendingNearCapital => {
            let mut steps = Vec::new();
            let large: Vec<u64> = (0..3)
                .map(|_| 10_000 * USDC + r.below(50_000 * USDC))
                .collect();
            for (k, amount) in large.iter().enumerate() {
                steps.push(Step::CoverBuy(k, 0, false, *amount, 365, ALL_POOLS));
            }
            steps.push(Step::Warp(1));
            for (k, amount) in large.iter().enumerate() {
                steps.push(Step::ClaimSubmit(next_cover + k, *amount));
                // assessor 0 holds the quorum exactly: the liability counts
                steps.push(Step::Vote(0, next_claim + k, true));
            }
            steps.push(Step::Sell(other, bps(r)));
            steps.push(Step::Buy(other, r.amount(5_000 * USDC)));
            steps.push(cover_buy(r, other, false));
            steps.push(Step::WarpToClaim(next_claim, 3));
            steps.extend((0..3).map(|k| Step::Redeem(next_claim + k)));
            steps
        }
        Strategy::ChangeBeforeClaim => {
            let c = recent(r, m.covers.len());
            let change = if r.chance(2) {
                Step::CoverRenew(c, renewal_pools(r))
            } else {
                Step::CoverEdit(c, r.amount(3_000 * USDC), days(r), pools(r))
            };
            // a second later (a claim in the change's slot is refused), then accepted and redeemed: the burn
            // must fall on the old segment's pools (issue 25, 2)
            vec![
                Step::WarpToCover(c, 0),
                change,
                Step::Warp(1),
                Step::ClaimSubmit(c, r.amount(3_000 * USDC)),
                Step::Vote(0, next_claim, true),
                Step::Vote(2, next_claim, true),
                Step::WarpToClaim(next_claim, 3),
                Step::Redeem(next_claim),
            ]
        }
        Strategy::DustBeforeOthers => {
            let mut steps = vec![
                Step::CoverBuy(actor, 0, false, 1, 28, ALL_POOLS),
                Step::CoverEdit(next_cover, 1, 28, 1),
                Step::CoverEdit(next_cover, 1 + r.below(3), 365, ALL_POOLS),
            ];
            if r.chance(2) && !m.covers.is_empty() {
                let victim = r.index(m.covers.len());
                steps.insert(0, Step::WarpToCover(victim, 0));
                steps.push(Step::AutoRenewCrank(victim, actor));
            } else {
                steps.push(cover_buy(r, other, false));
            }
            steps
        }
        Strategy::ManagerAtMaximum => {
            let pool = r.index(POOLS);
            vec![
                Step::ManagerPrice(pool, 0, 100, 10_000),
                Step::CoverBuy(actor, 0, false, amount, days(r), 1 << pool),
                Step::ManagerPrice(pool, 0, 100, 300),
            ]
        }
        Strategy::FlagAroundPayout => {
            let a = FRAUDSTER;
            let c = recent(r, m.claims.len());
            vec![
                Step::Vote(a, c, true),
                Step::FraudFlag(a),
                Step::Redeem(c),
                Step::FraudUndo(a),
                Step::WarpToClaim(c, 3),
                Step::Redeem(c),
                Step::Close(c),
            ]
        }
        Strategy::GovernanceBetween => {
            let between = match r.below(3) {
                0 => Step::ParamsPropose(u8::try_from(r.below(6)).unwrap_or(0), r.next_u64()),
                1 => Step::ProductUpdate(
                    0,
                    r.chance(2),
                    u16::try_from(50 + r.below(300)).unwrap_or(100),
                ),
                _ => Step::Pause(u8::try_from(1 + r.below(15)).unwrap_or(1)),
            };
            vec![
                Step::CoverBuy(actor, 0, false, amount, days(r), pools(r)),
                between,
                Step::Warp(2 * DAY),
                Step::ParamsExecute,
                Step::ClaimSubmit(next_cover, amount),
                Step::Unpause(15),
                // accepted and redeemed: the burn is priced at the ratio bought (issue 25, 6)
                Step::Vote(0, next_claim, true),
                Step::Vote(2, next_claim, true),
                Step::WarpToClaim(next_claim, 3),
                Step::Redeem(next_claim),
            ]
        }
        Strategy::SolWithoutRefresh => vec![
            Step::SolPrice(u16::try_from(20 + r.below(400)).unwrap_or(150), false),
            Step::CoverBuy(
                actor,
                0,
                true,
                1 + r.below(20 * crate::SOL),
                days(r),
                pools(r),
            ),
            Step::Sell(other, bps(r)),
            Step::SolPrice(u16::try_from(20 + r.below(400)).unwrap_or(150), false),
            Step::ClaimSubmit(next_cover, 1 + r.below(20 * crate::SOL)),
            Step::Vote(0, next_claim, true),
            Step::Vote(2, next_claim, true),
            Step::WarpToClaim(next_claim, 3),
            Step::Redeem(next_claim),
        ],
        Strategy::SameSlot => (0..2 + r.index(4))
            .map(|_| loop {
                let kind = r.weighted(KINDS);
                let step = single(r, m, kind);
                if !matches!(step, Step::Warp(_)) {
                    break step;
                }
            })
            .collect(),
    }
}

/// One of `len` things made so far: mostly among the last eight (what is still alive), sometimes any.
fn recent(r: &mut Rng, len: usize) -> usize {
    if len > 8 && !r.chance(4) {
        len - 1 - r.index(8)
    } else {
        r.index(len.max(1))
    }
}

fn cover_buy(r: &mut Rng, actor: usize, sol: bool) -> Step {
    let amount = if sol {
        r.amount(20 * crate::SOL)
    } else {
        r.amount(3_000 * USDC)
    };
    Step::CoverBuy(actor, r.index(PRODUCTS), sol, amount, days(r), pools(r))
}

/// A pool set: any non-empty one.
pub fn pools(r: &mut Rng) -> usize {
    1 + r.index(ALL_POOLS)
}

/// A renewal's pools: mostly the cover's own, sometimes others (a claim still concerns the old segment).
fn renewal_pools(r: &mut Rng) -> usize {
    if r.chance(2) {
        0
    } else {
        pools(r)
    }
}

fn manager_price(r: &mut Rng, pool: usize) -> Step {
    let price = if r.chance(3) {
        10_000
    } else {
        u16::try_from(100 + r.below(900)).unwrap_or(300)
    };
    let weight = u16::try_from(r.below(101)).unwrap_or(50);
    Step::ManagerPrice(pool, r.index(PRODUCTS), weight, price)
}

fn bps(r: &mut Rng) -> u16 {
    u16::try_from(r.below(10_001)).unwrap_or(10_000)
}

/// A tranche offset: mostly ahead, sometimes past the last active tranche.
fn offset(r: &mut Rng) -> u32 {
    u32::try_from(r.below(9)).unwrap_or(0)
}

/// A cover period: the bounds and their neighbours, and anything between.
fn days(r: &mut Rng) -> u32 {
    match r.below(12) {
        0 => 27,
        1 => 28,
        2 => 365,
        3 => 366,
        _ => u32::try_from(28 + r.below(338)).unwrap_or(28),
    }
}

/// Seconds to months: tranche (91 days) and bucket (28 days) boundaries, grace, cooldown and payout windows.
fn warp(r: &mut Rng) -> i64 {
    let choices = [
        1,
        60,
        3_600,
        DAY,
        3 * DAY,
        7 * DAY,
        14 * DAY,
        28 * DAY,
        31 * DAY,
        91 * DAY,
    ];
    choices[r.index(choices.len())]
}

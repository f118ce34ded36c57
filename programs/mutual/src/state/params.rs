use crate::constants::{DAY, LAMPORTS_PER_SOL};
use crate::errors::MutualError;
use crate::math::Bps;
use anchor_lang::prelude::*;

/// Every tunable of the protocol (PROTOCOL.md §8, §12). Governance replaces the whole set at once, through
/// `params_propose` and, `params_delay` later, `params_execute`. `validate` holds each value to its bound and
/// `validate_change` bounds the step from the current set, so no change can leave the protocol in a state the
/// math was not written for, and none takes effect before members could leave.
#[derive(AnchorSerialize, AnchorDeserialize, InitSpace, Clone, Copy, Debug, PartialEq, Eq)]
pub struct Params {
    /// Capacity per unit of stake: 1x–5x.
    pub capacity_ratio: Bps,
    /// Price bump for a buy that takes the whole capacity: ≤ 20%.
    pub price_bump: Bps,
    /// How fast a bumped price decays back to target, per day: ≤ 20%.
    pub price_decay_per_day: Bps,
    /// Floor of every annual cover price: ≥ 1 bp.
    pub min_price: Bps,
    /// Most a broker may add on top of the premium: ≤ 50%.
    pub max_commission: Bps,
    /// Share of each premium minted to stakers as rewards: ≤ 100%.
    pub rewards_ratio: Bps,
    /// Lamports a wallet pays to the treasury to join: ≤ 1 SOL.
    pub join_fee: u64,
    /// Assessment timing, in seconds: each > 0 and ≤ 30 days.
    pub min_voting_period: u32,
    pub silent_ending_period: u32,
    pub cooldown_period: u32,
    pub payout_window: u32,
    pub assessor_lock_period: u32,
    pub reveal_period: u32,
    /// A poll that nobody votes on is denied after this long: ≥ min_voting_period, ≤ 30 days.
    pub max_poll_period: u32,
    /// Claim deposit floor, lamports: ≤ 10 SOL.
    pub min_deposit: u64,
    /// Cap of a claim's assessment reward, stake-token base units: 1 to 10,000 tokens.
    pub max_reward: u64,
    /// Assessment reward per year of cover, of the claimed amount: ≤ 100%.
    pub reward_ratio: Bps,
    /// Active cover per unit of MCR: 1x–6x, and at most doubled or halved per change.
    pub mcr_ratio: Bps,
    /// MCR floor, base-asset units: > 0, and one change at most doubles or halves it.
    pub min_mcr: u64,
    /// Spread of token_buy/token_sell around book value: 0.5%–10%. Without a spread a trader could buy just
    /// before a premium or a forfeit lands and sell just after.
    pub token_buffer: Bps,
    /// Base units per whole stake token for the first mint: > 0.
    pub initial_book_value: u64,
    /// Oldest capital snapshot an instruction accepts, seconds: 1 s–1 day.
    pub max_snapshot_age: u32,
    /// Oldest Pyth price accepted, seconds: 1 s–1 hour.
    pub oracle_max_age: u32,
    /// Widest Pyth confidence accepted, as a share of price: 1 bp–10%.
    pub max_conf: Bps,
    /// How long a proposed parameter change waits before it can be executed, seconds: 1–30 days.
    pub params_delay: u32,
    /// Accept weight (assessor stake, base units) a claim needs behind it before its payout counts against
    /// sales: 1 to 1,000,000 tokens. Below it, however the tally stands, nothing a seller gets moves (decision 56).
    pub liability_quorum: u64,
}

const MAX_ASSESSMENT_PERIOD: u32 = 30 * DAY as u32;
/// PROTOCOL.md §12's bounds for the parameters §8 left open.
const MAX_JOIN_FEE: u64 = LAMPORTS_PER_SOL;
const MAX_MIN_DEPOSIT: u64 = 10 * LAMPORTS_PER_SOL;
const MAX_MAX_REWARD: u64 = 10_000 * crate::constants::STAKE_UNIT;
const MAX_LIABILITY_QUORUM: u64 = 1_000_000 * crate::constants::STAKE_UNIT;
const MIN_TOKEN_BUFFER: u16 = 50;

impl Params {
    /// The defaults of PROTOCOL.md §8. `min_mcr` and `initial_book_value` depend on the base asset's decimals, so
    /// the deployer chooses them.
    pub fn defaults(min_mcr: u64, initial_book_value: u64) -> Self {
        let day = DAY as u32;
        Params {
            capacity_ratio: Bps(20_000),
            price_bump: Bps(500),
            price_decay_per_day: Bps(200),
            min_price: Bps(100),
            max_commission: Bps(3_000),
            rewards_ratio: Bps(5_000),
            join_fee: 2 * LAMPORTS_PER_SOL / 1_000,
            min_voting_period: 3 * day,
            silent_ending_period: day,
            cooldown_period: day,
            payout_window: 30 * day,
            assessor_lock_period: 14 * day,
            reveal_period: day,
            max_poll_period: 7 * day,
            min_deposit: 5 * LAMPORTS_PER_SOL / 100,
            max_reward: 50 * crate::constants::STAKE_UNIT,
            reward_ratio: Bps(130),
            mcr_ratio: Bps(48_000),
            min_mcr,
            token_buffer: Bps(100),
            initial_book_value,
            max_snapshot_age: 3_600,
            oracle_max_age: 60,
            max_conf: Bps(200),
            params_delay: 2 * day,
            liability_quorum: 100 * crate::constants::STAKE_UNIT,
        }
    }

    /// All zeros: the placeholder of `Config::pending_params` when nothing is pending (never valid itself).
    pub fn zeroed() -> Self {
        let zero = Bps(0);
        Params {
            capacity_ratio: zero,
            price_bump: zero,
            price_decay_per_day: zero,
            min_price: zero,
            max_commission: zero,
            rewards_ratio: zero,
            join_fee: 0,
            min_voting_period: 0,
            silent_ending_period: 0,
            cooldown_period: 0,
            payout_window: 0,
            assessor_lock_period: 0,
            reveal_period: 0,
            max_poll_period: 0,
            min_deposit: 0,
            max_reward: 0,
            reward_ratio: zero,
            mcr_ratio: zero,
            min_mcr: 0,
            token_buffer: zero,
            initial_book_value: 0,
            max_snapshot_age: 0,
            oracle_max_age: 0,
            max_conf: zero,
            params_delay: 0,
            liability_quorum: 0,
        }
    }

    /// Holds every parameter to its bound (PROTOCOL.md §8; the bounds the spec leaves open are in
    /// docs/architecture.md).
    pub fn validate(&self) -> Result<()> {
        require!(
            (10_000..=50_000).contains(&self.capacity_ratio.0),
            MutualError::InvalidCapacityRatio
        );
        require!(self.price_bump.0 <= 2_000, MutualError::InvalidPriceBump);
        require!(
            self.price_decay_per_day.0 <= 2_000,
            MutualError::InvalidPriceDecay
        );
        require!(
            (1..=10_000).contains(&self.min_price.0),
            MutualError::InvalidMinPrice
        );
        require!(
            self.max_commission.0 <= 5_000,
            MutualError::InvalidMaxCommission
        );
        require!(
            self.rewards_ratio.0 <= 10_000,
            MutualError::InvalidRewardsRatio
        );
        for period in [
            self.min_voting_period,
            self.silent_ending_period,
            self.cooldown_period,
            self.payout_window,
            self.assessor_lock_period,
            self.reveal_period,
            self.max_poll_period,
        ] {
            require!(
                (1..=MAX_ASSESSMENT_PERIOD).contains(&period),
                MutualError::InvalidAssessmentPeriod
            );
        }
        require!(
            self.max_poll_period >= self.min_voting_period,
            MutualError::InvalidMaxPollPeriod
        );
        require!(
            self.reward_ratio.0 <= 10_000,
            MutualError::InvalidRewardRatio
        );
        require!(
            (10_000..=60_000).contains(&self.mcr_ratio.0),
            MutualError::InvalidMcrRatio
        );
        require!(
            (MIN_TOKEN_BUFFER..=1_000).contains(&self.token_buffer.0),
            MutualError::InvalidTokenBuffer
        );
        require!(self.join_fee <= MAX_JOIN_FEE, MutualError::InvalidJoinFee);
        require!(
            self.min_deposit <= MAX_MIN_DEPOSIT,
            MutualError::InvalidMinDeposit
        );
        require!(
            (1..=MAX_MAX_REWARD).contains(&self.max_reward),
            MutualError::InvalidMaxReward
        );
        require!(self.min_mcr > 0, MutualError::InvalidMinMcr);
        require!(
            (DAY as u32..=MAX_ASSESSMENT_PERIOD).contains(&self.params_delay),
            MutualError::InvalidParamsDelay
        );
        require!(
            self.initial_book_value > 0,
            MutualError::InvalidInitialBookValue
        );
        require!(
            (1..=DAY as u32).contains(&self.max_snapshot_age),
            MutualError::InvalidSnapshotAge
        );
        require!(
            (1..=3_600).contains(&self.oracle_max_age),
            MutualError::InvalidOracleMaxAge
        );
        require!(
            (1..=1_000).contains(&self.max_conf.0),
            MutualError::InvalidMaxConf
        );
        require!(
            (crate::constants::STAKE_UNIT..=MAX_LIABILITY_QUORUM).contains(&self.liability_quorum),
            MutualError::InvalidLiabilityQuorum
        );
        Ok(())
    }

    /// Bounds the step from `current` to `self`: min_mcr and mcr_ratio at most double or halve in one change, so
    /// that a change can't block every sale (or drop the solvency floor) at once.
    pub fn validate_change(&self, current: &Params) -> Result<()> {
        self.validate()?;
        let (new, old) = (u128::from(self.min_mcr), u128::from(current.min_mcr));
        require!(
            new <= old * 2 && new * 2 >= old,
            MutualError::MinMcrChangeTooLarge
        );
        // The MCR is active cover / mcr_ratio: the same step limit on the ratio bounds the MCR's jump.
        let (new, old) = (u32::from(self.mcr_ratio.0), u32::from(current.mcr_ratio.0));
        require!(
            new <= old * 2 && new * 2 >= old,
            MutualError::McrRatioChangeTooLarge
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;

impl Params {
    /// The claim periods in force now, as a cover records them at purchase (decision 58).
    pub fn poll_times(&self) -> crate::math::claims::PollTimes {
        crate::math::claims::PollTimes {
            voting_period: self.min_voting_period,
            silent_ending: self.silent_ending_period,
            reveal_period: self.reveal_period,
            cooldown: self.cooldown_period,
            payout_window: self.payout_window,
            max_poll: self.max_poll_period,
        }
    }
}

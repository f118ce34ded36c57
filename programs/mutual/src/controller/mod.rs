//! The controller floor, between `instructions/` and `state/` + `math/` (as Drift's `controller/`): the
//! account-bound orchestration several instructions share. A controller loads accounts from
//! `remaining_accounts`, makes CPIs and writes accounts back; its formulas live in `math/` and each account's own
//! rules in `state/`. Instructions call it; it never calls an instruction.
pub mod assets;
pub mod payout;
pub mod placement;
pub mod settlement;
pub mod staking;

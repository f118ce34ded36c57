//! Account layouts. Each account starts with `version` and ends with reserved bytes, has a `SIZE` with a test
//! that pins it, and owns the rules of its own transitions.
pub mod assessor_stake;
pub mod asset;
pub mod capital_snapshot;
pub mod claim;
pub mod config;
pub mod cover;
pub mod curator;
pub mod member;
pub mod params;
pub mod pool;
pub mod pool_product;
pub mod pool_tranche;
pub mod product;
pub mod risk_signals;
pub mod stake_position;
pub mod vote;

pub use assessor_stake::AssessorStake;
pub use asset::{Asset, PayoutSplit};
pub use capital_snapshot::{CapitalSnapshot, CapitalView, Holding, TradeSide};
pub use claim::{Claim, ClaimFiling, ClaimStatus, ClaimTerms, LiabilityChange};
pub use config::{pause_area, Config, VotingMode};
pub use cover::{Backing, Cover, CoverAllocation, CoverState, CoverStatus, PriorSegment, Segment};
pub use curator::Curator;
pub use member::Member;
pub use params::Params;
pub use pool::Pool;
pub use pool_product::{PoolProduct, ProductListing};
pub use pool_tranche::PoolTranche;
pub use product::{Product, ProductTerms};
pub use risk_signals::{ProductRisk, RiskSignals, Signals};
pub use stake_position::{StakePosition, Withdrawal};
pub use vote::{Vote, VoteChoice};

//! Account layouts. Each account starts with `version` and ends with reserved bytes, has a `SIZE` with a test
//! that pins it, and owns the rules of its own transitions.
pub mod asset;
pub mod capital_snapshot;
pub mod config;
pub mod curator;
pub mod member;
pub mod params;
pub mod product;
pub mod risk_signals;

pub use asset::Asset;
pub use capital_snapshot::CapitalSnapshot;
pub use config::{pause_area, Config, VotingMode};
pub use curator::Curator;
pub use member::Member;
pub use params::Params;
pub use product::{Product, ProductTerms};
pub use risk_signals::{ProductRisk, RiskSignals, Signals};

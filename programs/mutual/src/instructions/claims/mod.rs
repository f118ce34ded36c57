pub mod claim_close;
pub mod claim_fraud_undo_votes;
pub mod claim_redeem_payout;
pub mod claim_submit;
pub mod claim_vote_reveal;
pub mod claim_voting;
pub mod vote_reward_claim;

pub use claim_close::*;
pub use claim_fraud_undo_votes::*;
pub use claim_redeem_payout::*;
pub use claim_submit::*;
pub use claim_vote_reveal::*;
pub use claim_voting::*;
pub use vote_reward_claim::*;

use anchor_lang::prelude::*;

/// Every failure the program can return. Codes are `6000 + index` and are part of the ABI: new variants are only
/// ever appended.
#[error_code]
pub enum MutualError {
    #[msg("Arithmetic overflow: an amount is too large")]
    MathOverflow,
    #[msg("Only the program's upgrade authority may initialise the protocol")]
    NotUpgradeAuthority,
    #[msg("Only the protocol authority may do this")]
    NotAuthority,
    #[msg("Only the pending authority may accept the authority transfer")]
    NotPendingAuthority,
    #[msg("No authority transfer is pending")]
    NoPendingAuthority,
    #[msg("Only the authority or the guardian may pause")]
    NotPauser,
    #[msg("Pause areas must be a non-empty set of buy, claims, staking and token")]
    InvalidPauseAreas,
    #[msg("This area of the protocol is paused")]
    ProtocolPaused,
    #[msg("capacity_ratio must be between 1x and 5x (10_000..=50_000 bps)")]
    InvalidCapacityRatio,
    #[msg("price_bump must be at most 20% (2_000 bps)")]
    InvalidPriceBump,
    #[msg("price_decay_per_day must be at most 20% (2_000 bps)")]
    InvalidPriceDecay,
    #[msg("min_price must be between 1 bp and 100%")]
    InvalidMinPrice,
    #[msg("max_commission must be at most 50% (5_000 bps)")]
    InvalidMaxCommission,
    #[msg("rewards_ratio must be at most 100% (10_000 bps)")]
    InvalidRewardsRatio,
    #[msg("Assessment periods must be greater than 0 and at most 30 days")]
    InvalidAssessmentPeriod,
    #[msg("max_poll_period must be at least min_voting_period")]
    InvalidMaxPollPeriod,
    #[msg("reward_ratio must be at most 100% (10_000 bps)")]
    InvalidRewardRatio,
    #[msg("mcr_ratio must be between 1x and 6x (10_000..=60_000 bps)")]
    InvalidMcrRatio,
    #[msg("token_buffer must be between 0.5% and 10% (50 to 1_000 bps)")]
    InvalidTokenBuffer,
    #[msg("initial_book_value must be greater than 0")]
    InvalidInitialBookValue,
    #[msg("max_snapshot_age must be between 1 second and 1 day")]
    InvalidSnapshotAge,
    #[msg("oracle_max_age must be between 1 second and 1 hour")]
    InvalidOracleMaxAge,
    #[msg("max_conf must be between 1 bp and 10% (1_000 bps)")]
    InvalidMaxConf,
    #[msg("At most 8 assets can be registered")]
    TooManyAssets,
    #[msg("The stake token cannot be registered as an asset")]
    StakeMintNotAsset,
    #[msg("The base asset is valued 1:1 and takes no price feed")]
    BaseAssetHasNoFeed,
    #[msg("A non-base asset needs a Pyth feed id")]
    MissingPriceFeed,
    #[msg("The base asset cannot be abandoned")]
    CannotAbandonBaseAsset,
    #[msg("This Token-2022 mint has an extension the capital pool cannot hold safely")]
    UnsupportedMintExtension,
    #[msg("The wallet is not a member")]
    NotMember,
    #[msg("The member still holds stake tokens")]
    MemberHasStakeTokens,
    #[msg("The member still has open stake positions")]
    MemberHasPositions,
    #[msg("The member still has assessor stake")]
    MemberHasAssessorStake,
    #[msg("The member still has open claims")]
    MemberHasOpenClaims,
    #[msg("The account is not the member's stake-token account")]
    WrongStakeAccount,
    #[msg("Amount must be greater than 0")]
    ZeroAmount,
    #[msg("The result is below the minimum you accepted")]
    SlippageExceeded,
    #[msg("The sale would take capital below the minimum capital requirement")]
    BelowMcr,
    #[msg("The stake supply may not drop below one whole token")]
    SupplyBelowMinimum,
    #[msg("A mint from an empty or dust supply must bring it to at least one whole stake token")]
    FirstMintTooSmall,
    #[msg("Book value is zero: the stake token cannot be priced")]
    ZeroBookValue,
    #[msg("No base asset has been registered yet")]
    NoBaseAsset,
    #[msg("The account does not belong to this asset")]
    WrongAssetAccount,
    #[msg("The same account was passed twice where two distinct accounts are needed")]
    DuplicateAccount,
    #[msg("The new authority must differ from the current one")]
    SameAuthority,
    #[msg("The account holds fewer tokens than the amount")]
    InsufficientBalance,
    #[msg("The account already exists")]
    AlreadyInitialized,
    #[msg("The capital snapshot is older than max_snapshot_age: refresh it first")]
    StaleSnapshot,
    #[msg("Cannot sell more stake tokens than exist")]
    SellExceedsSupply,
    // products and risk signals
    #[msg("A product name must be 1 to 32 bytes")]
    InvalidProductName,
    #[msg("A wording URI must be 1 to 128 bytes")]
    InvalidWordingUri,
    #[msg("The wording hash must not be all zero")]
    InvalidWordingHash,
    #[msg("Cover assets must be a non-empty set of registered asset indexes")]
    InvalidCoverAssets,
    #[msg("A grace period may be at most 90 days")]
    InvalidGracePeriod,
    #[msg("A product needs 1 bp <= min_price <= initial_price <= 100%")]
    InvalidProductPrice,
    #[msg("A product's pool allow-list holds at most 8 pools")]
    TooManyAllowedPools,
    #[msg("No pool with this id exists")]
    UnknownPool,
    #[msg("The same pool appears twice")]
    DuplicatePool,
    #[msg("The product is deprecated and takes no new cover or listings")]
    ProductDeprecated,
    #[msg("Only the authority or a curator may update risk signals")]
    NotCurator,
    #[msg("At most 8 audits can be recorded")]
    TooManyAudits,
    #[msg("At most 8 incidents can be recorded")]
    TooManyIncidents,
    #[msg("A signal's date must be between 0 and now")]
    InvalidSignalDate,
    // staking and capacity math
    #[msg("The first deposit into an empty pool must be at least one whole stake token")]
    FirstDepositTooSmall,
    #[msg("The deposit is worth less than one share: deposit more")]
    DepositTooSmall,
    #[msg("The pool's stake was burnt to zero: it takes no deposits")]
    PoolHalted,
    #[msg("The tranche must be one of the 8 active tranches, from the current one on")]
    InvalidTranche,
    #[msg("pool_fee must be below 100% (10_000 bps)")]
    InvalidPoolFee,
    #[msg("capacity_reduction must be at most 100% (10_000 bps)")]
    InvalidCapacityReduction,
    #[msg("A product weight must be at most 100")]
    InvalidWeight,
    // pools and staking
    #[msg("pool_fee may not exceed the pool's max_pool_fee")]
    PoolFeeAboveMax,
    #[msg("The pool's product weights would add up to more than 2000")]
    TotalWeightExceeded,
    #[msg("Only the pool's manager may stake in a private pool")]
    PrivatePool,
    #[msg("Only the pool's manager may do this")]
    NotPoolManager,
    #[msg("The pool has boundaries left to process: run pool_process_expirations first")]
    PoolProcessingPending,
    #[msg("A reward stream must end within the 16 buckets ahead")]
    InvalidRewardStream,
    #[msg("The pool's share totals do not match its tranches")]
    PoolAccountingBroken,
    #[msg("The tranche has already expired")]
    TrancheAlreadyExpired,
    #[msg("The tranche has not expired yet: stake can be withdrawn only after it expires")]
    TrancheNotExpired,
    #[msg("A target price must be between the product's minimum price and 100%")]
    TargetPriceOutOfRange,
    #[msg("The same product appears twice")]
    DuplicateProduct,
    #[msg("The product's pool allow-list does not include this pool")]
    PoolNotAllowed,
    #[msg(
        "Accounts must come in (product, pool_product) pairs, one per listed product, at most 8"
    )]
    InvalidProductAccounts,
    #[msg("The account is not the checkpoint of this pool's tranche")]
    WrongTrancheAccount,
    #[msg("The position belongs to another owner")]
    NotPositionOwner,
    #[msg("Nothing to withdraw")]
    NothingToWithdraw,
    #[msg("The new owner must differ from the current one")]
    SameOwner,
    // prices and capital
    #[msg("The oracle price is zero or negative")]
    NonPositivePrice,
    #[msg("The oracle price's exponent is outside -12..=4")]
    PriceExponentOutOfRange,
    #[msg("The oracle price's confidence is wider than max_conf of the price")]
    PriceConfidenceTooWide,
    #[msg("The oracle price is older than oracle_max_age")]
    StalePrice,
    #[msg("The price update is for another feed than the asset's")]
    WrongPriceFeed,
    #[msg("The price account is not owned by the Pyth receiver program")]
    WrongPriceAccountOwner,
    #[msg("The price update is only partially verified: Full verification is required")]
    PartialPriceVerification,
    #[msg("The price account is not a PriceUpdateV2")]
    InvalidPriceAccount,
    #[msg("The refresh takes every registered asset in index order: asset, vault, and a price update for each non-base asset")]
    InvalidAssetAccounts,
    #[msg("The asset has no price yet: refresh the capital snapshot first")]
    AssetNotPriced,
    #[msg("The treasury holds nothing above its rent reserve")]
    NothingToSweep,
    #[msg("The treasury sweeps into the wrapped SOL asset only")]
    NotWrappedSol,
    // timelocked parameters
    #[msg("No parameter change is pending")]
    NoPendingParams,
    #[msg("The parameter change's timelock has not passed yet")]
    TimelockNotElapsed,
    #[msg("params_delay must be between 1 and 30 days")]
    InvalidParamsDelay,
    #[msg("join_fee may be at most 1 SOL")]
    InvalidJoinFee,
    #[msg("min_deposit may be at most 10 SOL")]
    InvalidMinDeposit,
    #[msg("max_reward must be between 1 and 10,000 stake tokens")]
    InvalidMaxReward,
    #[msg("min_mcr must be positive")]
    InvalidMinMcr,
    #[msg("One change may at most double or halve min_mcr")]
    MinMcrChangeTooLarge,
    #[msg("An asset's price feed is fixed at registration")]
    PriceFeedFixed,
    #[msg("The base vault holds less than the sale pays: the rest of capital is in other assets")]
    InsufficientBaseLiquidity,
    #[msg("One change may at most double or halve mcr_ratio")]
    McrRatioChangeTooLarge,
    // cover
    #[msg("A cover period must be between 28 and 365 days")]
    InvalidCoverPeriod,
    #[msg("A cover takes 1 to 4 pools, each as its pool, its listing of the product and its vault, none twice")]
    InvalidPoolAccounts,
    #[msg("The pools together lack the capacity for this cover")]
    InsufficientCapacity,
    #[msg("The premium and commission exceed max_premium")]
    PremiumTooHigh,
    #[msg("The commission exceeds the maximum commission")]
    CommissionTooHigh,
    #[msg("Only a broker may buy cover for another owner")]
    NotBroker,
    #[msg("The product does not offer cover in this asset")]
    AssetNotAllowed,
    #[msg("The asset is not open for cover (not a cover asset, or abandoned)")]
    NotCoverAsset,
    #[msg("The asset is not valued yet: cover in it opens once it counts as capital")]
    AssetNotYetValued,
    #[msg("Only the cover's owner may do this")]
    NotCoverOwner,
    #[msg("The cover has ended")]
    CoverNotActive,
    #[msg("The cover can expire only after its end plus grace")]
    CoverNotExpired,
    #[msg("A cover can be renewed only within the last 7 days before its end")]
    RenewalWindowClosed,
    #[msg("Auto-renewal is not enabled for this cover")]
    AutoRenewOff,
    #[msg("The renewal premium exceeds the owner's renew_max_premium")]
    RenewPremiumAboveCap,
    #[msg("The payer has not approved the config PDA as delegate for the renewal premium")]
    RenewNotApproved,
    #[msg("The product's wording changed since the cover was bought: renew it by hand to accept the new terms")]
    WordingChanged,
    #[msg("The listings passed do not match the cover's pools")]
    CoverPoolsMismatch,
    #[msg("The commission account is required for a commission, and must hold the cover asset")]
    InvalidCommissionAccount,
    #[msg("A cover's amount may not drop below what claims have paid out on it")]
    AmountBelowPaidOut,
    #[msg("The cover has expired but stays open until its claim is settled")]
    CoverClaimOpen,
    #[msg("The account is not the one the cover records (its product, or its buyer)")]
    WrongCoverAccount,
    #[msg("A claim on this cover is open: it can't be edited, renewed or transferred until it is settled")]
    CoverHasOpenClaim,
    #[msg("The evidence URI is longer than 128 bytes")]
    EvidenceUriTooLong,
    #[msg("A claim may not be filed in the slot the cover was bought or changed in")]
    ClaimSameSlot,
    #[msg("The claimed amount exceeds the cover amount less what claims already paid")]
    ClaimAboveCover,
    #[msg("The cover's claim period (its end plus grace) is over")]
    ClaimPeriodOver,
    #[msg("The claim is voted the other way (open votes or commit-reveal)")]
    WrongVotingMode,
    #[msg("The poll is not taking votes")]
    PollNotVoting,
    #[msg("The first vote on a claim must accept it")]
    FirstVoteMustAccept,
    #[msg("The poll is not in its reveal window")]
    PollNotRevealing,
    #[msg("The claim is settled already")]
    ClaimNotOpen,
    #[msg("The claim was denied")]
    ClaimDenied,
    #[msg("The payout window has closed")]
    PayoutWindowClosed,
    #[msg("The claim's outcome is not final yet (voting, reveal or cooldown)")]
    ClaimNotDecided,
    #[msg("The claim is accepted and can still be redeemed")]
    ClaimRedeemable,
    #[msg("Claim accounting invariant violated")]
    ClaimAccountingBroken,
    #[msg("The assessor was flagged for fraud")]
    AssessorBanned,
    #[msg("Assessor stake is locked until 14 days after the last vote")]
    AssessorStakeLocked,
    #[msg("No assessor stake from before this poll started: the vote would weigh nothing")]
    ZeroVoteWeight,
    #[msg("The vote is not a hidden commitment")]
    VoteNotHidden,
    #[msg("The choice and salt do not match the commitment")]
    CommitmentMismatch,
    #[msg("The vote was undone as fraud already")]
    VoteAlreadyUndone,
    #[msg("Only the claimant may do this")]
    NotClaimant,
    #[msg("The vote accounts passed are not (claim, vote) pairs of this assessor, at most 8, all writable")]
    InvalidVoteAccounts,
    #[msg("The assessor is not flagged for fraud")]
    AssessorNotFlagged,
    #[msg("The capital pool's vault holds less than the payout")]
    InsufficientCapital,
    #[msg("The account is not the one the claim records (its cover, asset or claimant)")]
    WrongClaimAccount,
    #[msg("The assessor still holds stake: pass their member account")]
    MemberRequired,
    #[msg("A claimant may not vote on their own claim")]
    ClaimantCannotVote,
    #[msg("Pending payouts reach capital: sales pay nothing until claims are paid or denied")]
    LiabilitiesExceedCapital,
    #[msg("Liability quorum out of bounds: 1 to 1,000,000 stake tokens")]
    InvalidLiabilityQuorum,
    #[msg("Claims paid this cover out in full: nothing is left to renew or edit")]
    NothingLeftToCover,
    #[msg("The product's grace period changed since the cover was bought: only the owner may renew on new terms")]
    GracePeriodChanged,
    #[msg("The pool has open claims against it: deposits wait until they are settled")]
    PoolHasOpenClaims,
    #[msg("The member still has votes whose rewards are not taken: take them first (`vote_reward_claim`)")]
    MemberHasOpenVotes,
    #[msg("The accepted claim can still be redeemed: its voters' rewards wait for the payout or its lapse")]
    ClaimPayoutPending,
    #[msg("The claim's asset vault cannot pay it: an accepted claim lapses only once its vault could pay it")]
    PayoutVaultShort,
    #[msg("A trade's price account is not its asset's push-feed account")]
    WrongPriceAccount,
    #[msg("An asset's active cover does not add up to its expiry buckets, or its record is inconsistent")]
    AssetAccountingBroken,
    #[msg("The capital snapshot's non-base active cover exceeds its total, or its times are out of order")]
    CapitalAccountingBroken,
    #[msg("A stake position holds reward or fee shares without stake shares, or fewer reward than stake shares")]
    PositionAccountingBroken,
    #[msg("A listing's allocations do not add up to its expiry buckets, or its weight or price is out of bounds")]
    ListingAccountingBroken,
    #[msg("An assessor's stake history is out of order or above the stake, or a flagged assessor holds stake")]
    AssessorStakeAccountingBroken,
    #[msg("A vote has no weight, or is hidden without a commitment")]
    VoteAccountingBroken,
    #[msg("A tranche records expiry figures before it expired")]
    TrancheAccountingBroken,
}

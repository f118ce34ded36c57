//! Seeds, fixed periods and limits. Everything here is part of the protocol's ABI: changing a seed moves every
//! account, so these never change after deployment.

/// Seeds of every PDA (PROTOCOL.md §2). One `pda.rs` helper per seed lives in the SDK.
pub const CONFIG_SEED: &[u8] = b"config";
pub const CAPITAL_SEED: &[u8] = b"capital";
pub const STAKE_MINT_SEED: &[u8] = b"stake_mint";
pub const TREASURY_SEED: &[u8] = b"treasury";
pub const ASSET_SEED: &[u8] = b"asset";
pub const ASSET_VAULT_SEED: &[u8] = b"asset_vault";
pub const MEMBER_SEED: &[u8] = b"member";
pub const PRODUCT_SEED: &[u8] = b"product";
pub const RISK_SEED: &[u8] = b"risk";
pub const POOL_SEED: &[u8] = b"pool";
pub const POOL_PRODUCT_SEED: &[u8] = b"pool_product";
pub const POSITION_SEED: &[u8] = b"position";
pub const COVER_SEED: &[u8] = b"cover";
pub const CLAIM_SEED: &[u8] = b"claim";
pub const ASSESSOR_SEED: &[u8] = b"assessor";
pub const VOTE_SEED: &[u8] = b"vote";

/// Current layout version written into every account's first byte.
pub const ACCOUNT_VERSION: u8 = 1;

/// The stake token (the NXM analogue) has 9 decimals: one whole token is `STAKE_UNIT` base units.
pub const STAKE_DECIMALS: u8 = 9;
pub const STAKE_UNIT: u64 = 1_000_000_000;

/// Once minted, the stake supply never drops below one whole token through `token_sell`. A dust supply would let
/// whoever holds it set an arbitrarily high book value (the share-inflation attack, Nexus #1151).
pub const MIN_STAKE_SUPPLY: u64 = STAKE_UNIT;

/// The most stake `member_leave` burns: dust that others sent (0.001 token). A larger balance must be sold or
/// moved first, so that leaving never destroys real value.
pub const LEAVE_DUST_CAP: u64 = STAKE_UNIT / 1_000;

/// The basis-point denominator: 10_000 bps = 100%.
pub const BPS_DENOMINATOR: u64 = 10_000;

/// At most this many assets may be registered (PROTOCOL.md §1).
pub const MAX_ASSETS: u8 = 8;

pub const LAMPORTS_PER_SOL: u64 = 1_000_000_000;

pub const HOUR: i64 = 3_600;
pub const DAY: i64 = 86_400;

/// Staking tranches and cover-expiry buckets (PROTOCOL.md §8: fixed).
pub const TRANCHE_DURATION: i64 = 91 * DAY;
pub const BUCKET_DURATION: i64 = 28 * DAY;
pub const ACTIVE_TRANCHES: usize = 8;

/// Pool weights (PROTOCOL.md §8: fixed).
pub const MAX_TARGET_WEIGHT: u16 = 100;
pub const MAX_TOTAL_WEIGHT: u16 = 2_000;

/// Cover periods and the renewal window (PROTOCOL.md §5, §8: fixed).
pub const MIN_COVER_PERIOD: i64 = 28 * DAY;
pub const MAX_COVER_PERIOD: i64 = 365 * DAY;
pub const RENEWAL_WINDOW: i64 = 7 * DAY;

/// Most pools one cover is allocated across (PROTOCOL.md §12, routing).
pub const MAX_COVER_POOLS: usize = 4;

/// Cover allocations and active cover are booked per expiry bucket, in a ring this long: the bucket of a cover's
/// end plus grace is at most 17 buckets after the current one (a 365-day renewal that starts 7 days out, plus 90
/// days of grace, ends within 462 days), so the ring never holds two live buckets in one slot.
pub const COVER_BUCKETS: usize = 18;
const _: () = assert!(
    (MAX_COVER_PERIOD + RENEWAL_WINDOW + MAX_GRACE_PERIOD as i64) / BUCKET_DURATION + 2
        <= COVER_BUCKETS as i64
);

/// Curators may write risk signals, one PDA each (PROTOCOL.md §12).
pub const CURATOR_SEED: &[u8] = b"curator";

/// Product terms (PROTOCOL.md §2). The name and wording URI are bounded so that a `Product` has a fixed size.
pub const MAX_PRODUCT_NAME_LEN: usize = 32;
pub const MAX_WORDING_URI_LEN: usize = 128;
/// A product's pool allow-list holds at most this many pool ids; an empty list means open to every pool.
pub const MAX_ALLOWED_POOLS: usize = 8;
/// The longest grace period a product may give after a cover ends to file a claim.
pub const MAX_GRACE_PERIOD: u32 = 90 * DAY as u32;

/// Pool accounts: the stake vault of each pool, its tranche checkpoints.
pub const POOL_VAULT_SEED: &[u8] = b"pool_vault";
pub const TRANCHE_SEED: &[u8] = b"tranche";

/// Reward-rate decreases are kept per bucket in a ring this long: a cover of at most 365 days ends within 15
/// buckets of its start, so a stream's end is always in the ring.
pub const REWARD_BUCKETS: usize = 16;
const _: () =
    assert!((MAX_COVER_PERIOD + RENEWAL_WINDOW) / BUCKET_DURATION + 2 <= REWARD_BUCKETS as i64);

/// Processing steps (bucket or tranche boundaries) a pool-touching instruction takes on its own, and the most
/// `pool_process_expirations` takes in one call. Any 91 days hold at most 5 boundaries (a tranche end and a
/// bucket end at the same moment are one step), so the lazy bound covers a withdrawal right after expiry; a pool
/// idle for two years has 32 or 33.
pub const LAZY_PROCESS_STEPS: u32 = 8;
pub const MAX_PROCESS_STEPS: u32 = 40;

/// Most products one `pool_set_products` call lists or re-weights (each takes two accounts).
pub const MAX_PRODUCTS_PER_SET: usize = 8;

/// Claims and assessment (PROTOCOL.md §6). The assessment vault holds every assessor's stake, one stake-token
/// account owned by the config PDA.
pub const ASSESSMENT_VAULT_SEED: &[u8] = b"assessment_vault";
/// A claim's evidence URI is bounded so that a `Claim` has a fixed size.
pub const MAX_EVIDENCE_URI_LEN: usize = 128;
/// Deposits an `AssessorStake` remembers, to weigh a vote by the stake held before the poll started.
pub const STAKE_CHECKPOINTS: usize = 4;
/// Most (claim, vote) pairs one `claim_fraud_undo_votes` call takes.
pub const MAX_FRAUD_UNDO_BATCH: usize = 8;

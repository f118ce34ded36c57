//! Pyth prices: where a feed's `PriceUpdateV2` lives, and the account itself, built with the receiver SDK's own
//! types. On a cluster the Pyth push oracle keeps these accounts fresh; the localnet and the tests write them
//! directly, as a local stand-in for Pyth's push feeds (docs/localnet.md).
use anchor_lang::prelude::Pubkey;
use anchor_lang::AccountSerialize;
/// Stake valued in the base asset at a book value (rounded down), as the chain values it.
pub use mutual::math::prices::stake_to_base;
use pyth_solana_receiver_sdk::price_update::{PriceFeedMessage, PriceUpdateV2};
use solana_account::Account;

pub use pyth_solana_receiver_sdk::price_update::{get_feed_id_from_hex, FeedId, VerificationLevel};
/// The receiver program that owns every `PriceUpdateV2`.
pub const RECEIVER_PROGRAM: Pubkey = pyth_solana_receiver_sdk::ID;
/// Pyth's SOL/USD feed id.
pub const SOL_USD_FEED: &str = "0xef0d8b6fda2ceba41da15d4095d1da392a0d2f8ed0c6c7bc0f4cfac8c280b56d";

/// The push-oracle account of `feed_id` on shard 0: what Pyth keeps fresh on every cluster, seeds
/// `[shard (u16 LE), feed_id]` under the push oracle program.
pub fn feed_address(feed_id: &FeedId) -> Pubkey {
    Pubkey::find_program_address(
        &[&0u16.to_le_bytes(), feed_id.as_ref()],
        &pyth_solana_receiver_sdk::PYTH_PUSH_ORACLE_ID,
    )
    .0
}

/// The SOL/USD feed id as bytes.
pub fn sol_usd_feed() -> FeedId {
    get_feed_id_from_hex(SOL_USD_FEED).unwrap_or_default()
}

/// One price as Pyth publishes it: (price ± conf) · 10^exponent, at `publish_time`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PythPrice {
    pub price: i64,
    pub conf: u64,
    pub exponent: i32,
    pub publish_time: i64,
}

impl PythPrice {
    /// A dollar price with 8 decimals (Pyth's exponent −8 for SOL/USD), confidence 0.1% of it.
    pub fn usd(dollars_e8: i64, publish_time: i64) -> Self {
        PythPrice {
            price: dollars_e8,
            conf: dollars_e8.unsigned_abs() / 1_000,
            exponent: -8,
            publish_time,
        }
    }
}

/// A `PriceUpdateV2` account for `feed_id` at `price`: the Anchor discriminator and the borsh body, owned by the
/// receiver program, rent-exempt for its length.
pub fn price_update_account(
    feed_id: FeedId,
    price: PythPrice,
    verification_level: VerificationLevel,
    lamports: u64,
) -> Account {
    let update = PriceUpdateV2 {
        write_authority: Pubkey::default(),
        verification_level,
        price_message: PriceFeedMessage {
            feed_id,
            price: price.price,
            conf: price.conf,
            exponent: price.exponent,
            publish_time: price.publish_time,
            prev_publish_time: price.publish_time,
            ema_price: price.price,
            ema_conf: price.conf,
        },
        posted_slot: 0,
    };
    let mut data = Vec::with_capacity(PriceUpdateV2::LEN);
    // Writing into a Vec cannot fail.
    let _ = update.try_serialize(&mut data);
    data.resize(PriceUpdateV2::LEN, 0);
    Account {
        lamports,
        data,
        owner: RECEIVER_PROGRAM,
        executable: false,
        rent_epoch: 0,
    }
}

/// The feed and price a `PriceUpdateV2` account holds; `None` if it is not one.
pub fn read_price_update(account: &Account) -> Option<(FeedId, PythPrice)> {
    use anchor_lang::AccountDeserialize;
    if account.owner != RECEIVER_PROGRAM {
        return None;
    }
    let update = PriceUpdateV2::try_deserialize(&mut account.data.as_slice()).ok()?;
    let m = update.price_message;
    Some((
        m.feed_id,
        PythPrice {
            price: m.price,
            conf: m.conf,
            exponent: m.exponent,
            publish_time: m.publish_time,
        },
    ))
}

/// The length of a `PriceUpdateV2` account.
pub const PRICE_UPDATE_LEN: usize = PriceUpdateV2::LEN;

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::AccountDeserialize;

    #[test]
    fn the_sol_usd_feed_account_is_pyths() {
        assert_eq!(
            feed_address(&sol_usd_feed()).to_string(),
            "7UVimffxr9ow1uXYxsr4LHAcV58mLzhmwaeKvJ1pjLiE"
        );
    }

    #[test]
    fn a_built_update_reads_back_through_the_receiver_sdk() {
        let account = price_update_account(
            sol_usd_feed(),
            PythPrice::usd(15_000_000_000, 1_700_000_000),
            VerificationLevel::Full,
            1,
        );
        let update = PriceUpdateV2::try_deserialize(&mut account.data.as_slice()).unwrap();
        let clock = anchor_lang::prelude::Clock {
            unix_timestamp: 1_700_000_030,
            ..Default::default()
        };
        let price = update
            .get_price_no_older_than(&clock, 60, &sol_usd_feed())
            .unwrap();
        assert_eq!(
            (price.price, price.conf, price.exponent),
            (15_000_000_000, 15_000_000, -8)
        );
        assert_eq!(account.owner, RECEIVER_PROGRAM);
    }
}

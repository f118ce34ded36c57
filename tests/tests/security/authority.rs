//! A stolen key: the guardian's can pause and nothing else; the authority's cannot freeze exits or move
//! funds in one transaction.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use mutual::errors::MutualError;
use mutual::instructions::AssetUpdateArgs;
use mutual::math::Bps;
use mutual::state::{pause_area, Params};
use mutual_sdk::{ix, pda, spl, Signer};

#[test]
fn security_authority_stolen_guardian_key_can_pause_but_do_nothing_else() {
    // Arrange
    let (f, alice) = with_alice();
    let deployer = f.deployer();
    let thief = f.with_guardian();
    let mint = f.create_mint(6, &spl_token::ID);
    let args = AssetUpdateArgs {
        is_cover_asset: false,
        is_abandoned: false,
        pyth_feed_id: None,
    };

    // Act: the thief pauses everything (the one power the guardian has)
    f.send_ok(
        &[ix::protocol_pause(&thief.pubkey(), pause_area::ALL)],
        &[&thief],
    );

    // Assert: nothing else is within reach
    let protocol = protocol_accounts(&f, &alice.pubkey());
    for attempt in [
        ix::protocol_unpause(&thief.pubkey(), pause_area::ALL),
        ix::params_propose(&thief.pubkey(), loose_params()),
        ix::params_cancel(&thief.pubkey()),
        ix::guardian_set(&thief.pubkey(), &thief.pubkey()),
        ix::authority_propose(&thief.pubkey(), &thief.pubkey()),
        ix::asset_update(&thief.pubkey(), &f.deployment().base_mint, args),
        ix::asset_register(&thief.pubkey(), &mint, &spl_token::ID, Some(FEED), true),
        ix::member_set_broker(&thief.pubkey(), &alice.pubkey(), true),
    ] {
        f.send_err_unchanged(&[attempt], &[&thief], MutualError::NotAuthority, &protocol);
    }

    // Act: the authority rotates the guardian and unpauses
    let guardian = f.new_wallet(1);
    f.send_ok(
        &[
            ix::guardian_set(&deployer.pubkey(), &guardian.pubkey()),
            ix::protocol_unpause(&deployer.pubkey(), pause_area::ALL),
        ],
        &[deployer],
    );

    // Assert: the stolen key is now powerless
    f.send_err(
        &[ix::protocol_pause(&thief.pubkey(), pause_area::TOKEN)],
        &[&thief],
        MutualError::NotPauser,
    );
    let config = f.config();
    assert_eq!(config.paused, 0);
    assert_eq!(config.guardian, guardian.pubkey());
    assert_eq!(config.authority, deployer.pubkey());
    assert_eq!(config.params, default_params());
}

#[test]
fn security_authority_a_stolen_authority_key_cannot_freeze_exits_or_move_funds_in_one_transaction()
{
    // Arrange: alice holds 2,000 MUT over 2,020 USDC (an MCR floor of 1 USDC, so that she may sell nearly all);
    // the thief holds the authority key itself
    let f = TestFixture::bootstrapped();
    f.set_params(Params {
        min_mcr: USDC,
        ..default_params()
    });
    let alice = f.with_funded_member(3_000 * USDC);
    assert_eq!(f.buy_stake(&alice, 2_020 * USDC), 2_000 * STAKE);
    let thief = f.deployer();
    let vault = f.deployment().base_vault;

    // Act + Assert: a hostile parameter set (the widest spread, the MCR floor doubled, the highest join fee)
    // cannot be applied in the transaction that proposes it; the whole transaction fails
    let hostile = Params {
        token_buffer: Bps(1_000),
        min_mcr: 2 * USDC,
        join_fee: mutual::constants::LAMPORTS_PER_SOL,
        ..f.config().params
    };
    f.send_err_unchanged(
        &[
            ix::params_propose(&thief.pubkey(), hostile),
            ix::params_execute(),
        ],
        &[thief],
        MutualError::TimelockNotElapsed,
        &[pda::config().0, vault],
    );

    // Act + Assert: pausing every area is immediate, but exits stay open: alice sells at the old terms
    f.send_ok(
        &[ix::protocol_pause(&thief.pubkey(), pause_area::ALL)],
        &[thief],
    );
    let usdc_before = f.base_balance(&alice.pubkey());
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 1_000 * STAKE, 0)],
        &[&alice],
    );
    // 1,000 × 1.01, less the 1% spread in force (not the thief's 10%)
    assert_eq!(f.base_balance(&alice.pubkey()) - usdc_before, 999_900_000);

    // Act + Assert: a rogue asset (a mint the thief controls, valued by a feed the thief picked) adds nothing to
    // book value before the delay, so it cannot be used to sell at an inflated price
    let rogue = f.create_mint(9, &spl_token::ID);
    f.send_ok(
        &[ix::asset_register(
            &thief.pubkey(),
            &rogue,
            &spl_token::ID,
            Some(FEED),
            true,
        )],
        &[thief],
    );
    let rogue_vault = pda::asset_vault(&rogue).0;
    f.send_ok(
        &[spl::mint_to(
            &spl_token::ID,
            &rogue,
            &rogue_vault,
            &thief.pubkey(),
            u64::MAX / 2,
        )
        .unwrap()],
        &[thief],
    );
    f.chain
        .set_price(
            FEED,
            mutual_sdk::prices::PythPrice::usd(100_000_000_000, f.now()),
        )
        .unwrap();
    let book_value = f.snapshot().book_value;
    f.send_ok(
        &[mutual_sdk::capital::refresh_ix(&f.chain).unwrap()],
        &[thief],
    );
    assert_eq!(f.snapshot().book_value, book_value);
    // ...nor can an asset be moved to another feed
    f.send_err(
        &[ix::asset_update(
            &thief.pubkey(),
            &rogue,
            AssetUpdateArgs {
                is_cover_asset: true,
                is_abandoned: false,
                pyth_feed_id: Some([8; 32]),
            },
        )],
        &[thief],
        MutualError::PriceFeedFixed,
    );
    // and no instruction lets the authority take from the vault: it holds exactly what alice left in it
    assert_eq!(fetch_balance(&f, &vault), 2_020 * USDC - 999_900_000);
    // Alice can still sell the rest of what the MCR floor allows, and leave the protocol's reach entirely.
    f.send_ok(
        &[f.token_sell_ix(&alice.pubkey(), 990 * STAKE, 0)],
        &[&alice],
    );
}

fn fetch_balance(f: &TestFixture, account: &Pubkey) -> u64 {
    mutual_sdk::fetch::token_balance(&f.chain, account).unwrap()
}

//! An operator's commands on a deployment of their own: `bootstrap` (with wrapped SOL), `asset register` and
//! `asset update`, and what they make work afterwards (join fees swept into capital).
use clap::Parser;
use mutual::constants::LAMPORTS_PER_SOL;
use mutual::errors::MutualError;
use mutual_cli::chain::{Chain, Endpoint, Session};
use mutual_sdk::{fetch, ix, pda, spl, EmbeddedChain, Keypair, Signer, Transport};

mod support;
use support::session::*;

/// A chain with the program deployed and nothing else, and a session signed by its upgrade authority.
fn undeployed() -> (Session, Keypair) {
    let chain = EmbeddedChain::start().expect("chain");
    let deployer = chain.deployer().insecure_clone();
    let opts = mutual_cli::Cli::try_parse_from([
        "mutual",
        "--json",
        "-y",
        "--base-units",
        "config",
        "show",
    ])
    .expect("parses")
    .global;
    let session = Session::with(
        Chain {
            endpoint: Endpoint::Embedded(Box::new(chain)),
            price: opts.price(),
        },
        deployer.insecure_clone(),
        opts,
    );
    (session, deployer)
}

/// A new mint of `decimals` whose authority is `authority`.
fn new_mint(chain: &EmbeddedChain, authority: &Keypair, decimals: u8) -> mutual_sdk::Pubkey {
    let mint = Keypair::new();
    let rent = chain.minimum_balance(spl::MINT_LEN).unwrap();
    let ixs = spl::create_mint(
        &authority.pubkey(),
        &mint.pubkey(),
        &authority.pubkey(),
        decimals,
        &anchor_spl::token::ID,
        rent,
    )
    .unwrap();
    chain.send(&ixs, authority, &[&mint]).unwrap();
    mint.pubkey()
}

#[test]
fn bootstrap_with_wrapped_sol_then_join_fees_sweep_into_capital() {
    // Arrange: a fresh deployment, its own base mint
    let (session, deployer) = undeployed();
    let chain = chain_of(&session);
    let usdc = new_mint(chain, &deployer, 6);
    let usdc_text = usdc.to_string();

    // Act: bootstrap with wrapped SOL; a member joins (the fee lands in the treasury); prices are published,
    // the new asset's timelock passes, and the treasury is swept
    let booted = ok_json(
        &session,
        &[
            "bootstrap",
            "--base-mint",
            &usdc_text,
            "--min-mcr",
            "1000000000",
            "--initial-book-value",
            "1000000",
            "--wrapped-sol",
        ],
    );
    let member = Keypair::new();
    chain.airdrop(&member.pubkey(), LAMPORTS_PER_SOL).unwrap();
    chain
        .send(&[ix::member_join(&member.pubkey())], &member, &[])
        .unwrap();
    let treasury = fetch::lamports(chain, &pda::treasury().0).unwrap();
    chain.warp_days(3).unwrap();
    let now = chain.unix_timestamp().unwrap();
    chain
        .set_price(
            mutual_sdk::prices::sol_usd_feed(),
            mutual_sdk::prices::PythPrice::usd(15_000_000_000, now),
        )
        .unwrap();
    let swept = ok_json(&session, &["treasury", "sweep"]);

    // Assert: wrapped SOL is asset 1 with the SOL/USD feed, and the sweep moved the fees above the treasury's
    // rent into its vault
    let wsol = anchor_spl::token::spl_token::native_mint::ID;
    assert_eq!(booted["wrapped_sol"], wsol.to_string());
    assert_eq!(booted["base_mint"], usdc_text);
    let asset = fetch::asset(chain, &wsol).unwrap();
    assert_eq!(asset.index, 1);
    assert_eq!(asset.pyth_feed_id, mutual_sdk::prices::sol_usd_feed());
    let rent = chain.minimum_balance(0).unwrap();
    assert_eq!(swept["lamports"], treasury - rent);
    assert_eq!(
        fetch::token_balance(chain, &asset.vault).unwrap(),
        treasury - rent
    );
}

#[test]
fn asset_register_and_update_run_the_programs_rules_before_the_review() {
    // Arrange: a bootstrapped deployment and two more mints
    let (mut session, deployer) = undeployed();
    let chain = chain_of(&session);
    let usdc = new_mint(chain, &deployer, 6).to_string();
    ok_json(
        &session,
        &[
            "bootstrap",
            "--base-mint",
            &usdc,
            "--min-mcr",
            "1000000000",
            "--initial-book-value",
            "1000000",
        ],
    );
    let other = new_mint(chain_of(&session), &deployer, 8).to_string();
    let feed = format!("0x{}", "ab".repeat(32));

    // Act
    let no_feed = refused_before_review(&mut session, &["asset", "register", "--mint", &other]);
    let registered = ok_json(
        &session,
        &[
            "asset",
            "register",
            "--mint",
            &other,
            "--feed",
            &feed,
            "--capital-only",
        ],
    );
    let again = refused_before_review(
        &mut session,
        &["asset", "register", "--mint", &other, "--feed", &feed],
    );
    let new_feed = format!("0x{}", "cd".repeat(32));
    let moved_feed = refused_before_review(
        &mut session,
        &["asset", "update", "--mint", &other, "--feed", &new_feed],
    );
    let updated = ok_json(
        &session,
        &["asset", "update", "--mint", &other, "--cover", "true"],
    );
    let base_abandoned = refused_before_review(
        &mut session,
        &["asset", "update", "--mint", &usdc, "--abandoned", "true"],
    );
    session.set_signer(Keypair::new());
    let stranger = refused_before_review(
        &mut session,
        &["asset", "update", "--mint", &other, "--cover", "false"],
    );

    // Assert
    assert_eq!(no_feed.to_string(), refusal(MutualError::MissingPriceFeed));
    assert_eq!(registered["index"], 1);
    assert_eq!(registered["is_cover_asset"], false);
    assert_eq!(
        again.to_string(),
        format!("mint {other} is already asset 1 (change it with `mutual asset update`)")
    );
    assert_eq!(moved_feed.to_string(), refusal(MutualError::PriceFeedFixed));
    assert_eq!(updated["is_cover_asset"], true);
    assert_eq!(
        base_abandoned.to_string(),
        refusal(MutualError::CannotAbandonBaseAsset)
    );
    assert_eq!(stranger.to_string(), refusal(MutualError::NotAuthority));
    let asset = fetch::asset(chain_of(&session), &other.parse().unwrap()).unwrap();
    assert!(asset.is_cover_asset && !asset.is_abandoned);
    assert_eq!(asset.decimals, 8);
}

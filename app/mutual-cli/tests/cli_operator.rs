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
fn bootstrap_registers_wrapped_sol_by_default_then_join_fees_sweep_into_capital() {
    // Arrange: a fresh deployment, its own base mint
    let (session, deployer) = undeployed();
    let chain = chain_of(&session);
    let usdc = new_mint(chain, &deployer, 6);
    let usdc_text = usdc.to_string();

    // Act: bootstrap (wrapped SOL comes with it); a member joins (the fee lands in the treasury); prices are published,
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
            "--no-wrapped-sol",
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

#[test]
fn the_authority_hands_over_in_two_steps_and_the_guardian_pauses_but_never_resumes() {
    // Arrange: the embedded session's signer is the authority
    let mut session = embedded_session();
    let owner = session.signer().unwrap().insecure_clone();
    let (guardian, successor) = (Keypair::new(), Keypair::new());
    for k in [&guardian, &successor] {
        chain_of(&session)
            .airdrop(&k.pubkey(), LAMPORTS_PER_SOL)
            .unwrap();
    }
    let config = |session: &Session| fetch::config(chain_of(session)).unwrap();

    // Act + Assert: the guardian is set; it pauses buying and staking, and may not resume
    ok_json(
        &session,
        &["guardian", "set", &guardian.pubkey().to_string()],
    );
    assert_eq!(config(&session).guardian, guardian.pubkey());
    let paused = ok_json_as(
        &mut session,
        &guardian,
        &owner,
        &["pause", "--areas", "buy,staking"],
    );
    assert_eq!(paused["paused"], "buy,staking");
    session.set_signer(guardian.insecure_clone());
    let resume = refused_before_review(&mut session, &["unpause"]);
    assert_eq!(resume.to_string(), refusal(MutualError::NotAuthority));
    let bad = run_command(&session, &["pause", "--areas", "exits"]).unwrap_err();
    assert_eq!(bad.exit_code(), 2);
    session.set_signer(owner.insecure_clone());
    let resumed = ok_json(&session, &["unpause", "--areas", "buy"]);
    assert_eq!(resumed["paused"], "staking");
    assert_eq!(config(&session).paused, mutual::state::pause_area::STAKING);

    // the authority proposes a successor; only the successor accepts
    ok_json(
        &session,
        &["authority", "propose", &successor.pubkey().to_string()],
    );
    session.set_signer(guardian.insecure_clone());
    let stolen = refused_before_review(&mut session, &["authority", "accept"]);
    assert_eq!(
        stolen.to_string(),
        refusal(MutualError::NotPendingAuthority)
    );
    let accepted = ok_json_as(&mut session, &successor, &owner, &["authority", "accept"]);
    assert_eq!(accepted["authority"], successor.pubkey().to_string());
    assert_eq!(config(&session).authority, successor.pubkey());
    let former = refused_before_review(&mut session, &["unpause"]);
    assert_eq!(former.to_string(), refusal(MutualError::NotAuthority));
}

#[test]
fn curators_brokers_fraud_and_position_transfers_have_their_commands() {
    // Arrange: a member with assessor stake who votes on a claim; a second member
    let mut session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let owner = session.signer().unwrap().insecure_clone();
    let cheat = sdk_assessor(&session, 202_000_000, 100_000_000_000);
    let other = sdk_member(&session, 10_100_000);
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "100000000", "--days", "60"],
    );
    chain_of(&session).warp_seconds(60).unwrap();
    let filed = ok_json(
        &session,
        &[
            "claim",
            "submit",
            "--cover",
            "0/0",
            "--amount",
            "50000000",
            "--evidence-uri",
            "ipfs://e",
        ],
    );
    let claim = filed["claim"].as_str().unwrap().to_string();
    ok_json_as(&mut session, &cheat, &owner, &["vote", "accept", &claim]);
    let curator = Keypair::new().pubkey().to_string();
    let cheat_wallet = cheat.pubkey().to_string();
    let other_wallet = other.pubkey().to_string();

    // Act + Assert: curators
    ok_json(&session, &["curator", "add", &curator]);
    assert!(
        fetch::curator(chain_of(&session), &curator.parse().unwrap())
            .unwrap()
            .is_some()
    );
    let twice = refused_before_review(&mut session, &["curator", "add", &curator]);
    assert_eq!(twice.to_string(), refusal(MutualError::AlreadyInitialized));
    ok_json(&session, &["curator", "remove", &curator]);
    assert!(
        fetch::curator(chain_of(&session), &curator.parse().unwrap())
            .unwrap()
            .is_none()
    );

    // brokers
    let broker = ok_json(&session, &["member", "set-broker", &other_wallet]);
    assert_eq!(broker["is_broker"], true);
    assert!(
        fetch::member(chain_of(&session), &other.pubkey())
            .unwrap()
            .unwrap()
            .is_broker
    );
    ok_json(&session, &["member", "set-broker", &other_wallet, "--off"]);
    assert!(
        !fetch::member(chain_of(&session), &other.pubkey())
            .unwrap()
            .unwrap()
            .is_broker
    );

    // fraud: the stake burns, then anyone undoes the votes; a second run finds none
    let flagged = ok_json(&session, &["assessor", "flag-fraud", &cheat_wallet]);
    assert_eq!(flagged["burnt"], 100_000_000_000u64);
    let again = refused_before_review(&mut session, &["assessor", "flag-fraud", &cheat_wallet]);
    assert_eq!(again.to_string(), refusal(MutualError::AssessorBanned));
    let undone = ok_json(&session, &["claim", "undo-fraud", &cheat_wallet]);
    assert_eq!(undone["votes"], 1);
    let vote = pda::vote(&claim.parse().unwrap(), &cheat.pubkey()).0;
    let vote: mutual::state::Vote =
        fetch::decode(&vote, chain_of(&session).get_account(&vote).unwrap()).unwrap();
    assert!(vote.forfeited);
    assert_eq!(
        ok_json(&session, &["claim", "undo-fraud", &cheat_wallet])["votes"],
        0
    );

    // a position moves to another member, not to a stranger
    let positions = mutual_sdk::staking::positions_of(chain_of(&session), &owner.pubkey()).unwrap();
    let tranche = positions[0].1.tranche.to_string();
    let stranger = Keypair::new().pubkey().to_string();
    let refused = run_command(
        &session,
        &[
            "stake",
            "transfer",
            "--pool",
            "0",
            "--tranche",
            &tranche,
            "--to",
            &stranger,
        ],
    )
    .unwrap_err();
    assert_eq!(
        refused.to_string(),
        format!("{stranger} is not a member: a position goes only to a member")
    );
    ok_json(
        &session,
        &[
            "stake",
            "transfer",
            "--pool",
            "0",
            "--tranche",
            &tranche,
            "--to",
            &other_wallet,
        ],
    );
    let moved = mutual_sdk::staking::positions_of(chain_of(&session), &other.pubkey()).unwrap();
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].1.stake_shares, positions[0].1.stake_shares);
}

//! Claims, votes, assessors and rewards: filing, open and commit-reveal polls, payouts and refusals.
use super::*;
use crate::support::as_base_units;
use crate::support::session::*;
use mutual::constants::{DAY, STAKE_UNIT};
use serde_json::Value;

/// reward = min(50 tokens, stake · 1.3% · period / 365 d) with stake = amount / bv, both rounded down.
fn reward_of(amount: u64, bv: u64, days: u64) -> u64 {
    let stake = u128::from(amount) * u128::from(STAKE_UNIT) / u128::from(bv);
    let reward = stake * 130 * u128::from(days) / (10_000 * 365);
    u64::try_from(reward.min(50_000_000_000)).unwrap()
}

/// The stake a payout burns from a cover's only pool: the amount in stake at bv, halved by the capacity ratio of
/// 2, both rounded up.
fn burn_of(amount: u64, bv: u64) -> u64 {
    let stake = (u128::from(amount) * u128::from(STAKE_UNIT)).div_ceil(u128::from(bv));
    u64::try_from(stake.div_ceil(2)).unwrap()
}

/// 1,000 USDC of cover for 73 days on product 0, and 600 USDC claimed on it.
const COVER_AMOUNT: &str = "1000000000";
const CLAIMED: u64 = 600_000_000;
const BUY_COVER: &[&str] = &[
    "cover",
    "buy",
    "0",
    "--amount",
    COVER_AMOUNT,
    "--days",
    "73",
];
const SUBMIT_CLAIM: &[&str] = &[
    "claim",
    "submit",
    "--cover",
    "0/0",
    "--amount",
    "600000000",
    "--evidence-uri",
    "ipfs://exploit-report",
];

#[test]
fn a_claim_is_filed_voted_paid_out_with_its_burn_and_rewarded_through_the_cli() {
    use mutual::errors::MutualError;
    use mutual_sdk::{ix, Signer, Transport};
    // Arrange: the cover market; Carol stakes 300 tokens as an assessor through the CLI, Bob 100 through the
    // SDK; then the signer, the claimant, buys a cover
    let mut session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let claimant = session.signer().unwrap().insecure_clone();
    let carol = sdk_member(&session, 606_000_000);
    let staked = ok_json_as(
        &mut session,
        &carol,
        &claimant,
        &["assessor", "stake", "--amount", "300000000000"],
    );
    let bob = sdk_assessor(&session, 202_000_000, 100_000_000_000);
    // The claimant is an assessor too, with 1 token staked before the claim
    ok_json(&session, &["assessor", "stake", "--amount", "1000000000"]);
    ok_json(&session, BUY_COVER);
    chain_of(&session).warp_seconds(60).unwrap();
    // The capital snapshot's book value: the one claims are valued at.
    let bv = mutual_sdk::fetch::capital_snapshot(chain_of(&session))
        .unwrap()
        .book_value;
    let me = session.signer().unwrap().pubkey();
    let usdc = session.deployment().unwrap().base_account(&me);
    let usdc_before = mutual_sdk::fetch::token_balance(chain_of(&session), &usdc).unwrap();

    // Act + Assert: the claim holds the minimum deposit and a reward for 600 USDC over 73 days
    let filed = ok_json(&session, SUBMIT_CLAIM);
    let claim = filed["claim"].as_str().unwrap().to_string();
    let reward = reward_of(CLAIMED, bv, 73);
    assert_eq!(staked["stake"], 300_000_000_000u64);
    assert_eq!(filed["deposit"], 50_000_000);
    assert_eq!(filed["reward"], reward);
    assert_eq!(filed["voting"], "open");
    let cover = mutual_sdk::cover::cover_address(0, 0);
    assert_eq!(filed["cover"], cover.to_string());
    assert_eq!(claim, mutual_sdk::pda::claim(&cover, 0).0.to_string());
    assert_eq!(
        filed["evidence_hash"],
        mutual_cli::output::hex(&solana_sha256(b"ipfs://exploit-report"))
    );

    // Before a vote: the poll ends at the 7-day limit unless someone votes; a member sees it in the open list
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (
            shown["phase"].clone(),
            shown["time_left"].clone(),
            shown["outcome"].clone()
        ),
        ("voting".into(), (7 * DAY).into(), "no votes yet".into())
    );
    assert_eq!(shown["tally"], serde_json::json!({"accept": 0, "deny": 0}));
    assert_eq!(shown["wording_uri"], "ipfs://w");
    let open = ok_json(&session, &["claim", "list", "--open"]);
    assert_eq!(open["count"], 1);
    assert_eq!(open["claims"][0]["claim"], claim);
    assert_eq!(open["claims"][0]["evidence"], "ipfs://exploit-report");
    assert_eq!(open["claims"][0]["wording"], "ipfs://w");
    assert_eq!(ok_json(&session, &["claim", "list", "--mine"])["count"], 1);

    // The claimant can't vote on their own claim
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimantCannotVote));

    // Carol's first vote must accept; it starts 3 days of voting; a second vote by her is refused
    session.set_signer(carol.insecure_clone());
    let err = run_command(&session, &["vote", "deny", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::FirstVoteMustAccept));
    let voted = ok_json(&session, &["vote", "accept", &claim]);
    assert_eq!(voted["weight"], 300_000_000_000u64);
    assert_eq!(voted["accept"], 300_000_000_000u64);
    assert_eq!(voted["ends_in"], 3 * DAY);
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::AlreadyInitialized));
    let claim_key: mutual_sdk::Pubkey = claim.parse().unwrap();
    chain_of(&session)
        .send(
            &[ix::claim_vote(&bob.pubkey(), &claim_key, false)],
            &bob,
            &[],
        )
        .unwrap();
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        shown["tally"],
        serde_json::json!({"accept": 300_000_000_000u64, "deny": 100_000_000_000u64})
    );
    assert_eq!(shown["outcome"], "accept leads");
    assert_eq!(shown["voters"], 2);

    // No payout while voting or in the cooldown; an assessor who voted can't unstake for 14 days
    session.set_signer(claimant.insecure_clone());
    let not_yet = refusal(MutualError::ClaimNotDecided);
    let err = run_command(&session, &["claim", "redeem", &claim]).unwrap_err();
    assert_eq!(err.to_string(), not_yet);
    chain_of(&session).warp_days(3).unwrap();
    assert_eq!(
        ok_json(&session, &["claim", "show", &claim])["phase"],
        "cooldown"
    );
    let err = run_command(&session, &["claim", "redeem", &claim]).unwrap_err();
    assert_eq!(err.to_string(), not_yet);
    session.set_signer(carol.insecure_clone());
    let err = run_command(&session, &["assessor", "unstake", "--amount", "1"]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::AssessorStakeLocked));
    let err = run_command(&session, &["rewards", "claim", &claim]).unwrap_err();
    assert_eq!(err.to_string(), not_yet);
    chain_of(&session).warp_days(1).unwrap();

    // The payout: 600 USDC to the claimant's account, the deposit back, the pool's stake burnt
    session.set_signer(claimant.insecure_clone());
    let lamports_before = mutual_sdk::fetch::lamports(chain_of(&session), &me).unwrap();
    let paid = ok_json(&session, &["claim", "redeem", &claim]);
    let burn = burn_of(CLAIMED, bv);
    assert_eq!(paid["amount"], CLAIMED);
    assert_eq!(paid["to"], usdc.to_string());
    assert_eq!(paid["deposit"], 50_000_000);
    assert_eq!(paid["burns"][0]["pool"], 0);
    assert_eq!(paid["burns"][0]["burnt"], burn);
    assert_eq!(paid["burns"][0]["stake_before"], 1_000_000_000_000u64);
    assert_eq!(paid["burns"][0]["stake_after"], 1_000_000_000_000u64 - burn);
    assert_eq!(
        mutual_sdk::fetch::token_balance(chain_of(&session), &usdc).unwrap(),
        usdc_before + CLAIMED
    );
    assert_eq!(
        mutual_sdk::fetch::lamports(chain_of(&session), &me).unwrap(),
        lamports_before + 50_000_000 - 5_000
    );
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (shown["status"].clone(), shown["outcome"].clone()),
        ("paid".into(), "paid".into())
    );
    assert_eq!(ok_json(&session, &["claim", "list", "--open"])["count"], 0);

    // Rewards: 3/4 of the reward to Carol, 1/4 to Bob (who voted the other way), each rounded down
    session.set_signer(carol.insecure_clone());
    let stake_before = ok_json(&session, &["member", "show"])["stake_balance"]
        .as_u64()
        .unwrap();
    let mine = ok_json(&session, &["rewards", "claim", &claim]);
    assert_eq!(mine["reward"], reward * 3 / 4);
    assert_eq!(
        ok_json(&session, &["member", "show"])["stake_balance"],
        stake_before + reward * 3 / 4
    );
    let receipt = chain_of(&session)
        .send(
            &[ix::vote_reward_claim(&bob.pubkey(), &claim_key)],
            &bob,
            &[],
        )
        .unwrap();
    assert!(matches!(
        receipt.events.as_slice(),
        [mutual_sdk::MutualEvent::VoteRewardClaimEvent(e)] if e.reward == reward / 4
    ));
    let err = run_command(&session, &["rewards", "claim", &claim]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with(&format!("no vote by {} on claim {claim}", carol.pubkey())),
        "{err}"
    );
    // 14 days after the vote the assessor stake unlocks
    chain_of(&session).warp_days(10).unwrap();
    let shown = ok_json(&session, &["assessor", "show"]);
    assert_eq!(shown["stake"], 300_000_000_000u64);
    assert_eq!(shown["fraud"], false);
    let unstaked = ok_json(
        &session,
        &["assessor", "unstake", "--amount", "300000000000"],
    );
    assert_eq!(unstaked["stake"], 0);
}

#[test]
fn a_commit_reveal_poll_hides_its_tally_until_the_votes_are_revealed() {
    use mutual::errors::MutualError;
    // Arrange: a commit-reveal product and a cover on it; Dora is an assessor, the signer the claimant
    let mut session = embedded_session();
    let mut market = COVER_MARKET.to_vec();
    let commit_reveal = [CREATE_LENDING, &["--commit-reveal"]].concat();
    market[0] = &commit_reveal;
    for args in market {
        ok_json(&session, args);
    }
    let claimant = session.signer().unwrap().insecure_clone();
    let dora = sdk_member(&session, 404_000_000);
    ok_json_as(
        &mut session,
        &dora,
        &claimant,
        &["assessor", "stake", "--amount", "200000000000"],
    );
    ok_json(&session, BUY_COVER);
    chain_of(&session).warp_seconds(60).unwrap();
    let filed = ok_json(&session, SUBMIT_CLAIM);
    let claim = filed["claim"].as_str().unwrap().to_string();
    assert_eq!(filed["voting"], "commit-reveal");

    // Act + Assert: an open vote is refused; a commitment whose salt can't be saved is never sent
    session.set_signer(dora.insecure_clone());
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::WrongVotingMode));
    let err = run_command(&session, &["vote", "commit", &claim, "--accept"]).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().starts_with(&format!(
            "can't save the salt to /nonexistent/key.vote-{claim}.json"
        )),
        "{err}"
    );
    assert_eq!(ok_json(&session, &["claim", "show", &claim])["voters"], 0);
    let dir = std::env::temp_dir().join(format!("mutual-cli-salt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let salt_file = dir.join("vote.json");
    let salt_path = salt_file.to_str().unwrap();
    let committed = ok_json(
        &session,
        &[
            "vote",
            "commit",
            &claim,
            "--accept",
            "--salt-file",
            salt_path,
        ],
    );
    assert_eq!(committed["weight"], 200_000_000_000u64);
    assert_eq!(committed["reveal_in"], 3 * DAY);
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&salt_file).unwrap()).unwrap();
    assert_eq!(saved["salt"], committed["salt"]);
    assert_eq!(saved["choice"], "accept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&salt_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // While voting, the tally is hidden: in JSON and in the table a member reads
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (shown["tally"].clone(), shown["outcome"].clone()),
        ("hidden".into(), "hidden".into())
    );
    session.opts.json = false;
    let table =
        String::from_utf8(run_command(&session, &["claim", "list", "--open"]).unwrap()).unwrap();
    session.opts.json = true;
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines[0], "claims taking votes");
    assert_eq!(lines[1], "  count  1");
    let columns: Vec<&str> = lines[2].split_whitespace().collect();
    assert_eq!(
        columns,
        [
            "claim",
            "amount",
            "state",
            "time_left",
            "tally",
            "wording",
            "evidence"
        ]
    );
    let row: Vec<&str> = lines[3].split_whitespace().collect();
    assert_eq!(
        row,
        [
            claim.as_str(),
            "600.000000",
            "voting",
            "3d",
            "0h",
            "0m",
            "hidden",
            "ipfs://w",
            "ipfs://exploit-report"
        ]
    );

    // Reveals wait for the end; a wrong choice doesn't open the commitment; the saved one does
    let err = run_command(
        &session,
        &["vote", "reveal", &claim, "--salt-file", salt_path],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::PollNotRevealing));
    chain_of(&session).warp_days(3).unwrap();
    let salt = committed["salt"].as_str().unwrap();
    let err = run_command(
        &session,
        &["vote", "reveal", &claim, "--deny", "--salt", salt],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::CommitmentMismatch));
    let revealed = ok_json(
        &session,
        &["vote", "reveal", &claim, "--salt-file", salt_path],
    );
    assert_eq!(
        (
            revealed["choice"].clone(),
            revealed["accept"].clone(),
            revealed["deny"].clone()
        ),
        ("accept".into(), 200_000_000_000u64.into(), 0.into())
    );
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(shown["phase"], "reveal");
    assert_eq!(
        shown["tally"],
        serde_json::json!({"accept": 200_000_000_000u64, "deny": 0})
    );

    // After the reveal day and the cooldown, the claim pays out
    chain_of(&session).warp_days(2).unwrap();
    let paid = ok_json_as(&mut session, &claimant, &dora, &["claim", "redeem", &claim]);
    assert_eq!(paid["amount"], CLAIMED);
    let rewarded = ok_json(&session, &["rewards", "claim", &claim]);
    assert_eq!(rewarded["reward"], filed["reward"]);
}

#[test]
fn claim_commands_refuse_what_the_chain_would_and_settle_a_denied_claim() {
    use mutual::errors::MutualError;
    let session = embedded_session();
    // Not a member: voting, staking and rewards say how to join
    let some_claim = mutual_sdk::Pubkey::new_unique().to_string();
    for args in [
        &["vote", "accept", some_claim.as_str()][..],
        &["vote", "commit", some_claim.as_str(), "--deny"],
        &["assessor", "stake", "--amount", "1"],
        &["rewards", "claim", some_claim.as_str()],
    ] {
        let err = run_command(&session, args).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("not a member: run `mutual member join`"),
            "{args:?}: {err}"
        );
    }
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    let err = run_command(&session, &["claim", "show", &some_claim]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("claim {some_claim} does not exist (see `mutual claim list`)")
    );
    let err = run_command(&session, &["vote", "accept", &some_claim]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("claim {some_claim} does not exist (see `mutual claim list`)")
    );
    let err = run_command(&session, &["assessor", "stake", "--amount", "0"]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ZeroAmount));
    let err = run_command(
        &session,
        &["assessor", "stake", "--amount", "10000000000000"],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::InsufficientBalance));
    ok_json(&session, BUY_COVER);
    let submit = |amount: &str| {
        run_command(
            &session,
            &[
                "claim",
                "submit",
                "--cover",
                "0/0",
                "--amount",
                amount,
                "--evidence-uri",
                "ipfs://e",
            ],
        )
    };
    // The slot rule is the chain's own: its refusal names the error the same way
    let err = submit("1").unwrap_err();
    assert_eq!(err.exit_code(), 1);
    assert_eq!(
        err.to_string(),
        format!(
            "instruction 0 failed: {}",
            refusal(MutualError::ClaimSameSlot)
        )
    );
    chain_of(&session).warp_seconds(60).unwrap();
    let err = submit("1000000001").unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimAboveCover));
    let err = submit("0").unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ZeroAmount));
    let filed: Value =
        as_base_units(serde_json::from_slice(&submit("1000000000").unwrap()).unwrap());
    let claim = filed["claim"].as_str().unwrap().to_string();
    let err = submit("1").unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::CoverHasOpenClaim));
    // Without assessor stake there is nothing to vote with; the claimant may not vote on their own claim, whatever
    // their stake
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    let me = mutual_sdk::Signer::pubkey(session.signer().unwrap());
    assert_eq!(
        err.to_string(),
        format!("{me} has no assessor stake: run `mutual assessor stake` (it weighs only in claims filed after it)")
    );
    ok_json(&session, &["assessor", "stake", "--amount", "100000000000"]);
    let err = run_command(&session, &["vote", "accept", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimantCannotVote));
    let err = run_command(&session, &["claim", "close", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimNotDecided));

    // Nobody voted: after the 7-day limit and the cooldown the claim is denied, and anyone may close it
    chain_of(&session).warp_days(8).unwrap();
    let err = run_command(&session, &["claim", "redeem", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimDenied));
    let treasury = mutual_sdk::pda::treasury().0;
    let before = mutual_sdk::fetch::lamports(chain_of(&session), &treasury).unwrap();
    let closed = ok_json(&session, &["claim", "close", &claim]);
    assert_eq!(closed["status"], "denied");
    assert_eq!(closed["deposit"], 50_000_000);
    assert_eq!(closed["deposit_to"], treasury.to_string());
    assert_eq!(
        mutual_sdk::fetch::lamports(chain_of(&session), &treasury).unwrap(),
        before + 50_000_000
    );
    let shown = ok_json(&session, &["claim", "show", &claim]);
    assert_eq!(
        (shown["status"].clone(), shown["outcome"].clone()),
        ("denied".into(), "denied".into())
    );
    let err = run_command(&session, &["claim", "close", &claim]).unwrap_err();
    assert_eq!(err.to_string(), refusal(MutualError::ClaimNotOpen));
    // The cover takes a new claim again
    submit("1").expect("a second claim once the first is settled");
}

#[test]
fn claim_and_assessor_reads_need_no_keypair_file() {
    let someone = mutual_sdk::Pubkey::new_unique().to_string();
    for args in [
        &["claim", "show", someone.as_str()][..],
        &["claim", "list"],
        &["claim", "list", "--open"],
        &["assessor", "show", someone.as_str()],
    ] {
        let mut all = vec!["--url", NO_NODE, "--keypair", NO_KEY];
        all.extend_from_slice(args);
        let err = mutual(&all, "").unwrap_err();
        assert!(err.to_string().starts_with(UNREACHABLE), "{args:?}: {err}");
    }
}

//! The review is what the chain does: a cover command's figures (premium, commission, credit, what is paid, the
//! approval) equal the chain's effect to the unit, and what it refuses before the review the chain refuses with
//! the same error. Idle pools, edits that move capacity, and covers sharing one paying account included.
use mutual::constants::DAY;
use mutual::errors::MutualError;
use mutual_cli::chain::Session;
use mutual_sdk::{fetch, ix, pda, Keypair, Pubkey, Signer, Transport};
use serde_json::Value;

mod support;
use support::session::*;

fn me(session: &Session) -> Pubkey {
    session.signer().unwrap().pubkey()
}

fn usdc_account(session: &Session, wallet: &Pubkey) -> Pubkey {
    session.deployment().unwrap().base_account(wallet)
}

fn usdc(session: &Session, wallet: &Pubkey) -> u64 {
    fetch::token_balance(chain_of(session), &usdc_account(session, wallet)).unwrap()
}

fn cover(session: &Session, seq: u64) -> mutual::state::Cover {
    mutual_sdk::cover::cover(chain_of(session), &mutual_sdk::cover::cover_address(0, seq))
        .unwrap()
        .expect("the cover")
}

/// COVER_MARKET: product 0 on pool 0, 1,000 MUT staked for 8 tranches (2,000 USDC of capacity at 2x).
fn market() -> Session {
    let session = embedded_session();
    for args in COVER_MARKET {
        ok_json(&session, args);
    }
    session
}

/// Runs `args` and checks that what it showed was taken from the signer's USDC to the unit.
fn paid_as_shown(session: &Session, args: &[&str], shown: &str) -> Value {
    let before = usdc(session, &me(session));
    let out = ok_json(session, args);
    assert_eq!(
        before - usdc(session, &me(session)),
        out[shown].as_u64().unwrap(),
        "{args:?}: {out}"
    );
    out
}

#[test]
fn a_routed_buy_on_a_pool_idle_for_months_sends_the_crank_and_charges_what_it_showed() {
    // Arrange: a cover on the pool, then ten months without a transaction touching it: more boundaries than a
    // cover instruction processes by itself
    let session = market();
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "500000000", "--days", "60"],
    );
    chain_of(&session).warp_days(300).unwrap();
    let pool = fetch::pool(chain_of(&session), 0).unwrap();
    let now = chain_of(&session).unix_timestamp().unwrap();
    let cranks = mutual_sdk::staking::catch_up(&pool, now);
    let direct =
        mutual_sdk::cover::CoverMarket::load(chain_of(&session), 0, &pool_asset(&session)).unwrap();

    // Act: the default route, as a new user buys
    let bought = paid_as_shown(
        &session,
        &["cover", "buy", "0", "--amount", "700000000", "--days", "90"],
        "total",
    );

    // Assert: the crank was needed (a lone cover_buy is refused), went in front, and the premium is the cover's
    assert_eq!(cranks.len(), 1);
    let lone = chain_of(&session).simulate(
        &[direct_buy(&session, &direct, 700_000_000)],
        session.signer().unwrap(),
        &[],
    );
    assert!(
        lone.is_ok(),
        "after the crank, a lone buy goes through: {lone:?}"
    );
    assert_eq!(bought["premium"], cover(&session, 1).premium);
    assert!(mutual_sdk::staking::is_processed(
        &fetch::pool(chain_of(&session), 0).unwrap(),
        chain_of(&session).unix_timestamp().unwrap()
    ));
}

fn pool_asset(session: &Session) -> Pubkey {
    fetch::config(&session.chain).unwrap().base_asset
}

/// The cover_buy the CLI would send for `amount` over 90 days on pool 0, with no premium limit.
fn direct_buy(
    session: &Session,
    market: &mutual_sdk::cover::CoverMarket,
    amount: u64,
) -> anchor_lang::solana_program::instruction::Instruction {
    let buyer = me(session);
    let asset = ix::CoverAsset {
        mint: market.asset.mint,
        token_program: market.asset.token_program,
    };
    ix::cover_buy(
        &buyer,
        0,
        fetch::product(chain_of(session), 0).unwrap().next_cover_seq,
        &asset,
        &usdc_account(session, &buyer),
        None,
        &[0],
        mutual::instructions::CoverBuyArgs {
            owner: buyer,
            amount,
            period: 90 * DAY as u32,
            max_premium: u64::MAX,
            commission_bps: mutual::math::Bps::ZERO,
        },
    )
}

#[test]
fn a_lone_buy_on_an_idle_pool_is_refused_by_the_chain_as_the_review_predicts_without_the_crank() {
    // The other side of the test above: without the crank, the chain refuses; the CLI never sends it alone.
    let session = market();
    chain_of(&session).warp_days(300).unwrap();
    let market =
        mutual_sdk::cover::CoverMarket::load(chain_of(&session), 0, &pool_asset(&session)).unwrap();
    let err = chain_of(&session)
        .send(
            &[direct_buy(&session, &market, 700_000_000)],
            session.signer().unwrap(),
            &[],
        )
        .unwrap_err();
    assert_eq!(
        err.custom_code(),
        Some(u32::from(MutualError::PoolProcessingPending))
    );
    assert_eq!(market.cranks(&[0]).len(), 1);
}

#[test]
fn an_edit_frees_the_old_allocation_first_and_charges_exactly_the_review() {
    // Arrange: 1,200 USDC of the pool's 2,000 in one cover
    let session = market();
    ok_json(
        &session,
        &[
            "cover",
            "buy",
            "0",
            "--amount",
            "1200000000",
            "--days",
            "90",
        ],
    );
    chain_of(&session).warp_days(10).unwrap();

    // Act: the cover grows to 1,500 USDC: more than the pool's free 800, but the chain frees the old 1,200 first
    let edited = paid_as_shown(
        &session,
        &[
            "cover",
            "edit",
            "0",
            "0",
            "--amount",
            "1500000000",
            "--days",
            "120",
        ],
        "paid",
    );

    // Assert: the premium less the credit is what was paid; the limit sent was exactly that, no room for a
    // front-runner
    let c = cover(&session, 0);
    assert_eq!(c.amount, 1_500_000_000);
    assert_eq!(edited["premium"], c.premium);
    assert_eq!(
        edited["paid"].as_u64().unwrap(),
        c.premium - edited["credit"].as_u64().unwrap()
    );
    assert_eq!(edited["max_premium"], edited["paid"]);
    assert!(edited["credit"].as_u64().unwrap() > 0);
}

#[test]
fn covers_sharing_a_paying_account_share_one_approval_of_all_their_caps() {
    // Arrange: two covers paid from the signer's USDC account
    let mut session = market();
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "100000000", "--days", "30"],
    );
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "200000000", "--days", "30"],
    );
    let account = usdc_account(&session, &me(&session));
    let approval = |session: &Session| {
        let a = fetch::token_account(chain_of(session), &account)
            .unwrap()
            .unwrap();
        (Option::<Pubkey>::from(a.delegate), a.delegated_amount)
    };
    let config = pda::config().0;

    // Act + Assert: each cap adds to the one approval
    let first = ok_json(
        &session,
        &["cover", "auto-renew", "0", "0", "--max-premium", "2000000"],
    );
    assert_eq!(first["approved"], 2_000_000);
    assert_eq!(approval(&session), (Some(config), 2_000_000));
    let second = ok_json(
        &session,
        &["cover", "auto-renew", "0", "1", "--max-premium", "3000000"],
    );
    assert_eq!(second["approved"], 5_000_000);
    assert_eq!(approval(&session), (Some(config), 5_000_000));
    // a cancel keeps the other cover's approval
    let cancelled = ok_json(&session, &["cover", "auto-renew", "0", "0", "--cancel"]);
    assert_eq!(cancelled["approved"], 3_000_000);
    assert_eq!(approval(&session), (Some(config), 3_000_000));
    assert_eq!(cover(&session, 0).renew_max_premium, 0);
    assert_eq!(cover(&session, 1).renew_max_premium, 3_000_000);
    // a second cancel of the same cover is the chain's refusal, before the review
    let again = refused_before_review(&mut session, &["cover", "auto-renew", "0", "0", "--cancel"]);
    assert_eq!(again.to_string(), refusal(MutualError::AutoRenewOff));
    // and the last cancel revokes
    ok_json(&session, &["cover", "auto-renew", "0", "1", "--cancel"]);
    assert_eq!(approval(&session), (None, 0));
}

#[test]
fn the_auto_renewal_the_approval_allows_goes_through_for_anyone_in_the_last_7_days() {
    // Arrange: two auto-renewing covers on one account; the second one's last week
    let mut session = market();
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "100000000", "--days", "60"],
    );
    ok_json(
        &session,
        &["cover", "buy", "0", "--amount", "200000000", "--days", "30"],
    );
    ok_json(
        &session,
        &["cover", "auto-renew", "0", "0", "--max-premium", "2000000"],
    );
    ok_json(
        &session,
        &["cover", "auto-renew", "0", "1", "--max-premium", "3000000"],
    );
    chain_of(&session).warp_days(25).unwrap();
    let owner = session.signer().unwrap().insecure_clone();
    let before = usdc(&session, &owner.pubkey());

    // Act: a stranger cranks the renewal
    let stranger = Keypair::new();
    chain_of(&session)
        .airdrop(&stranger.pubkey(), mutual::constants::LAMPORTS_PER_SOL)
        .unwrap();
    let renewed = ok_json_as(
        &mut session,
        &stranger,
        &owner,
        &["cover", "auto-renew", "0", "1", "--crank"],
    );

    // Assert: paid from the owner's account within the approval, which still covers the other cover's cap
    let paid = before - usdc(&session, &owner.pubkey());
    assert!(paid > 0 && paid <= 3_000_000, "{paid}");
    assert!(renewed["signature"].is_string());
    let a = fetch::token_account(chain_of(&session), &usdc_account(&session, &owner.pubkey()))
        .unwrap()
        .unwrap();
    assert_eq!(a.delegated_amount, 5_000_000 - paid);
    assert!(a.delegated_amount >= 2_000_000);
}

#[test]
fn a_commission_without_an_account_and_a_stranger_bought_for_by_a_non_broker_are_the_chains_refusals_first(
) {
    // Arrange
    let mut session = market();
    let stranger = Pubkey::new_unique().to_string();
    let buy = |extra: &[&str]| {
        let mut args = vec!["cover", "buy", "0", "--amount", "100000000", "--days", "30"];
        args.extend_from_slice(extra);
        args.into_iter().map(str::to_string).collect::<Vec<_>>()
    };
    fn as_refs(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }

    // Act: refused before any review
    let no_account =
        refused_before_review(&mut session, &as_refs(&buy(&["--commission-bps", "500"])));
    let not_broker = refused_before_review(&mut session, &as_refs(&buy(&["--owner", &stranger])));

    // Assert: the CLI's errors are the chain's: the same instructions sent directly get the same codes
    assert_eq!(
        no_account.to_string(),
        refusal(MutualError::InvalidCommissionAccount)
    );
    assert_eq!(not_broker.to_string(), refusal(MutualError::NotBroker));
    let market =
        mutual_sdk::cover::CoverMarket::load(chain_of(&session), 0, &pool_asset(&session)).unwrap();
    let direct = |owner: Pubkey, commission: u16| {
        let mut ix = direct_buy(&session, &market, 100_000_000);
        let mut args: mutual::instructions::CoverBuyArgs =
            anchor_lang::AnchorDeserialize::deserialize(&mut &ix.data[8..]).unwrap();
        args.owner = owner;
        args.commission_bps = mutual::math::Bps(commission);
        args.period = 30 * DAY as u32;
        ix.data = anchor_lang::InstructionData::data(&mutual::instruction::CoverBuy { args });
        chain_of(&session)
            .send(&[ix], session.signer().unwrap(), &[])
            .unwrap_err()
            .custom_code()
    };
    assert_eq!(
        direct(me(&session), 500),
        Some(u32::from(MutualError::InvalidCommissionAccount))
    );
    assert_eq!(
        direct(stranger.parse().unwrap(), 0),
        Some(u32::from(MutualError::NotBroker))
    );
}

/// Random sequences of signing commands through the CLI (cover buys, edits, renewals, auto-renewals and their
/// cranks, trades, reward withdrawals), with restakes and warps from a day to over a year (so pools go idle,
/// buckets and tranches end, covers enter their renewal week and expire): after each, the figure the command
/// showed is the chain's effect to the unit; a refusal before the review is the chain's refusal of the same
/// instruction (sent directly, with the catch-up cranks the CLI would have put in front) and moves nothing.
mod random {
    use super::*;
    use mutual_cli::CliError;
    use mutual_sdk::SdkError;
    use proptest::prelude::*;

    #[derive(Clone, Debug)]
    pub enum Op {
        Buy {
            tenths: u64,
            days: u32,
            pools: u8,
            commission: bool,
        },
        Edit {
            which: usize,
            tenths: u64,
            days: u32,
        },
        Renew {
            which: usize,
        },
        AutoRenew {
            which: usize,
            cap: u64,
        },
        Cancel {
            which: usize,
        },
        Crank {
            which: usize,
        },
        Warp {
            days: i64,
        },
        /// A trade of the stake token at book value.
        TokenBuy {
            tenths: u64,
        },
        TokenSell {
            tenths: u64,
        },
        /// The rewards of one of the signer's positions.
        Rewards {
            which: usize,
        },
        /// More stake, locked for the longest: a member's answer to expiring tranches.
        Restake {
            pool: u32,
        },
        /// To three days before a held cover's end, its renewal week, then its renewal: by the owner, or cranked
        /// (within the auto-renewal cap, if one is set).
        RenewalWeek {
            which: usize,
            crank: bool,
        },
    }

    pub fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (1u64..=25, 28u32..=200, 1u8..=3, any::<bool>())
                .prop_map(|(tenths, days, pools, commission)| Op::Buy { tenths, days, pools, commission }),
            2 => (0usize..4, 1u64..=25, 28u32..=200).prop_map(|(which, tenths, days)| Op::Edit { which, tenths, days }),
            1 => (0usize..4).prop_map(|which| Op::Renew { which }),
            1 => (0usize..4, 1u64..=5_000_000).prop_map(|(which, cap)| Op::AutoRenew { which, cap }),
            1 => (0usize..4).prop_map(|which| Op::Cancel { which }),
            1 => (0usize..4).prop_map(|which| Op::Crank { which }),
            2 => prop_oneof![4 => 1i64..=10, 4 => 20i64..=60, 1 => 200i64..=420].prop_map(|days| Op::Warp { days }),
            1 => (0u32..2).prop_map(|pool| Op::Restake { pool }),
            1 => (1u64..=30).prop_map(|tenths| Op::TokenBuy { tenths }),
            1 => (1u64..=30).prop_map(|tenths| Op::TokenSell { tenths }),
            1 => (0usize..4).prop_map(|which| Op::Rewards { which }),
            3 => (0usize..4, any::<bool>()).prop_map(|(which, crank)| Op::RenewalWeek { which, crank }),
        ]
    }

    /// Product 0 on pools 0 (1,000 MUT for 8 tranches, 3%) and 1 (500 MUT for 4, 5%, weight 60).
    fn two_pools() -> Session {
        let session = market();
        for args in [
            &["pool", "create", "--listing", "0:60:500"][..],
            &[
                "stake",
                "deposit",
                "--pool",
                "1",
                "--amount",
                "500000000000",
                "--lock",
                "3",
            ],
        ] {
            ok_json(&session, args);
        }
        session
    }

    fn pools_of(mask: u8) -> String {
        (0..2u32)
            .filter(|i| mask & (1 << i) != 0)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The signer's MUT.
    fn stake_balance(session: &Session) -> u64 {
        fetch::token_balance(chain_of(session), &pda::stake_account(&me(session))).unwrap()
    }

    /// What the signer's account approves the config PDA for.
    fn approved(session: &Session) -> u64 {
        let a = fetch::token_account(chain_of(session), &usdc_account(session, &me(session)))
            .unwrap()
            .unwrap();
        if Option::<Pubkey>::from(a.delegate) == Some(pda::config().0) {
            a.delegated_amount
        } else {
            0
        }
    }

    /// The cover_buy / cover_edit the CLI would have sent, sent directly with the cranks the CLI puts in front.
    fn direct(session: &Session, op: &Op, held: &[u64]) -> Option<u32> {
        let chain = chain_of(session);
        let market =
            mutual_sdk::cover::CoverMarket::load(chain, 0, &super::pool_asset(session)).ok()?;
        let buyer = me(session);
        let asset = ix::CoverAsset {
            mint: market.asset.mint,
            token_program: market.asset.token_program,
        };
        let (pools, ix) = match op {
            Op::Buy {
                tenths,
                days,
                pools,
                commission,
            } => {
                let pools: Vec<u32> = (0..2).filter(|i| pools & (1 << i) != 0).collect();
                let ix = ix::cover_buy(
                    &buyer,
                    0,
                    market.product.next_cover_seq,
                    &asset,
                    &usdc_account(session, &buyer),
                    commission.then(|| usdc_account(session, &buyer)),
                    &pools,
                    mutual::instructions::CoverBuyArgs {
                        owner: buyer,
                        amount: tenths * 100_000_000,
                        period: days * DAY as u32,
                        max_premium: u64::MAX,
                        commission_bps: mutual::math::Bps(if *commission { 500 } else { 0 }),
                    },
                );
                (pools, ix)
            }
            Op::Edit {
                which,
                tenths,
                days,
            } => {
                let seq = *held.get(*which)?;
                let cover =
                    mutual_sdk::cover::cover(chain, &mutual_sdk::cover::cover_address(0, seq))
                        .ok()??;
                let pools: Vec<u32> = market.route(days * DAY as u32).ok()?;
                let old: Vec<u32> = cover.pools().iter().map(|a| a.pool_id).collect();
                let ix = ix::cover_edit(
                    &buyer,
                    0,
                    seq,
                    &asset,
                    &usdc_account(session, &buyer),
                    &pools,
                    &old,
                    tenths * 100_000_000,
                    days * DAY as u32,
                    u64::MAX,
                );
                (pools, ix)
            }
            _ => return None,
        };
        let mut ixs = market.cranks(&pools);
        ixs.push(ix);
        chain
            .simulate(&ixs, session.signer().unwrap(), &[])
            .err()?
            .custom_code()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(16))]

        #[test]
        fn every_signing_commands_review_is_the_chains_effect_and_its_refusals_the_chains(
            ops in proptest::collection::vec(op(), 8..=14)
        ) {
            let mut session = two_pools();
            let mut held: Vec<u64> = Vec::new();
            for op in ops {
                let seq = |which: usize| held.get(which).map(|s| s.to_string());
                let args: Vec<String> = match &op {
                    Op::Buy { tenths, days, pools, commission } => {
                        let mut a = vec!["cover".into(), "buy".into(), "0".into(), "--amount".into(),
                            (tenths * 100_000_000).to_string(), "--days".into(), days.to_string(),
                            "--pools".into(), pools_of(*pools)];
                        if *commission {
                            a.extend(["--commission-bps".into(), "500".into(), "--commission-to".into(),
                                usdc_account(&session, &me(&session)).to_string()]);
                        }
                        a
                    }
                    Op::Edit { which, tenths, days } => match seq(*which) {
                        Some(s) => vec!["cover".into(), "edit".into(), "0".into(), s, "--amount".into(),
                            (tenths * 100_000_000).to_string(), "--days".into(), days.to_string()],
                        None => continue,
                    },
                    Op::Renew { which } => match seq(*which) {
                        Some(s) => vec!["cover".into(), "renew".into(), "0".into(), s],
                        None => continue,
                    },
                    Op::AutoRenew { which, cap } => match seq(*which) {
                        Some(s) => vec!["cover".into(), "auto-renew".into(), "0".into(), s,
                            "--max-premium".into(), cap.to_string()],
                        None => continue,
                    },
                    Op::Cancel { which } => match seq(*which) {
                        Some(s) => vec!["cover".into(), "auto-renew".into(), "0".into(), s, "--cancel".into()],
                        None => continue,
                    },
                    Op::Crank { which } => match seq(*which) {
                        Some(s) => vec!["cover".into(), "auto-renew".into(), "0".into(), s, "--crank".into()],
                        None => continue,
                    },
                    Op::Warp { days } => {
                        chain_of(&session).warp_days(*days).unwrap();
                        continue;
                    }
                    Op::TokenBuy { tenths } => vec!["token".into(), "buy".into(), "--amount".into(),
                        (tenths * 100_000_000).to_string()],
                    Op::TokenSell { tenths } => vec!["token".into(), "sell".into(), "--amount".into(),
                        (tenths * 10_000_000_000).to_string()],
                    Op::Rewards { which } => {
                        let positions = mutual_sdk::staking::positions_of(chain_of(&session), &me(&session)).unwrap();
                        let Some((_, p)) = positions.get(*which % positions.len().max(1)) else { continue };
                        let pool = fetch::decode::<mutual::state::Pool>(&p.pool, chain_of(&session).get_account(&p.pool).unwrap()).unwrap();
                        vec!["stake".into(), "withdraw".into(), "--pool".into(), pool.id.to_string(),
                            "--tranche".into(), p.tranche.to_string(), "--rewards".into()]
                    }
                    Op::Restake { pool } => {
                        ok_json(&session, &["token", "buy", "--amount", "1010000000"]);
                        let pool = pool.to_string();
                        ok_json(
                            &session,
                            &["stake", "deposit", "--pool", &pool, "--amount", "1000000000000", "--lock", "7"],
                        );
                        continue;
                    }
                    Op::RenewalWeek { which, crank } => {
                        let Some(s) = seq(*which) else { continue };
                        let chain = chain_of(&session);
                        let end = mutual_sdk::cover::cover(chain, &mutual_sdk::cover::cover_address(0, held[*which]))
                            .ok()
                            .flatten()
                            .and_then(|c| c.end().ok());
                        let now = chain.unix_timestamp().unwrap();
                        if let Some(end) = end.filter(|e| *e - 3 * DAY > now) {
                            chain.warp_seconds(end - 3 * DAY - now).unwrap();
                        }
                        let off = mutual_sdk::cover::cover(chain, &mutual_sdk::cover::cover_address(0, held[*which]))
                            .ok()
                            .flatten()
                            .is_some_and(|c| c.renew_max_premium == 0 && c.is_active(now).unwrap_or(false));
                        if *crank && off {
                            // the owner allows it first, with room for any renewal's premium
                            ok_json(&session, &["cover", "auto-renew", "0", &s, "--max-premium", "5000000000"]);
                        }
                        match crank {
                            true => vec!["cover".into(), "auto-renew".into(), "0".into(), s, "--crank".into()],
                            false => vec!["cover".into(), "renew".into(), "0".into(), s],
                        }
                    }
                };
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let before = usdc(&session, &me(&session));
                let stake_before = stake_balance(&session);
                let approval_before = approved(&session);
                session.opts.yes = false;
                let result = run_command(&session, &args);
                session.opts.yes = true;
                match result {
                    // Refused: before the review (nothing typed at the prompt means Aborted otherwise), and nothing moved
                    Err(CliError::Aborted) => {
                        // Reached the review: sign it, and compare.
                        let out: Value = ok_json(&session, &args);
                        // Positive when USDC left the signer; a sale brings some in (`gained` below).
                        let spent = before.saturating_sub(usdc(&session, &me(&session)));
                        match &op {
                            Op::Buy { .. } => {
                                let seq = out["seq"].as_u64().unwrap();
                                // A commission paid to one's own account comes back: the net is the premium.
                                let shown = if out["commission"].as_u64().unwrap() > 0 {
                                    out["premium"].as_u64().unwrap()
                                } else {
                                    out["total"].as_u64().unwrap()
                                };
                                prop_assert_eq!(spent, shown, "{:?}", op);
                                prop_assert_eq!(out["premium"].as_u64().unwrap(), cover(&session, seq).premium);
                                held.push(seq);
                            }
                            Op::Edit { .. } => prop_assert_eq!(spent, out["paid"].as_u64().unwrap(), "{:?}", op),
                            Op::Renew { .. } => prop_assert_eq!(spent, out["total"].as_u64().unwrap(), "{:?}", op),
                            Op::AutoRenew { .. } | Op::Cancel { .. } => {
                                prop_assert_eq!(spent, 0);
                                prop_assert_eq!(approved(&session), out["approved"].as_u64().unwrap(), "{:?}", op);
                            }
                            Op::Crank { .. } => {
                                prop_assert!(spent > 0, "{:?}", op);
                                prop_assert_eq!(approval_before - approved(&session), spent);
                            }
                            Op::RenewalWeek { crank: true, .. } => {
                                prop_assert!(spent > 0, "{:?}", op);
                                prop_assert_eq!(approval_before - approved(&session), spent);
                            }
                            Op::RenewalWeek { crank: false, .. } => {
                                prop_assert_eq!(spent, out["total"].as_u64().unwrap(), "{:?}", op)
                            }
                            Op::TokenBuy { .. } => {
                                prop_assert_eq!(spent, out["base_in"].as_u64().unwrap());
                                prop_assert_eq!(out["stake_out"].clone(), out["quoted"].clone(), "{:?}", op);
                                prop_assert_eq!(stake_balance(&session) - stake_before, out["quoted"].as_u64().unwrap());
                            }
                            Op::TokenSell { .. } => {
                                let gained = usdc(&session, &me(&session)) - before;
                                prop_assert_eq!(gained, out["quoted"].as_u64().unwrap(), "{:?}", op);
                                prop_assert_eq!(stake_before - stake_balance(&session), out["stake_in"].as_u64().unwrap());
                            }
                            Op::Rewards { .. } => {
                                prop_assert_eq!(out["rewards"].clone(), out["quoted_rewards"].clone(), "{:?}", op);
                                prop_assert_eq!(stake_balance(&session) - stake_before, out["quoted_rewards"].as_u64().unwrap());
                            }
                            Op::Warp { .. } | Op::Restake { .. } => unreachable!(),
                        }
                    }
                    Err(CliError::Sdk(e @ (SdkError::Refused(_) | SdkError::Transaction { .. })))
                    | Err(CliError::Sdk(e @ SdkError::Missing(_)))
                    | Err(CliError::Explained { error: e @ (SdkError::Refused(_) | SdkError::Transaction { .. }), .. }) => {
                        prop_assert_eq!(usdc(&session, &me(&session)), before);
                        prop_assert_eq!(approved(&session), approval_before);
                        if let Some(chain_says) = direct(&session, &op, &held) {
                            prop_assert_eq!(Some(chain_says), e.custom_code(), "{:?}: {}", op, e);
                        }
                    }
                    Err(other) => {
                        // A usage refusal (no pool to route to, an expired cover): nothing moved.
                        prop_assert_eq!(usdc(&session, &me(&session)), before, "{:?}: {}", op, other);
                    }
                    Ok(_) => prop_assert!(false, "{:?} signed without a confirmation", op),
                }
            }
        }
    }
}

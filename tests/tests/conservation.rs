//! Conservation of the capital pool under random sequences of joins, leaves, buys, sells and donations
//! (STYLE.md: a stateful random sequence test), and the same bookkeeping at a modest scale.
//!
//! After every step: vault == Σ paid in by buyers − Σ paid out to sellers + Σ donated; stake supply == Σ stake
//! balances; and book value (capital / supply, compared as exact fractions) never decreases.
use anchor_spl::token::spl_token;
use mutual_sdk::{ix, Keypair, Pubkey, Signer};
use mutual_tests::*;
use proptest::prelude::*;

/// Wallets taking part in a random sequence; the first `FOUNDERS` are members from the start, and wallet 0 has
/// made the first purchase.
const WALLETS: usize = 4;
const FOUNDERS: usize = 2;
const SEED_PURCHASE: u64 = 2_020 * USDC;
const FUNDING: u64 = 5_000 * USDC;

#[derive(Clone, Debug)]
enum Op {
    Join(usize),
    Leave(usize),
    Buy(usize, u64),
    /// Sells this share (bps) of the wallet's stake balance.
    SellShare(usize, u16),
    /// Sells this many stake base units.
    SellUnits(usize, u64),
    /// Sends base units straight to the vault, outside the program.
    Donate(usize, u64),
}

fn op() -> impl Strategy<Value = Op> {
    // Mostly the founders, so that most steps are trades that can go through.
    let wallet = prop_oneof![3 => 0..FOUNDERS, 1 => FOUNDERS..WALLETS];
    prop_oneof![
        2 => (0..WALLETS).prop_map(Op::Join),
        1 => (0..WALLETS).prop_map(Op::Leave),
        2 => (wallet.clone(), 1u64..=100).prop_map(|(w, a)| Op::Buy(w, a)),
        4 => (wallet.clone(), USDC..=6_000 * USDC).prop_map(|(w, a)| Op::Buy(w, a)),
        3 => (wallet.clone(), 0u16..=10_000).prop_map(|(w, s)| Op::SellShare(w, s)),
        1 => (wallet.clone(), 1u64..=5_000).prop_map(|(w, u)| Op::SellUnits(w, u)),
        1 => (wallet, 1u64..=50 * USDC).prop_map(|(w, a)| Op::Donate(w, a)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(8))]

    #[test]
    fn random_trading_conserves_the_vault_and_never_lowers_book_value(
        ops in prop::collection::vec(op(), 8..=12)
    ) {
        // Arrange
        let f = TestFixture::bootstrapped();
        let wallets: Vec<Keypair> = (0..WALLETS)
            .map(|i| {
                let w = if i < FOUNDERS { f.with_member() } else { f.new_wallet(10) };
                f.faucet(&w.pubkey(), FUNDING);
                w
            })
            .collect();
        f.send_ok(&[f.token_buy_ix(&wallets[0].pubkey(), SEED_PURCHASE, 0)], &[&wallets[0]]);
        let mut model = Model {
            members: (0..WALLETS).map(|i| i < FOUNDERS).collect(),
            paid_in: SEED_PURCHASE,
            ..Model::default()
        };
        let mut last = observe(&f, &wallets);
        model.check(&last);

        for (step, op) in ops.iter().enumerate() {
            // Act
            let (ixs, signer) = instructions(&f, &wallets, &last, op);
            let outcome = f.try_send(&ixs, &[&wallets[signer]]);
            let now = observe(&f, &wallets);

            // Assert
            match outcome {
                Err(e) => {
                    // A refusal is a program or token-program error, and it changed nothing.
                    prop_assert!(e.custom_code().is_some(), "step {step} {op:?}: {e}");
                    prop_assert_eq!(&now, &last, "step {} {:?} was refused but changed state", step, op);
                }
                Ok(_) => model.apply(&last, &now, op, step),
            }
            model.check(&now);
            prop_assert!(
                never_lower(&last, &now),
                "step {step} {op:?}: book value fell from {}/{} to {}/{}",
                last.vault, last.supply, now.vault, now.supply
            );
            last = now;
        }
    }
}

#[test]
fn twenty_members_buy_and_sell_and_the_books_balance() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let members: Vec<Keypair> = (0..20u64)
        .map(|i| {
            let wallet = f.new_wallet(1);
            let join = ix::member_join(&wallet.pubkey());
            assert_eq!(join.accounts.len(), 9);
            f.send_ok(&[join], &[&wallet]);
            f.faucet(&wallet.pubkey(), 1_000 * USDC + i);
            wallet
        })
        .collect();
    let (mut capital, mut supply) = (0u64, 0u64);
    let mut held = vec![0u64; members.len()];
    let mut paid_out = 0u64;

    // Act + Assert: everyone buys a different amount...
    for (i, wallet) in members.iter().enumerate() {
        let base_in = 500 * USDC + 7_777 * i as u64 + 1;
        let buy = f.token_buy_ix(&wallet.pubkey(), base_in, 0);
        assert_eq!(buy.accounts.len(), 12, "member {i}");
        let minted = quote_buy(base_in, capital, supply);
        f.send_ok(&[buy], &[wallet]);
        (capital, supply, held[i]) = (capital + base_in, supply + minted, minted);
        assert_eq!(f.stake_balance(&wallet.pubkey()), minted, "member {i}");
        assert_eq!(f.vault_balance(), capital, "member {i}");
        assert_eq!(f.stake_supply(), supply, "member {i}");
    }
    // ...then everyone sells a third of what they hold.
    for (i, wallet) in members.iter().enumerate() {
        let stake_in = held[i] / 3;
        let sell = f.token_sell_ix(&wallet.pubkey(), stake_in, 0);
        assert_eq!(sell.accounts.len(), 12, "member {i}");
        let paid = quote_sell(stake_in, capital, supply);
        let base_before = f.base_balance(&wallet.pubkey());
        f.send_ok(&[sell], &[wallet]);
        (capital, supply, held[i]) = (capital - paid, supply - stake_in, held[i] - stake_in);
        paid_out += paid;
        assert_eq!(
            f.base_balance(&wallet.pubkey()),
            base_before + paid,
            "member {i}"
        );
        assert_eq!(f.vault_balance(), capital, "member {i}");
    }

    // The books balance: what is left in the vault is what came in less what went out, and the supply is
    // exactly what the members hold.
    let bought: u64 = (0..20).map(|i| 500 * USDC + 7_777 * i + 1).sum();
    let base_now: u64 = members.iter().map(|w| f.base_balance(&w.pubkey())).sum();
    let funded: u64 = (0..20).map(|i| 1_000 * USDC + i).sum();
    assert_eq!(f.vault_balance(), funded - base_now);
    assert_eq!(f.vault_balance(), bought - paid_out);
    let stake_now: u64 = members.iter().map(|w| f.stake_balance(&w.pubkey())).sum();
    assert_eq!(stake_now, supply);
    assert_eq!(f.stake_supply(), supply);
    assert_eq!(held.iter().sum::<u64>(), supply);
    let snapshot = f.snapshot();
    assert_eq!((snapshot.capital, snapshot.stake_supply), (capital, supply));
    assert_eq!(
        snapshot.book_value,
        u64::try_from(u128::from(capital) * u128::from(STAKE) / u128::from(supply)).expect("fits")
    );
    // The 1% buffers of all 40 trades stayed in the pool: book value is above the initial 1 USDC plus 1%.
    assert!(snapshot.book_value > 1_010_000);
}

// ---- helpers ----

/// What the chain holds that the protocol's bookkeeping must explain.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Observed {
    vault: u64,
    supply: u64,
    /// Per wallet: (is a member, base balance, stake balance).
    wallets: Vec<(bool, u64, u64)>,
}

fn observe(f: &TestFixture, wallets: &[Keypair]) -> Observed {
    Observed {
        vault: f.vault_balance(),
        supply: f.stake_supply(),
        wallets: wallets
            .iter()
            .map(|w| {
                let key = w.pubkey();
                (
                    f.member(&key).is_some(),
                    f.base_balance(&key),
                    f.stake_balance(&key),
                )
            })
            .collect(),
    }
}

/// Running totals that every successful step updates, each checked against the program's own result.
#[derive(Default)]
struct Model {
    members: Vec<bool>,
    paid_in: u64,
    paid_out: u64,
    donated: u64,
}

impl Model {
    fn apply(&mut self, before: &Observed, after: &Observed, op: &Op, step: usize) {
        let (capital, supply) = (before.vault, before.supply);
        let delta = |w: usize| {
            let (_, b0, s0) = before.wallets[w];
            let (_, b1, s1) = after.wallets[w];
            (
                i128::from(b1) - i128::from(b0),
                i128::from(s1) - i128::from(s0),
            )
        };
        match *op {
            Op::Join(w) => {
                assert!(!self.members[w], "step {step}: {w} joined twice");
                self.members[w] = true;
            }
            Op::Leave(w) => {
                assert!(self.members[w], "step {step}: non-member {w} left");
                assert_eq!(before.wallets[w].2, 0, "step {step}: left holding stake");
                self.members[w] = false;
            }
            Op::Buy(w, base_in) => {
                assert!(self.members[w], "step {step}: non-member {w} bought");
                let minted = quote_buy(base_in, capital, supply);
                assert_eq!(
                    delta(w),
                    (-i128::from(base_in), i128::from(minted)),
                    "step {step}"
                );
                self.paid_in += base_in;
            }
            Op::SellShare(w, _) | Op::SellUnits(w, _) => {
                assert!(self.members[w], "step {step}: non-member {w} sold");
                let stake_in = sell_amount(before, op);
                let paid = quote_sell(stake_in, capital, supply);
                assert_eq!(
                    delta(w),
                    (i128::from(paid), -i128::from(stake_in)),
                    "step {step}"
                );
                // Nothing is sold below the MCR floor or below one whole token of supply.
                assert!(after.vault >= 1_000 * USDC, "step {step}");
                assert!(after.supply >= STAKE, "step {step}");
                self.paid_out += paid;
            }
            Op::Donate(w, amount) => {
                assert_eq!(delta(w), (-i128::from(amount), 0), "step {step}");
                self.donated += amount;
            }
        }
        for (i, (member, _, _)) in after.wallets.iter().enumerate() {
            assert_eq!(*member, self.members[i], "step {step}: membership of {i}");
        }
    }

    fn check(&self, now: &Observed) {
        assert_eq!(
            u128::from(now.vault),
            u128::from(self.paid_in) + u128::from(self.donated) - u128::from(self.paid_out)
        );
        let held: u64 = now.wallets.iter().map(|(_, _, stake)| stake).sum();
        assert_eq!(now.supply, held);
        let base: u64 = now.wallets.iter().map(|(_, base, _)| base).sum();
        assert_eq!(base + now.vault, FUNDING * WALLETS as u64);
    }
}

/// capital/supply did not go down (exact fractions); nothing to compare while the supply is 0.
fn never_lower(before: &Observed, after: &Observed) -> bool {
    if before.supply == 0 || after.supply == 0 {
        return true;
    }
    u128::from(after.vault) * u128::from(before.supply)
        >= u128::from(before.vault) * u128::from(after.supply)
}

/// The instructions of one step and the index of the wallet that signs them.
fn instructions(
    f: &TestFixture,
    wallets: &[Keypair],
    now: &Observed,
    op: &Op,
) -> (
    Vec<anchor_lang::solana_program::instruction::Instruction>,
    usize,
) {
    let key = |w: usize| wallets[w].pubkey();
    match *op {
        Op::Join(w) => (vec![ix::member_join(&key(w))], w),
        Op::Leave(w) => (vec![ix::member_leave(&key(w), 0)], w),
        Op::Buy(w, base_in) => (vec![f.token_buy_ix(&key(w), base_in, 0)], w),
        Op::SellShare(w, _) | Op::SellUnits(w, _) => {
            (vec![f.token_sell_ix(&key(w), sell_amount(now, op), 0)], w)
        }
        Op::Donate(w, amount) => (vec![donation(f, &key(w), amount)], w),
    }
}

/// Stake units a sell step offers: a share of the current balance, or a fixed amount.
fn sell_amount(now: &Observed, op: &Op) -> u64 {
    match *op {
        Op::SellShare(w, bps) => {
            let held = u128::from(now.wallets[w].2);
            u64::try_from(held * u128::from(bps) / 10_000).expect("fits")
        }
        Op::SellUnits(_, units) => units,
        _ => 0,
    }
}

/// A plain SPL transfer from the wallet's base account into the capital-pool vault.
fn donation(
    f: &TestFixture,
    wallet: &Pubkey,
    amount: u64,
) -> anchor_lang::solana_program::instruction::Instruction {
    let d = f.deployment();
    spl_token::instruction::transfer_checked(
        &d.base_token_program,
        &d.base_account(wallet),
        &d.base_mint,
        &d.base_vault,
        wallet,
        &[],
        amount,
        6,
    )
    .expect("transfer instruction")
}

/// `stake_for_buy` with the 1% buffer and an initial book value of 1 USDC, each step rounded down.
fn quote_buy(base_in: u64, capital: u64, supply: u64) -> u64 {
    let (capital, supply) = if supply == 0 {
        (USDC, STAKE)
    } else {
        (capital, supply)
    };
    let at_book_value = u128::from(base_in) * u128::from(supply) / u128::from(capital);
    u64::try_from(at_book_value * 10_000 / 10_100).expect("fits")
}

/// `base_for_sell` with the 1% buffer, each step rounded down.
fn quote_sell(stake_in: u64, capital: u64, supply: u64) -> u64 {
    let at_book_value = u128::from(stake_in) * u128::from(capital) / u128::from(supply);
    u64::try_from(at_book_value * 9_900 / 10_000).expect("fits")
}

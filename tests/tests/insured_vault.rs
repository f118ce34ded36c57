//! The example integrator (`programs/insured-vault`, docs/integrating.md) against the mutual: it buys cover for
//! its depositors by CPI as a broker, gates deposits on the product's risk and withdrawals on the cover's status.
//! The vault runs as a native builtin next to either build of the mutual (`MUTUAL_SBF_SO`), so on the SBF build
//! every CPI reaches the real binary and the compute units printed are the mutual's through CPI.
use anchor_lang::prelude::{AccountMeta, Pubkey};
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::{AccountDeserialize, InstructionData, ToAccountMetas};
use insured_vault::errors::VaultError;
use insured_vault::instructions::VaultArgs;
use insured_vault::state::{
    DepositRecord, Vault, DEPOSIT_SEED, SIGNER_SEED, TOKENS_SEED, VAULT_SEED,
};
use mutual::errors::MutualError;
use mutual::math::Bps;
use mutual_sdk::{fetch, ix, pda, Keypair, Signer, Transport};
use mutual_tests::*;
use solana_program_test::processor;

mutual_sdk::native_entry!(vault_entry, insured_vault::entry);

/// The vault's period: 90 days. Its commission: 10%.
const PERIOD: u32 = 90 * DAY as u32;
const COMMISSION_BPS: u16 = 1_000;

/// A chain with the vault program, a product backed by one pool, and a vault for it whose signer has joined and
/// (when `broker`) been made a broker by the mutual's authority.
struct World {
    f: TestFixture,
    market: CoverMarket,
    vault: Pubkey,
    signer: Pubkey,
    tokens: Pubkey,
    treasury: Pubkey,
}

fn world(max_score: u8, broker: bool) -> World {
    let mut f = TestFixture::new_with(|program_test| {
        // A builtin in both builds: there is no insured_vault.so (docs/integrating.md, "Building").
        let entry: Option<Builtin> = processor!(vault_entry);
        program_test.add_builtin_program(
            "insured_vault",
            insured_vault::ID,
            entry.expect("a builtin"),
        );
    });
    f.bootstrap();
    let market = f.with_cover_market("Lending", &[(100, 300, 10_000)]);
    let authority = f.new_wallet(10);
    let treasury = f.faucet(&authority.pubkey(), 0);
    let id = market.product.to_le_bytes();
    let vault = Pubkey::find_program_address(
        &[VAULT_SEED, authority.pubkey().as_ref(), &id],
        &insured_vault::ID,
    )
    .0;
    let signer = Pubkey::find_program_address(&[SIGNER_SEED, vault.as_ref()], &insured_vault::ID).0;
    let tokens = Pubkey::find_program_address(&[TOKENS_SEED, vault.as_ref()], &insured_vault::ID).0;
    let d = f.deployment();
    let create = Instruction {
        program_id: insured_vault::ID,
        accounts: insured_vault::accounts::VaultCreate {
            authority: authority.pubkey(),
            vault,
            vault_signer: signer,
            vault_tokens: tokens,
            asset_mint: d.base_mint,
            treasury,
            token_program: d.base_token_program,
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: insured_vault::instruction::VaultCreate {
            args: VaultArgs {
                product_id: market.product,
                max_score,
                commission_bps: COMMISSION_BPS,
                period: PERIOD,
                fund: LAMPORTS_PER_SOL,
            },
        }
        .data(),
    };
    let join = Instruction {
        program_id: insured_vault::ID,
        accounts: insured_vault::accounts::VaultJoin {
            authority: authority.pubkey(),
            vault,
            vault_signer: signer,
            mutual_program: mutual::ID,
            config: pda::config().0,
            member: pda::member(&signer).0,
            stake_mint: pda::stake_mint().0,
            stake_account: pda::stake_account(&signer),
            treasury: pda::treasury().0,
            token_program: anchor_spl::token_2022::ID,
            associated_token_program: anchor_spl::associated_token::ID,
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None),
        data: insured_vault::instruction::VaultJoin {}.data(),
    };
    f.send_ok(&[create, join], &[&authority]);
    if broker {
        let deployer = f.deployer().insecure_clone();
        f.send_ok(
            &[ix::member_set_broker(&deployer.pubkey(), &signer, true)],
            &[&deployer],
        );
    }
    World {
        f,
        market,
        vault,
        signer,
        tokens,
        treasury,
    }
}

impl World {
    fn deposit_record(&self, depositor: &Pubkey) -> Pubkey {
        Pubkey::find_program_address(
            &[DEPOSIT_SEED, self.vault.as_ref(), depositor.as_ref()],
            &insured_vault::ID,
        )
        .0
    }

    /// `deposit` of `amount` by `depositor` paying at most `max_premium`, on `product` (the vault's unless a test
    /// says otherwise), over the market's pools.
    fn deposit_ix(
        &self,
        depositor: &Pubkey,
        product: u32,
        amount: u64,
        max_premium: u64,
    ) -> Instruction {
        let d = self.f.deployment();
        let product_key = pda::product(product).0;
        let seq = self.f.product(product).next_cover_seq;
        // The mutual's own `cover_buy` names the pools' accounts in the order it takes them.
        let buy = ix::cover_buy(
            &self.signer,
            product,
            seq,
            &self.f.base_cover_asset(),
            &self.tokens,
            Some(self.treasury),
            &self.market.pools,
            mutual::instructions::CoverBuyArgs {
                owner: *depositor,
                amount,
                period: PERIOD,
                max_premium,
                commission_bps: Bps(COMMISSION_BPS),
            },
        );
        let pools: Vec<AccountMeta> = buy.accounts[15..].to_vec();
        let mut accounts = insured_vault::accounts::Deposit {
            depositor: *depositor,
            vault: self.vault,
            vault_signer: self.signer,
            vault_tokens: self.tokens,
            depositor_tokens: d.base_account(depositor),
            treasury: self.treasury,
            deposit: self.deposit_record(depositor),
            asset_mint: d.base_mint,
            mutual_program: mutual::ID,
            member: pda::member(&self.signer).0,
            config: pda::config().0,
            capital_snapshot: pda::capital_snapshot().0,
            product: product_key,
            risk_signals: pda::risk_signals(&product_key).0,
            asset: pda::asset(&d.base_mint).0,
            asset_vault: pda::asset_vault(&d.base_mint).0,
            cover: pda::cover(&product_key, seq).0,
            stake_mint: pda::stake_mint().0,
            asset_token_program: d.base_token_program,
            stake_token_program: anchor_spl::token_2022::ID,
            system_program: anchor_lang::system_program::ID,
        }
        .to_account_metas(None);
        accounts.extend(pools);
        Instruction {
            program_id: insured_vault::ID,
            accounts,
            data: insured_vault::instruction::Deposit {
                amount,
                max_premium,
            }
            .data(),
        }
    }

    /// A deposit of 1,000 USDC by `depositor` on the vault's product, allowing `max_premium`.
    fn deposit_1000(&self, depositor: &Pubkey, max_premium: u64) -> Instruction {
        self.deposit_ix(depositor, self.market.product, 1_000 * USDC, max_premium)
    }

    fn withdraw_ix(&self, depositor: &Pubkey, cover: &Pubkey) -> Instruction {
        let d = self.f.deployment();
        Instruction {
            program_id: insured_vault::ID,
            accounts: insured_vault::accounts::Withdraw {
                depositor: *depositor,
                vault: self.vault,
                vault_signer: self.signer,
                vault_tokens: self.tokens,
                depositor_tokens: d.base_account(depositor),
                deposit: self.deposit_record(depositor),
                cover: *cover,
                asset_mint: d.base_mint,
                mutual_program: mutual::ID,
                token_program: d.base_token_program,
            }
            .to_account_metas(None),
            data: insured_vault::instruction::Withdraw {}.data(),
        }
    }

    /// An account of the vault program at `address`, decoded (owner and discriminator checked).
    fn vault_account<T: AccountDeserialize>(&self, address: &Pubkey) -> Option<T> {
        let account = self.f.chain.get_account(address).unwrap()?;
        assert_eq!(account.owner, insured_vault::ID);
        Some(T::try_deserialize(&mut &account.data[..]).unwrap())
    }

    fn vault_state(&self) -> Vault {
        self.vault_account(&self.vault).expect("the vault")
    }

    fn record(&self, depositor: &Pubkey) -> Option<DepositRecord> {
        self.vault_account(&self.deposit_record(depositor))
    }

    fn tokens_held(&self, account: &Pubkey) -> u64 {
        fetch::token_balance(&self.f.chain, account).unwrap()
    }

    /// A wallet holding `usdc` that has not joined the mutual: the vault's depositors need not be members.
    fn depositor(&self, usdc: u64) -> Keypair {
        let wallet = self.f.new_wallet(1);
        self.f.faucet(&wallet.pubkey(), usdc);
        wallet
    }
}

impl World {
    /// Every account a refused deposit by `depositor` could have touched: their tokens and record, the vault's
    /// state, tokens, signer and treasury, and the product.
    fn untouched_by(&self, depositor: &Pubkey) -> Vec<Pubkey> {
        vec![
            self.f.deployment().base_account(depositor),
            self.deposit_record(depositor),
            self.vault,
            self.tokens,
            self.signer,
            self.treasury,
            pda::product(self.market.product).0,
        ]
    }
}

/// The vault's own error code.
fn vault_code(e: VaultError) -> u32 {
    anchor_lang::error::ERROR_CODE_OFFSET + e as u32
}

#[test]
fn a_deposit_buys_cover_for_the_depositor_as_a_broker_with_the_commission_to_the_treasury() {
    // Arrange: a depositor with 5,000 USDC who is not a member; the quote with the vault's commission
    let w = world(30, true);
    let alice = w.depositor(5_000 * USDC);
    let quote = mutual_sdk::cover::CoverMarket::load(
        &w.f.chain,
        w.market.product,
        &w.f.deployment().base_mint,
    )
    .unwrap()
    .quote(1_000 * USDC, PERIOD, Bps(COMMISSION_BPS), &w.market.pools)
    .unwrap();
    let seq = w.f.product(w.market.product).next_cover_seq;
    let cover = mutual_sdk::cover::cover_address(w.market.product, seq);

    // Act: deposit 1,000 USDC, allowing the quote plus 1 USDC
    let receipt = w.f.send_ok(
        &[w.deposit_1000(&alice.pubkey(), quote.total + USDC)],
        &[&alice],
    );

    // Assert: the cover is the depositor's, bought by the vault's signer; the depositor paid the premium and the
    // commission to the unit and got the rest of the allowance back; the treasury holds the commission
    let bought = w.f.cover(&cover).expect("the cover");
    assert_eq!(
        (
            bought.owner,
            bought.buyer,
            bought.amount,
            bought.period,
            bought.premium
        ),
        (
            alice.pubkey(),
            w.signer,
            1_000 * USDC,
            PERIOD,
            quote.placement.premium
        )
    );
    let commission =
        mutual::math::cover::commission(quote.placement.premium, Bps(COMMISSION_BPS)).unwrap();
    assert_eq!(quote.total, quote.placement.premium + commission);
    assert_eq!(w.tokens_held(&w.treasury), commission);
    assert_eq!(
        w.f.base_balance(&alice.pubkey()),
        5_000 * USDC - 1_000 * USDC - quote.total
    );
    assert_eq!(w.tokens_held(&w.tokens), 1_000 * USDC);
    let record = w.record(&alice.pubkey()).expect("the deposit");
    assert_eq!(
        (record.depositor, record.amount, record.cover, record.paid),
        (alice.pubkey(), 1_000 * USDC, cover, quote.total)
    );
    assert_eq!(w.vault_state().deposits, 1_000 * USDC);
    if let Some(units) = receipt.compute_units {
        println!("deposit through the vault (product_risk + cover_buy by CPI, 1 pool): {units} CU");
    }
}

#[test]
fn a_depositor_s_own_claim_on_the_vault_s_cover_is_paid_to_them_and_holds_the_withdrawal_until_settled(
) {
    // Arrange: Alice deposits 1,000 USDC; two assessors; Alice files a claim of 600 on her cover
    let w = world(30, true);
    let alice = w.depositor(5_000 * USDC);
    let seq = w.f.product(w.market.product).next_cover_seq;
    let cover = mutual_sdk::cover::cover_address(w.market.product, seq);
    w.f.send_ok(&[w.deposit_1000(&alice.pubkey(), 1_000 * USDC)], &[&alice]);
    let assessors = [w.f.with_assessor(300), w.f.with_assessor(300)];
    w.f.warp_seconds(60);
    let claim = w.f.submit_claim(&alice, &cover, 600 * USDC);

    // Act + Assert: while the claim is open the vault holds the deposit, and changes nothing
    let held = w.f.base_balance(&alice.pubkey());
    w.f.send_err_code_unchanged(
        &[w.withdraw_ix(&alice.pubkey(), &cover)],
        &[&alice],
        vault_code(VaultError::ClaimInProgress),
        &w.untouched_by(&alice.pubkey()),
    );
    assert_eq!(w.f.base_balance(&alice.pubkey()), held);
    assert!(w.record(&alice.pubkey()).is_some());

    // the assessors accept, and after the vote and the cooldown Alice redeems: 600 USDC to her
    for assessor in &assessors {
        w.f.vote(assessor, &claim, true);
    }
    let times = w.f.claim(&claim).expect("the claim").times;
    w.f.warp_seconds(i64::from(times.voting_period) + i64::from(times.cooldown) + 1);
    w.f.send_ok(&[w.f.redeem_ix(&alice.pubkey(), &claim)], &[&alice]);
    assert_eq!(w.f.base_balance(&alice.pubkey()), held + 600 * USDC);

    // the claim is settled: the withdrawal pays the deposit back and closes the record
    let receipt =
        w.f.send_ok(&[w.withdraw_ix(&alice.pubkey(), &cover)], &[&alice]);
    if let Some(units) = receipt.compute_units {
        println!(
            "withdrawal through the vault (cover_status by CPI, a token transfer): {units} CU"
        );
    }
    assert_eq!(
        w.f.base_balance(&alice.pubkey()),
        held + 600 * USDC + 1_000 * USDC
    );
    assert!(w.record(&alice.pubkey()).is_none());
    assert_eq!(w.tokens_held(&w.tokens), 0);
    assert_eq!(w.vault_state().deposits, 0);
    // and the cover is still hers, for what is left of it
    let status = w.f.cover(&cover).expect("the cover");
    assert_eq!(
        (status.owner, status.paid_out),
        (alice.pubkey(), 600 * USDC)
    );
}

#[test]
fn a_product_riskier_than_the_vault_accepts_is_refused_before_anything_moves() {
    // Arrange: the product scores 30 (no audit yet); this vault takes at most 29
    let w = world(29, true);
    let alice = w.depositor(5_000 * USDC);
    let seq = w.f.product(w.market.product).next_cover_seq;

    // Act + Assert
    w.f.send_err_code_unchanged(
        &[w.deposit_1000(&alice.pubkey(), 1_000 * USDC)],
        &[&alice],
        vault_code(VaultError::ProductTooRisky),
        &w.untouched_by(&alice.pubkey()),
    );
    assert_eq!(w.f.product(w.market.product).next_cover_seq, seq);
}

#[test]
fn security_account_substitution_the_risk_of_another_product_is_refused() {
    // Arrange: a second product the vault does not insure, with pools of its own
    let w = world(30, true);
    let other = w.f.with_cover_market("Perps", &[(100, 300, 10_000)]);
    let alice = w.depositor(5_000 * USDC);

    // Act + Assert: the deposit names the other product: the vault sees the answer is not about its own
    let mut deposit = w.deposit_ix(&alice.pubkey(), other.product, 1_000 * USDC, 1_000 * USDC);
    let pools: Vec<AccountMeta> = {
        let buy = ix::cover_buy(
            &w.signer,
            other.product,
            0,
            &w.f.base_cover_asset(),
            &w.tokens,
            Some(w.treasury),
            &other.pools,
            mutual::instructions::CoverBuyArgs {
                owner: alice.pubkey(),
                amount: 1,
                period: PERIOD,
                max_premium: 1,
                commission_bps: Bps(COMMISSION_BPS),
            },
        );
        buy.accounts[15..].to_vec()
    };
    let named = deposit.accounts.len() - w.market.pools.len() * 3;
    deposit.accounts.truncate(named);
    deposit.accounts.extend(pools);
    w.f.send_err_code_unchanged(
        &[deposit],
        &[&alice],
        vault_code(VaultError::WrongProduct),
        &w.untouched_by(&alice.pubkey()),
    );
}

#[test]
fn security_program_id_a_program_posing_as_the_mutual_is_refused() {
    // Arrange
    let w = world(30, true);
    let alice = w.depositor(5_000 * USDC);
    let mut deposit = w.deposit_1000(&alice.pubkey(), 1_000 * USDC);
    let at = deposit
        .accounts
        .iter()
        .position(|a| a.pubkey == mutual::ID)
        .expect("the mutual's id");
    // the system program in the mutual's place: anything could set return data of the right shape
    deposit.accounts[at].pubkey = anchor_lang::system_program::ID;

    // Act + Assert: Anchor's `Program<Mutual>` refuses it before the vault runs
    w.f.send_err_code_unchanged(
        &[deposit],
        &[&alice],
        anchor_lang::error::ErrorCode::InvalidProgramId as u32,
        &w.untouched_by(&alice.pubkey()),
    );
}

#[test]
fn a_vault_that_is_not_a_broker_is_refused_by_the_mutual() {
    // Arrange: the vault's signer joined, but the mutual's authority never made it a broker
    let w = world(30, false);
    let alice = w.depositor(5_000 * USDC);

    // Act + Assert: the mutual refuses a purchase for another owner by a non-broker, under its own code
    w.f.send_err_unchanged(
        &[w.deposit_1000(&alice.pubkey(), 1_000 * USDC)],
        &[&alice],
        MutualError::NotBroker,
        &w.untouched_by(&alice.pubkey()),
    );
}

#[test]
fn a_deposit_whose_cover_costs_more_than_the_depositor_allows_is_refused_by_the_mutual() {
    // Arrange
    let w = world(30, true);
    let alice = w.depositor(5_000 * USDC);

    // Act + Assert: an allowance of 1 base unit: the mutual's premium guard refuses, nothing moves
    w.f.send_err_unchanged(
        &[w.deposit_1000(&alice.pubkey(), 1)],
        &[&alice],
        MutualError::PremiumTooHigh,
        &w.untouched_by(&alice.pubkey()),
    );
}

#[test]
fn a_second_deposit_by_the_same_depositor_and_a_deposit_of_0_are_refused() {
    // Arrange
    let w = world(30, true);
    let alice = w.depositor(5_000 * USDC);
    w.f.send_ok(&[w.deposit_1000(&alice.pubkey(), 1_000 * USDC)], &[&alice]);
    let held = w.f.base_balance(&alice.pubkey());

    // Act + Assert
    w.f.send_err_code_unchanged(
        &[w.deposit_1000(&alice.pubkey(), 1_000 * USDC)],
        &[&alice],
        vault_code(VaultError::AlreadyInUse),
        &w.untouched_by(&alice.pubkey()),
    );
    let bob = w.depositor(5_000 * USDC);
    w.f.send_err_code_unchanged(
        &[w.deposit_ix(&bob.pubkey(), w.market.product, 0, 1_000 * USDC)],
        &[&bob],
        vault_code(VaultError::ZeroDeposit),
        &w.untouched_by(&bob.pubkey()),
    );
    assert_eq!(w.f.base_balance(&alice.pubkey()), held);
    assert_eq!(w.f.base_balance(&bob.pubkey()), 5_000 * USDC);
    assert_eq!(w.vault_state().deposits, 1_000 * USDC);
}

#[test]
fn security_signer_authorization_nobody_but_the_depositor_takes_a_deposit_back() {
    // Arrange: Alice's deposit; Bob signs a withdrawal naming her record and her cover, to his own tokens
    let w = world(30, true);
    let alice = w.depositor(5_000 * USDC);
    let seq = w.f.product(w.market.product).next_cover_seq;
    let cover = mutual_sdk::cover::cover_address(w.market.product, seq);
    w.f.send_ok(&[w.deposit_1000(&alice.pubkey(), 1_000 * USDC)], &[&alice]);
    let bob = w.depositor(0);
    let mut theft = w.withdraw_ix(&bob.pubkey(), &cover);
    let record = theft
        .accounts
        .iter_mut()
        .find(|a| a.pubkey == w.deposit_record(&bob.pubkey()))
        .expect("the record");
    record.pubkey = w.deposit_record(&alice.pubkey());

    // Act + Assert: the record's seeds name its depositor: refused, and Alice's deposit stays
    let mut untouched = w.untouched_by(&bob.pubkey());
    untouched.push(w.deposit_record(&alice.pubkey()));
    w.f.send_err_code_unchanged(
        &[theft],
        &[&bob],
        anchor_lang::error::ErrorCode::ConstraintSeeds as u32,
        &untouched,
    );
    assert_eq!(w.tokens_held(&w.tokens), 1_000 * USDC);
}

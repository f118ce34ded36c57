//! Membership: `member_join`, `member_leave`, `member_set_broker`, and the members-only stake token that the
//! frozen-by-default mint enforces (PROTOCOL.md §1, §3).
use anchor_lang::solana_program::system_instruction;
use anchor_spl::token_2022;
use mutual::constants::{ACCOUNT_VERSION, LEAVE_DUST_CAP, STAKE_DECIMALS};
use mutual::errors::MutualError;
use mutual::events::{MemberJoinEvent, MemberLeaveEvent, MemberSetBrokerEvent};
use mutual::state::Member;
use mutual_sdk::{ix, pda, spl, Keypair, MutualEvent, Pubkey, SdkError, Signer, Transport};
use mutual_tests::*;
use solana_transaction::{InstructionError, TransactionError};
use test_case::test_case;

/// Join fee of the bootstrap defaults: 0.002 SOL.
const JOIN_FEE: u64 = 2_000_000;
/// Token-2022's `TokenError::AccountFrozen`.
const TOKEN_ACCOUNT_FROZEN: u32 = 17;
/// Anchor's `AccountNotInitialized`: the `Member` PDA of a non-member does not exist.
const ACCOUNT_NOT_INITIALIZED: u32 = 3012;

// ---- member_join ----

#[test]
fn join_creates_the_member_pays_the_fee_and_thaws_the_stake_account() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(10);
    let treasury = pda::treasury().0;
    let treasury_before = f.lamports(&treasury);
    let wallet_before = f.lamports(&wallet.pubkey());
    assert!(!f.account_exists(&pda::stake_account(&wallet.pubkey())));

    // Act
    let receipt = f.send_ok(&[ix::member_join(&wallet.pubkey())], &[&wallet]);

    // Assert
    let now = f.now();
    let member = f.member(&wallet.pubkey()).expect("member exists");
    assert_eq!(member.version, ACCOUNT_VERSION);
    assert_eq!(member.bump, pda::member(&wallet.pubkey()).1);
    assert_eq!(member.wallet, wallet.pubkey());
    assert_eq!(member.stake_account, pda::stake_account(&wallet.pubkey()));
    assert_eq!(member.joined_at, now);
    assert!(!member.is_broker);
    assert_eq!((member.active_positions, member.assessor_stake), (0, 0));
    assert_eq!(f.config().params.join_fee, JOIN_FEE);
    assert_eq!(f.lamports(&treasury), treasury_before + JOIN_FEE);

    let stake_account = pda::stake_account(&wallet.pubkey());
    assert!(f.account_exists(&stake_account));
    assert!(!f.stake_account_frozen(&wallet.pubkey()));
    assert_eq!(f.stake_balance(&wallet.pubkey()), 0);

    // The wallet paid the fee, the rent of the member record and of its stake account, and one signature.
    let ata_rent = f.lamports(&stake_account);
    assert_eq!(
        f.lamports(&wallet.pubkey()),
        wallet_before - JOIN_FEE - member_rent(&f) - ata_rent - SIGNATURE_FEE
    );
    assert_eq!(
        only_event(&receipt),
        MutualEvent::MemberJoinEvent(MemberJoinEvent {
            wallet: wallet.pubkey(),
            join_fee: JOIN_FEE,
            joined_at: now,
        })
    );
}

#[test]
fn joining_twice_is_refused_as_already_initialized() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.with_member();

    // Act + Assert
    f.send_err_unchanged(
        &[ix::member_join(&wallet.pubkey())],
        &[&wallet],
        MutualError::AlreadyInitialized,
        &[pda::member(&wallet.pubkey()).0, pda::treasury().0],
    );
    assert!(f.member(&wallet.pubkey()).is_some());
}

#[test]
fn security_prefunded_member_address_does_not_block_join() {
    // Arrange: a griefer sends lamports to the victim's future Member PDA before the victim joins.
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(10);
    let member_address = pda::member(&wallet.pubkey()).0;
    let dust = f
        .chain
        .minimum_balance(0)
        .expect("rent of an empty account");
    f.chain.airdrop(&member_address, dust).expect("prefund");
    let wallet_before = f.lamports(&wallet.pubkey());

    // Act
    f.send_ok(&[ix::member_join(&wallet.pubkey())], &[&wallet]);

    // Assert: the wallet only tops the account up to rent exemption.
    let member = f.member(&wallet.pubkey()).expect("member exists");
    assert_eq!(member.wallet, wallet.pubkey());
    assert_eq!(member.joined_at, f.now());
    assert_eq!(f.lamports(&member_address), member_rent(&f));
    let ata_rent = f.lamports(&pda::stake_account(&wallet.pubkey()));
    assert_eq!(
        f.lamports(&wallet.pubkey()),
        wallet_before - JOIN_FEE - (member_rent(&f) - dust) - ata_rent - SIGNATURE_FEE
    );
    assert!(!f.stake_account_frozen(&wallet.pubkey()));
}

#[test]
fn rejoin_after_leave_thaws_the_existing_stake_account() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.with_member();
    f.send_ok(&[ix::member_leave(&wallet.pubkey(), 0)], &[&wallet]);
    assert!(f.stake_account_frozen(&wallet.pubkey()));
    f.warp_seconds(60);
    let treasury_before = f.lamports(&pda::treasury().0);
    let wallet_before = f.lamports(&wallet.pubkey());
    let ata_lamports = f.lamports(&pda::stake_account(&wallet.pubkey()));

    // Act
    let receipt = f.send_ok(&[ix::member_join(&wallet.pubkey())], &[&wallet]);

    // Assert: the same account, thawed, and no second account rent paid.
    let now = f.now();
    assert!(!f.stake_account_frozen(&wallet.pubkey()));
    assert_eq!(
        f.lamports(&pda::stake_account(&wallet.pubkey())),
        ata_lamports
    );
    assert_eq!(
        f.lamports(&wallet.pubkey()),
        wallet_before - JOIN_FEE - member_rent(&f) - SIGNATURE_FEE
    );
    assert_eq!(f.lamports(&pda::treasury().0), treasury_before + JOIN_FEE);
    let member = f.member(&wallet.pubkey()).expect("member again");
    assert_eq!(member.joined_at, now);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::MemberJoinEvent(MemberJoinEvent {
            wallet: wallet.pubkey(),
            join_fee: JOIN_FEE,
            joined_at: now,
        })
    );
    // ...and the member can hold the stake token again.
    f.faucet(&wallet.pubkey(), 2 * USDC);
    assert_eq!(f.buy_stake(&wallet, 2 * USDC), 1_980_198_019);
}

#[test]
fn member_join_takes_nine_accounts() {
    let wallet = Pubkey::new_unique();
    assert_eq!(ix::member_join(&wallet).accounts.len(), 9);
}

// ---- member_leave ----

#[test]
fn leave_closes_the_member_refunds_rent_and_freezes_the_stake_account() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.with_member();
    let member_address = pda::member(&wallet.pubkey()).0;
    let rent = f.lamports(&member_address);
    assert_eq!(rent, member_rent(&f));
    let wallet_before = f.lamports(&wallet.pubkey());
    let treasury_before = f.lamports(&pda::treasury().0);

    // Act
    let receipt = f.send_ok(&[ix::member_leave(&wallet.pubkey(), 0)], &[&wallet]);

    // Assert
    assert!(!f.account_exists(&member_address));
    assert!(f.member(&wallet.pubkey()).is_none());
    assert_eq!(
        f.lamports(&wallet.pubkey()),
        wallet_before + rent - SIGNATURE_FEE
    );
    // The join fee stays with the mutual.
    assert_eq!(f.lamports(&pda::treasury().0), treasury_before);
    assert!(f.stake_account_frozen(&wallet.pubkey()));
    assert_eq!(
        only_event(&receipt),
        MutualEvent::MemberLeaveEvent(MemberLeaveEvent {
            wallet: wallet.pubkey(),
            burnt: 0,
            left_at: f.now(),
        })
    );
}

#[test]
fn leave_while_holding_stake_tokens_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.with_funded_member(10 * USDC);
    let held = f.buy_stake(&wallet, 10 * USDC);
    assert_eq!(held, 9_900_990_099);
    let wallet_before = f.lamports(&wallet.pubkey());

    // Act + Assert
    f.send_err_unchanged(
        &[ix::member_leave(&wallet.pubkey(), 0)],
        &[&wallet],
        MutualError::MemberHasStakeTokens,
        &[
            pda::member(&wallet.pubkey()).0,
            pda::stake_account(&wallet.pubkey()),
        ],
    );
    assert!(f.member(&wallet.pubkey()).is_some());
    assert!(!f.stake_account_frozen(&wallet.pubkey()));
    // Only the signature fee was charged.
    assert_eq!(f.lamports(&wallet.pubkey()), wallet_before - SIGNATURE_FEE);
}

#[test]
fn leave_while_holding_a_stake_position_is_refused() {
    // Arrange: a member whose whole balance is staked, so the stake-token account is empty.
    let f = TestFixture::bootstrapped();
    let (_, pool) = f.with_pool();
    let staker = f.with_staker(10);
    let balance = f.stake_balance(&staker.pubkey());
    f.stake(&staker, pool, f.current_tranche(), balance);
    assert_eq!(f.stake_balance(&staker.pubkey()), 0);

    // Act + Assert: the position would be orphaned.
    f.send_err_unchanged(
        &[ix::member_leave(&staker.pubkey(), 0)],
        &[&staker],
        MutualError::MemberHasPositions,
        &[
            pda::member(&staker.pubkey()).0,
            pda::stake_account(&staker.pubkey()),
        ],
    );
    assert_eq!(f.member(&staker.pubkey()).unwrap().active_positions, 1);
}

#[test]
fn leave_by_a_non_member_is_refused() {
    let f = TestFixture::bootstrapped();
    let stranger = f.new_wallet(1);
    f.send_err_code(
        &[ix::member_leave(&stranger.pubkey(), 0)],
        &[&stranger],
        ACCOUNT_NOT_INITIALIZED,
    );
}

// ---- member_set_broker ----

#[test]
fn authority_grants_and_revokes_broker_status() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.with_member();
    let joined_at = f.member(&wallet.pubkey()).expect("member").joined_at;

    // Act
    let granted = f.send_ok(
        &[ix::member_set_broker(
            &f.deployer().pubkey(),
            &wallet.pubkey(),
            true,
        )],
        &[f.deployer()],
    );

    // Assert
    let member = f.member(&wallet.pubkey()).expect("member");
    assert!(member.is_broker);
    assert_eq!(member.wallet, wallet.pubkey());
    assert_eq!(member.joined_at, joined_at);
    assert_eq!(
        only_event(&granted),
        MutualEvent::MemberSetBrokerEvent(MemberSetBrokerEvent {
            wallet: wallet.pubkey(),
            is_broker: true,
        })
    );

    // Act: revoke
    let revoked = f.send_ok(
        &[ix::member_set_broker(
            &f.deployer().pubkey(),
            &wallet.pubkey(),
            false,
        )],
        &[f.deployer()],
    );

    // Assert
    assert!(!f.member(&wallet.pubkey()).expect("member").is_broker);
    assert_eq!(
        only_event(&revoked),
        MutualEvent::MemberSetBrokerEvent(MemberSetBrokerEvent {
            wallet: wallet.pubkey(),
            is_broker: false,
        })
    );
}

#[test]
fn set_broker_by_a_stranger_is_refused() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let wallet = f.with_member();
    let stranger = f.new_wallet(1);

    // Act + Assert: neither a stranger nor the member itself may grant broker status.
    f.send_err(
        &[ix::member_set_broker(
            &stranger.pubkey(),
            &wallet.pubkey(),
            true,
        )],
        &[&stranger],
        MutualError::NotAuthority,
    );
    f.send_err(
        &[ix::member_set_broker(
            &wallet.pubkey(),
            &wallet.pubkey(),
            true,
        )],
        &[&wallet],
        MutualError::NotAuthority,
    );
    assert!(!f.member(&wallet.pubkey()).expect("member").is_broker);
}

#[test]
fn set_broker_on_a_non_member_is_refused() {
    let f = TestFixture::bootstrapped();
    let stranger = Pubkey::new_unique();
    f.send_err_code(
        &[ix::member_set_broker(
            &f.deployer().pubkey(),
            &stranger,
            true,
        )],
        &[f.deployer()],
        ACCOUNT_NOT_INITIALIZED,
    );
}

// ---- the members-only stake token ----

#[test]
fn transfer_between_members_works() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(101 * USDC);
    let bob = f.with_member();
    assert_eq!(f.buy_stake(&alice, 101 * USDC), 100 * STAKE);
    let supply = f.stake_supply();

    // Act
    f.send_ok(
        &[stake_transfer(&alice.pubkey(), &bob.pubkey(), 30 * STAKE)],
        &[&alice],
    );

    // Assert
    assert_eq!(f.stake_balance(&alice.pubkey()), 70 * STAKE);
    assert_eq!(f.stake_balance(&bob.pubkey()), 30 * STAKE);
    assert_eq!(f.stake_supply(), supply);
}

#[test]
fn transfer_to_a_non_member_is_refused_as_frozen() {
    // Arrange: carol never joined, but anyone can create her stake-token account; it is born frozen.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(101 * USDC);
    f.buy_stake(&alice, 101 * USDC);
    let carol = Pubkey::new_unique();
    f.send_ok(
        &[spl::create_associated_account(
            &alice.pubkey(),
            &carol,
            &pda::stake_mint().0,
            &token_2022::ID,
        )],
        &[&alice],
    );
    assert!(f.stake_account_frozen(&carol));

    // Act + Assert
    f.send_err_code(
        &[stake_transfer(&alice.pubkey(), &carol, STAKE)],
        &[&alice],
        TOKEN_ACCOUNT_FROZEN,
    );
    assert_eq!(f.stake_balance(&alice.pubkey()), 100 * STAKE);
    assert_eq!(f.stake_balance(&carol), 0);
}

#[test]
fn transfer_to_a_former_member_is_refused_as_frozen() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(101 * USDC);
    f.buy_stake(&alice, 101 * USDC);
    let bob = f.with_member();
    f.send_ok(&[ix::member_leave(&bob.pubkey(), 0)], &[&bob]);

    // Act + Assert
    f.send_err_code(
        &[stake_transfer(&alice.pubkey(), &bob.pubkey(), STAKE)],
        &[&alice],
        TOKEN_ACCOUNT_FROZEN,
    );
    assert_eq!(f.stake_balance(&alice.pubkey()), 100 * STAKE);
    assert_eq!(f.stake_balance(&bob.pubkey()), 0);
}

#[test]
fn a_non_member_cannot_buy_the_stake_token() {
    // Arrange: carol has USDC and even a stake-token account, but no Member record.
    let f = TestFixture::bootstrapped();
    let carol = f.new_wallet(1);
    f.faucet(&carol.pubkey(), 100 * USDC);
    f.send_ok(
        &[spl::create_associated_account(
            &carol.pubkey(),
            &carol.pubkey(),
            &pda::stake_mint().0,
            &token_2022::ID,
        )],
        &[&carol],
    );

    // Act + Assert
    f.send_err_code(
        &[f.token_buy_ix(&carol.pubkey(), 100 * USDC, 0)],
        &[&carol],
        ACCOUNT_NOT_INITIALIZED,
    );
    assert_eq!(f.base_balance(&carol.pubkey()), 100 * USDC);
    assert_eq!(f.stake_balance(&carol.pubkey()), 0);
    assert_eq!(f.vault_balance(), 0);
    assert_eq!(f.stake_supply(), 0);
}

#[test]
fn a_former_member_cannot_buy_the_stake_token() {
    // Arrange
    let f = TestFixture::bootstrapped();
    let bob = f.with_funded_member(100 * USDC);
    f.send_ok(&[ix::member_leave(&bob.pubkey(), 0)], &[&bob]);

    // Act + Assert
    f.send_err_code(
        &[f.token_buy_ix(&bob.pubkey(), 100 * USDC, 0)],
        &[&bob],
        ACCOUNT_NOT_INITIALIZED,
    );
    assert_eq!(f.base_balance(&bob.pubkey()), 100 * USDC);
    assert_eq!(f.vault_balance(), 0);
}

// ---- helpers ----

/// Rent of a `Member` record, which `member_join` takes and `member_leave` refunds.
fn member_rent(f: &TestFixture) -> u64 {
    f.chain
        .minimum_balance(Member::SIZE)
        .expect("rent of a member")
}

/// Alice, a member holding nothing, and Mallory, a member holding 2 MUT to send her dust from.
fn member_and_token_holder(f: &TestFixture) -> (Keypair, Keypair) {
    let alice = f.with_member();
    let mallory = f.with_funded_member(10 * USDC);
    f.buy_stake(&mallory, 2_020_000);
    (alice, mallory)
}

/// A Token-2022 `transfer_checked` of stake tokens between two wallets' associated accounts.
fn stake_transfer(
    from: &Pubkey,
    to: &Pubkey,
    amount: u64,
) -> anchor_lang::solana_program::instruction::Instruction {
    spl::transfer_checked(
        &token_2022::ID,
        &pda::stake_account(from),
        &pda::stake_mint().0,
        &pda::stake_account(to),
        from,
        amount,
        STAKE_DECIMALS,
    )
    .expect("transfer instruction")
}

#[test]
fn security_closing_revival_a_left_member_cannot_be_revived_in_the_same_transaction() {
    // Arrange: a member with no tokens, and test USDC to trade with if the revival worked.
    let f = TestFixture::bootstrapped();
    let wallet = f.with_funded_member(10 * USDC);
    let member = pda::member(&wallet.pubkey()).0;
    let rent = f
        .chain
        .minimum_balance(mutual::state::Member::SIZE)
        .unwrap();

    // Act: leave, refund the closed Member PDA's rent in the same transaction, then trade as a member.
    let ixs = [
        ix::member_leave(&wallet.pubkey(), 0),
        system_instruction::transfer(&wallet.pubkey(), &member, rent),
        f.token_buy_ix(&wallet.pubkey(), 2 * USDC, 0),
    ];

    // Assert: the revived address is a system account, not a Member: Anchor's AccountOwnedByWrongProgram (3007)
    // on the third instruction, and the whole transaction is undone.
    let err = f.try_send(&ixs, &[&wallet]).unwrap_err();
    let SdkError::Transaction { error, .. } = &err else {
        panic!("expected a transaction error, got {err}");
    };
    assert_eq!(
        *error,
        TransactionError::InstructionError(2, InstructionError::Custom(3007))
    );
    assert_eq!(f.member(&wallet.pubkey()).unwrap().wallet, wallet.pubkey());
    assert!(!f.stake_account_frozen(&wallet.pubkey()));
    assert_eq!(f.base_balance(&wallet.pubkey()), 10 * USDC);
}

#[test]
fn dust_sent_to_a_leaving_member_is_burnt_up_to_max_burn() {
    // Arrange: Mallory sends Alice 3 units to stop her leaving.
    let f = TestFixture::bootstrapped();
    let (alice, mallory) = member_and_token_holder(&f);
    let dust = stake_transfer(&mallory.pubkey(), &alice.pubkey(), 3);
    f.send_ok(&[dust], &[&mallory]);
    let supply = f.stake_supply();

    // Act + Assert: leaving with a burn allowance below the dust is refused; with enough, the dust burns.
    f.send_err(
        &[ix::member_leave(&alice.pubkey(), 2)],
        &[&alice],
        MutualError::MemberHasStakeTokens,
    );
    assert_eq!(f.stake_balance(&alice.pubkey()), 3);
    let receipt = f.send_ok(&[ix::member_leave(&alice.pubkey(), 3)], &[&alice]);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::MemberLeaveEvent(MemberLeaveEvent {
            wallet: alice.pubkey(),
            burnt: 3,
            left_at: f.now(),
        })
    );
    assert_eq!(f.stake_balance(&alice.pubkey()), 0);
    assert_eq!(f.stake_supply(), supply - 3);
    assert!(f.member(&alice.pubkey()).is_none());
    assert!(f.stake_account_frozen(&alice.pubkey()));
}

#[test]
fn a_member_thaws_a_re_created_stake_account() {
    // Arrange: Alice closes her empty stake account and creates it again: new accounts of the mint start frozen.
    let f = TestFixture::bootstrapped();
    let alice = f.with_funded_member(10 * USDC);
    let account = pda::stake_account(&alice.pubkey());
    let close = token_2022::spl_token_2022::instruction::close_account(
        &token_2022::ID,
        &account,
        &alice.pubkey(),
        &alice.pubkey(),
        &[],
    )
    .unwrap();
    let create = spl::create_associated_account(
        &alice.pubkey(),
        &alice.pubkey(),
        &pda::stake_mint().0,
        &token_2022::ID,
    );
    f.send_ok(&[close, create], &[&alice]);
    assert!(f.stake_account_frozen(&alice.pubkey()));
    f.send_err_code(
        &[f.token_buy_ix(&alice.pubkey(), 2_020_000, 0)],
        &[&alice],
        TOKEN_ACCOUNT_FROZEN,
    );

    // Act
    let receipt = f.send_ok(&[ix::member_thaw(&alice.pubkey())], &[&alice]);

    // Assert: thawed, and she can buy again.
    assert_eq!(
        only_event(&receipt),
        MutualEvent::MemberThawEvent(mutual::events::MemberThawEvent {
            wallet: alice.pubkey()
        })
    );
    assert!(!f.stake_account_frozen(&alice.pubkey()));
    assert_eq!(f.buy_stake(&alice, 2_020_000), 2 * STAKE);
}

#[test]
fn a_non_member_cannot_thaw_a_stake_account() {
    let f = TestFixture::bootstrapped();
    let carol = f.new_wallet(1);
    let create = spl::create_associated_account(
        &carol.pubkey(),
        &carol.pubkey(),
        &pda::stake_mint().0,
        &token_2022::ID,
    );
    f.send_ok(&[create], &[&carol]);
    f.send_err_code(
        &[ix::member_thaw(&carol.pubkey())],
        &[&carol],
        ACCOUNT_NOT_INITIALIZED,
    );
    assert!(f.stake_account_frozen(&carol.pubkey()));
}

#[test]
fn leaving_never_burns_more_than_the_dust_cap() {
    // Arrange: Alice holds one unit more than the dust cap and allows any burn.
    let f = TestFixture::bootstrapped();
    let (alice, mallory) = member_and_token_holder(&f);
    let held = LEAVE_DUST_CAP + 1;
    f.send_ok(
        &[stake_transfer(&mallory.pubkey(), &alice.pubkey(), held)],
        &[&mallory],
    );
    let supply = f.stake_supply();

    // Act + Assert: refused, nothing burnt, still a member
    f.send_err_unchanged(
        &[ix::member_leave(&alice.pubkey(), u64::MAX)],
        &[&alice],
        MutualError::MemberHasStakeTokens,
        &[
            pda::member(&alice.pubkey()).0,
            pda::stake_account(&alice.pubkey()),
            pda::stake_mint().0,
        ],
    );
    assert_eq!(f.stake_supply(), supply);

    // ...and exactly the cap burns.
    f.send_ok(
        &[stake_transfer(&alice.pubkey(), &mallory.pubkey(), 1)],
        &[&alice],
    );
    let receipt = f.send_ok(&[ix::member_leave(&alice.pubkey(), u64::MAX)], &[&alice]);
    assert_eq!(
        only_event(&receipt),
        MutualEvent::MemberLeaveEvent(MemberLeaveEvent {
            wallet: alice.pubkey(),
            burnt: LEAVE_DUST_CAP,
            left_at: f.now(),
        })
    );
    assert_eq!(f.stake_supply(), supply - LEAVE_DUST_CAP);
    assert!(f.member(&alice.pubkey()).is_none());
}

#[test_case(false; "closed")]
#[test_case(true; "closed then sent lamports by someone")]
fn a_member_who_closed_the_stake_account_can_still_leave(funded_after_close: bool) {
    // Arrange: Alice closes her empty stake-token account and gets its rent back; a stranger may then send
    // lamports to its address, which stays a system account without data.
    let f = TestFixture::bootstrapped();
    let alice = f.with_member();
    let account = pda::stake_account(&alice.pubkey());
    let close = token_2022::spl_token_2022::instruction::close_account(
        &token_2022::ID,
        &account,
        &alice.pubkey(),
        &alice.pubkey(),
        &[],
    )
    .expect("close instruction");
    f.send_ok(&[close], &[&alice]);
    assert!(!f.account_exists(&account));
    if funded_after_close {
        let stranger = f.new_wallet(1);
        let gift = system_instruction::transfer(&stranger.pubkey(), &account, 1_000_000);
        f.send_ok(&[gift], &[&stranger]);
        assert_eq!(f.lamports(&account), 1_000_000);
    }
    let member_rent = f.lamports(&pda::member(&alice.pubkey()).0);
    let before = f.lamports(&alice.pubkey());

    // Act
    let receipt = f.send_ok(&[ix::member_leave(&alice.pubkey(), 0)], &[&alice]);

    // Assert: the Member closed, its rent back net of the fee, nothing burnt, no account re-created
    assert_eq!(
        only_event(&receipt),
        MutualEvent::MemberLeaveEvent(MemberLeaveEvent {
            wallet: alice.pubkey(),
            burnt: 0,
            left_at: f.now(),
        })
    );
    assert!(f.member(&alice.pubkey()).is_none());
    assert_eq!(f.account_exists(&account), funded_after_close);
    assert_eq!(
        f.lamports(&alice.pubkey()),
        before + member_rent - SIGNATURE_FEE
    );
}

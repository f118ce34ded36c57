//! The SECURITY.md attacks on cover: signers, duplicate and remaining accounts, cosplay, CPI, revival, overflow.
use super::*;
use anchor_lang::prelude::Pubkey;
use anchor_spl::token::spl_token;
use mutual::errors::MutualError;
use mutual::state::Cover;
use mutual_sdk::{ix, pda, Keypair, Signer};

#[test]
fn security_signer_an_edit_or_transfer_by_someone_else_is_refused() {
    let (f, m, owner) = one_pool();
    let cover = f.buy_cover(&owner, m.product, 1_000 * USDC, YEAR, &m.pools);
    let thief = f.with_funded_member(10_000 * USDC);
    let edit = edit_ix(
        &f,
        &thief,
        m.product,
        &m.pools,
        &m.pools,
        2_000 * USDC,
        YEAR,
    );
    f.send_err_unchanged(&[edit], &[&thief], MutualError::NotCoverOwner, &[cover]);
    f.send_err_unchanged(
        &[ix::cover_transfer(&thief.pubkey(), &cover, &thief.pubkey())],
        &[&thief],
        MutualError::NotCoverOwner,
        &[cover],
    );
    f.send_err_unchanged(
        &[ix::cover_auto_renew_set(&thief.pubkey(), &cover, USDC)],
        &[&thief],
        MutualError::NotCoverOwner,
        &[cover],
    );
}

fn buy_with(
    f: &TestFixture,
    buyer: &Keypair,
    m: &CoverMarket,
    edit: impl Fn(&mut Vec<anchor_lang::solana_program::instruction::AccountMeta>),
) -> anchor_lang::solana_program::instruction::Instruction {
    let mut ix = f.cover_buy_ix(
        &buyer.pubkey(),
        m.product,
        100 * USDC,
        YEAR,
        u64::MAX,
        &m.pools,
    );
    edit(&mut ix.accounts);
    ix
}

/// Index of the first pool triple in `cover_buy`'s accounts (after its 15 named accounts).
const FIRST_LEG: usize = 15;

#[test]
fn security_duplicate_mutable_accounts_the_same_pool_twice_in_one_cover_is_refused() {
    let (f, m, buyer) = one_pool();
    let pools = [m.pools[0], m.pools[0]];
    f.send_err_unchanged(
        &[f.cover_buy_ix(&buyer.pubkey(), m.product, USDC, YEAR, u64::MAX, &pools)],
        &[&buyer],
        MutualError::DuplicatePool,
        &[pda::pool(m.pools[0]).0],
    );
}

#[test]
fn security_remaining_accounts_every_pool_leg_is_checked() {
    let f = TestFixture::bootstrapped();
    let m = f.with_cover_market("A", &[(100, 300, 100)]);
    let other = f.with_cover_market("B", &[(100, 300, 100)]);
    let buyer = f.with_funded_member(10_000 * USDC);
    let other_listing =
        pda::pool_product(&pda::pool(other.pools[0]).0, &pda::product(other.product).0).0;
    let other_vault = pda::pool_vault(&pda::pool(other.pools[0]).0).0;
    // another product's listing of another pool, with that pool: not this product's
    let foreign = buy_with(&f, &buyer, &m, |a| {
        a[FIRST_LEG].pubkey = pda::pool(other.pools[0]).0;
        a[FIRST_LEG + 1].pubkey = other_listing;
        a[FIRST_LEG + 2].pubkey = other_vault;
    });
    f.send_err(&[foreign], &[&buyer], MutualError::InvalidPoolAccounts);
    // another pool's vault, which would receive the rewards
    let vault = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG + 2].pubkey = other_vault);
    f.send_err(&[vault], &[&buyer], MutualError::InvalidPoolAccounts);
    // a leg passed read-only
    let read_only = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG + 1].is_writable = false);
    f.send_err(&[read_only], &[&buyer], MutualError::InvalidPoolAccounts);
    // an incomplete leg
    let short = buy_with(&f, &buyer, &m, |a| {
        a.pop();
    });
    f.send_err(&[short], &[&buyer], MutualError::InvalidPoolAccounts);
}

#[test]
fn security_type_cosplay_a_listing_in_the_place_of_a_pool_or_a_foreign_account_is_refused() {
    let (f, m, buyer) = one_pool();
    let listing = pda::pool_product(&pda::pool(m.pools[0]).0, &pda::product(m.product).0).0;
    // a PoolProduct where the Pool goes: the discriminator differs (3002)
    let swapped = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG].pubkey = listing);
    f.send_err_code(&[swapped], &[&buyer], 3002);
    // a copy of the pool's bytes in an account the program does not own (3007)
    let pool = pda::pool(m.pools[0]).0;
    let mut copy = f.account(&pool);
    copy.owner = spl_token::ID;
    let fake = Pubkey::new_unique();
    f.chain.set_account(&fake, copy);
    let forged = buy_with(&f, &buyer, &m, |a| a[FIRST_LEG].pubkey = fake);
    f.send_err_code(&[forged], &[&buyer], 3007);
}

#[test]
fn security_arbitrary_cpi_a_fake_token_program_is_refused() {
    let (f, m, buyer) = one_pool();
    // asset_token_program is the 13th account (index 12), stake_token_program the 14th
    // 2021 ConstraintTokenTokenProgram: the payer's account is not the named program's
    let fake_asset_program = buy_with(&f, &buyer, &m, |a| {
        a[12].pubkey = anchor_spl::token_2022::ID
    });
    f.send_err_code(&[fake_asset_program], &[&buyer], 2021);
    let fake_stake_program = buy_with(&f, &buyer, &m, |a| a[13].pubkey = spl_token::ID);
    f.send_err_code(&[fake_stake_program], &[&buyer], 3008);
}

#[test]
fn security_has_one_an_expiry_refunds_only_the_buyer() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, USDC, 28 * DAY, &m.pools);
    f.warp_seconds(28 * DAY + GRACE);
    let thief = f.new_wallet(1);
    let expire = ix::cover_expire(
        &cover,
        m.product,
        &f.deployment().base_mint,
        &thief.pubkey(),
        &m.pools,
    );
    f.send_err_unchanged(
        &[expire],
        &[&thief],
        MutualError::WrongCoverAccount,
        &[cover],
    );
}

#[test]
fn security_closing_revival_an_expired_cover_stays_closed() {
    let (f, m, buyer) = one_pool();
    let cover = f.buy_cover(&buyer, m.product, USDC, 28 * DAY, &m.pools);
    f.warp_seconds(28 * DAY + GRACE);
    let expire = |pools: &[u32]| {
        ix::cover_expire(
            &cover,
            m.product,
            &f.deployment().base_mint,
            &buyer.pubkey(),
            pools,
        )
    };
    // Closing and topping the address up with lamports in one transaction leaves no cover to act on.
    let top_up = anchor_lang::solana_program::system_instruction::transfer(
        &buyer.pubkey(),
        &cover,
        f.rent(Cover::SIZE),
    );
    f.send_ok(&[expire(&m.pools), top_up], &[&buyer]);
    // 3007 AccountOwnedByWrongProgram: only system-owned lamports are left at the address
    assert_eq!(
        f.account(&cover).owner,
        anchor_lang::solana_program::system_program::ID
    );
    f.send_err_code(&[expire(&[])], &[&buyer], 3007);
    f.send_err_code(&[ix::cover_status(&cover)], &[&buyer], 3007);
    f.send_err_code(
        &[ix::cover_auto_renew_set(&buyer.pubkey(), &cover, USDC)],
        &[&buyer],
        3007,
    );
    // The product's next cover takes the next sequence number: the address is never reused.
    let next = f.buy_cover(&buyer, m.product, USDC, 28 * DAY, &m.pools);
    assert_ne!(next, cover);
}

#[test]
fn security_overflow_amounts_near_u64_max_are_refused_by_name() {
    let (f, m, buyer) = one_pool();
    for amount in [u64::MAX, u64::MAX / 2, u64::MAX / 100] {
        f.send_err(
            &[f.cover_buy_ix(&buyer.pubkey(), m.product, amount, YEAR, u64::MAX, &m.pools)],
            &[&buyer],
            MutualError::MathOverflow,
        );
    }
    let cover = f.buy_cover(&buyer, m.product, USDC, YEAR, &m.pools);
    let edit = edit_ix(&f, &buyer, m.product, &m.pools, &m.pools, u64::MAX, YEAR);
    f.send_err_unchanged(&[edit], &[&buyer], MutualError::MathOverflow, &[cover]);
    f.send_ok(
        &[ix::cover_auto_renew_set(&buyer.pubkey(), &cover, u64::MAX)],
        &[&buyer],
    );
}

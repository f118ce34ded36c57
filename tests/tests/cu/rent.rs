//! Rent: each account type's size on chain and its rent-exempt minimum, the table of docs/performance.md.
use super::*;
use libtest_mimic::Failed;
use mutual::constants::LAMPORTS_PER_SOL;
use mutual::instructions::ProductListing;
use mutual::math::Bps;
use mutual_sdk::{ix, pda, Signer};

/// Each account type as the program creates it: its size on chain is its `SIZE` and it holds exactly the
/// rent-exempt minimum. Prints the rent table of docs/performance.md. Runs on both builds.
pub(super) fn rent_of_every_account_type() -> Result<(), Failed> {
    use anchor_lang::solana_program::program_pack::Pack;
    use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
    use anchor_spl::token_2022::spl_token_2022::state::{Account as TokenAccount, Mint};
    use mutual::state::{
        AssessorStake, Asset, CapitalSnapshot, Claim, Config, Cover, Curator, Member, Pool,
        PoolProduct, PoolTranche, Product, RiskSignals, StakePosition, Vote,
    };
    let stake_mint_len =
        ExtensionType::try_calculate_account_len::<Mint>(&[ExtensionType::DefaultAccountState])?;
    let stake_account_len =
        ExtensionType::try_calculate_account_len::<TokenAccount>(&[ExtensionType::ImmutableOwner])?;
    let f = TestFixture::bootstrapped();
    let treasury = pda::treasury().0;
    let treasury_at_init = f.lamports(&treasury);
    let alice = f.with_member();
    let d = f.deployment();
    let product = pda::product(f.with_product("Lending")).0;
    let authority = f.deployer();
    f.send_ok(
        &[ix::curator_add(&authority.pubkey(), &alice.pubkey())],
        &[authority],
    );
    let (manager, pool_id) = f.with_pool();
    let listing = ProductListing {
        product_id: 0,
        weight: 50,
        target_price: Bps(300),
    };
    f.send_ok(
        &[ix::pool_set_products(
            &manager.pubkey(),
            pool_id,
            vec![listing],
        )],
        &[&manager],
    );
    let staker = f.with_staker(10);
    let tranche = f.current_tranche();
    f.stake(&staker, pool_id, tranche, 5 * STAKE);
    let pool = pda::pool(pool_id).0;
    let bought = f.with_cover_market("Rent", &[(100, 300, 10)]);
    let cover = f.buy_cover(&staker, bought.product, USDC, 28 * DAY, &bought.pools);
    let assessor = f.with_assessor(5);
    f.warp_seconds(60);
    let claim = f.submit_claim(&staker, &cover, USDC / 2);
    f.vote(&assessor, &claim, true);
    let accounts: [(&str, mutual_sdk::Pubkey, usize); 19] = [
        ("Config", d.config, Config::SIZE),
        (
            "CapitalSnapshot",
            pda::capital_snapshot().0,
            CapitalSnapshot::SIZE,
        ),
        ("Asset", pda::asset(&d.base_mint).0, Asset::SIZE),
        (
            "asset vault (SPL Token account)",
            d.base_vault,
            TokenAccount::LEN,
        ),
        (
            "stake mint (Token-2022, DefaultAccountState)",
            d.stake_mint,
            stake_mint_len,
        ),
        ("Member", pda::member(&alice.pubkey()).0, Member::SIZE),
        (
            "stake-token ATA (Token-2022, ImmutableOwner)",
            pda::stake_account(&alice.pubkey()),
            stake_account_len,
        ),
        ("Product", product, Product::SIZE),
        (
            "RiskSignals",
            pda::risk_signals(&product).0,
            RiskSignals::SIZE,
        ),
        ("Curator", pda::curator(&alice.pubkey()).0, Curator::SIZE),
        ("Pool", pool, Pool::SIZE),
        (
            "pool vault (Token-2022 account)",
            pda::pool_vault(&pool).0,
            TokenAccount::LEN,
        ),
        (
            "PoolProduct",
            pda::pool_product(&pool, &product).0,
            PoolProduct::SIZE,
        ),
        (
            "PoolTranche",
            pda::pool_tranche(&pool, tranche).0,
            PoolTranche::SIZE,
        ),
        (
            "StakePosition",
            pda::stake_position(&pool, tranche, &staker.pubkey()).0,
            StakePosition::SIZE,
        ),
        ("Cover", cover, Cover::SIZE),
        (
            "AssessorStake",
            pda::assessor_stake(&assessor.pubkey()).0,
            AssessorStake::SIZE,
        ),
        (
            "assessment vault (Token-2022 account)",
            pda::assessment_vault().0,
            TokenAccount::LEN,
        ),
        (
            "Vote (refunded when its reward is taken)",
            pda::vote(&claim, &assessor.pubkey()).0,
            Vote::SIZE,
        ),
    ];
    println!();
    println!("| account | bytes | rent (lamports) | rent (SOL) |");
    println!("|---|---:|---:|---:|");
    let mut failures = Vec::new();
    for (name, address, size) in accounts {
        let account = f.account(&address);
        let rent = f.rent(size);
        println!("| {name} | {size} | {rent} | {:.6} |", rent as f64 / 1e9);
        if account.data.len() != size || account.lamports != rent {
            failures.push(format!(
                "{name}: {} bytes and {} lamports on chain, expected {size} and {rent}",
                account.data.len(),
                account.lamports
            ));
        }
    }
    // The treasury is a system account with no data, funded with its rent at init; it then holds the join fee of
    // every member on top.
    let (account, rent) = (f.account(&treasury), f.rent(0));
    let joined = mutual_sdk::staking::all_of::<Member>(&f.chain, Member::SIZE)?.len() as u64;
    let fees = joined * f.config().params.join_fee;
    println!(
        "| treasury (system account, plus {fees} lamports of join fees) | 0 | {rent} | {:.6} |",
        rent as f64 / 1e9
    );
    if treasury_at_init != rent
        || account.owner != anchor_lang::solana_program::system_program::ID
        || !account.data.is_empty()
        || account.lamports != rent + fees
    {
        failures.push(format!(
            "treasury: {treasury_at_init} lamports at init, {} bytes owned by {} and {} lamports now, expected \
             {rent} at init, 0 bytes of the system program and {}",
            account.data.len(),
            account.owner,
            account.lamports,
            rent + fees
        ));
    }
    // Issue 12's aim: a position costs at most 0.002 SOL of rent, all of it refunded when it closes (checked in
    // tests/tests/staking/withdraw.rs).
    let position_rent = f.rent(StakePosition::SIZE);
    if position_rent > 2 * LAMPORTS_PER_SOL / 1_000 {
        failures.push(format!(
            "StakePosition: {position_rent} lamports of rent, above 0.002 SOL"
        ));
    }
    // A claim holds its deposit on top of its rent.
    let (account, rent) = (f.account(&claim), f.rent(Claim::SIZE));
    let deposit = f.claim(&claim).expect("claim").deposit;
    println!(
        "| Claim (plus its deposit, {deposit} lamports) | {} | {rent} | {:.6} |",
        Claim::SIZE,
        rent as f64 / 1e9
    );
    if account.data.len() != Claim::SIZE || account.lamports != rent + deposit {
        failures.push(format!(
            "Claim: {} bytes and {} lamports on chain, expected {} and {}",
            account.data.len(),
            account.lamports,
            Claim::SIZE,
            rent + deposit
        ));
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n").into())
    }
}

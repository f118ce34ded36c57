//! Issue 26 through the CLI: a trade's review and report say which figures it is priced from, and a trade
//! values wrapped SOL from its vault as it stands, at the recorded price.
use mutual::constants::LAMPORTS_PER_SOL;
use mutual_sdk::{fetch, pda, Keypair, Signer, Transport};

mod support;
use support::session::*;

#[test]
fn a_trade_says_which_figures_it_is_priced_from_and_counts_wrapped_sol_as_it_stands() {
    // Arrange: a member with stake; wrapped SOL registered and counted, 2 SOL donated to its vault, SOL at
    // $150 ± 0.15
    let session = embedded_session();
    let chain = chain_of(&session);
    ok_json(&session, &["member", "join"]);
    let base_only = ok_json(&session, &["token", "buy", "--amount", "1010000000"]);
    let wsol = anchor_spl::token::spl_token::native_mint::ID;
    if fetch::asset(chain, &wsol).is_err() {
        mutual_migrations::register_wrapped_sol(chain, session.signer().unwrap()).unwrap();
    }
    chain.warp_days(3).unwrap();
    let donor = Keypair::new();
    chain
        .airdrop(&donor.pubkey(), 3 * LAMPORTS_PER_SOL)
        .unwrap();
    let vault = pda::asset_vault(&wsol).0;
    let donate = [
        anchor_lang::solana_program::system_instruction::transfer(
            &donor.pubkey(),
            &vault,
            2 * LAMPORTS_PER_SOL,
        ),
        anchor_spl::token::spl_token::instruction::sync_native(
            &anchor_spl::token::spl_token::ID,
            &vault,
        )
        .unwrap(),
    ];
    chain.send(&donate, &donor, &[]).unwrap();
    let now = chain.unix_timestamp().unwrap();
    chain
        .set_price(
            mutual_sdk::prices::sol_usd_feed(),
            mutual_sdk::prices::PythPrice::usd(15_000_000_000, now),
        )
        .unwrap();
    let base_vault = session.deployment().unwrap().base_vault;
    let usdc_vault = fetch::token_balance(chain, &base_vault).unwrap();

    // Act: a buy (the CLI refreshes first: the last prices are days old), then a sale
    let bought = ok_json(&session, &["token", "buy", "--amount", "100000000"]);
    let sold = ok_json(&session, &["token", "sell", "--amount", "1000000000"]);

    // Assert: before wrapped SOL was in use, the base vault alone; then the 2 SOL at $149.85, fresh
    assert_eq!(
        base_only["priced_from"],
        "base vault 0.000000, no other asset in use; gross of 0.000000 pending payouts"
    );
    assert_eq!(
        bought["priced_from"],
        format!(
            "base vault {}, other assets 299.700000 at μ−σ, prices 0 s old; gross of 0.000000 pending payouts",
            units6(usdc_vault)
        )
    );
    let after_buy = usdc_vault + 100_000_000;
    assert_eq!(
        sold["priced_from"],
        format!(
            "base vault {}, other assets 299.700000 at μ−σ, prices 0 s old; net of 0.000000 pending payouts; \
             MCR 1000.000000 on active cover 0.000000 (other assets at μ+σ); at most {} paid from the base vault \
             (it keeps 0.000000 owed to accepted claims)",
            units6(after_buy),
            units6(after_buy)
        )
    );
    // the buy minted against capital that counts the 2 SOL: the snapshot says so
    let snapshot = fetch::capital_snapshot(chain).unwrap();
    assert_eq!(snapshot.non_base_capital, 299_700_000);
}

fn units6(amount: u64) -> String {
    format!("{}.{:06}", amount / 1_000_000, amount % 1_000_000)
}

//! Every PDA the program creates can still be created after someone sent lamports to its address: a dust
//! transfer must not block the protocol's init, an asset's registration or a wallet's membership.
use mutual_sdk::{fetch, ix, pda, Keypair, Signer, Transport};
use mutual_tests::*;
use solana_account::Account;

/// A system account holding 1_000 lamports: what anyone can send to any address.
fn dust() -> Account {
    Account {
        lamports: 1_000,
        owner: anchor_lang::solana_program::system_program::ID,
        ..Account::default()
    }
}

#[test]
fn dusted_config_snapshot_mint_and_treasury_still_initialise() {
    let addresses = [
        pda::config().0,
        pda::capital_snapshot().0,
        pda::stake_mint().0,
        pda::treasury().0,
    ];
    let mut f = TestFixture::new_with(|pt| {
        for a in &addresses {
            pt.add_account(*a, dust());
        }
    });
    f.bootstrap();
    let config = f.config();
    assert_eq!(config.authority, f.deployer().pubkey());
    // Rent-exempt exactly: the dust counts towards rent, the deployer paid the rest.
    let rent = f
        .chain
        .minimum_balance(mutual::state::Config::SIZE)
        .unwrap();
    assert_eq!(f.lamports(&pda::config().0), rent);
    let rent = f.chain.minimum_balance(0).unwrap();
    assert_eq!(f.lamports(&pda::treasury().0), rent);
    assert_eq!(
        fetch::mint(&f.chain, &pda::stake_mint().0)
            .unwrap()
            .decimals,
        9
    );
}

#[test]
fn dusted_asset_and_vault_still_register() {
    let f = TestFixture::new();
    let authority = f.deployer().insecure_clone();
    let init = ix::config_init(
        &authority.pubkey(),
        &authority.pubkey(),
        mutual::state::Params::defaults(USDC, USDC),
    );
    f.send_ok(&[init], &[&authority]);
    let mint = Keypair::new();
    f.chain.set_account(&pda::asset(&mint.pubkey()).0, dust());
    f.chain
        .set_account(&pda::asset_vault(&mint.pubkey()).0, dust());
    let token = anchor_spl::token::ID;
    let rent = f.chain.minimum_balance(mutual_sdk::spl::MINT_LEN).unwrap();
    let mut ixs = mutual_sdk::spl::create_mint(
        &authority.pubkey(),
        &mint.pubkey(),
        &authority.pubkey(),
        6,
        &token,
        rent,
    )
    .unwrap();
    ixs.push(ix::asset_register(
        &authority.pubkey(),
        &mint.pubkey(),
        &token,
        None,
        true,
    ));
    f.send_ok(&ixs, &[&authority, &mint]);
    let asset = fetch::asset(&f.chain, &mint.pubkey()).unwrap();
    assert_eq!(
        (asset.index, asset.decimals, asset.mint),
        (0, 6, mint.pubkey())
    );
    let vault = fetch::token_account(&f.chain, &asset.vault)
        .unwrap()
        .unwrap();
    assert_eq!(
        (vault.mint, vault.owner, vault.amount),
        (mint.pubkey(), pda::config().0, 0)
    );
}

#[test]
fn a_dusted_member_address_still_joins() {
    let f = TestFixture::bootstrapped();
    let wallet = f.new_wallet(1);
    f.chain
        .set_account(&pda::member(&wallet.pubkey()).0, dust());
    f.send_ok(&[ix::member_join(&wallet.pubkey())], &[&wallet]);
    let member = f.member(&wallet.pubkey()).expect("member exists");
    assert_eq!(member.wallet, wallet.pubkey());
    assert!(!f.stake_account_frozen(&wallet.pubkey()));
    // The dust counts towards the member's rent.
    let rent = f
        .chain
        .minimum_balance(mutual::state::Member::SIZE)
        .unwrap();
    assert_eq!(f.lamports(&pda::member(&wallet.pubkey()).0), rent);
}

//! Every program-derived address of the protocol, one function each (seeds in `mutual::constants`). Each returns
//! the address and its canonical bump.
use anchor_lang::prelude::Pubkey;
use mutual::constants::*;
use mutual::ID;

fn find(seeds: &[&[u8]]) -> (Pubkey, u8) {
    Pubkey::find_program_address(seeds, &ID)
}

pub fn config() -> (Pubkey, u8) {
    find(&[CONFIG_SEED])
}

pub fn capital_snapshot() -> (Pubkey, u8) {
    find(&[CAPITAL_SEED])
}

pub fn stake_mint() -> (Pubkey, u8) {
    find(&[STAKE_MINT_SEED])
}

pub fn treasury() -> (Pubkey, u8) {
    find(&[TREASURY_SEED])
}

pub fn asset(mint: &Pubkey) -> (Pubkey, u8) {
    find(&[ASSET_SEED, mint.as_ref()])
}

pub fn asset_vault(mint: &Pubkey) -> (Pubkey, u8) {
    find(&[ASSET_VAULT_SEED, mint.as_ref()])
}

pub fn member(wallet: &Pubkey) -> (Pubkey, u8) {
    find(&[MEMBER_SEED, wallet.as_ref()])
}

pub fn product(id: u32) -> (Pubkey, u8) {
    find(&[PRODUCT_SEED, &id.to_le_bytes()])
}

pub fn risk_signals(product: &Pubkey) -> (Pubkey, u8) {
    find(&[RISK_SEED, product.as_ref()])
}

pub fn curator(wallet: &Pubkey) -> (Pubkey, u8) {
    find(&[CURATOR_SEED, wallet.as_ref()])
}

pub fn pool(id: u32) -> (Pubkey, u8) {
    find(&[POOL_SEED, &id.to_le_bytes()])
}

pub fn pool_vault(pool: &Pubkey) -> (Pubkey, u8) {
    find(&[POOL_VAULT_SEED, pool.as_ref()])
}

pub fn pool_tranche(pool: &Pubkey, tranche: u32) -> (Pubkey, u8) {
    find(&[TRANCHE_SEED, pool.as_ref(), &tranche.to_le_bytes()])
}

pub fn pool_product(pool: &Pubkey, product: &Pubkey) -> (Pubkey, u8) {
    find(&[POOL_PRODUCT_SEED, pool.as_ref(), product.as_ref()])
}

pub fn stake_position(pool: &Pubkey, tranche: u32, owner: &Pubkey) -> (Pubkey, u8) {
    find(&[
        POSITION_SEED,
        pool.as_ref(),
        &tranche.to_le_bytes(),
        owner.as_ref(),
    ])
}

pub fn cover(product: &Pubkey, seq: u64) -> (Pubkey, u8) {
    find(&[COVER_SEED, product.as_ref(), &seq.to_le_bytes()])
}

pub fn claim(cover: &Pubkey, seq: u8) -> (Pubkey, u8) {
    find(&[CLAIM_SEED, cover.as_ref(), &[seq]])
}

/// A wallet's assessor record.
pub fn assessor_stake(wallet: &Pubkey) -> (Pubkey, u8) {
    find(&[ASSESSOR_SEED, wallet.as_ref()])
}

/// The vote of the assessor `wallet` on `claim`.
pub fn vote(claim: &Pubkey, wallet: &Pubkey) -> (Pubkey, u8) {
    find(&[VOTE_SEED, claim.as_ref(), wallet.as_ref()])
}

/// The assessment vault: every assessor's stake.
pub fn assessment_vault() -> (Pubkey, u8) {
    find(&[ASSESSMENT_VAULT_SEED])
}

/// The upgradeable loader's `ProgramData` account of a program: `config_init` reads its upgrade authority.
pub fn program_data(program_id: &Pubkey) -> Pubkey {
    Pubkey::find_program_address(
        &[program_id.as_ref()],
        &anchor_lang::solana_program::bpf_loader_upgradeable::ID,
    )
    .0
}

/// The wallet's associated token account for a mint under the given token program.
pub fn associated_token(wallet: &Pubkey, mint: &Pubkey, token_program: &Pubkey) -> Pubkey {
    anchor_spl::associated_token::get_associated_token_address_with_program_id(
        wallet,
        mint,
        token_program,
    )
}

/// The wallet's associated stake-token account (Token-2022).
pub fn stake_account(wallet: &Pubkey) -> Pubkey {
    associated_token(wallet, &stake_mint().0, &anchor_spl::token_2022::ID)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_distinct_and_stable() {
        let wallet = Pubkey::new_unique();
        let all = [
            config().0,
            capital_snapshot().0,
            stake_mint().0,
            treasury().0,
            member(&wallet).0,
            asset(&wallet).0,
            asset_vault(&wallet).0,
        ];
        for (i, a) in all.iter().enumerate() {
            for b in &all[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(config(), config());
    }
}

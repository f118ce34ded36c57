use anchor_lang::prelude::Pubkey;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_instruction;
use anchor_spl::token_2022::spl_token_2022;
use anchor_spl::token_2022::spl_token_2022::extension::ExtensionType;
use anchor_spl::token_2022::spl_token_2022::state::Mint as MintState;
use mutual::errors::MutualError;
use mutual::instructions::{ClaimSubmitArgs, CoverBuyArgs, PoolCreateArgs, ProductListing};
use mutual::math::Bps;
use mutual::state::risk_signals::RiskClass;
use mutual::state::Params;
use mutual::state::{
    AssessorStake, Asset, CapitalSnapshot, Claim, Config, Cover, Member, Pool, PoolProduct,
    Product, ProductTerms, RiskSignals, StakePosition, Vote,
};
use mutual_migrations::{bootstrap, BaseMint, BootstrapOptions, Deployment};
use mutual_sdk::prices::{FeedId, PythPrice};
use mutual_sdk::{
    fetch, ix, pda, spl, EmbeddedChain, Keypair, MutualEvent, ProgramBuild, Receipt, SdkError,
    Signer, Transport,
};
use solana_account::Account;
use solana_program_test::ProgramTest;
use solana_transaction::TransactionError;
use std::cell::Cell;

pub use mutual::constants::{DAY, LAMPORTS_PER_SOL};
/// One SOL in lamports (wrapped SOL's base units).
pub const SOL: u64 = LAMPORTS_PER_SOL;
pub use mutual_migrations::USDC;

/// One whole stake token.
pub const STAKE: u64 = mutual::constants::STAKE_UNIT;

/// Fee the embedded chain charges per signature, in lamports.
pub const SIGNATURE_FEE: u64 = 5_000;

pub struct TestFixture {
    pub chain: EmbeddedChain,
    deployment: Option<Deployment>,
    /// Where the fixture's keypairs come from: `None`, at random; or derived from a seed and a counter, so that
    /// a run replays to the same addresses in every process (`bootstrapped_seeded`).
    keys: Option<(u64, Cell<u64>)>,
}

/// The `n`th keypair of `seed`: its secret key is the seed, the counter and a fixed tag.
fn seeded_keypair(seed: u64, n: u64) -> Keypair {
    let mut secret = [0u8; 32];
    secret[..8].copy_from_slice(&seed.to_le_bytes());
    secret[8..16].copy_from_slice(&n.to_le_bytes());
    secret[16..].copy_from_slice(b"mutual fixture k");
    Keypair::new_from_array(secret)
}

impl TestFixture {
    /// A fresh chain with the program deployed but not initialised.
    pub fn new() -> Self {
        Self::new_with(|_| {})
    }

    /// A fresh chain after `setup` has added accounts to it (forged accounts for attack tests).
    pub fn new_with(setup: impl FnOnce(&mut ProgramTest)) -> Self {
        TestFixture {
            chain: EmbeddedChain::start_with(setup).expect("embedded chain starts"),
            deployment: None,
            keys: None,
        }
    }

    /// `bootstrapped`, with every key the fixture makes (the deployer, the test USDC mint, each wallet and mint)
    /// derived from `seed`: the same run gets the same addresses, and so the same PDAs and the same order of
    /// anything sorted by address, in every process. The fuzz replays seeds this way.
    pub fn bootstrapped_seeded(seed: u64) -> Self {
        let deployer = seeded_keypair(seed, u64::MAX);
        let mut fixture = TestFixture {
            chain: EmbeddedChain::start_as(ProgramBuild::from_env(), deployer, |_| {})
                .expect("embedded chain starts"),
            deployment: None,
            keys: Some((seed, Cell::new(0))),
        };
        let mint = fixture.create_mint(
            mutual_migrations::TEST_USDC_DECIMALS,
            &anchor_spl::token::ID,
        );
        let mut options = BootstrapOptions::test_usdc(&fixture.deployer().pubkey());
        options.base_mint = BaseMint::Existing {
            mint,
            token_program: anchor_spl::token::ID,
        };
        let deployment =
            bootstrap(&fixture.chain, fixture.chain.deployer(), &options).expect("bootstrap");
        fixture.deployment = Some(deployment);
        fixture
    }

    /// A new keypair: at random, or the next of the fixture's seed.
    pub fn new_keypair(&self) -> Keypair {
        match &self.keys {
            None => Keypair::new(),
            Some((seed, next)) => {
                let n = next.get();
                next.set(n + 1);
                seeded_keypair(*seed, n)
            }
        }
    }

    /// Config initialised with the PROTOCOL.md defaults and a 6-decimal test USDC registered as base asset.
    pub fn bootstrapped() -> Self {
        let mut fixture = Self::new();
        fixture.bootstrap();
        fixture
    }

    pub fn bootstrap(&mut self) -> Deployment {
        let options = BootstrapOptions::test_usdc(&self.deployer().pubkey());
        let deployment =
            bootstrap(&self.chain, self.chain.deployer(), &options).expect("bootstrap");
        self.deployment = Some(deployment);
        deployment
    }

    /// Reads the deployment back from the chain, after a test initialised it step by step.
    pub fn adopt_deployment(&mut self) -> Deployment {
        let deployment = mutual_migrations::deployment(&self.chain).expect("deployment");
        self.deployment = Some(deployment);
        deployment
    }

    /// The program's upgrade authority, the protocol authority after bootstrap, and the test-USDC mint
    /// authority.
    pub fn deployer(&self) -> &Keypair {
        self.chain.deployer()
    }

    pub fn deployment(&self) -> Deployment {
        self.deployment.expect("fixture is bootstrapped")
    }

    // ---- sending ----

    /// Sends with `signers[0]` as fee payer and asserts success.
    pub fn send_ok(&self, ixs: &[Instruction], signers: &[&Keypair]) -> Receipt {
        self.try_send(ixs, signers)
            .unwrap_or_else(|e| panic!("expected success, got: {e}\nlogs: {:#?}", logs_of(&e)))
    }

    pub fn try_send(&self, ixs: &[Instruction], signers: &[&Keypair]) -> Result<Receipt, SdkError> {
        let (payer, rest) = signers.split_first().expect("at least one signer");
        self.chain.send(ixs, payer, rest)
    }

    /// Sends and asserts that it fails with exactly this program error.
    pub fn send_err(&self, ixs: &[Instruction], signers: &[&Keypair], expected: MutualError) {
        self.send_err_code(ixs, signers, u32::from(expected));
    }

    /// Sends, asserts that it fails with exactly this program error, and that the bytes and lamports of every
    /// account in `unchanged` are what they were before.
    pub fn send_err_unchanged(
        &self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        expected: MutualError,
        unchanged: &[Pubkey],
    ) {
        self.send_err_code_unchanged(ixs, signers, u32::from(expected), unchanged);
    }

    /// Sends and asserts that it fails with exactly this custom error code (Anchor's < 6000, token programs').
    pub fn send_err_code(&self, ixs: &[Instruction], signers: &[&Keypair], expected: u32) {
        match self.try_send(ixs, signers) {
            Ok(_) => panic!("expected custom error {expected}, but the transaction succeeded"),
            Err(e) => assert_eq!(
                e.custom_code(),
                Some(expected),
                "expected custom error {expected}, got: {e}\nlogs: {:#?}",
                logs_of(&e)
            ),
        }
    }

    /// `send_err_code`, and the bytes and lamports of every account in `unchanged` (an absent one stays absent)
    /// are what they were before: the custom-code form of `send_err_unchanged`.
    pub fn send_err_code_unchanged(
        &self,
        ixs: &[Instruction],
        signers: &[&Keypair],
        expected: u32,
        unchanged: &[Pubkey],
    ) {
        let before: Vec<Option<Account>> = unchanged
            .iter()
            .map(|a| self.chain.get_account(a).expect("get_account"))
            .collect();
        self.send_err_code(ixs, signers, expected);
        for (address, before) in unchanged.iter().zip(before) {
            let after = self.chain.get_account(address).expect("get_account");
            assert_eq!(
                after, before,
                "{address} changed although the transaction failed"
            );
        }
    }

    /// Sends and returns the transaction error, asserting that it failed. For failures that are not a custom
    /// code (missing signatures, system-program errors), so the test can assert the exact `TransactionError`.
    pub fn send_tx_err(&self, ixs: &[Instruction], signers: &[&Keypair]) -> TransactionError {
        match self.try_send(ixs, signers) {
            Ok(_) => panic!("expected a failure, but the transaction succeeded"),
            Err(SdkError::Transaction { error, .. }) => error,
            Err(e) => panic!("expected a transaction error, got: {e}"),
        }
    }

    // ---- time ----

    pub fn warp_days(&self, days: i64) {
        self.chain.warp_days(days).expect("warp");
    }

    pub fn warp_seconds(&self, seconds: i64) {
        self.chain.warp_seconds(seconds).expect("warp");
    }

    pub fn now(&self) -> i64 {
        self.chain.unix_timestamp().expect("clock")
    }

    // ---- governance setups ----

    /// Initialises the config alone (no asset yet) with the deployer as authority and the given guardian.
    pub fn init_config(&self, guardian: &Pubkey) -> Receipt {
        let deployer = self.deployer();
        self.send_ok(
            &[ix::config_init(
                &deployer.pubkey(),
                guardian,
                default_params(),
            )],
            &[deployer],
        )
    }

    /// A new wallet that the authority (the deployer) makes the guardian.
    pub fn with_guardian(&self) -> Keypair {
        let guardian = self.new_wallet(1);
        let deployer = self.deployer();
        self.send_ok(
            &[ix::guardian_set(&deployer.pubkey(), &guardian.pubkey())],
            &[deployer],
        );
        guardian
    }

    /// Sets the parameters at once, for a test's starting state: the config account is rewritten directly, with
    /// no timelock. Governance's own path (`params_propose`, then `params_execute` after the delay) is tested in
    /// tests/tests/governance/params.rs; the set must still be within every bound.
    pub fn set_params(&self, params: Params) {
        params.validate().expect("params within their bounds");
        let mut config = self.config();
        config.params = params;
        self.write_anchor_account(&mutual_sdk::pda::config().0, &config);
    }

    /// Rewrites an account of the program with `value` (discriminator and body), keeping its lamports: for a
    /// test's starting state only.
    pub fn write_anchor_account<T: anchor_lang::AccountSerialize>(
        &self,
        address: &Pubkey,
        value: &T,
    ) {
        let mut account = self.account(address);
        let mut data = Vec::with_capacity(account.data.len());
        value.try_serialize(&mut data).expect("serialises");
        data.resize(account.data.len(), 0);
        account.data = data;
        self.chain.set_account(address, account);
    }

    // ---- mints ----

    /// A new mint without extensions under `token_program`, with the deployer as mint authority.
    pub fn create_mint(&self, decimals: u8, token_program: &Pubkey) -> Pubkey {
        let mint = self.new_keypair();
        let deployer = self.deployer();
        let rent = self.rent(spl::MINT_LEN);
        let ixs = spl::create_mint(
            &deployer.pubkey(),
            &mint.pubkey(),
            &deployer.pubkey(),
            decimals,
            token_program,
            rent,
        )
        .expect("mint instructions");
        self.send_ok(&ixs, &[deployer, &mint]);
        mint.pubkey()
    }

    /// A new Token-2022 mint (deployer as mint and freeze authority, 6 decimals) carrying `extensions`, which
    /// `init_extensions(mint)` initialises before `initialize_mint2`.
    pub fn create_token_2022_mint_with(
        &self,
        extensions: &[ExtensionType],
        init_extensions: impl FnOnce(&Pubkey) -> Vec<Instruction>,
    ) -> Pubkey {
        let mint = self.new_keypair();
        let deployer = self.deployer();
        let len =
            ExtensionType::try_calculate_account_len::<MintState>(extensions).expect("mint length");
        let mut ixs = vec![system_instruction::create_account(
            &deployer.pubkey(),
            &mint.pubkey(),
            self.rent(len),
            len as u64,
            &spl_token_2022::ID,
        )];
        ixs.extend(init_extensions(&mint.pubkey()));
        ixs.push(
            spl_token_2022::instruction::initialize_mint2(
                &spl_token_2022::ID,
                &mint.pubkey(),
                &deployer.pubkey(),
                Some(&deployer.pubkey()),
                6,
            )
            .expect("initialize_mint2"),
        );
        self.send_ok(&ixs, &[deployer, &mint]);
        mint.pubkey()
    }

    /// Mints `amount` of a deployer-controlled `mint` to `wallet`'s associated account (created if needed).
    pub fn mint_tokens(
        &self,
        mint: &Pubkey,
        token_program: &Pubkey,
        wallet: &Pubkey,
        amount: u64,
    ) -> Pubkey {
        let deployer = self.deployer();
        let account = pda::associated_token(wallet, mint, token_program);
        let ixs = [
            spl::create_associated_account(&deployer.pubkey(), wallet, mint, token_program),
            spl::mint_to(token_program, mint, &account, &deployer.pubkey(), amount)
                .expect("mint_to instruction"),
        ];
        self.send_ok(&ixs, &[deployer]);
        account
    }

    /// `from` sends `amount` of test USDC straight into the base vault, past the program.
    pub fn donate_to_vault(&self, from: &Keypair, amount: u64) {
        let deployment = self.deployment();
        let ix = spl::transfer_checked(
            &deployment.base_token_program,
            &deployment.base_account(&from.pubkey()),
            &deployment.base_mint,
            &deployment.base_vault,
            &from.pubkey(),
            amount,
            mutual_migrations::TEST_USDC_DECIMALS,
        )
        .expect("transfer instruction");
        self.send_ok(&[ix], &[from]);
    }

    /// Burns `amount` of the wallet's stake tokens straight through Token-2022, past the program.
    pub fn burn_stake_directly(&self, wallet: &Keypair, amount: u64) {
        let burn = spl_token_2022::instruction::burn(
            &spl_token_2022::ID,
            &pda::stake_account(&wallet.pubkey()),
            &pda::stake_mint().0,
            &wallet.pubkey(),
            &[],
            amount,
        )
        .expect("burn instruction");
        self.send_ok(&[burn], &[wallet]);
    }

    // ---- wallets and members ----

    /// A new wallet holding `sol` SOL.
    pub fn new_wallet(&self, sol: u64) -> Keypair {
        let wallet = self.new_keypair();
        self.chain
            .airdrop(&wallet.pubkey(), sol * LAMPORTS_PER_SOL)
            .expect("airdrop");
        wallet
    }

    /// A new wallet with 10 SOL that has joined.
    pub fn with_member(&self) -> Keypair {
        let wallet = self.new_wallet(10);
        self.send_ok(&[ix::member_join(&wallet.pubkey())], &[&wallet]);
        wallet
    }

    /// A member holding `usdc` base units of test USDC.
    pub fn with_funded_member(&self, usdc: u64) -> Keypair {
        let wallet = self.with_member();
        self.faucet(&wallet.pubkey(), usdc);
        wallet
    }

    /// Mints test USDC to the wallet's associated account.
    pub fn faucet(&self, wallet: &Pubkey, amount: u64) -> Pubkey {
        self.deployment()
            .faucet(&self.chain, self.deployer(), wallet, amount)
            .expect("faucet")
    }

    // ---- products ----

    /// Lists a product as the authority and returns its id.
    pub fn create_product(&self, terms: ProductTerms) -> u32 {
        let id = self.config().product_count;
        let authority = self.deployer();
        self.send_ok(
            &[ix::product_create(&authority.pubkey(), id, terms)],
            &[authority],
        );
        id
    }

    /// Lists `sample_terms(name)`.
    pub fn with_product(&self, name: &str) -> u32 {
        self.create_product(sample_terms(name))
    }

    pub fn product(&self, id: u32) -> Product {
        fetch::product(&self.chain, id).expect("product")
    }

    pub fn risk_signals(&self, product_id: u32) -> RiskSignals {
        fetch::risk_signals(&self.chain, product_id).expect("risk signals")
    }

    // ---- pools and staking ----

    /// `manager` (a member) opens a public pool with a 10% fee (20% at most); returns its id.
    pub fn create_pool(&self, manager: &Keypair, is_private: bool) -> u32 {
        let id = self.config().pool_count;
        let args = PoolCreateArgs {
            manager: manager.pubkey(),
            is_private,
            pool_fee: Bps(1_000),
            max_pool_fee: Bps(2_000),
        };
        self.send_ok(&[ix::pool_create(&manager.pubkey(), id, args)], &[manager]);
        id
    }

    /// A member with 10 SOL who manages a new public pool.
    pub fn with_pool(&self) -> (Keypair, u32) {
        let manager = self.with_member();
        let id = self.create_pool(&manager, false);
        (manager, id)
    }

    /// A member holding about `tokens` whole stake tokens, bought at the initial book value.
    pub fn with_staker(&self, tokens: u64) -> Keypair {
        let wallet = self.with_funded_member(2 * tokens * USDC);
        self.buy_stake(&wallet, tokens * USDC * 101 / 100 + 1);
        wallet
    }

    pub fn pool(&self, id: u32) -> Pool {
        fetch::pool(&self.chain, id).expect("pool")
    }

    pub fn position(&self, pool_id: u32, tranche: u32, owner: &Pubkey) -> Option<StakePosition> {
        fetch::stake_position(&self.chain, pool_id, tranche, owner).expect("position")
    }

    pub fn pool_vault_balance(&self, pool_id: u32) -> u64 {
        let vault = pda::pool_vault(&pda::pool(pool_id).0).0;
        fetch::token_balance(&self.chain, &vault).expect("vault balance")
    }

    /// The tranche that is current on the chain's clock.
    pub fn current_tranche(&self) -> u32 {
        mutual::math::periods::tranche_id(self.now()).expect("tranche id")
    }

    pub fn stake(&self, owner: &Keypair, pool_id: u32, tranche: u32, amount: u64) -> Receipt {
        self.send_ok(
            &[ix::stake_deposit(&owner.pubkey(), pool_id, tranche, amount)],
            &[owner],
        )
    }

    /// The accounts `wallet` trades the stake token with: the base asset's and every other registered asset.
    pub fn trade_accounts(&self, wallet: &Pubkey) -> ix::BaseAccounts {
        let others = mutual_sdk::capital::traded_assets(&self.chain).expect("assets");
        self.deployment().base_accounts(wallet, others)
    }

    pub fn token_buy_ix(&self, wallet: &Pubkey, base_in: u64, min_stake_out: u64) -> Instruction {
        ix::token_buy(wallet, &self.trade_accounts(wallet), base_in, min_stake_out)
    }

    pub fn token_sell_ix(&self, wallet: &Pubkey, stake_in: u64, min_base_out: u64) -> Instruction {
        ix::token_sell(wallet, &self.trade_accounts(wallet), stake_in, min_base_out)
    }

    /// Buys stake tokens for `base_in`; returns the tokens minted.
    pub fn buy_stake(&self, wallet: &Keypair, base_in: u64) -> u64 {
        let before = self.stake_balance(&wallet.pubkey());
        self.send_ok(
            &[self.token_buy_ix(&wallet.pubkey(), base_in, 0)],
            &[wallet],
        );
        self.stake_balance(&wallet.pubkey()) - before
    }

    // ---- cover ----

    /// The manager lists `product` in `pool` at `weight` and an annual `price_bps` target.
    pub fn list_product(
        &self,
        manager: &Keypair,
        pool: u32,
        product: u32,
        weight: u16,
        price_bps: u16,
    ) {
        self.send_ok(
            &[ix::pool_set_products(
                &manager.pubkey(),
                pool,
                vec![ProductListing {
                    product_id: product,
                    weight,
                    target_price: Bps(price_bps),
                }],
            )],
            &[manager],
        );
    }

    /// A product (`sample_terms(name)`) backed by one new pool per `(weight, target price bps, stake tokens)`;
    /// each pool's stake sits in the last active tranche, so it backs a cover of any period.
    pub fn with_cover_market(&self, name: &str, pools: &[(u16, u16, u64)]) -> CoverMarket {
        let product = self.with_product(name);
        self.with_pools_for(product, pools)
    }

    /// One new pool per `(weight, target price bps, stake tokens)` listing `product`.
    pub fn with_pools_for(&self, product: u32, pools: &[(u16, u16, u64)]) -> CoverMarket {
        let mut market = CoverMarket {
            product,
            pools: Vec::new(),
            managers: Vec::new(),
        };
        for (weight, price, tokens) in pools {
            let (manager, pool) = self.with_pool();
            self.list_product(&manager, pool, product, *weight, *price);
            if *tokens > 0 {
                let staker = self.with_staker(*tokens * 11 / 10 + 1);
                let tranche = self.current_tranche() + 7;
                self.stake(&staker, pool, tranche, tokens * STAKE);
            }
            market.pools.push(pool);
            market.managers.push(manager);
        }
        market
    }

    /// The base asset as a cover asset.
    pub fn base_cover_asset(&self) -> ix::CoverAsset {
        let d = self.deployment();
        ix::CoverAsset {
            mint: d.base_mint,
            token_program: d.base_token_program,
        }
    }

    /// `cover_buy` by `buyer` for themselves in the base asset, paid from their USDC account.
    pub fn cover_buy_ix(
        &self,
        buyer: &Pubkey,
        product: u32,
        amount: u64,
        period: i64,
        max_premium: u64,
        pools: &[u32],
    ) -> Instruction {
        let terms = (amount, period, max_premium);
        let payer = self.deployment().base_account(buyer);
        self.cover_buy_in_ix(
            buyer,
            product,
            &self.base_cover_asset(),
            &payer,
            terms,
            pools,
        )
    }

    /// `cover_buy` by `buyer` for themselves in `asset`, paid from `payer`: `(amount, period, max_premium)`.
    fn cover_buy_in_ix(
        &self,
        buyer: &Pubkey,
        product: u32,
        asset: &ix::CoverAsset,
        payer: &Pubkey,
        (amount, period, max_premium): (u64, i64, u64),
        pools: &[u32],
    ) -> Instruction {
        ix::cover_buy(
            buyer,
            product,
            self.product(product).next_cover_seq,
            asset,
            payer,
            None,
            pools,
            CoverBuyArgs {
                owner: *buyer,
                amount,
                period: u32::try_from(period).expect("period"),
                max_premium,
                commission_bps: Bps::ZERO,
            },
        )
    }

    /// Buys cover (no premium limit) and returns the cover's address.
    pub fn buy_cover(
        &self,
        buyer: &Keypair,
        product: u32,
        amount: u64,
        period: i64,
        pools: &[u32],
    ) -> Pubkey {
        let seq = self.product(product).next_cover_seq;
        self.send_ok(
            &[self.cover_buy_ix(&buyer.pubkey(), product, amount, period, u64::MAX, pools)],
            &[buyer],
        );
        mutual_sdk::cover::cover_address(product, seq)
    }

    pub fn cover(&self, address: &Pubkey) -> Option<Cover> {
        mutual_sdk::cover::cover(&self.chain, address).expect("cover")
    }

    pub fn pool_product(&self, pool: u32, product: u32) -> PoolProduct {
        fetch::pool_product(&self.chain, pool, product)
            .expect("pool product")
            .expect("listed")
    }

    // ---- claims ----

    /// A member who bought at least `tokens` stake tokens (a tenth more, as book value may have risen) and put
    /// `tokens` whole tokens in the assessment vault.
    pub fn with_assessor(&self, tokens: u64) -> Keypair {
        let wallet = self.with_staker(tokens * 11 / 10 + 1);
        self.send_ok(
            &[ix::assessor_stake(&wallet.pubkey(), tokens * STAKE)],
            &[&wallet],
        );
        wallet
    }

    /// `claim_submit` by `claimant` on the cover at `cover` for `amount`, with sample evidence, and the claim's
    /// address.
    pub fn claim_submit_ix(
        &self,
        claimant: &Pubkey,
        cover: &Pubkey,
        amount: u64,
    ) -> (Instruction, Pubkey) {
        let args = ClaimSubmitArgs {
            amount,
            evidence_hash: [7; 32],
            evidence_uri: "ipfs://evidence-of-the-exploit".into(),
        };
        mutual_sdk::claims::submit_ix(&self.chain, claimant, cover, args).expect("claim_submit")
    }

    /// Files a claim (a slot after the purchase) and returns its address.
    pub fn submit_claim(&self, claimant: &Keypair, cover: &Pubkey, amount: u64) -> Pubkey {
        let (ix, claim) = self.claim_submit_ix(&claimant.pubkey(), cover, amount);
        self.send_ok(&[ix], &[claimant]);
        claim
    }

    pub fn vote(&self, voter: &Keypair, claim: &Pubkey, accept: bool) -> Receipt {
        self.send_ok(&[ix::claim_vote(&voter.pubkey(), claim, accept)], &[voter])
    }

    /// `claim_redeem_payout` by `claimant` into their USDC account.
    pub fn redeem_ix(&self, claimant: &Pubkey, claim: &Pubkey) -> Instruction {
        let payout_to = self.deployment().base_account(claimant);
        mutual_sdk::claims::redeem_ix(&self.chain, claimant, claim, &payout_to).expect("redeem")
    }

    /// `cover_edit` of cover `seq` of `product` by `owner`, paid from their USDC account, with no premium limit:
    /// a new segment of `amount` for `period` from now over `pools`; `old` are the cover's current pools.
    #[allow(clippy::too_many_arguments)]
    pub fn edit_ix(
        &self,
        owner: &Pubkey,
        product: u32,
        seq: u64,
        pools: &[u32],
        old: &[u32],
        amount: u64,
        period: i64,
    ) -> Instruction {
        ix::cover_edit(
            owner,
            product,
            seq,
            &self.base_cover_asset(),
            &self.deployment().base_account(owner),
            pools,
            old,
            amount,
            u32::try_from(period).expect("period"),
            u64::MAX,
        )
    }

    /// `cover_renew` of cover `seq` of `product` by `owner` over `pools`, with no premium limit.
    pub fn renew_ix(&self, owner: &Pubkey, product: u32, seq: u64, pools: &[u32]) -> Instruction {
        ix::cover_renew(
            owner,
            product,
            seq,
            &self.base_cover_asset(),
            &self.deployment().base_account(owner),
            pools,
            u64::MAX,
        )
    }

    /// `cover_auto_renew` of cover `seq` of `product`, cranked by `cranker`, paid from `owner`'s USDC account.
    pub fn auto_renew_ix(
        &self,
        cranker: &Pubkey,
        owner: &Pubkey,
        product: u32,
        seq: u64,
        pools: &[u32],
    ) -> Instruction {
        ix::cover_auto_renew(
            cranker,
            product,
            seq,
            &self.base_cover_asset(),
            &self.deployment().base_account(owner),
            pools,
        )
    }

    /// `owner` lets anyone renew `cover` within `cap`: the SPL approval of the config PDA on their USDC account,
    /// and `cover_auto_renew_set`, in one transaction.
    pub fn allow_auto_renewal(&self, owner: &Keypair, cover: &Pubkey, cap: u64) {
        let approve = spl::approve(
            &self.deployment().base_token_program,
            &self.deployment().base_account(&owner.pubkey()),
            &pda::config().0,
            &owner.pubkey(),
            cap,
        )
        .expect("approve");
        self.send_ok(
            &[
                approve,
                ix::cover_auto_renew_set(&owner.pubkey(), cover, cap),
            ],
            &[owner],
        );
    }

    // ---- prices ----

    /// Publishes `price` ± `conf` · 10^`exponent` for `feed`, as of now.
    pub fn publish_price(&self, feed: FeedId, price: i64, conf: u64, exponent: i32) -> Pubkey {
        let price = PythPrice {
            price,
            conf,
            exponent,
            publish_time: self.now(),
        };
        self.chain.set_price(feed, price).expect("a price account")
    }

    /// `capital_snapshot_refresh` with every asset, and its event.
    pub fn refresh_capital(&self) -> mutual::events::CapitalSnapshotRefreshEvent {
        let refresh = mutual_sdk::capital::refresh_ix(&self.chain).expect("refresh accounts");
        let receipt = self.send_ok(&[refresh], &[self.deployer()]);
        match receipt.events.as_slice() {
            [MutualEvent::CapitalSnapshotRefreshEvent(e)] => e.clone(),
            other => panic!("not one refresh event: {other:?}"),
        }
    }

    /// Registers wrapped SOL, waits out its timelock, wraps `lamports` of `donor`'s into its vault, and publishes
    /// SOL at $150 ± 0.15. Returns the vault.
    pub fn with_wrapped_sol(&self, donor: &Keypair, lamports: u64) -> Pubkey {
        use anchor_spl::token::spl_token;
        mutual_migrations::register_wrapped_sol(&self.chain, self.deployer()).expect("wSOL");
        self.warp_seconds(2 * DAY);
        let vault = pda::asset_vault(&spl_token::native_mint::ID).0;
        if lamports > 0 {
            let wrap = [
                system_instruction::transfer(&donor.pubkey(), &vault, lamports),
                spl_token::instruction::sync_native(&spl_token::ID, &vault).expect("sync"),
            ];
            self.send_ok(&wrap, &[donor]);
        }
        self.publish_price(
            mutual_sdk::prices::sol_usd_feed(),
            15_000_000_000,
            15_000_000,
            -8,
        );
        vault
    }

    /// Publishes SOL at `dollars` ± 0.1% and refreshes the capital snapshot, as of now.
    pub fn reprice_sol(&self, dollars: i64) -> mutual::events::CapitalSnapshotRefreshEvent {
        let price = dollars * 100_000_000;
        let conf = u64::try_from(price / 1_000).expect("a positive price");
        self.publish_price(mutual_sdk::prices::sol_usd_feed(), price, conf, -8);
        self.refresh_capital()
    }

    /// Wrapped SOL as a cover asset.
    pub fn sol_cover_asset(&self) -> ix::CoverAsset {
        ix::CoverAsset {
            mint: anchor_spl::token::spl_token::native_mint::ID,
            token_program: anchor_spl::token::spl_token::ID,
        }
    }

    /// A product offering cover in USDC and wrapped SOL, on one new pool per `(weight, price, tokens)`.
    pub fn with_sol_cover_market(&self, name: &str, pools: &[(u16, u16, u64)]) -> CoverMarket {
        let mut terms = sample_terms(name);
        terms.cover_assets = 0b11;
        let product = self.create_product(terms);
        self.with_pools_for(product, pools)
    }

    /// Wraps `lamports` of `owner`'s SOL into their associated wSOL account (created if missing); returns it.
    pub fn wrap_sol(&self, owner: &Keypair, lamports: u64) -> Pubkey {
        use anchor_spl::token::spl_token;
        let wsol = spl_token::native_mint::ID;
        let account = pda::associated_token(&owner.pubkey(), &wsol, &spl_token::ID);
        let mut ixs = Vec::new();
        if !self.account_exists(&account) {
            ixs.push(spl::create_associated_account(
                &owner.pubkey(),
                &owner.pubkey(),
                &wsol,
                &spl_token::ID,
            ));
        }
        ixs.push(system_instruction::transfer(
            &owner.pubkey(),
            &account,
            lamports,
        ));
        ixs.push(spl_token::instruction::sync_native(&spl_token::ID, &account).expect("sync"));
        self.send_ok(&ixs, &[owner]);
        account
    }

    /// `cover_buy` by `buyer` for themselves in wrapped SOL, paid from their wSOL account.
    pub fn sol_cover_buy_ix(
        &self,
        buyer: &Pubkey,
        product: u32,
        amount: u64,
        period: i64,
        pools: &[u32],
    ) -> Instruction {
        use anchor_spl::token::spl_token;
        let payer = pda::associated_token(buyer, &spl_token::native_mint::ID, &spl_token::ID);
        let terms = (amount, period, u64::MAX);
        self.cover_buy_in_ix(
            buyer,
            product,
            &self.sol_cover_asset(),
            &payer,
            terms,
            pools,
        )
    }

    /// `claim_redeem_payout` by `claimant` into their wrapped-SOL account.
    pub fn sol_redeem_ix(&self, claimant: &Pubkey, claim: &Pubkey) -> Instruction {
        use anchor_spl::token::spl_token;
        let payout_to =
            pda::associated_token(claimant, &spl_token::native_mint::ID, &spl_token::ID);
        mutual_sdk::claims::redeem_ix(&self.chain, claimant, claim, &payout_to).expect("redeem")
    }

    /// What the wrapped-SOL vault holds.
    pub fn sol_vault_balance(&self) -> u64 {
        let vault = pda::asset_vault(&anchor_spl::token::spl_token::native_mint::ID).0;
        fetch::token_balance(&self.chain, &vault).expect("wSOL vault")
    }

    /// `claim_close` of the claim at `claim`, with its pools.
    pub fn close_ix(&self, claim: &Pubkey) -> Instruction {
        mutual_sdk::claims::close_ix(&self.chain, claim).expect("claim_close")
    }

    pub fn claim(&self, address: &Pubkey) -> Option<Claim> {
        mutual_sdk::claims::claim(&self.chain, address).expect("claim")
    }

    pub fn vote_of(&self, claim: &Pubkey, wallet: &Pubkey) -> Option<Vote> {
        mutual_sdk::claims::vote(&self.chain, claim, wallet).expect("vote")
    }

    pub fn assessor(&self, wallet: &Pubkey) -> Option<AssessorStake> {
        mutual_sdk::claims::assessor(&self.chain, wallet).expect("assessor")
    }

    /// The stake in the assessment vault.
    pub fn assessment_vault_balance(&self) -> u64 {
        fetch::token_balance(&self.chain, &pda::assessment_vault().0).expect("assessment vault")
    }

    // ---- reading state ----

    pub fn config(&self) -> Config {
        fetch::config(&self.chain).expect("config")
    }

    pub fn snapshot(&self) -> CapitalSnapshot {
        fetch::capital_snapshot(&self.chain).expect("snapshot")
    }

    pub fn asset(&self, mint: &Pubkey) -> Asset {
        fetch::asset(&self.chain, mint).expect("asset")
    }

    pub fn base_asset(&self) -> Asset {
        fetch::asset(&self.chain, &self.deployment().base_mint).expect("base asset")
    }

    pub fn member(&self, wallet: &Pubkey) -> Option<Member> {
        fetch::member(&self.chain, wallet).expect("member")
    }

    pub fn stake_balance(&self, wallet: &Pubkey) -> u64 {
        fetch::token_balance(&self.chain, &pda::stake_account(wallet)).expect("stake balance")
    }

    pub fn base_balance(&self, wallet: &Pubkey) -> u64 {
        let account = self.deployment().base_account(wallet);
        fetch::token_balance(&self.chain, &account).expect("base balance")
    }

    pub fn vault_balance(&self) -> u64 {
        fetch::token_balance(&self.chain, &self.deployment().base_vault).expect("vault balance")
    }

    pub fn stake_supply(&self) -> u64 {
        fetch::mint(&self.chain, &pda::stake_mint().0)
            .expect("stake mint")
            .supply
    }

    /// Whether the wallet's stake-token account exists and is frozen.
    pub fn stake_account_frozen(&self, wallet: &Pubkey) -> bool {
        use anchor_spl::token_2022::spl_token_2022::state::AccountState;
        fetch::token_account(&self.chain, &pda::stake_account(wallet))
            .expect("stake account")
            .expect("stake account exists")
            .state
            == AccountState::Frozen
    }

    /// The raw account, which must exist.
    pub fn account(&self, address: &Pubkey) -> Account {
        self.chain
            .get_account(address)
            .expect("get_account")
            .unwrap_or_else(|| panic!("account {address} exists"))
    }

    /// The raw bytes of an account, for asserting that a failed transaction changed nothing.
    pub fn account_data(&self, address: &Pubkey) -> Vec<u8> {
        self.account(address).data
    }

    /// The rent-exempt minimum for `len` bytes.
    pub fn rent(&self, len: usize) -> u64 {
        self.chain.minimum_balance(len).expect("rent")
    }

    pub fn lamports(&self, address: &Pubkey) -> u64 {
        fetch::lamports(&self.chain, address).expect("lamports")
    }

    pub fn account_exists(&self, address: &Pubkey) -> bool {
        self.chain
            .get_account(address)
            .expect("get_account")
            .is_some()
    }
}

/// A product and the pools that back it, as `with_cover_market` made them.
pub struct CoverMarket {
    pub product: u32,
    pub pools: Vec<u32>,
    pub managers: Vec<Keypair>,
}

/// The PROTOCOL.md §8 defaults the bootstrap uses: an MCR floor of 1_000 USDC and an initial book value of 1 USDC.
/// Valid product terms: smart-contract cover in the base asset, 2% a year initially, 1% floor, 30 days grace.
pub fn sample_terms(name: &str) -> ProductTerms {
    ProductTerms {
        risk_class: RiskClass::SmartContract,
        name: name.into(),
        wording_hash: [0xAB; 32],
        wording_uri: format!("ipfs://wording/{name}"),
        cover_assets: 0b1,
        grace_period: 30 * DAY as u32,
        capacity_reduction: Bps(0),
        initial_price: Bps(200),
        min_price: Bps(100),
        allowed_pools: vec![],
        deprecated: false,
        commit_reveal: false,
    }
}

pub fn default_params() -> Params {
    Params::defaults(1_000 * USDC, USDC)
}

/// An address derived from `seeds` with a valid but non-canonical bump (below the canonical one), and that bump.
pub fn non_canonical_pda(seeds: &[&[u8]]) -> (Pubkey, u8) {
    let (_, canonical) = Pubkey::find_program_address(seeds, &mutual::ID);
    (0..canonical)
        .rev()
        .find_map(|bump| {
            let mut with_bump = seeds.to_vec();
            let bump_seed = [bump];
            with_bump.push(&bump_seed);
            Pubkey::create_program_address(&with_bump, &mutual::ID)
                .ok()
                .map(|address| (address, bump))
        })
        .expect("a non-canonical bump exists")
}

impl Default for TestFixture {
    fn default() -> Self {
        Self::new()
    }
}

fn logs_of(e: &SdkError) -> &[String] {
    match e {
        SdkError::Transaction { logs, .. } => logs,
        _ => &[],
    }
}

/// The instruction with every occurrence of the account `from` replaced by `to`: the shape of most account
/// substitution attacks. Asserts that `from` is one of its accounts.
/// The `n`th bucket end or tranche end after the point `pool` is processed to (a shared end counts once): where
/// `n` steps of processing leave it.
pub fn nth_boundary(pool: &Pool, n: u32) -> i64 {
    use mutual::math::periods::{bucket_end, tranche_end};
    let (mut bucket, mut tranche) = (pool.next_bucket, pool.first_active_tranche);
    let mut boundary = pool.processed_at;
    for _ in 0..n {
        boundary = bucket_end(bucket).min(tranche_end(tranche));
        if bucket_end(bucket) == boundary {
            bucket += 1;
        }
        if tranche_end(tranche) == boundary {
            tranche += 1;
        }
    }
    boundary
}

pub fn swap_account(mut ix: Instruction, from: &Pubkey, to: &Pubkey) -> Instruction {
    let mut count = 0;
    for meta in ix.accounts.iter_mut().filter(|m| m.pubkey == *from) {
        meta.pubkey = *to;
        count += 1;
    }
    assert!(count > 0, "{from} is not an account of the instruction");
    ix
}

/// The bytes of a program account as the program writes them (discriminator first), e.g. to forge one.
pub fn serialized<T: anchor_lang::AccountSerialize>(account: &T) -> Vec<u8> {
    let mut bytes = Vec::new();
    account
        .try_serialize(&mut bytes)
        .expect("serialize account");
    bytes
}

/// The single event of a receipt, asserting there is exactly one.
pub fn only_event(receipt: &Receipt) -> MutualEvent {
    assert_eq!(receipt.events.len(), 1, "events: {:#?}", receipt.events);
    receipt.events[0].clone()
}

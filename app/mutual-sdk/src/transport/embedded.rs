//! An in-process chain: solana-program-test with the mutual program and the real SPL Token, Token-2022 and ATA
//! programs, behind the same [`Transport`] as a cluster, plus time travel. The program runs natively unless
//! `MUTUAL_SBF_SO` names its SBF build ([`ProgramBuild`]).
use super::program_build::ProgramBuild;
use super::{sign, AccountFilter, Receipt, Transport};
use crate::events::LogSource;
use crate::{pda, Result, SdkError};
pub use anchor_lang::prelude::AccountInfo;
use anchor_lang::prelude::{Clock, Pubkey};
use anchor_lang::solana_program::bpf_loader_upgradeable;
pub use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::system_program;
use solana_account::{Account, AccountSharedData};
use solana_keypair::Keypair;
use solana_program_test::{processor, BanksClient, ProgramTest, ProgramTestContext};
use solana_sdk_ids::bpf_loader;
use solana_signer::Signer;
use solana_transaction::versioned::VersionedTransaction;
use solana_transaction::{InstructionError, TransactionError};
use std::sync::Mutex;

pub use mutual::constants::{DAY, LAMPORTS_PER_SOL};

/// Defines `fn $name`, the native entry of an Anchor program for `solana_program_test::processor!`, calling its
/// generated `$entry`. `processor!` wants `for<'a, 'b, 'c, 'info> fn(&'a Pubkey, &'b [AccountInfo<'info>],
/// &'c [u8])`, while Anchor's `entry` ties all three to one lifetime. The runtime keeps all three alive for the
/// whole call, so widening them to `'info` is sound. The mutual's is below; an integrator's test registers its
/// own program the same way (`tests/tests/insured_vault.rs`).
#[macro_export]
macro_rules! native_entry {
    ($name:ident, $entry:path) => {
        fn $name<'a, 'b, 'c, 'info>(
            program_id: &'a $crate::Pubkey,
            accounts: &'b [$crate::transport::embedded::AccountInfo<'info>],
            data: &'c [u8],
        ) -> $crate::transport::embedded::ProgramResult {
            // SAFETY: see above; the references outlive the call that uses them.
            let accounts: &'info [$crate::transport::embedded::AccountInfo<'info>] =
                unsafe { std::mem::transmute(accounts) };
            let program_id: &'info $crate::Pubkey = unsafe { std::mem::transmute(program_id) };
            let data: &'info [u8] = unsafe { std::mem::transmute(data) };
            $entry(program_id, accounts, data)
        }
    };
}

crate::native_entry!(mutual_entry, mutual::entry);

/// The upgradeable loader's `ProgramData` record as a deploy leaves it: bincode of
/// `UpgradeableLoaderState::ProgramData { slot, upgrade_authority_address: Some(authority) }`.
pub fn program_data_account(upgrade_authority: &Pubkey) -> Account {
    program_data_account_of(Some(upgrade_authority))
}

/// The `ProgramData` record with any upgrade authority; `None` is an immutable deploy (`--final`), whose 45-byte
/// header the loader keeps with the 32 authority bytes zero.
/// The logs, return data and units of a processed transaction (none when it did not run).
fn metadata_parts(
    outcome: &solana_banks_interface::BanksTransactionResultWithMetadata,
) -> (Vec<String>, Option<Vec<u8>>, Option<u64>) {
    outcome
        .metadata
        .clone()
        .map(|m| {
            (
                m.log_messages,
                m.return_data.map(|r| r.data),
                Some(m.compute_units_consumed),
            )
        })
        .unwrap_or_default()
}

/// SPL Token's native mint as a cluster's genesis holds it: 9 decimals, no mint authority, initialised.
fn native_mint_account() -> Account {
    use anchor_lang::solana_program::program_pack::Pack;
    use anchor_spl::token::spl_token::state::Mint;
    let mut data = vec![0; Mint::LEN];
    let mint = Mint {
        decimals: anchor_spl::token::spl_token::native_mint::DECIMALS,
        is_initialized: true,
        ..Mint::default()
    };
    mint.pack_into_slice(&mut data);
    Account {
        lamports: LAMPORTS_PER_SOL,
        data,
        owner: anchor_spl::token::ID,
        executable: false,
        rent_epoch: 0,
    }
}

pub fn program_data_account_of(upgrade_authority: Option<&Pubkey>) -> Account {
    let mut data = Vec::with_capacity(45);
    data.extend_from_slice(&3u32.to_le_bytes()); // variant ProgramData
    data.extend_from_slice(&0u64.to_le_bytes()); // deploy slot
    data.push(u8::from(upgrade_authority.is_some())); // Some( / None
    data.extend_from_slice(upgrade_authority.map_or(&[0; 32], |a| a.as_array())); // authority)
    Account {
        lamports: LAMPORTS_PER_SOL,
        data,
        owner: bpf_loader_upgradeable::ID,
        executable: false,
        rent_epoch: 0,
    }
}

pub struct EmbeddedChain {
    runtime: tokio::runtime::Runtime,
    context: Mutex<ProgramTestContext>,
    build: ProgramBuild,
    deployer: Keypair,
    /// The clock time set by the last warp; re-applied after slot changes, which reset the clock.
    pinned_time: Mutex<Option<i64>>,
    /// Every address a processed transaction named: the candidates of `program_accounts`, since the banks
    /// client has no getProgramAccounts.
    touched: Mutex<std::collections::BTreeSet<Pubkey>>,
    /// The program's accounts among them, by discriminator: a query for one type reads only its candidates, so
    /// its cost does not grow with the rest of the chain (docs/testing.md, the fuzz's flat per-step cost).
    kinds: Mutex<std::collections::HashMap<[u8; 8], std::collections::BTreeSet<Pubkey>>>,
    /// Account reads served (`get_account`, `get_multiple_accounts` and `unix_timestamp` calls): the round trips the same code
    /// would make over RPC.
    reads: std::sync::atomic::AtomicU64,
}

impl EmbeddedChain {
    /// Starts a fresh chain. The returned chain's `deployer` is the program's upgrade authority (so it may call
    /// `config_init`) and holds a million SOL.
    pub fn start() -> Result<Self> {
        Self::start_with(|_| {})
    }

    /// Starts a fresh chain after `setup` has added accounts to it (e.g. a forged account for a test).
    pub fn start_with(setup: impl FnOnce(&mut ProgramTest)) -> Result<Self> {
        Self::start_build(ProgramBuild::from_env(), setup)
    }

    /// Starts a fresh chain running `build` of the program. An SBF build that is missing or does not load is an
    /// error, never a fallback to the native build.
    pub fn start_build(build: ProgramBuild, setup: impl FnOnce(&mut ProgramTest)) -> Result<Self> {
        Self::start_as(build, Keypair::new(), setup)
    }

    /// Starts a chain whose deployer (upgrade authority and faucet) is `deployer`: a chain restored from a saved
    /// ledger keeps its keys. `setup` runs after the deployer's and the program's accounts are added, so the
    /// accounts it adds (a restored state) take their place.
    pub fn start_as(
        build: ProgramBuild,
        deployer: Keypair,
        setup: impl FnOnce(&mut ProgramTest),
    ) -> Result<Self> {
        let mut program_test = ProgramTest::default();
        match &build {
            ProgramBuild::Native => {
                program_test.prefer_bpf(false);
                program_test.add_program("mutual", mutual::ID, processor!(mutual_entry));
            }
            ProgramBuild::Sbf(path) => {
                // The account `ProgramTest::add_program` creates with `prefer_bpf(true)`, from our path rather
                // than a search of SBF_OUT_DIR, a process-wide variable that parallel tests would race on.
                let elf = ProgramBuild::sbf_elf(path)?;
                program_test.prefer_bpf(true);
                program_test.add_account(
                    mutual::ID,
                    Account {
                        lamports: LAMPORTS_PER_SOL,
                        data: elf.as_ref().clone(),
                        owner: bpf_loader::ID,
                        executable: true,
                        rent_epoch: 0,
                    },
                );
            }
        }
        program_test.add_account(
            deployer.pubkey(),
            Account {
                lamports: 1_000_000 * LAMPORTS_PER_SOL,
                owner: system_program::ID,
                ..Account::default()
            },
        );
        program_test.add_account(
            pda::program_data(&mutual::ID),
            program_data_account(&deployer.pubkey()),
        );
        // Every cluster has SPL Token's native mint (wrapped SOL) from genesis; program-test leaves it out.
        program_test.add_account(
            anchor_spl::token::spl_token::native_mint::ID,
            native_mint_account(),
        );
        setup(&mut program_test);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| SdkError::Transport(e.to_string()))?;
        let context = runtime.block_on(program_test.start_with_context());
        let chain = EmbeddedChain {
            runtime,
            context: Mutex::new(context),
            build,
            deployer,
            pinned_time: Mutex::new(None),
            touched: Mutex::new(std::collections::BTreeSet::new()),
            kinds: Mutex::new(std::collections::HashMap::new()),
            reads: std::sync::atomic::AtomicU64::new(0),
        };
        if let ProgramBuild::Sbf(path) = &chain.build {
            chain.probe_program(path)?;
        }
        Ok(chain)
    }

    /// Which build of the program this chain runs.
    pub fn program_build(&self) -> &ProgramBuild {
        &self.build
    }

    /// The event forms this chain's build writes.
    fn log_source(&self) -> LogSource {
        if self.build.is_sbf() {
            LogSource::Sbf
        } else {
            LogSource::Native
        }
    }

    /// Calls the program with no instruction data. A loaded Anchor 1.x program built for this program id refuses
    /// that with Anchor's `InstructionFallbackNotFound` (101); anything else means the VM could not load or run
    /// the binary, or that it is another program (`DeclaredProgramIdMismatch`, 4100).
    fn probe_program(&self, path: &std::path::Path) -> Result<()> {
        let probe = Instruction {
            program_id: mutual::ID,
            accounts: vec![],
            data: vec![],
        };
        match self.simulate(&[probe], &self.deployer, &[]) {
            Err(SdkError::Transaction {
                error: TransactionError::InstructionError(0, InstructionError::Custom(code)),
                ..
            }) if code == u32::from(anchor_lang::error::ErrorCode::InstructionFallbackNotFound) => {
                Ok(())
            }
            other => Err(SdkError::SbfProgram {
                path: path.display().to_string(),
                reason: format!(
                    "the VM did not run it as the mutual program: {}",
                    match other {
                        Ok(_) => "an empty instruction succeeded".to_string(),
                        Err(e) => e.to_string(),
                    }
                ),
            }),
        }
    }

    /// The program's upgrade authority and faucet of this chain.
    pub fn deployer(&self) -> &Keypair {
        &self.deployer
    }

    fn context(&self) -> std::sync::MutexGuard<'_, ProgramTestContext> {
        self.context.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn clock(&self) -> Result<Clock> {
        let client = self.context().banks_client.clone();
        self.runtime
            .block_on(client.get_sysvar::<Clock>())
            .map_err(|e| SdkError::Transport(e.to_string()))
    }

    /// Sets the clock to `unix_timestamp`. Later slot changes keep it.
    pub fn set_time(&self, unix_timestamp: i64) -> Result<()> {
        let mut clock = self.clock()?;
        clock.unix_timestamp = unix_timestamp;
        self.context().set_sysvar(&clock);
        *self.pinned_time.lock().unwrap_or_else(|e| e.into_inner()) = Some(unix_timestamp);
        Ok(())
    }

    /// Moves the clock `seconds` on. Time does not pass within a slot, so a warp also moves to the next slot
    /// (rules such as "no claim in the purchase's slot" then see the time pass as a cluster would).
    pub fn warp_seconds(&self, seconds: i64) -> Result<()> {
        let now = self.clock()?.unix_timestamp;
        if seconds > 0 {
            self.next_slot()?;
        }
        self.set_time(now + seconds)
    }

    pub fn warp_days(&self, days: i64) -> Result<()> {
        self.warp_seconds(days * DAY)
    }

    /// Writes an account directly, bypassing every program: for setting up test states.
    pub fn set_account(&self, address: &Pubkey, account: Account) {
        self.context()
            .set_account(address, &AccountSharedData::from(account));
    }

    /// Publishes a fully verified Pyth price for `feed_id` at its push-oracle address: the local stand-in for
    /// Pyth's push feeds (docs/localnet.md). Returns that address.
    pub fn set_price(
        &self,
        feed_id: crate::prices::FeedId,
        price: crate::prices::PythPrice,
    ) -> Result<Pubkey> {
        let address = crate::prices::feed_address(&feed_id);
        let lamports = self.minimum_balance(crate::prices::PRICE_UPDATE_LEN)?;
        self.set_account(
            &address,
            crate::prices::price_update_account(
                feed_id,
                price,
                crate::prices::VerificationLevel::Full,
                lamports,
            ),
        );
        Ok(address)
    }

    /// Moves to the next slot, which brings a new blockhash, and puts the pinned time back.
    fn next_slot(&self) -> Result<()> {
        let slot = self.clock()?.slot;
        self.context()
            .warp_to_slot(slot + 1)
            .map_err(|e| SdkError::Transport(format!("warp to slot {}: {e}", slot + 1)))?;
        let pinned = *self.pinned_time.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(t) = pinned {
            self.set_time(t)?;
        }
        Ok(())
    }

    /// `attempt`, and once more in a new blockhash when the bank's status cache refuses it as `AlreadyProcessed`:
    /// the same instructions signed by the same keys within one blockhash are one transaction to the bank.
    fn again_in_new_blockhash(
        &self,
        attempt: impl Fn() -> Result<std::result::Result<Receipt, SdkError>>,
    ) -> Result<Receipt> {
        match attempt()? {
            Err(SdkError::Transaction {
                error: TransactionError::AlreadyProcessed,
                ..
            }) => {
                self.next_slot()?;
                attempt()?
            }
            other => other,
        }
    }

    /// A client and the transaction signed against the latest blockhash.
    fn signed(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<(BanksClient, solana_transaction::Transaction)> {
        let client = self.context().banks_client.clone();
        let blockhash = self
            .runtime
            .block_on(client.get_latest_blockhash())
            .map_err(|e| SdkError::Transport(e.to_string()))?;
        Ok((client, sign(ixs, payer, signers, blockhash)))
    }

    fn process(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<std::result::Result<Receipt, SdkError>> {
        let (_, tx) = self.signed(ixs, payer, signers)?;
        self.send_signed(&tx)
    }

    /// The latest blockhash, for clients that sign their own transactions (the localnet's RPC).
    pub fn latest_blockhash(&self) -> Result<solana_hash::Hash> {
        Ok(self.latest_blockhash_with_height()?.0)
    }

    /// The latest blockhash and the last block height at which a transaction signed with it is processed.
    pub fn latest_blockhash_with_height(&self) -> Result<(solana_hash::Hash, u64)> {
        let client = self.context().banks_client.clone();
        self.runtime
            .block_on(client.get_latest_blockhash_with_commitment(Default::default()))
            .map_err(|e| SdkError::Transport(e.to_string()))?
            .ok_or_else(|| SdkError::Transport("the bank has no blockhash".into()))
    }

    /// The block height of the working bank.
    pub fn block_height(&self) -> Result<u64> {
        let client = self.context().banks_client.clone();
        self.runtime
            .block_on(client.get_root_block_height())
            .map_err(|e| SdkError::Transport(e.to_string()))
    }

    /// The chain's epoch schedule (slots per epoch, warmup).
    pub fn epoch_schedule(&self) -> Result<anchor_lang::prelude::EpochSchedule> {
        let client = self.context().banks_client.clone();
        self.runtime
            .block_on(client.get_sysvar::<anchor_lang::prelude::EpochSchedule>())
            .map_err(|e| SdkError::Transport(e.to_string()))
    }

    /// The hash of the chain's genesis (a new one per start).
    pub fn genesis_hash(&self) -> solana_hash::Hash {
        self.context().genesis_config().hash()
    }

    /// Ends the current slot and starts the next one, whose clock reads `unix_timestamp`: a validator's slot
    /// boundary, for the localnet, which gives every transaction its own slot.
    pub fn start_slot_at(&self, unix_timestamp: i64) -> Result<()> {
        self.next_slot()?;
        self.set_time(unix_timestamp)
    }

    /// Moves the working bank to `slot` (later than the current one) with its clock at `unix_timestamp`: a
    /// restored localnet continues its slots.
    pub fn warp_to_slot_at(&self, slot: u64, unix_timestamp: i64) -> Result<()> {
        self.context()
            .warp_to_slot(slot)
            .map_err(|e| SdkError::Transport(format!("warp to slot {slot}: {e}")))?;
        self.set_time(unix_timestamp)
    }

    /// The fee of `message`, or `None` when its blockhash is not one the chain knows (too old, or never issued).
    pub fn fee_for_message(&self, message: &solana_transaction::Message) -> Result<Option<u64>> {
        let client = self.context().banks_client.clone();
        self.runtime
            .block_on(client.get_fee_for_message(message.clone()))
            .map_err(|e| SdkError::Transport(e.to_string()))
    }

    /// The receipt of a processed or simulated transaction, or its error with the logs.
    fn receipt(
        &self,
        tx: &solana_transaction::Transaction,
        result: std::result::Result<(), TransactionError>,
        logs: Vec<String>,
        return_data: Option<Vec<u8>>,
        units: Option<u64>,
    ) -> std::result::Result<Receipt, SdkError> {
        match result {
            Ok(()) => Ok(Receipt::new(
                tx,
                self.log_source(),
                logs,
                return_data,
                units,
            )),
            Err(error) => Err(SdkError::Transaction { error, logs }),
        }
    }

    /// Processes a transaction signed elsewhere. The outer error is the transport's; the inner one the
    /// transaction's, with its logs.
    fn send_signed(
        &self,
        tx: &solana_transaction::Transaction,
    ) -> Result<std::result::Result<Receipt, SdkError>> {
        let outcome = self.process_versioned(&tx.clone().into())?;
        let (logs, return_data, units) = metadata_parts(&outcome);
        Ok(self.receipt(tx, outcome.result, logs, return_data, units))
    }

    /// Processes a legacy or version-0 transaction signed elsewhere (the localnet's sendTransaction), as the bank
    /// reports it. A processed transaction's static keys join the index of named accounts; the caller adds the
    /// addresses its lookup tables loaded.
    pub fn process_versioned(
        &self,
        tx: &VersionedTransaction,
    ) -> Result<solana_banks_interface::BanksTransactionResultWithMetadata> {
        let client = self.context().banks_client.clone();
        let outcome = self
            .runtime
            .block_on(client.process_transaction_with_metadata(tx.clone()))
            .map_err(|e| SdkError::Transport(e.to_string()))?;
        if outcome.metadata.is_some() {
            self.remember(tx.message.static_account_keys().iter().copied())?;
        }
        Ok(outcome)
    }

    fn simulate_once(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<std::result::Result<Receipt, SdkError>> {
        let (_, tx) = self.signed(ixs, payer, signers)?;
        match Transport::simulate_unsigned(self, &tx) {
            Err(e @ SdkError::Transaction { .. }) => Ok(Err(e)),
            other => other.map(Ok),
        }
    }

    /// Simulates a legacy or version-0 transaction signed elsewhere, committing nothing, as the bank reports it.
    pub fn simulate_versioned(
        &self,
        tx: &VersionedTransaction,
    ) -> Result<solana_banks_interface::BanksTransactionResultWithSimulation> {
        let client = self.context().banks_client.clone();
        self.runtime
            .block_on(client.simulate_transaction(tx.clone()))
            .map_err(|e| SdkError::Transport(e.to_string()))
    }

    /// Simulates `tx` and reads `addresses` as they would be after it: what simulateTransaction's `accounts`
    /// asks for, which the banks interface does not return (it drops the bank's post-simulation accounts).
    ///
    /// The transaction runs for real on a copy signed against `blockhash`, another recent one, so the copy can
    /// never be mistaken for the signed transaction (a later send of it is not `AlreadyProcessed`); then every account
    /// in `named` and every address asked for is written back as it was (an account that did not exist is
    /// removed again). `named` is every account the transaction loads (its lookup tables' included). Signatures
    /// are not checked here: the caller verifies them when asked to.
    pub fn simulate_with_accounts(
        &self,
        tx: &VersionedTransaction,
        named: &[Pubkey],
        addresses: &[Pubkey],
        blockhash: solana_hash::Hash,
    ) -> Result<(
        solana_banks_interface::BanksTransactionResultWithMetadata,
        Vec<Option<Account>>,
    )> {
        let mut named = named.to_vec();
        named.extend(
            addresses
                .iter()
                .filter(|a| !named.contains(a))
                .copied()
                .collect::<Vec<_>>(),
        );
        let before = named
            .iter()
            .map(|a| self.account_at(a))
            .collect::<Result<Vec<_>>>()?;
        let mut copy = tx.clone();
        copy.message.set_recent_blockhash(blockhash);
        let client = self.context().banks_client.clone();
        let outcome = self
            .runtime
            .block_on(client.process_transaction_with_metadata(copy))
            .map_err(|e| SdkError::Transport(e.to_string()));
        let after = addresses
            .iter()
            .map(|a| self.account_at(a))
            .collect::<Result<Vec<_>>>();
        // Put everything back before looking at the outcome, whatever it was.
        for (address, account) in named.iter().zip(before) {
            self.set_account(address, account.unwrap_or_default());
        }
        Ok((outcome?, after?))
    }
}

impl EmbeddedChain {
    /// Account reads served so far: what the same calls would cost in RPC round trips.
    pub fn reads(&self) -> u64 {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Every address a processed transaction named, sorted: with `remember`, what a saved ledger keeps.
    pub fn touched_addresses(&self) -> Result<Vec<Pubkey>> {
        Ok(self
            .touched
            .lock()
            .map_err(|_| SdkError::Transport("address index poisoned".into()))?
            .iter()
            .copied()
            .collect())
    }

    /// How many addresses transactions named.
    pub fn touched_len(&self) -> Result<usize> {
        Ok(self
            .touched
            .lock()
            .map_err(|_| SdkError::Transport("address index poisoned".into()))?
            .len())
    }

    /// Adds addresses to the index of named accounts (those of a restored ledger).
    pub fn remember(&self, addresses: impl IntoIterator<Item = Pubkey>) -> Result<()> {
        let addresses: Vec<Pubkey> = addresses.into_iter().collect();
        self.touched
            .lock()
            .map_err(|_| SdkError::Transport("address index poisoned".into()))?
            .extend(addresses.iter().copied());
        // index the program's accounts by type (an account keeps its type for life; a closed one is skipped
        // when read)
        let mut typed = Vec::new();
        for address in addresses {
            if let Some(account) = self.account_at(&address)? {
                if account.owner == mutual::ID && account.data.len() >= 8 {
                    let mut discriminator = [0u8; 8];
                    discriminator.copy_from_slice(&account.data[..8]);
                    typed.push((discriminator, address));
                }
            }
        }
        let mut kinds = self
            .kinds
            .lock()
            .map_err(|_| SdkError::Transport("type index poisoned".into()))?;
        for (discriminator, address) in typed {
            kinds.entry(discriminator).or_default().insert(address);
        }
        Ok(())
    }

    /// The addresses of the program's accounts of one type (by discriminator) that transactions named.
    fn addresses_of_kind(&self, discriminator: &[u8]) -> Result<Vec<Pubkey>> {
        let kinds = self
            .kinds
            .lock()
            .map_err(|_| SdkError::Transport("type index poisoned".into()))?;
        Ok(<[u8; 8]>::try_from(discriminator)
            .ok()
            .and_then(|d| kinds.get(&d))
            .map(|set| set.iter().copied().collect())
            .unwrap_or_default())
    }

    /// Every account owned by `owner` that passes all `filters`, among the addresses transactions named (the
    /// banks client has no getProgramAccounts), sorted by address.
    pub fn accounts_of_program(
        &self,
        owner: &Pubkey,
        filters: &[AccountFilter],
    ) -> Result<Vec<(Pubkey, Account)>> {
        // one type of the program's: only its candidates; anything else: every named address
        let discriminator = filters.iter().find_map(|f| match f {
            AccountFilter::Memcmp { offset: 0, bytes } if bytes.len() == 8 => Some(bytes.clone()),
            _ => None,
        });
        let addresses = match discriminator {
            Some(d) if *owner == mutual::ID => self.addresses_of_kind(&d)?,
            _ => self.touched_addresses()?,
        };
        let accounts = self.get_multiple_accounts(&addresses)?;
        Ok(addresses
            .into_iter()
            .zip(accounts)
            .filter_map(|(address, account)| Some((address, account?)))
            .filter(|(_, account)| {
                account.owner == *owner && filters.iter().all(|f| f.matches(&account.data))
            })
            .collect())
    }

    fn account_at(&self, address: &Pubkey) -> Result<Option<Account>> {
        let client = self.context().banks_client.clone();
        self.runtime
            .block_on(client.get_account(*address))
            .map_err(|e| SdkError::Transport(e.to_string()))
    }

    fn count_read(&self) {
        self.reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Transport for EmbeddedChain {
    fn program_accounts(&self, filters: &[AccountFilter]) -> Result<Vec<(Pubkey, Account)>> {
        self.accounts_of_program(&mutual::ID, filters)
    }

    fn get_account(&self, address: &Pubkey) -> Result<Option<Account>> {
        self.count_read();
        self.account_at(address)
    }

    /// One read, as getMultipleAccounts is one request.
    fn get_multiple_accounts(&self, addresses: &[Pubkey]) -> Result<Vec<Option<Account>>> {
        self.count_read();
        addresses.iter().map(|a| self.account_at(a)).collect()
    }

    fn send(&self, ixs: &[Instruction], payer: &Keypair, signers: &[&Keypair]) -> Result<Receipt> {
        // A caller sending the same instructions twice on purpose means a second transaction.
        self.again_in_new_blockhash(|| self.process(ixs, payer, signers))
    }

    fn simulate(
        &self,
        ixs: &[Instruction],
        payer: &Keypair,
        signers: &[&Keypair],
    ) -> Result<Receipt> {
        // The bank refuses to simulate a repeat of a processed transaction, as it refuses to send one; a
        // cluster's simulation replaces the blockhash instead, so this one moves to a new one too.
        self.again_in_new_blockhash(|| self.simulate_once(ixs, payer, signers))
    }

    fn latest_blockhash(&self) -> Result<solana_hash::Hash> {
        EmbeddedChain::latest_blockhash(self)
    }

    fn simulate_unsigned(&self, tx: &solana_transaction::Transaction) -> Result<Receipt> {
        // The bank's simulation checks no signature.
        let outcome = self.simulate_versioned(&tx.clone().into())?;
        let (logs, return_data, units) = outcome
            .simulation_details
            .map(|d| {
                (
                    d.logs,
                    d.return_data.map(|r| r.data),
                    Some(d.units_consumed),
                )
            })
            .unwrap_or_default();
        self.receipt(
            tx,
            outcome.result.unwrap_or(Ok(())),
            logs,
            return_data,
            units,
        )
    }

    fn unix_timestamp(&self) -> Result<i64> {
        // Over RPC this is a read of the Clock sysvar.
        self.count_read();
        Ok(self.clock()?.unix_timestamp)
    }

    fn minimum_balance(&self, data_len: usize) -> Result<u64> {
        let client = self.context().banks_client.clone();
        let rent = self
            .runtime
            .block_on(client.get_rent())
            .map_err(|e| SdkError::Transport(e.to_string()))?;
        Ok(rent.minimum_balance(data_len))
    }

    fn airdrop(&self, to: &Pubkey, lamports: u64) -> Result<()> {
        let ix = anchor_lang::solana_program::system_instruction::transfer(
            &self.deployer.pubkey(),
            to,
            lamports,
        );
        self.send(&[ix], &self.deployer, &[]).map(|_| ())
    }
}

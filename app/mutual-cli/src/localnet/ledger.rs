//! The localnet's saved state (`--ledger DIR`): every account, the chain's keys, the blocks and the clock, and
//! the history of transactions, in `DIR/state.json`. It is rewritten after every committed transaction, before the signature
//! is reported, by writing a temporary file, syncing it and renaming it over the old one (then syncing the
//! directory): a `kill -9` at any moment leaves either the state before the transaction or the state after it,
//! never a torn file. A file that does not parse is an error naming it, never a silent reset.
use super::blocks::SavedBlocks;
use super::transactions::Meta;
use crate::{CliError, Result};
use anchor_lang::prelude::Pubkey;
use base64::Engine;
use serde::{Deserialize, Serialize};
use solana_account::Account;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

const STATE_FILE: &str = "state.json";
/// Version 2 added blocks and the full record of each transaction (version 0 and lookup tables included).
const FORMAT_VERSION: u32 = 2;

#[derive(Serialize, Deserialize)]
struct SavedAccount {
    address: String,
    lamports: u64,
    owner: String,
    data: String,
    executable: bool,
    rent_epoch: u64,
}

#[derive(Serialize, Deserialize)]
pub struct SavedTransaction {
    /// Processing order.
    pub seq: u64,
    pub slot: u64,
    pub block_time: i64,
    /// The signed transaction, bincode in base64.
    pub transaction: String,
    pub meta: Meta,
}

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    /// The chain's deployer key: the program's upgrade authority, the faucet and the test-USDC mint authority.
    deployer: Vec<u8>,
    accounts: Vec<SavedAccount>,
    history: Vec<SavedTransaction>,
    blocks: SavedBlocks,
}

/// What a saved ledger restores.
pub struct State {
    pub deployer: solana_keypair::Keypair,
    pub accounts: Vec<(Pubkey, Account)>,
    pub history: Vec<SavedTransaction>,
    pub blocks: SavedBlocks,
}

/// The authority's keypair file beside the state.
pub const AUTHORITY_FILE: &str = "authority.json";

pub struct Ledger {
    dir: PathBuf,
}

fn corrupt(path: &Path, why: impl std::fmt::Display) -> CliError {
    CliError::Usage(format!(
        "ledger {} is corrupt: {why}; start with --reset to discard it",
        path.display()
    ))
}

impl Ledger {
    /// Opens (creating) the ledger directory; with `reset`, discards what it held.
    pub fn open(dir: &Path, reset: bool) -> Result<Self> {
        fs::create_dir_all(dir)?;
        let ledger = Ledger {
            dir: dir.to_path_buf(),
        };
        if reset {
            match fs::remove_file(ledger.path()) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
                _ => {}
            }
        }
        Ok(ledger)
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    /// Writes the chain's deployer (the protocol authority) as a Solana keypair file, `authority.json`, so a
    /// person can run the authority's commands with `--keypair DIR/authority.json`. Owner-only permissions.
    pub fn write_authority_key(&self, deployer: &solana_keypair::Keypair) -> Result<PathBuf> {
        let path = self.dir.join(AUTHORITY_FILE);
        let json = serde_json::to_vec(&deployer.to_bytes().to_vec())
            .map_err(|e| CliError::Usage(e.to_string()))?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        options.open(&path)?.write_all(&json)?;
        Ok(path)
    }

    /// The saved state, or `None` for a new ledger.
    pub fn load(&self) -> Result<Option<State>> {
        let path = self.path();
        let text = match fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        #[derive(Deserialize)]
        struct Version {
            version: u32,
        }
        let version: Version = serde_json::from_str(&text).map_err(|e| corrupt(&path, e))?;
        if version.version != FORMAT_VERSION {
            return Err(CliError::Usage(format!(
                "ledger {} was written by another version of mutual (format {}, this one reads {FORMAT_VERSION}); \
                 start with --reset to discard it",
                path.display(),
                version.version
            )));
        }
        let saved: Saved = serde_json::from_str(&text).map_err(|e| corrupt(&path, e))?;
        let deployer = solana_keypair::Keypair::try_from(saved.deployer.as_slice())
            .map_err(|e| corrupt(&path, format!("deployer key: {e}")))?;
        let accounts = saved
            .accounts
            .into_iter()
            .map(|a| {
                let address: Pubkey = a
                    .address
                    .parse()
                    .map_err(|_| corrupt(&path, "an address"))?;
                let owner: Pubkey = a.owner.parse().map_err(|_| corrupt(&path, "an owner"))?;
                let data = base64::engine::general_purpose::STANDARD
                    .decode(&a.data)
                    .map_err(|e| corrupt(&path, e))?;
                Ok((
                    address,
                    Account {
                        lamports: a.lamports,
                        owner,
                        data,
                        executable: a.executable,
                        rent_epoch: a.rent_epoch,
                    },
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Some(State {
            deployer,
            accounts,
            history: saved.history,
            blocks: saved.blocks,
        }))
    }

    /// Writes the whole state atomically and durably (temporary file, fsync, rename, fsync of the directory).
    pub fn save(
        &self,
        deployer: &solana_keypair::Keypair,
        accounts: &[(Pubkey, Account)],
        history: Vec<SavedTransaction>,
        blocks: SavedBlocks,
    ) -> Result<()> {
        let saved = Saved {
            version: FORMAT_VERSION,
            deployer: deployer.to_bytes().to_vec(),
            blocks,
            accounts: accounts
                .iter()
                .map(|(address, a)| SavedAccount {
                    address: address.to_string(),
                    lamports: a.lamports,
                    owner: a.owner.to_string(),
                    data: base64::engine::general_purpose::STANDARD.encode(&a.data),
                    executable: a.executable,
                    rent_epoch: a.rent_epoch,
                })
                .collect(),
            history,
        };
        let bytes = serde_json::to_vec(&saved).map_err(|e| CliError::Usage(e.to_string()))?;
        let temporary = self.dir.join(format!("{STATE_FILE}.tmp"));
        let mut file = fs::File::create(&temporary)?;
        file.write_all(&bytes)?;
        file.sync_all()?;
        fs::rename(&temporary, self.path())?;
        fs::File::open(&self.dir)?.sync_all()?;
        Ok(())
    }
}

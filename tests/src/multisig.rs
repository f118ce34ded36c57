//! A multisig stand-in for the tests: an M-of-N vault whose address is a PDA no single key controls, signing a
//! CPI only when at least M of its N members signed the same transaction. It is the shape of a Squads v4 vault
//! (a PDA of the multisig program that signs what its members approved), without Squads' proposal accounts:
//! approvals are the members' signatures on the executing transaction. Squads' own program cannot run here
//! (`squads-multisig-program` is built on Anchor 0.29 and solana 1.x), and the protocol sees only what matters
//! to it: a program-derived authority that signs through CPI.
//!
//! `execute` instruction data: `[threshold u8, member count u8, members (32 bytes each), inner data]`.
//! Accounts: the members (each a signer when it approves), the vault PDA, the target program, then the inner
//! instruction's accounts (the vault among them signs).
use crate::Builtin;
use anchor_lang::prelude::{AccountInfo, AccountMeta, Pubkey};
use anchor_lang::solana_program::entrypoint::ProgramResult;
use anchor_lang::solana_program::instruction::Instruction;
use anchor_lang::solana_program::program::invoke_signed;
use anchor_lang::solana_program::program_error::ProgramError;
use solana_program_test::{processor, ProgramTest};

/// The stand-in's program id.
pub const MULTISIG_PROGRAM: Pubkey = Pubkey::new_from_array([77; 32]);
const VAULT_SEED: &[u8] = b"vault";

/// An M-of-N multisig: its members in order and how many must sign.
pub struct Multisig {
    pub threshold: u8,
    pub members: Vec<Pubkey>,
}

impl Multisig {
    /// The vault: `["vault", threshold, members…]` under the stand-in, so its address commits to who may sign.
    pub fn vault(&self) -> (Pubkey, u8) {
        let threshold = [self.threshold];
        let mut seeds: Vec<&[u8]> = vec![VAULT_SEED, &threshold];
        seeds.extend(self.members.iter().map(|m| m.as_ref()));
        Pubkey::find_program_address(&seeds, &MULTISIG_PROGRAM)
    }

    /// `inner` (whose accounts name the vault as a signer) executed by the vault, approved by `approvers`.
    pub fn execute(&self, approvers: &[Pubkey], inner: &Instruction) -> Instruction {
        let mut data = vec![self.threshold, self.members.len() as u8];
        for member in &self.members {
            data.extend_from_slice(member.as_ref());
        }
        data.extend_from_slice(&inner.data);
        let mut accounts: Vec<AccountMeta> = self
            .members
            .iter()
            .map(|m| AccountMeta::new_readonly(*m, approvers.contains(m)))
            .collect();
        accounts.push(AccountMeta::new_readonly(self.vault().0, false));
        accounts.push(AccountMeta::new_readonly(inner.program_id, false));
        let vault = self.vault().0;
        // The vault signs only through the CPI: the outer transaction cannot sign for it.
        accounts.extend(inner.accounts.iter().map(|a| AccountMeta {
            is_signer: a.is_signer && a.pubkey != vault,
            ..a.clone()
        }));
        Instruction {
            program_id: MULTISIG_PROGRAM,
            accounts,
            data,
        }
    }
}

/// Registers the stand-in with a program test: a builtin in both builds (it has no `.so`).
pub fn register(program_test: &mut ProgramTest) {
    let entry: Option<Builtin> = processor!(process);
    let entry = entry.expect("a builtin");
    program_test.add_builtin_program("multisig_stand_in", MULTISIG_PROGRAM, entry);
}

/// The stand-in's whole program: check the vault and the approvals, then sign the inner instruction as the vault.
fn process(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let (&threshold, rest) = data
        .split_first()
        .ok_or(ProgramError::InvalidInstructionData)?;
    let (&count, rest) = rest
        .split_first()
        .ok_or(ProgramError::InvalidInstructionData)?;
    let count = usize::from(count);
    if rest.len() < 32 * count || accounts.len() < count + 2 || threshold == 0 {
        return Err(ProgramError::InvalidInstructionData);
    }
    let (members, inner_data) = rest.split_at(32 * count);
    let members: Vec<Pubkey> = members
        .chunks(32)
        .map(|m| Pubkey::try_from(m).map_err(|_| ProgramError::InvalidInstructionData))
        .collect::<Result<_, _>>()?;
    let (approvals, rest) = accounts.split_at(count);
    let approved = approvals
        .iter()
        .zip(&members)
        .filter(|(info, member)| info.key == *member && info.is_signer)
        .count();
    if approved < usize::from(threshold) {
        return Err(ProgramError::MissingRequiredSignature);
    }
    let threshold_seed = [threshold];
    let mut seeds: Vec<&[u8]> = vec![VAULT_SEED, &threshold_seed];
    seeds.extend(members.iter().map(|m| m.as_ref()));
    let (vault, bump) = Pubkey::find_program_address(&seeds, program_id);
    let (vault_info, rest) = rest
        .split_first()
        .ok_or(ProgramError::NotEnoughAccountKeys)?;
    let (target, inner_accounts) = rest
        .split_first()
        .ok_or(ProgramError::NotEnoughAccountKeys)?;
    if *vault_info.key != vault {
        return Err(ProgramError::InvalidSeeds);
    }
    let inner = Instruction {
        program_id: *target.key,
        accounts: inner_accounts
            .iter()
            .map(|a| AccountMeta {
                pubkey: *a.key,
                is_signer: a.is_signer || *a.key == vault,
                is_writable: a.is_writable,
            })
            .collect(),
        data: inner_data.to_vec(),
    };
    let bump = [bump];
    seeds.push(&bump);
    invoke_signed(&inner, accounts, &[&seeds])
}

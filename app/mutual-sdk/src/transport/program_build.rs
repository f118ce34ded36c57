//! Which build of the program an embedded chain runs: the native processor (the default), or the SBF binary
//! named by `MUTUAL_SBF_SO`, executed by the runtime's VM like on a cluster.
use crate::{Result, SdkError};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Once, OnceLock};

/// Names the SBF build (`mutual.so`) for every embedded chain of the process: the tests, the fixture, the CLI's
/// embedded mode. Unset or empty, the native processor runs.
pub const SBF_SO_ENV: &str = "MUTUAL_SBF_SO";

/// ELF machine numbers of an SBF object: `EM_BPF` (SBPF v0–v2, what `cargo build-sbf` and the upstream-LLVM
/// build emit) and `EM_SBF` (SBPF v3).
const EM_BPF: u16 = 247;
const EM_SBF: u16 = 263;

/// An SBF binary read once per process, by path.
type LoadedElf = (PathBuf, Arc<Vec<u8>>);

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgramBuild {
    /// Compiled for the host and registered as a builtin: fast, but about 1 CU per instruction.
    Native,
    /// The SBF shared object at this path, interpreted or JIT-compiled by the VM: real compute units.
    Sbf(PathBuf),
}

impl ProgramBuild {
    /// The build `MUTUAL_SBF_SO` asks for.
    pub fn from_env() -> Self {
        match std::env::var_os(SBF_SO_ENV) {
            Some(path) if !path.is_empty() => ProgramBuild::Sbf(PathBuf::from(path)),
            _ => ProgramBuild::Native,
        }
    }

    pub fn is_sbf(&self) -> bool {
        matches!(self, ProgramBuild::Sbf(_))
    }

    /// A short description for a banner: `native` or `SBF (<path>)`.
    pub fn describe(&self) -> String {
        match self {
            ProgramBuild::Native => "native".to_string(),
            ProgramBuild::Sbf(path) => format!("SBF ({})", path.display()),
        }
    }

    /// The ELF bytes of an SBF build, read and checked once per path and process. It says on stderr, once,
    /// that the chain runs the SBF build.
    pub(crate) fn sbf_elf(path: &Path) -> Result<Arc<Vec<u8>>> {
        static LOADED: OnceLock<Mutex<Vec<LoadedElf>>> = OnceLock::new();
        static ANNOUNCED: Once = Once::new();
        let loaded = LOADED.get_or_init(|| Mutex::new(Vec::new()));
        let mut loaded = loaded.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, elf)) = loaded.iter().find(|(p, _)| p == path) {
            return Ok(elf.clone());
        }
        let elf = Arc::new(read_sbf_elf(path)?);
        loaded.push((path.to_path_buf(), elf.clone()));
        ANNOUNCED.call_once(|| {
            eprintln!(
                "mutual: embedded chain runs the SBF build {} ({} bytes, from {SBF_SO_ENV})",
                path.display(),
                elf.len()
            )
        });
        Ok(elf)
    }
}

/// Reads `path` and checks that it is a 64-bit little-endian ELF shared object for the BPF/SBF machine, so that
/// a wrong file fails here, by name, and not as an opaque error at the first transaction.
fn read_sbf_elf(path: &Path) -> Result<Vec<u8>> {
    let failure = |reason: String| SdkError::SbfProgram {
        path: path.display().to_string(),
        reason,
    };
    let elf = std::fs::read(path).map_err(|e| {
        failure(format!(
            "cannot read it ({e}); build it with ../shared/sbf/build-program or `cargo build-sbf`, \
             or unset {SBF_SO_ENV} to run the native build"
        ))
    })?;
    check_sbf_elf(&elf).map_err(failure)?;
    Ok(elf)
}

/// The header checks of [`read_sbf_elf`], on bytes.
pub fn check_sbf_elf(elf: &[u8]) -> std::result::Result<(), String> {
    const ET_DYN: u16 = 3;
    if elf.len() < 64 || &elf[..4] != b"\x7fELF" {
        return Err("not an ELF file".into());
    }
    if elf[4] != 2 || elf[5] != 1 {
        return Err("not a 64-bit little-endian ELF".into());
    }
    let half = |at: usize| u16::from_le_bytes([elf[at], elf[at + 1]]);
    let (kind, machine) = (half(16), half(18));
    if machine != EM_BPF && machine != EM_SBF {
        return Err(format!(
            "ELF machine {machine} is not BPF/SBF (built for the host?)"
        ));
    }
    if kind != ET_DYN {
        return Err(format!("ELF type {kind} is not a shared object"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(machine: u16, kind: u16) -> Vec<u8> {
        let mut elf = vec![0u8; 64];
        elf[..4].copy_from_slice(b"\x7fELF");
        elf[4] = 2;
        elf[5] = 1;
        elf[16..18].copy_from_slice(&kind.to_le_bytes());
        elf[18..20].copy_from_slice(&machine.to_le_bytes());
        elf
    }

    #[test]
    fn an_sbf_shared_object_passes_the_header_check() {
        assert_eq!(check_sbf_elf(&header(EM_BPF, 3)), Ok(()));
        assert_eq!(check_sbf_elf(&header(EM_SBF, 3)), Ok(()));
    }

    #[test]
    fn other_files_are_refused_by_name() {
        assert_eq!(
            check_sbf_elf(b"#!/bin/sh\n"),
            Err("not an ELF file".to_string())
        );
        assert_eq!(
            check_sbf_elf(&header(62, 3)),
            Err("ELF machine 62 is not BPF/SBF (built for the host?)".to_string())
        );
        assert_eq!(
            check_sbf_elf(&header(EM_BPF, 2)),
            Err("ELF type 2 is not a shared object".to_string())
        );
        let mut big_endian = header(EM_BPF, 3);
        big_endian[5] = 2;
        assert_eq!(
            check_sbf_elf(&big_endian),
            Err("not a 64-bit little-endian ELF".to_string())
        );
    }
}

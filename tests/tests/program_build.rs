//! `MUTUAL_SBF_SO`: the embedded chain runs the SBF build when asked, and a binary that is missing or does not
//! load is an error that names it, never a silent fallback to the native build.
use mutual_sdk::{EmbeddedChain, ProgramBuild, SdkError, Transport};
use std::path::PathBuf;

/// The reason of an `SbfProgram` error for `path`.
fn sbf_failure(path: &str) -> String {
    match EmbeddedChain::start_build(ProgramBuild::Sbf(PathBuf::from(path)), |_| {}) {
        Ok(_) => panic!("{path} was loaded"),
        Err(SdkError::SbfProgram {
            path: named,
            reason,
        }) => {
            assert_eq!(named, path);
            reason
        }
        Err(e) => panic!("expected an SbfProgram error, got {e}"),
    }
}

/// A scratch file with `bytes`, unique to this test process.
fn scratch(name: &str, bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("mutual-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).expect("scratch file");
    path.display().to_string()
}

#[test]
fn a_missing_binary_is_an_error_not_a_native_fallback() {
    let reason = sbf_failure("/nonexistent/mutual.so");
    assert!(reason.starts_with("cannot read it ("), "{reason}");
}

#[test]
fn a_host_binary_is_refused_by_its_elf_machine() {
    let exe = std::env::current_exe().expect("test binary");
    let host = std::fs::read(exe).expect("read test binary");
    let machine = u16::from_le_bytes([host[18], host[19]]);
    let path = scratch("host.so", &host[..64]);
    assert_eq!(
        sbf_failure(&path),
        format!("ELF machine {machine} is not BPF/SBF (built for the host?)")
    );
}

#[test]
fn an_sbf_header_on_a_broken_body_fails_to_load() {
    // A valid SBF shared-object header and nothing behind it: the VM refuses to load it.
    let mut elf = vec![0u8; 256];
    elf[..4].copy_from_slice(b"\x7fELF");
    elf[4] = 2; // 64-bit
    elf[5] = 1; // little-endian
    elf[16..18].copy_from_slice(&3u16.to_le_bytes()); // ET_DYN
    elf[18..20].copy_from_slice(&247u16.to_le_bytes()); // EM_BPF
    let path = scratch("broken.so", &elf);
    let reason = sbf_failure(&path);
    assert!(
        reason.starts_with("the VM did not run it as the mutual program: "),
        "{reason}"
    );
}

#[test]
fn the_chain_runs_the_build_the_environment_names() {
    let chain = EmbeddedChain::start().expect("chain");
    let build = ProgramBuild::from_env();
    assert_eq!(chain.program_build(), &build);
    let program = chain
        .get_account(&mutual::ID)
        .expect("get_account")
        .expect("program account");
    assert!(program.executable);
    let native_loader: mutual_sdk::Pubkey = "NativeLoader1111111111111111111111111111111"
        .parse()
        .expect("native loader id");
    let bpf_loader: mutual_sdk::Pubkey = "BPFLoader2111111111111111111111111111111111"
        .parse()
        .expect("bpf loader id");
    let expected_owner = if build.is_sbf() {
        bpf_loader
    } else {
        native_loader
    };
    assert_eq!(program.owner, expected_owner);
}

//! The README's localnet walkthrough, run as written: its first line starts `mutual localnet` in the background
//! (terminal 1), the rest runs in bash (terminal 2), in a fresh directory with a fresh default keypair. `cargo run
//! -q -p mutual-cli -- ARGS` is the `mutual` binary this test built, and `solana-keygen new -o FILE` writes a new
//! keypair file, through two small stand-ins on PATH. Then the chain is read to check the story happened.
use mutual_sdk::{fetch, Keypair, RpcTransport, Signer};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

mod support;
use support::Process;

/// The walkthrough's lines, between the marker and the end of its code block.
fn walkthrough() -> Vec<String> {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md"))
            .expect("README.md");
    let after = readme
        .split_once("<!-- localnet walkthrough -->")
        .expect("the walkthrough marker")
        .1;
    let block = after
        .split_once("```sh\n")
        .expect("a sh block")
        .1
        .split_once("\n```")
        .expect("the block's end")
        .0;
    block.lines().map(str::to_string).collect()
}

fn write_executable(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

fn key_file(path: &Path, wallet: &Keypair) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(
        path,
        serde_json::to_string(&wallet.to_bytes().to_vec()).unwrap(),
    )
    .unwrap();
}

/// A scratch directory with `bin/cargo` and `bin/solana-keygen` stand-ins and a home with a default keypair.
struct Scratch {
    dir: PathBuf,
    me: Keypair,
    assessor: Keypair,
}

impl Scratch {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("mutual-readme-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bin")).unwrap();
        let me = Keypair::new();
        key_file(&dir.join("home/.config/solana/id.json"), &me);
        let assessor = Keypair::new();
        key_file(&dir.join("assessor.json"), &assessor);
        write_executable(
            &dir.join("bin/cargo"),
            &format!(
                "#!/bin/sh\n# `cargo run [-q] -p mutual-cli -- ARGS`: the mutual binary under test\n\
                 while [ \"$1\" != \"--\" ]; do shift; done\nshift\nexec '{}' \"$@\"\n",
                env!("CARGO_BIN_EXE_mutual")
            ),
        );
        write_executable(
            &dir.join("bin/solana-keygen"),
            &format!(
                "#!/bin/sh\n# `solana-keygen new ... -o FILE`: a new keypair in FILE\n\
                 while [ \"$1\" != \"-o\" ]; do shift; done\ncp '{}' \"$2\"\n",
                dir.join("assessor.json").display()
            ),
        );
        Scratch { dir, me, assessor }
    }

    fn command(&self, script: &str) -> Command {
        let path = format!(
            "{}:{}",
            self.dir.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let mut command = Command::new("bash");
        command
            .args(["-euo", "pipefail", "-c", script])
            .current_dir(&self.dir)
            .env("PATH", path)
            .env("HOME", self.dir.join("home"))
            .env_remove("MUTUAL_URL")
            .env_remove("MUTUAL_KEYPAIR")
            .stdin(Stdio::null());
        command
    }
}

#[test]
fn the_readme_localnet_walkthrough_runs_as_written() {
    // Arrange: terminal 1 runs the block's first line; terminal 2 waits until the chain answers
    let lines = walkthrough();
    let (first, rest) = lines.split_first().expect("lines");
    assert!(
        first.starts_with("cargo run -p mutual-cli -- localnet"),
        "{first}"
    );
    let scratch = Scratch::new();
    let _localnet = Process(
        scratch
            .command(first)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("terminal 1"),
    );
    let rpc_up = (0..600).any(|_| {
        std::thread::sleep(std::time::Duration::from_millis(50));
        std::net::TcpStream::connect("127.0.0.1:8899").is_ok()
    });
    assert!(rpc_up, "the localnet did not answer on 8899");

    // Act: terminal 2, line by line as bash runs a pasted block
    let output = scratch
        .command(&rest.join("\n"))
        .output()
        .expect("terminal 2");

    // Assert: every line succeeded, and the chain holds the story's end
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    let rpc = RpcTransport::new("http://127.0.0.1:8899");
    let claim = mutual_sdk::pda::claim(&mutual_sdk::cover::cover_address(0, 0), 0).0;
    let claim: mutual::state::Claim = fetch::decode(
        &claim,
        mutual_sdk::Transport::get_account(&rpc, &claim).unwrap(),
    )
    .unwrap();
    assert_eq!(claim.status, mutual::state::ClaimStatus::Paid);
    assert_eq!(claim.claimant, scratch.me.pubkey());
    assert_eq!(claim.amount, 75_000_000);
    assert!(fetch::member(&rpc, &scratch.assessor.pubkey())
        .unwrap()
        .is_some());
    assert_eq!(fetch::config(&rpc).unwrap().params.join_fee, 3_000_000);
    // the human output names what happened, in tokens
    assert!(
        stdout.contains("claim redeemed") || stdout.contains("paid"),
        "{stdout}"
    );
}

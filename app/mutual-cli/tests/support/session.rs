//! The CLI in-process on `--url embedded`: a session on one chain, commands run in it as at the prompt, and
//! their JSON read in base units (the suites type base units: `--base-units`).
use super::as_base_units;
use clap::Parser;
use mutual::constants::LAMPORTS_PER_SOL;
use mutual_cli::chain::Session;
use mutual_cli::commands::run_in;
use mutual_cli::{run, Cli, CliError};
use serde_json::Value;

/// Runs `mutual --base-units <args>` in-process (the suite types base units); returns stdout.
pub fn mutual(args: &[&str], stdin: &str) -> Result<String, CliError> {
    let cli = Cli::try_parse_from(
        ["mutual", "--base-units"]
            .into_iter()
            .chain(args.iter().copied()),
    )
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let mut out = Vec::new();
    let mut input = stdin.as_bytes();
    run(cli, &mut out, &mut input)?;
    Ok(String::from_utf8(out).expect("utf-8 output"))
}

pub fn json(args: &[&str]) -> Value {
    let out = mutual(args, "").unwrap_or_else(|e| panic!("mutual {args:?} failed: {e}"));
    as_base_units(serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}")))
}

pub const NO_KEY: &str = "/nonexistent/key.json";

/// `product create` of product 0, "Lending", with the default terms.
pub const CREATE_LENDING: &[&str] = &[
    "product",
    "create",
    "--name",
    "Lending",
    "--wording-uri",
    "ipfs://w",
];

/// A fresh embedded session (one chain) with `--json -y`, for running several commands on it.
pub fn embedded_session() -> Session {
    let opts = Cli::try_parse_from([
        "mutual",
        "--url",
        "embedded",
        "--keypair",
        NO_KEY,
        "--json",
        "-y",
        "--base-units",
        "config",
        "show",
    ])
    .expect("parses")
    .global;
    Session::open(opts).expect("embedded session")
}

/// Parses and runs one command in `session`.
pub fn run_command(session: &Session, args: &[&str]) -> Result<Vec<u8>, CliError> {
    let cli =
        Cli::try_parse_from(std::iter::once("mutual").chain(args.iter().copied())).expect("parses");
    let mut out = Vec::new();
    run_in(session, cli.command, &mut out, &mut "".as_bytes())?;
    Ok(out)
}

/// Runs several commands on one embedded session (one chain), returning each command's JSON.
pub fn session_json(commands: &[&[&str]]) -> Vec<Value> {
    let session = embedded_session();
    commands
        .iter()
        .map(|args| {
            let out = run_command(&session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
            as_base_units(serde_json::from_slice(&out).expect("JSON"))
        })
        .collect()
}

/// Port 9 on loopback (discard) has no JSON-RPC server: a command gets as far as the network.
pub const NO_NODE: &str = "http://127.0.0.1:9";

/// What a command says when nothing answers at --url.
pub const UNREACHABLE: &str =
    "nothing answers at http://127.0.0.1:9: is `mutual localnet` running, or is --url right? (";

/// A product (0) backed by one pool (0) at weight 100 and a 3% target, with 1,000 tokens staked for 8 tranches.
pub const COVER_MARKET: &[&[&str]] = &[
    CREATE_LENDING,
    &["member", "join"],
    &["token", "buy", "--amount", "2020000000"],
    &["pool", "create"],
    &["pool", "set-products", "0", "--listing", "0:100:300"],
    &[
        "stake",
        "deposit",
        "--pool",
        "0",
        "--amount",
        "1000000000000",
        "--lock",
        "7",
    ],
];

/// The program's refusal `e` as the CLI prints it: `Name (code): message`.
pub fn refusal(e: mutual::errors::MutualError) -> String {
    let info = mutual_sdk::errors::error_info(u32::from(e)).expect("in the IDL");
    format!("{} ({}): {}", info.name, info.code, info.message)
}

/// `run_command`'s JSON, failing the test with the command's error.
pub fn ok_json(session: &Session, args: &[&str]) -> Value {
    let out = run_command(session, args).unwrap_or_else(|e| panic!("{args:?}: {e}"));
    as_base_units(
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})")),
    )
}

/// The embedded chain under a session.
pub fn chain_of(session: &Session) -> &mutual_sdk::EmbeddedChain {
    let mutual_cli::chain::Endpoint::Embedded(chain) = &session.chain.endpoint else {
        panic!("an embedded session");
    };
    chain
}

/// Another member, set up through the SDK on the session's chain: joins and buys `base_in` of stake token.
pub fn sdk_member(session: &Session, base_in: u64) -> mutual_sdk::Keypair {
    use mutual_sdk::{ix, Signer, Transport};
    let chain = chain_of(session);
    let wallet = mutual_sdk::Keypair::new();
    chain
        .airdrop(&wallet.pubkey(), 2 * LAMPORTS_PER_SOL)
        .unwrap();
    let deployment = session.deployment().unwrap();
    deployment
        .faucet(chain, chain.deployer(), &wallet.pubkey(), base_in)
        .unwrap();
    let base = deployment.base_accounts(
        &wallet.pubkey(),
        mutual_sdk::capital::traded_assets(chain).unwrap(),
    );
    let ixs = [
        ix::member_join(&wallet.pubkey()),
        ix::token_buy(&wallet.pubkey(), &base, base_in, 0),
    ];
    chain.send(&ixs, &wallet, &[]).unwrap();
    wallet
}

/// `sdk_member`, who also stakes `assessor_stake` as an assessor.
pub fn sdk_assessor(session: &Session, base_in: u64, assessor_stake: u64) -> mutual_sdk::Keypair {
    use mutual_sdk::{ix, Signer, Transport};
    let wallet = sdk_member(session, base_in);
    let stake = ix::assessor_stake(&wallet.pubkey(), assessor_stake);
    chain_of(session).send(&[stake], &wallet, &[]).unwrap();
    wallet
}

/// Runs `args` in `session` signed by `signer`, then goes back to the session's `owner`.
pub fn ok_json_as(
    session: &mut Session,
    signer: &mutual_sdk::Keypair,
    owner: &mutual_sdk::Keypair,
    args: &[&str],
) -> Value {
    session.set_signer(signer.insecure_clone());
    let out = run_command(session, args);
    session.set_signer(owner.insecure_clone());
    let out = out.unwrap_or_else(|e| panic!("{args:?}: {e}"));
    as_base_units(
        serde_json::from_slice(&out).unwrap_or_else(|e| panic!("{args:?}: not JSON ({e})")),
    )
}

/// Runs `args` in `session` as if at the prompt (no `-y`, nothing typed): a command that got as far as its
/// review would be declined (`Aborted`), so any other error was raised before the review.
pub fn refused_before_review(session: &mut Session, args: &[&str]) -> CliError {
    session.opts.yes = false;
    let result = run_command(session, args);
    session.opts.yes = true;
    let err = result.expect_err("refused");
    assert!(
        !matches!(err, CliError::Aborted),
        "{args:?} reached the review"
    );
    err
}

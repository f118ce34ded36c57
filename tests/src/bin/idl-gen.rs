//! Builds the program's IDL on the host and writes it as JSON.
//!
//! `cargo run -p mutual-tests --bin idl-gen` rewrites `idl/mutual.json`; `--out PATH` writes elsewhere (the
//! staleness test compares the two). The builder runs the program's `__anchor_private_print_idl` test in its own
//! target dir (`target/idl`), so it never invalidates the normal build.
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .ok_or("tests crate has no parent")?
        .to_path_buf();
    let mut out = root.join("idl/mutual.json");
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = PathBuf::from(args.next().ok_or("--out needs a path")?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    // anchor-lang-idl 0.1.4 turns RUSTUP_TOOLCHAIN into a literal `cargo +{toolchain}`, which fails; cargo sets
    // it for everything it runs, so drop it. A separate target dir keeps the idl-build variant of the anchor
    // crates apart from the normal build.
    std::env::remove_var("RUSTUP_TOOLCHAIN");
    if std::env::var_os("CARGO_TARGET_DIR").is_none() {
        std::env::set_var("CARGO_TARGET_DIR", root.join("target/idl"));
    }
    let idl = anchor_lang_idl::build::IdlBuilder::new()
        .program_path(root.join("programs/mutual"))
        .cargo_args(vec!["--lib".into()])
        .build()?;
    let json = serde_json::to_string_pretty(&idl)? + "\n";
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(&out, json)?;
    println!("IDL written to {}", out.display());
    Ok(())
}

//! The committed IDL (idl/mutual.json) must be exactly what the program builds to now.
use std::path::PathBuf;
use std::process::Command;

#[test]
fn committed_idl_is_up_to_date() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let fresh = std::env::temp_dir().join(format!("mutual-idl-{}.json", std::process::id()));
    // Its own target dir: the IDL build compiles the anchor crates with `idl-build`, which would otherwise
    // invalidate the normal build (and wait on its lock).
    let status = Command::new(env!("CARGO_BIN_EXE_idl-gen"))
        .arg("--out")
        .arg(&fresh)
        .env("CARGO_TARGET_DIR", root.join("target/idl"))
        .env_remove("RUSTUP_TOOLCHAIN")
        .status()
        .expect("idl-gen runs");
    assert!(status.success(), "idl-gen failed");
    let fresh = std::fs::read_to_string(&fresh).expect("fresh IDL");
    let committed = std::fs::read_to_string(root.join("idl/mutual.json")).expect("committed IDL");
    assert!(
        fresh == committed,
        "idl/mutual.json is stale: run `cargo run -p mutual-tests --bin idl-gen` and commit the result"
    );
    let idl: serde_json::Value = serde_json::from_str(&committed).expect("IDL is JSON");
    assert_eq!(idl["address"], mutual::ID.to_string());
    let names: Vec<&str> = idl["instructions"]
        .as_array()
        .expect("instructions")
        .iter()
        .filter_map(|i| i["name"].as_str())
        .collect();
    for expected in [
        "config_init",
        "member_join",
        "token_buy",
        "token_sell",
        "protocol_pause",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
}

#[test]
fn the_sdk_decodes_every_event_of_the_idl() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../idl/mutual.json");
    let idl: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("idl")).expect("JSON");
    let mut in_idl: Vec<&str> = idl["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    let mut known = mutual_sdk::events::known_event_names().to_vec();
    in_idl.sort_unstable();
    known.sort_unstable();
    assert_eq!(
        known, in_idl,
        "mutual_sdk::events must list every event of the IDL"
    );
}

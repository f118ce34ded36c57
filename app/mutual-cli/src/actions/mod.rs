//! Solana Actions for the mutual (issue 28): the spec's types (`spec`). The server, the actions and the web page
//! build on them.
pub mod spec;

//! One report per command: human rows by default, stable JSON with `--json`.
use mutual::constants::{DAY, HOUR};
use serde_json::{Map, Value};
use std::io::Write;

/// SOL's decimals: a lamport is 10⁻⁹ SOL (`mutual::constants::LAMPORTS_PER_SOL`).
pub const SOL_DECIMALS: u8 = 9;

pub struct Report {
    pub title: String,
    rows: Vec<(String, String)>,
    json: Map<String, Value>,
    tables: Vec<Table>,
}

/// A list inside a report: a human table, and an array of objects under `key` in JSON.
struct Table {
    columns: Vec<String>,
    cells: Vec<Vec<String>>,
}

/// One row of a list: (column, human text, JSON value) per cell.
pub type Row = Vec<(&'static str, String, Value)>;

impl Report {
    pub fn new(title: impl Into<String>) -> Self {
        Report {
            title: title.into(),
            rows: Vec::new(),
            json: Map::new(),
            tables: Vec::new(),
        }
    }

    /// Adds a list under `key`: printed as a table after the fields; a JSON array of objects.
    pub fn list(mut self, key: &str, rows: Vec<Row>) -> Self {
        let columns = rows
            .first()
            .map(|r| r.iter().map(|(c, _, _)| c.to_string()).collect())
            .unwrap_or_default();
        let cells = rows
            .iter()
            .map(|r| r.iter().map(|(_, human, _)| human.clone()).collect())
            .collect();
        let objects = rows
            .into_iter()
            .map(|r| {
                Value::Object(
                    r.into_iter()
                        .map(|(c, _, json)| (c.to_string(), json))
                        .collect(),
                )
            })
            .collect();
        self.json.insert(key.to_string(), Value::Array(objects));
        self.tables.push(Table { columns, cells });
        self
    }

    /// Adds a field: `human` is shown in the table, `json` under `key` in the JSON object.
    pub fn field(mut self, key: &str, human: impl Into<String>, json: impl Into<Value>) -> Self {
        self.rows.push((key.to_string(), human.into()));
        self.json.insert(key.to_string(), json.into());
        self
    }

    /// A token amount: its tokens in the table, and in JSON both its base units and its tokens (see `Amount`).
    pub fn amount(self, key: &str, amount: Amount) -> Self {
        self.field(key, amount.to_string(), amount.json())
    }

    /// A field that reads the same in both forms.
    pub fn text(self, key: &str, value: impl ToString) -> Self {
        let value = value.to_string();
        self.field(key, value.clone(), value)
    }

    pub fn print(&self, json: bool, out: &mut dyn Write) -> std::io::Result<()> {
        if json {
            return writeln!(out, "{}", Value::Object(self.json.clone()));
        }
        writeln!(out, "{}", self.title)?;
        let width = self.rows.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (key, value) in &self.rows {
            writeln!(out, "  {key:<width$}  {value}")?;
        }
        for table in &self.tables {
            table.print(out)?;
        }
        Ok(())
    }
}

impl Table {
    fn print(&self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.cells.is_empty() {
            return writeln!(out, "  (none)");
        }
        let widths: Vec<usize> = (0..self.columns.len())
            .map(|i| {
                self.cells
                    .iter()
                    .map(|r| r[i].len())
                    .chain([self.columns[i].len()])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c:<w$}"))
                .collect();
            format!("  {}", padded.join("  ").trim_end())
        };
        writeln!(out, "{}", line(&self.columns))?;
        for row in &self.cells {
            writeln!(out, "{}", line(row))?;
        }
        Ok(())
    }
}

/// A token amount in base units, with its mint's decimals. People read tokens ("1.500000 USDC"); JSON gives
/// both, in the shape of jsonParsed's `uiTokenAmount`, without the float: `{"amount": "1500000", "decimals": 6,
/// "uiAmountString": "1.5"}`. Base units are a string so no JSON reader rounds a u64.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount {
    pub units: u64,
    pub decimals: u8,
    /// Shown after the tokens in tables ("SOL", "MUT"); empty for an asset.
    pub symbol: &'static str,
}

impl Amount {
    /// `units` of an asset whose mint has `decimals`.
    pub fn of(units: u64, decimals: u8) -> Self {
        Amount {
            units,
            decimals,
            symbol: "",
        }
    }

    /// Lamports.
    pub fn sol(lamports: u64) -> Self {
        Amount {
            units: lamports,
            decimals: SOL_DECIMALS,
            symbol: "SOL",
        }
    }

    /// Stake-token base units.
    pub fn stake(units: u64) -> Self {
        Amount {
            units,
            decimals: mutual::constants::STAKE_DECIMALS,
            symbol: "MUT",
        }
    }

    pub fn json(&self) -> Value {
        serde_json::json!({
            "amount": self.units.to_string(),
            "decimals": self.decimals,
            "uiAmountString": ui_amount_string(self.units, self.decimals),
        })
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.symbol {
            "" => write!(f, "{}", units(self.units, self.decimals)),
            symbol => write!(f, "{} {symbol}", units(self.units, self.decimals)),
        }
    }
}

/// A list cell holding an amount.
pub fn amount_cell(key: &'static str, amount: Amount) -> (&'static str, String, Value) {
    (key, amount.to_string(), amount.json())
}

/// Tokens with trailing zeros (and a trailing point) trimmed, as jsonParsed's `uiAmountString`: 1_500_000 with 6
/// decimals is "1.5", 2_000_000 is "2".
pub fn ui_amount_string(amount: u64, decimals: u8) -> String {
    let text = units(amount, decimals);
    if decimals == 0 {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// `amount` base units of a token with `decimals`, as a decimal string: 1_500_000 with 6 → "1.500000".
pub fn units(amount: u64, decimals: u8) -> String {
    let scale = 10u64.pow(u32::from(decimals));
    if decimals == 0 {
        return amount.to_string();
    }
    format!(
        "{}.{:0width$}",
        amount / scale,
        amount % scale,
        width = usize::from(decimals)
    )
}

/// Lamports as SOL.
pub fn sol(lamports: u64) -> String {
    format!("{} SOL", units(lamports, SOL_DECIMALS))
}

/// Stake-token base units as MUT.
pub fn mut_tokens(amount: u64) -> String {
    format!("{} MUT", units(amount, mutual::constants::STAKE_DECIMALS))
}

/// A ratio in basis points as a multiple, two decimals, rounded down: 10_199 bps is "1.01x".
pub fn ratio(bps: u64) -> String {
    format!("{}.{:02}x", bps / 10_000, bps % 10_000 / 100)
}

/// Bytes as lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A span of seconds for people: "2d 23h 59m", "4h 0m", "59s"; never negative.
pub fn duration(seconds: i64) -> String {
    let s = seconds.max(0);
    let (days, hours, minutes) = (s / DAY, s % DAY / HOUR, s % HOUR / 60);
    match (days, hours, minutes) {
        (0, 0, 0) => format!("{s}s"),
        (0, 0, _) => format!("{minutes}m"),
        (0, _, _) => format!("{hours}h {minutes}m"),
        _ => format!("{days}d {hours}h {minutes}m"),
    }
}

/// A unix time as a UTC date and time, "2027-03-04 15:04 UTC" (Howard Hinnant's civil-from-days).
pub fn date(unix: i64) -> String {
    let (days, seconds) = (unix.div_euclid(DAY), unix.rem_euclid(DAY));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        seconds / HOUR,
        seconds % HOUR / 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_exact() {
        assert_eq!(units(1_500_000, 6), "1.500000");
        assert_eq!(
            10u64.pow(u32::from(SOL_DECIMALS)),
            mutual::constants::LAMPORTS_PER_SOL
        );
        assert_eq!(units(7, 9), "0.000000007");
        assert_eq!(units(42, 0), "42");
        assert_eq!(sol(2_000_000), "0.002000000 SOL");
    }

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(date(0), "1970-01-01 00:00 UTC");
        assert_eq!(date(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(date(1_796_781_923), "2026-12-09 02:05 UTC");
        assert_eq!(date(-1), "1969-12-31 23:59 UTC");
    }

    #[test]
    fn amounts_give_base_units_and_tokens_in_json() {
        assert_eq!(
            Amount::of(1_500_000, 6).json(),
            serde_json::json!({"amount": "1500000", "decimals": 6, "uiAmountString": "1.5"})
        );
        assert_eq!(Amount::of(1_500_000, 6).to_string(), "1.500000");
        assert_eq!(Amount::sol(2_000_000_000).to_string(), "2.000000000 SOL");
        assert_eq!(Amount::stake(7).to_string(), "0.000000007 MUT");
        assert_eq!(ui_amount_string(2_000_000, 6), "2");
        assert_eq!(ui_amount_string(0, 9), "0");
        assert_eq!(ui_amount_string(u64::MAX, 0), "18446744073709551615");
        assert_eq!(
            Amount::of(u64::MAX, 9).json()["amount"],
            "18446744073709551615"
        );
    }

    #[test]
    fn durations_read_in_days_hours_and_minutes() {
        assert_eq!(duration(3 * DAY), "3d 0h 0m");
        assert_eq!(duration(DAY + HOUR + 61), "1d 1h 1m");
        assert_eq!(duration(4 * HOUR), "4h 0m");
        assert_eq!(duration(120), "2m");
        assert_eq!(duration(59), "59s");
        assert_eq!(duration(-5), "0s");
    }

    #[test]
    fn json_is_one_object_with_stable_keys() {
        let mut out = Vec::new();
        Report::new("t")
            .field("amount", "1.0", 1_000_000u64)
            .text("wallet", "abc")
            .print(true, &mut out)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"amount\":1000000,\"wallet\":\"abc\"}\n"
        );
    }
}

//! What came of a case (`../shared/domain.md` §15, "Outcomes"): persons surrendered, returned
//! or transferred; assets restrained, confiscated or returned; seizures. Kept in the case's
//! details as three lists of records, so an edit is an `Edited` event with each field's old and
//! new value and a merge unites them by record id, as hearings and tasks are.
//!
//! Money and quantities are [`Decimal`]s, exact as typed: never a float, so the review report's
//! sums are exact to the last minor unit.

use super::ids::{PersonId, RecordId};
use super::labels::labelled_enum;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

labelled_enum!(
    /// What happened to a person at the end of a case.
    PersonOutcomeKind {
        Surrendered => "Surrendered (extradition)",
        ReturnedForeignOffender => "Returned (foreign national offender)",
        ReturnedImmigrationOffender => "Returned (immigration offender)",
        Transferred => "Transferred (prisoner transfer)",
    }
);

labelled_enum!(
    /// What was done to an asset.
    AssetAction {
        Restrained => "Restrained",
        Confiscated => "Confiscated",
        Returned => "Returned",
    }
);

labelled_enum!(
    /// What was seized.
    SeizureKind {
        Drugs => "Drugs",
        Cash => "Cash",
        Firearms => "Firearms",
        Vehicles => "Vehicles",
        Devices => "Electronic devices",
        Documents => "Documents",
        Other => "Other",
    }
);

/// A person surrendered, returned or transferred, on a day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonOutcome {
    pub id: RecordId,
    pub kind: PersonOutcomeKind,
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    /// Who, when they are in the casebook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonId>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// An asset restrained, confiscated or returned: an exact amount in one currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssetOutcome {
    pub id: RecordId,
    pub action: AssetAction,
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub amount: Decimal,
    pub currency: Currency,
    /// The day of the exchange rate, when the amount was converted from another currency.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "super::iso::option_date"
    )]
    pub converted_on: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// Something seized: a quantity in a unit (kg, items, rounds…) and, when known, its value.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Seizure {
    pub id: RecordId,
    pub kind: SeizureKind,
    #[serde(deserialize_with = "super::iso::date")]
    pub date: NaiveDate,
    pub quantity: Decimal,
    /// e.g. "kg", "items"; empty for a count of items.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub unit: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Decimal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// A case's outcomes (absent in older files: none recorded).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcomes {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub persons: Vec<PersonOutcome>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assets: Vec<AssetOutcome>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub seizures: Vec<Seizure>,
}

impl Outcomes {
    pub fn is_blank(&self) -> bool {
        self.persons.is_empty() && self.assets.is_empty() && self.seizures.is_empty()
    }
}

/// The most decimal places an amount or quantity may carry.
pub const MAX_PLACES: u32 = 6;

/// An exact non-negative decimal: `units` × 10^-`places` ("1250000.50" is 125000050 units at
/// 2 places). Written in files as its plain text, e.g. `"1250000.50"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Decimal {
    units: u128,
    places: u32,
}

/// Why a typed amount or quantity is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "\"{text}\" is not {why}: write it as digits with an optional decimal point, e.g. 1250000.50 or 1,250,000.50"
)]
pub struct DecimalError {
    pub text: String,
    why: &'static str,
}

impl Decimal {
    pub const ZERO: Decimal = Decimal {
        units: 0,
        places: 0,
    };

    /// A whole number.
    pub fn whole(n: u64) -> Self {
        Self {
            units: u128::from(n),
            places: 0,
        }
    }

    pub fn places(self) -> u32 {
        self.places
    }

    /// Reads what an officer types: digits, at most one decimal point, commas only between
    /// groups of three digits before it (so a European "1.250,50" is refused, never misread).
    pub fn parse(text: &str) -> Result<Self, DecimalError> {
        let t = text.trim();
        let refuse = |why| DecimalError {
            text: t.to_string(),
            why,
        };
        let (whole, fraction) = match t.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (t, None),
        };
        let groups: Vec<&str> = whole.split(',').collect();
        let grouped_well = groups.len() == 1
            || (!groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3));
        if !grouped_well {
            return Err(refuse(
                "an amount (commas go between groups of three digits)",
            ));
        }
        let digits: String = groups.concat();
        let fraction = fraction.unwrap_or("");
        let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if digits.is_empty() || !all_digits(&digits) || !all_digits(fraction) {
            return Err(refuse("an amount"));
        }
        let places = u32::try_from(fraction.len()).unwrap_or(u32::MAX);
        if places > MAX_PLACES {
            return Err(refuse("an amount with at most 6 decimal places"));
        }
        format!("{digits}{fraction}")
            .parse::<u128>()
            .ok()
            .filter(|u| *u < 10u128.pow(30))
            .map(|units| Self { units, places })
            .ok_or_else(|| refuse("an amount of a sensible size"))
    }

    /// The sum, exact, at the larger of the two scales; `None` past 10^30 units.
    pub fn checked_add(self, other: Self) -> Option<Self> {
        let places = self.places.max(other.places);
        let scaled = |d: Self| d.units.checked_mul(10u128.checked_pow(places - d.places)?);
        Some(Self {
            units: scaled(self)?.checked_add(scaled(other)?)?,
            places,
        })
    }

    /// With thousands separators, for reports: "1,250,000.50".
    pub fn grouped(self) -> String {
        let plain = self.to_string();
        let (whole, fraction) = match plain.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (plain.as_str(), None),
        };
        let mut out = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        if let Some(f) = fraction {
            out.push('.');
            out.push_str(f);
        }
        out
    }
}

impl fmt::Display for Decimal {
    /// Plain, at its own scale: "1250000.50".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = format!("{:0>width$}", self.units, width = self.places as usize + 1);
        let (whole, fraction) = text.split_at(text.len() - self.places as usize);
        if fraction.is_empty() {
            f.write_str(whole)
        } else {
            write!(f, "{whole}.{fraction}")
        }
    }
}

impl Serialize for Decimal {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Decimal {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Decimal::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// An ISO 4217 currency code, e.g. `PKR`, `GBP`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency(String);

/// The active ISO 4217 codes (2025 list), so a typing slip ("PRK") is refused rather than
/// counted as a currency of its own.
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB \
EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY \
KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR \
MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF \
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS \
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG";

/// ISO 4217 codes whose minor unit is not a hundredth.
const NO_MINOR_UNIT: &str = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF";
const THOUSANDTHS: &str = "BHD IQD JOD KWD LYD OMR TND";

impl Currency {
    /// A code as typed (any case); refused unless it is an active ISO 4217 code.
    pub fn parse(text: &str) -> Result<Self, String> {
        let code = text.trim().to_ascii_uppercase();
        if code.len() == 3 && ISO_4217.split(' ').any(|c| c == code) {
            Ok(Self(code))
        } else {
            Err(format!(
                "\"{}\" is not an ISO 4217 currency code (e.g. PKR, GBP, USD, EUR)",
                text.trim()
            ))
        }
    }

    /// GBP: where a new asset's currency starts in the window and the command line.
    pub fn pound_sterling() -> Self {
        Self("GBP".into())
    }

    pub fn code(&self) -> &str {
        &self.0
    }

    /// How many decimal places its minor unit has (ISO 4217): 2 for most, 0 for the yen.
    pub fn minor_places(&self) -> u32 {
        if NO_MINOR_UNIT.split(' ').any(|c| c == self.0) {
            0
        } else if THOUSANDTHS.split(' ').any(|c| c == self.0) {
            3
        } else {
            2
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Currency {
    /// A file's code is read if it has the shape of one (three capital letters), so a code ISO
    /// adds later still opens; only what is typed is held to the list.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
            Ok(Self(code))
        } else {
            Err(serde::de::Error::custom(format!(
                "\"{code}\" is not a currency code"
            )))
        }
    }
}

/// An amount more precise than its currency's minor unit (1.005 GBP), as a problem to show.
pub fn finer_than_minor_unit(amount: Decimal, currency: &Currency) -> Option<String> {
    (amount.places() > currency.minor_places()).then(|| {
        format!(
            "{currency} has {} decimal places; {amount} has {}",
            currency.minor_places(),
            amount.places()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_read_exactly_and_refused_when_ambiguous() {
        let d = |s: &str| Decimal::parse(s).map(|d| d.to_string());
        assert_eq!(d("1250000.50").unwrap(), "1250000.50");
        assert_eq!(d(" 1,250,000.50 ").unwrap(), "1250000.50");
        assert_eq!(d("0.05").unwrap(), "0.05");
        assert_eq!(d("7").unwrap(), "7");
        for bad in [
            "",
            "-5",
            "1.250,50",
            "12,50",
            ",500",
            "1..2",
            "1e5",
            "abc",
            "1.0000001",
            "NaN",
        ] {
            assert!(d(bad).is_err(), "{bad} was read");
        }
        assert_eq!(
            Decimal::parse("1250000.5").unwrap().grouped(),
            "1,250,000.5"
        );
        assert_eq!(Decimal::parse("999").unwrap().grouped(), "999");
    }

    #[test]
    fn sums_are_exact_at_the_finer_scale() {
        let p = |s: &str| Decimal::parse(s).unwrap();
        // 0.1 + 0.2 is 0.3 exactly: no float anywhere.
        assert_eq!(p("0.1").checked_add(p("0.2")).unwrap().to_string(), "0.3");
        assert_eq!(p("10").checked_add(p("0.25")).unwrap().to_string(), "10.25");
        assert_eq!(p("0.5").checked_add(p("0.5")).unwrap().to_string(), "1.0");
    }

    #[test]
    fn currencies_are_iso_codes_with_their_minor_units() {
        assert_eq!(Currency::parse("pkr").unwrap().code(), "PKR");
        assert!(Currency::parse("PRK").is_err());
        assert!(Currency::parse("Rs").is_err());
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(jpy.minor_places(), 0);
        assert!(finer_than_minor_unit(Decimal::parse("100.5").unwrap(), &jpy).is_some());
        let kwd = Currency::parse("KWD").unwrap();
        assert!(finer_than_minor_unit(Decimal::parse("1.005").unwrap(), &kwd).is_none());
    }
}
